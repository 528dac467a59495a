"""Input size limits, in one place (docs/evidence-format.md, "Size limits").

A file jingban reads as TOML (evidence, included facts, an agreement, a --calendar file, a rules
file) is refused above MAX_FILE_BYTES, by its size on disk before it is read or parsed, and a
single text value in one above MAX_TEXT_CHARS characters. The largest real file is far below
either (the Qinhuangdao rules file, every clause of its table with citations, is about 50 kB; a
finding's description is a few sentences), while a 50 MB description took half a minute to
assess and wrote a report as large.
"""

from __future__ import annotations

MAX_FILE_BYTES = 10 * 1024 * 1024  # 10 MB: a TOML file of any kind
MAX_TEXT_CHARS = 10_000  # one string value (a description, a title, a note), in characters
