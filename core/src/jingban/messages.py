"""One catalog for every text jingban writes for operators, in Chinese (the default) and English.

Logic never builds a sentence: it returns a :class:`Message` (an id from ``messages.toml`` and its
parameters), and a report renders it in the reader's language with :func:`say`. Text that comes
from a rules, agreement or evidence file (titles, notes, an inspector's description) is data and
travels as :class:`Text` (both languages, as the file gave them) or as a plain string.

Why a table of ours rather than gettext or Babel: reports are rendered in the language the
operator asks for, per call, not in the process's locale; there are two languages, both shipped
with the code; parameters are Decimals and dates printed our way (``plain``), not localised
numbers; and a test can check the whole catalog (both languages, the same placeholders, every id
the code names) without a compile step for ``.mo`` files.
"""

from __future__ import annotations

import string
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Union

import attrs


@attrs.frozen
class Text:
    """Text given in both languages by a data file (a rules title, an agreement banner)."""

    zh: str | None
    en: str | None

    def render(self, lang: str) -> str:
        """The text in the reader's language, falling back to the other."""
        if lang == "zh":
            return self.zh or self.en or ""
        return self.en or self.zh or ""


@attrs.frozen
class Message:
    """A sentence of the catalog: its id and parameters, rendered only when a report is written."""

    id: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, message_id: str, /, **params: Any) -> "Message":
        if message_id not in _file_of(message_id):
            raise KeyError(f"no message {message_id!r} in jingban's catalog")
        return cls(message_id, tuple(sorted(params.items())))

    def render(self, lang: str) -> str:
        template = _file_of(self.id)[self.id][_index(lang)]
        return template.format(**{k: say(v, lang) for k, v in self.params})


@attrs.frozen
class Joined:
    """Several pieces rendered one after the other with a separator for each language (`"；"` in
    Chinese, `"; "` in English by default); empty pieces are left out."""

    parts: tuple[Any, ...]
    sep_zh: str = "；"
    sep_en: str = "; "

    def render(self, lang: str) -> str:
        sep = self.sep_zh if lang == "zh" else self.sep_en
        return sep.join(t for t in (say(p, lang) for p in self.parts) if t)


def joined(*parts: Any, zh: str = "；", en: str = "; ") -> Joined:
    return Joined(tuple(parts), zh, en)


Said = Union[Message, Text, Joined, str, Decimal, None]


def say(value: Said, lang: str) -> str:
    """Render a message, a bilingual text, a Decimal (plain) or a string in the reader's language."""
    if value is None:
        return ""
    if isinstance(value, (Message, Text, Joined)):
        return value.render(lang)
    if isinstance(value, Decimal):
        text = format(value, "f")
        return "0" if text in ("-0", "-0.0", "-0.00") else text
    return str(value)


def fact_name(name: str) -> Text:
    """A fact as the reader knows it: its title from the catalog, with its id (`超时限支付的理赔件数
    （late_claims）`); an id the catalog lacks stays as it is."""
    from .facts import spec_of

    spec = spec_of(name)  # the catalog's, or a region's own fact
    if spec is None:
        return Text(name, name)
    return Text(f"{spec.title_zh}（{name}）", f"{spec.title_en} ({name})")


def pick(zh: str | None, en: str | None, lang: str) -> str:
    """A data file's title in the reader's language, falling back to the other."""
    return Text(zh, en).render(lang)


def label(key: str, lang: str, **params: Any) -> str:
    """A label of the reports (``label.<key>`` in the catalog)."""
    return Message.of(f"label.{key}", **params).render(lang)


def _index(lang: str) -> int:
    return 0 if lang == "zh" else 1


CATALOG_FILES = ("messages.toml", "errors.toml")


def catalog() -> dict[str, tuple[str, str]]:
    """id -> (zh, en): the whole catalog, both files (the catalog's own tests)."""
    out = dict(_load("messages.toml"))
    for name in ("errors.toml", "forms.toml"):
        other = _load(name)
        both = set(out) & set(other)
        if both:
            raise ValueError(f"{name}: ids also in another catalog file: {sorted(both)}")
        out.update(other)
    return out


def _file_of(message_id: str) -> dict[str, tuple[str, str]]:
    # messages.toml holds the reports' texts, errors.toml what jingban says when it refuses input
    # (ids error.*), forms.toml the official forms' words (ids form.*): a run that refuses nothing
    # never reads the second, a terminal report never the third
    if message_id.startswith("error."):
        return _load("errors.toml")
    return _load("forms.toml" if message_id.startswith("form.") else "messages.toml")


@cache
def _load(name: str) -> dict[str, tuple[str, str]]:
    """id -> (zh, en) of one catalog file, read once."""
    # beside this module, like every data file of the package: importlib.resources would import
    # zipfile and more into every run for a file that is never in a zip
    data = tomllib.loads(Path(__file__).with_name(name).read_text(encoding="utf-8"))
    out: dict[str, tuple[str, str]] = {}

    def walk(prefix: str, table: dict) -> None:
        for key, value in table.items():
            if isinstance(value, dict) and set(value) == {"zh", "en"}:
                out[prefix + key] = (value["zh"], value["en"])
            elif isinstance(value, dict):
                walk(f"{prefix}{key}.", value)
            else:
                raise ValueError(f"{name}: {prefix}{key}: expected a table with zh and en")

    walk("", data)
    wrong = sorted(k for k in out if k.startswith("error.") != (name == "errors.toml")
                   or k.startswith("form.") != (name == "forms.toml"))
    if wrong:
        raise ValueError(f"{name}: ids in the wrong file (error.* belong in errors.toml, form.* in forms.toml): {wrong}")
    return out


def placeholders(template: str) -> frozenset[str]:
    """The str.format fields a template uses (for the catalog's own test)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)
