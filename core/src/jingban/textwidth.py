"""Display width and line breaking for a terminal and a printed page: the one width rule.

A line is at most LINE display columns, a Chinese character (east-asian width W or F) counting two.
`wrap` breaks text to it. Reports use it through jingban.report.text; `assess --help` in Chinese
uses it directly, which is why it lives apart from the reports' number formats: the help imports
this module and nothing else of jingban's (no decimal, no catalog; tests/test_startup.py).
"""

from __future__ import annotations

import re
import unicodedata

LINE = 100  # columns a printed report fits in (a terminal, an A4 page in a monospaced font)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


width_of = width


def pad(text: str, size: int, right: bool = False) -> str:
    gap = max(0, size - width(text))
    return " " * gap + text if right else text + " " * gap


# Line-breaking rules (禁则 in Chinese typesetting): a closing mark never starts a line, an opening
# mark never ends one.
_CLOSING = frozenset("、，。；：！？）〕」』》〉】”’")
_OPENING = frozenset("（〔「『《〈【“‘")
_AFTER = frozenset("、，。；：！？～–")  # a line may end after these whatever follows (English after "；"; a range's dash)
# a short aside in brackets stays whole: 委托经办机构 / （自查）, never 委托经办机构（自 / 查）; so does
# where a piece of evidence comes from ((手工结算档案抽查), 〈证据文件 [commitments] 服务承诺〉,
# <evidence [facts]>, [走访记录 QHD-2024-017])
_WHOLE = tuple(re.compile(x) for x in (r"（[^（）]{1,4}）", r"\([^()]{1,15}\)", r"〈[^〈〉]{1,30}〉", r"<[^<>]{1,30}>",
                                       r"\[[^\[\]]{1,30}\]"))


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _may_break(prev: str, cur: str) -> bool:
    """Whether a line may break between two characters: after spaces; between two Chinese
    characters; after a Chinese comma, stop or range mark (、，。；：～); before an opening bracket.
    Never inside a run of Latin letters, digits and ASCII marks, and never between such a run and
    a Chinese character otherwise, so that an id (1.3-resident, agency:D1.1.score) or a number
    (1,500,000.00, 87.90) stays on one line, with the character it counts (91号). A name longer than
    that (a document's id, a whole citation) is kept by the caller (`keep`)."""
    if prev.isspace():
        return not cur.isspace()
    if cur.isspace() or cur in _CLOSING or prev in _OPENING:
        return False
    if prev in _AFTER or cur in _OPENING:
        return True
    return _wide(prev) and _wide(cur)


def pieces(text: str, keep: tuple[str, ...] = ()) -> list[str]:
    """`text` cut at every place a line may break; a piece keeps its trailing spaces. A string of
    `keep` (a document's id in a citation) is never cut."""
    glued = {n for rx in _WHOLE for m in rx.finditer(text) if width_of(m.group()) <= 40
             for n in range(m.start() + 1, m.end())}
    for k in keep:
        start = text.find(k) if k else -1
        while start >= 0:
            glued.update(range(start + 1, start + len(k)))
            start = text.find(k, start + len(k))
    out, cur = [], ""
    for n, ch in enumerate(text):
        if cur and n not in glued and _may_break(text[n - 1], ch):
            out.append(cur)
            cur = ""
        cur += ch
    if cur:
        out.append(cur)
    return out


def wrap(text: str, width: int = LINE, indent: str = "", keep: tuple[str, ...] = ()) -> list[str]:
    """Break `text` into lines of at most `width` display columns; continuation lines start with
    `indent` (a hanging indent, so a continuation reads as part of its entry). A piece that cannot
    break and is longer than a whole line is cut, the only case a word is split."""
    if width_of(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    room = lambda: width - (width_of(indent) if lines else 0)  # noqa: E731  the line being filled
    for piece in pieces(text, keep):
        if line.strip() and width_of((line + piece).rstrip()) > room():
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
        while width_of(line.rstrip()) > room():  # one piece longer than a line: cut it
            cut = _fit(line, room())
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return [lines[0]] + [indent + x for x in lines[1:]]


def _fit(text: str, limit: int) -> int:
    n = 0
    for i, ch in enumerate(text):
        n += width_of(ch)
        if n > limit:
            return max(1, i)
    return len(text)
