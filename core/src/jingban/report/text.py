"""Plain text for a terminal and a printed page: labelled lines, fields, number formats.

The one width rule of every terminal report is jingban.textwidth's: a line is at most LINE display
columns, a Chinese character counting two. `wrap` breaks text to it and `table`
(report/tables.py) narrows its text columns to it; both are re-exported here for the reports.
"""

from __future__ import annotations

from decimal import Decimal

from ..amounts import plain, round_points
from ..textwidth import LINE, pad, pieces, width, width_of, wrap  # noqa: F401 — the reports' width rule


def labelled(label: str, text: str, width: int = LINE, keep: tuple[str, ...] = ()) -> list[str]:
    """`label` then `text`, continuation lines indented under the start of the text (or by four
    columns when the label is long), so the label stands out at the left."""
    hang = width_of(label) if width_of(label) <= 24 else 4
    return wrap(label + text, width, " " * hang, keep)


def fields(parts: list[str], width: int = LINE, first: str = "", gap: str = "    ") -> list[str]:
    """Header fields ("机构：…", "期间：…") side by side `gap` apart while they fit on a line,
    each starting a new line when it does not; a field longer than a line wraps under itself."""
    out: list[str] = []
    line = first
    for p in parts:
        if line and width_of(line + gap + p) <= width:
            line += gap + p
            continue
        if line:
            out.append(line)
        label, _, rest = p.partition("：") if "：" in p else p.partition(": ")
        sep = p[len(label):len(p) - len(rest)]
        wrapped = labelled(label + sep, rest, width) if rest else wrap(p, width, "    ")
        out.extend(wrapped[:-1])
        line = wrapped[-1]
    if line:
        out.append(line)
    return out


def yuan(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}"


def pts(value: Decimal | None, places: int | None = None) -> str:
    """Points as the rules file's places give them (87.9 -> 87.90, 5 -> 5.00 where places = 2),
    or the exact value when rounding to the places would change it (a weighted contribution
    18.405): the same rule as the JSON's `json_points`. Without places (a figure that is no
    region's), trailing zeros go (8.850 -> 8.85)."""
    if value is None:
        return "—"
    q = round_points(value, places) if places is not None else None
    return plain(q if q == value else value.normalize()) or "—"


def pct(rate: Decimal | None) -> str:
    if rate is None:
        return "—"
    return plain((rate * 100).normalize()) + "%"


def punct(lang: str) -> tuple[str, str, str]:
    """Colon and parentheses: full-width in Chinese, ASCII in English."""
    return ("：", "（", "）") if lang == "zh" else (": ", " (", ")")

