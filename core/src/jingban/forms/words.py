"""The forms' own words (messages.toml, ids `form.*`) and the few formats they share."""

from __future__ import annotations

from decimal import Decimal

from ..messages import Message, label
from ..model import Citation


def _t(key: str, lang: str, **params) -> str:
    """A form's word or phrase from the catalog (`form.<key>`), in the form's language."""
    return Message.of(f"form.{key}", **params).render(lang)


def cite(c: Citation | None) -> str:
    return f"〔{c.short()}〕" if c is not None else ""


def lines(*parts: str) -> str:
    """A cell's lines; the writers break a cell at each newline."""
    return "\n".join(p for p in parts if p)


def span_text(a: str, b: str, lang: str) -> str:
    """A value the final score can still move: its two ends (70.50～92.50, in English 70.50–92.50),
    or one value when they agree."""
    return a if a == b else label("range", lang, low=a, high=b)


def dec_or_none(x) -> Decimal | None:
    return x if isinstance(x, Decimal) else None
