"""The catalog of common fact names (facts.toml) and the Fact record.

Facts are numbers about the agency's year (late claims, staff counts, coverage rates) that several
regions use, so one evidence file can be scored by several regions. The catalog is data.

A region may also declare facts of its own (`[[facts]]` in its rules file: a measure only its
document defines). Those are the region's: its rules and the evidence assessed for it may name them,
and every other region refuses the name as it refuses any name outside the catalog. The reading of a
rule set puts them in scope (`declaring`) while its items are read, and registers them for the
reports' titles (`spec_of`).
"""

from __future__ import annotations

import tomllib
from contextlib import contextmanager
from contextvars import ContextVar
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
    # a region-owned fact (rules file `[[facts]]`): the region that declares it, its unit and what
    # counts, in both languages; None for the catalog's facts
    region: str | None = None
    unit_zh: str | None = None
    unit_en: str | None = None
    counts_zh: str | None = None
    counts_en: str | None = None
    citation: object = None  # the region's Citation (jingban.model) of the measure


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


# the region-owned facts of the rule set being read (its items may name them)
_SCOPE: ContextVar[dict[str, FactSpec]] = ContextVar("jingban_fact_scope", default={})
# the region-owned facts of the rule sets read in this process, by name, for the reports' titles
_DECLARED: dict[str, FactSpec] = {}


@contextmanager
def declaring(specs: "tuple[FactSpec, ...]"):
    """While a rule set's items are read, its own facts are names they may use."""
    token = _SCOPE.set({**_SCOPE.get(), **{s.name: s for s in specs}})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def known(name: str) -> FactSpec | None:
    """The fact a rules file may name here: the catalog's, or one the rule set being read declares."""
    return FACTS.get(name) or _SCOPE.get().get(name)


def names_in_scope() -> list[str]:
    """Every name `known` accepts, for the nearest-name hint."""
    return list(FACTS) + list(_SCOPE.get())


def declare(spec: FactSpec) -> FactSpec | None:
    """Register a region-owned fact for the reports; the other region's spec when another region
    already declared the name differently (the caller refuses it), else None."""
    old = _DECLARED.get(spec.name)
    if old is not None and old.region != spec.region:
        return old
    _DECLARED[spec.name] = spec
    return None


def spec_of(name: str) -> FactSpec | None:
    """A fact's spec for a report: the catalog's, else a region's that a rule set declared."""
    return FACTS.get(name) or _DECLARED.get(name)


def ledger_of(name: str) -> str | None:
    """The ledger fact `name` is computed from; None for a fact no ledger gives, or an unknown name."""
    spec = FACTS.get(name)
    return spec.ledger if spec is not None else None
