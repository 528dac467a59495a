"""The catalog of common fact names (facts.toml) and the Fact record.

Facts are numbers about the agency's year (late claims, staff counts, coverage rates) that several
regions use, so one evidence file can be scored by several regions. The catalog is data; a region's
rules may only name facts listed there, and so may an evidence file.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import attrs
from attrs import validators as v

from .kinds import FactKind
from .ledgers.schema import LEDGERS  # names only: no engine is imported with it


def _not_derived(spec: "FactSpec", attribute, value) -> None:
    if value is not None and spec.derived:
        raise ValueError(f"fact {spec.name!r}: derived from [commitments], so it comes from no ledger")


@attrs.frozen
class FactSpec:
    name: str
    kind: FactKind = attrs.field(converter=FactKind)
    title_zh: str
    title_en: str
    derived: bool = False
    # the ledger the fact is computed from (docs/ledgers.md), or None: stated in the evidence only
    ledger: str | None = attrs.field(default=None, validator=[v.optional(v.in_(tuple(LEDGERS))), _not_derived])


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
    # ledger rows a finding named and that this count left out (the same-issue rule: one claim that
    # is late and wrongly paid is deducted once, under the finding): (row id, finding id) pairs.
    # None when the fact was not counted against the findings (stated, or collected beforehand).
    left_out: tuple[tuple[str, str], ...] | None = None
    # with option same_issue_rows = counted_fact: the rows a finding names that this count keeps (the
    # finding's cases drop by them instead)
    kept: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class FactBatch:
    """What a collector hands back: facts, and what the reader must know about how they were made."""

    facts: tuple[Fact, ...] = ()
    notices: tuple = ()  # Messages (jingban.messages) the report shows in the reader's language


def _load_catalog() -> dict[str, FactSpec]:
    # beside this module, as messages.toml is (messages.catalog)
    data = tomllib.loads(Path(__file__).with_name("facts.toml").read_text(encoding="utf-8"))
    return {name: FactSpec(name=name, **spec) for name, spec in data.items()}


FACTS: dict[str, FactSpec] = _load_catalog()


def ledger_of(name: str) -> str | None:
    """The ledger fact `name` is computed from; None for a fact no ledger gives, or an unknown name."""
    spec = FACTS.get(name)
    return spec.ledger if spec is not None else None
