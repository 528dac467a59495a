"""The catalog of common fact names (facts.toml) and the Fact record.

Facts are numbers about the agency's year (late claims, staff counts, coverage rates) that several
regions use, so one evidence file can be scored by several regions. The catalog is data; a region's
rules may only name facts listed there, and so may an evidence file.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from importlib.resources import files

import attrs
from attrs import validators as v

from .kinds import FactKind

@attrs.frozen
class FactSpec:
    name: str
    kind: FactKind = attrs.field(converter=FactKind)
    title_zh: str
    title_en: str
    derived: bool = False


@attrs.frozen
class Fact:
    """A value about the assessed year, with where it came from."""

    name: str
    value: Decimal = attrs.field(validator=v.instance_of(Decimal))
    # where it came from and what was counted: a Message of the core (rendered in the reader's
    # language), or the operator's own words (a string: a long-form fact's `source`)
    source: object = None
    detail: object = None
    complete: bool = True  # False when ledger rows had to be set aside: the result is then provisional


@attrs.frozen
class FactBatch:
    """What a collector hands back: facts, and what the reader must know about how they were made."""

    facts: tuple[Fact, ...] = ()
    notices_zh: tuple[str, ...] = ()
    notices_en: tuple[str, ...] = ()


def _load_catalog() -> dict[str, FactSpec]:
    data = tomllib.loads(files("jingban").joinpath("facts.toml").read_text(encoding="utf-8"))
    return {name: FactSpec(name=name, **spec) for name, spec in data.items()}


FACTS: dict[str, FactSpec] = _load_catalog()
