"""Plain-text tables that line up with Chinese characters (two columns wide on a terminal)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from ..amounts import plain


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


width_of = width


def pad(text: str, size: int, right: bool = False) -> str:
    gap = max(0, size - width(text))
    return " " * gap + text if right else text + " " * gap


LINE = 100  # columns a printed report fits in (a terminal, an A4 page in a monospaced font)


def wrap(text: str, width: int = LINE, indent: str = "") -> list[str]:
    """Break `text` into lines of at most `width` display columns (Chinese characters count two).
    A line breaks after a space or punctuation, or between two Chinese characters; continuation
    lines start with `indent`."""
    if width_of(text) <= width:
        return [text]
    lines, line = [], ""
    for word in _pieces(text):
        limit = width - (width_of(indent) if lines else 0)
        # a closing mark never starts a line (禁则): it stays on the line before, one column over
        closing = word.strip() in ("、", "，", "；", "。", "）", "：", ")", ",", ";")
        if line and width_of(line + word) > limit and not closing:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
        while width_of(line) > limit + 2:  # one piece longer than a line: cut it
            cut = _fit(line, limit)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return [lines[0]] + [indent + x for x in lines[1:]]


def _pieces(text: str) -> list[str]:
    """The text cut where a line may break: after spaces and punctuation, around wide characters."""
    out, cur = [], ""
    for ch in text:
        wide = width_of(ch) == 2
        if wide and cur and not cur[-1].isspace() and width_of(cur[-1]) == 1:
            out.append(cur)
            cur = ""
        cur += ch
        if ch.isspace() or wide or ch in ",;、，；。）)":
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def _fit(text: str, limit: int) -> int:
    n = 0
    for i, ch in enumerate(text):
        n += width_of(ch)
        if n > limit:
            return max(1, i)
    return len(text)


def table(headers: list[str], rows: list, right: set[int] = frozenset(),
          widths: dict[int, int] | None = None) -> str:
    """Columns sized to their widest cell; a column named in `widths` is at most that wide and
    its cells wrap onto more lines. A row given as a plain string is printed as it is
    (deduction lines under an item), without widening the columns."""
    cols = len(headers)
    limits = widths or {}
    cells = [r for r in rows if not isinstance(r, str)]
    sizes = [max([width(headers[c])] + [min(width(r[c]), limits.get(c, 10**6)) for r in cells]) for c in range(cols)]
    line = lambda row: "  ".join(pad(row[c], sizes[c], c in right) for c in range(cols)).rstrip()  # noqa: E731

    def lines(row) -> list[str]:
        parts = [wrap(row[c], limits[c]) if c in limits else [row[c]] for c in range(cols)]
        depth = max(len(p) for p in parts)
        return [line([p[k] if k < len(p) else "" for p in parts]) for k in range(depth)]

    out = [line(headers), "  ".join("-" * s for s in sizes)]
    for r in rows:
        out.extend([r] if isinstance(r, str) else lines(r))
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
