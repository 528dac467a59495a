"""Plain-text tables that line up with Chinese characters (two columns wide on a terminal)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from ..amounts import plain


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    gap = max(0, size - width(text))
    return " " * gap + text if right else text + " " * gap


def table(headers: list[str], rows: list, right: set[int] = frozenset()) -> str:
    """Columns sized to their widest cell; a row given as a plain string is printed as it is
    (deduction lines under an item), without widening the columns."""
    cols = len(headers)
    cells = [r for r in rows if not isinstance(r, str)]
    sizes = [max([width(headers[c])] + [width(r[c]) for r in cells]) for c in range(cols)]
    line = lambda row: "  ".join(pad(row[c], sizes[c], c in right) for c in range(cols)).rstrip()  # noqa: E731
    out = [line(headers), "  ".join("-" * s for s in sizes)]
    out.extend(r if isinstance(r, str) else line(r) for r in rows)
    return "\n".join(out)


def yuan(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}"


def pts(value: Decimal | None) -> str:
    """Points without trailing zeros (8.850 -> 8.85, 20 -> 20); the JSON keeps the exact value."""
    if value is None:
        return "—"
    return plain(value.normalize()) or "—"


def pct(rate: Decimal | None) -> str:
    if rate is None:
        return "—"
    return plain((rate * 100).normalize()) + "%"


def punct(lang: str) -> tuple[str, str, str]:
    """Colon and parentheses: full-width in Chinese, ASCII in English."""
    return ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
