"""Plain-text tables that line up with Chinese characters and fit the page (text.LINE)."""

from __future__ import annotations

from .text import LINE, pad, pieces, width, wrap

GAP = "  "  # between two columns
NARROWEST = 6  # a column narrowed to fit the page keeps at least this many columns
READABLE = 12  # a text column narrower than this reads badly: numbers give way first


def table(headers: list[str], rows: list, right: set[int] = frozenset(),
          widths: dict[int, int] | None = None, fit: int = LINE, last: frozenset[int] = frozenset()) -> str:
    """Columns sized to their widest cell. A table wider than `fit` narrows its text columns, the
    widest first, and their cells and headers wrap onto more lines; a column is never narrower
    than its longest word, so no id or number is cut. The first column (ids) keeps its width, and
    right-aligned columns (numbers) narrow only when the text columns can give no more, and the
    columns named in `last` only when nothing else can. A column named in `widths` is at most that
    wide.
    A row given as a plain string is printed as it is (deduction lines under an item, wrapped by
    their writer), without widening the columns."""
    cols = len(headers)
    limits = widths or {}
    cells = [r for r in rows if not isinstance(r, str)]

    def column(c: int) -> list[str]:
        return [headers[c]] + [r[c] for r in cells]

    natural = [max(width(x) for x in column(c)) for c in range(cols)]
    floor = [max(NARROWEST, max(width(p.rstrip()) for x in column(c) for p in pieces(x) or [""])) for c in range(cols)]

    def used(c: int, size: int) -> int:
        """How wide column c is with its cells wrapped to `size` (often less: lines break at words)."""
        return max(width(line) for x in column(c) for line in (wrap(x, size) if width(x) > size else [x]))

    # a limit never cuts a word: a column named in `widths` is at least its longest word
    sizes = [used(c, min(natural[c], max(limits[c], floor[c]))) if c in limits else natural[c] for c in range(cols)]
    # text columns narrow first, down to READABLE; then numbers (a range 0.00～150,000.00 breaks after
    # its ～); then text further, down to its longest word; `last` when nothing else can give. The
    # first column, the row's id, never narrows.
    text = [c for c in range(cols) if c not in last and (c in limits or (c != 0 and c not in right))]
    numbers = [c for c in range(1, cols) if c not in text and c not in last]
    passes = ((text, READABLE), (numbers, 0), (text, 0), (sorted(last), 0))
    while sum(sizes) + len(GAP) * (cols - 1) > fit:
        tiers = ([c for c in tier if sizes[c] > max(floor[c], least)] for tier, least in passes)
        open_ = next((t for t in tiers if t), None)
        if not open_:
            break  # nothing left to narrow: the table is as narrow as its words allow
        sizes[max(open_, key=lambda c: sizes[c])] -= 1

    def split(text: str, c: int) -> list[str]:
        return wrap(text, sizes[c]) if width(text) > sizes[c] else [text]

    head = [split(headers[c], c) for c in range(cols)]
    body = [r if isinstance(r, str) else [split(r[c], c) for c in range(cols)] for r in rows]
    # wrapped cells may all come out narrower than the limit: the column takes what they use
    sizes = [max([width(x) for x in head[c]] + [width(x) for r in body if not isinstance(r, str) for x in r[c]])
             for c in range(cols)]

    def line(row: list[str]) -> str:
        return GAP.join(pad(row[c], sizes[c], c in right) for c in range(cols)).rstrip()

    depth = max(len(h) for h in head)
    head = [[""] * (depth - len(h)) + h for h in head]  # headers sit on the rule
    out = [line([h[k] for h in head]) for k in range(depth)]
    out.append(GAP.join("-" * s for s in sizes))
    for r in body:
        if isinstance(r, str):
            out.append(r)
            continue
        for k in range(max(len(p) for p in r)):
            out.append(line([p[k] if k < len(p) else "" for p in r]))
    return "\n".join(out)
