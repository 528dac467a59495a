"""A region's dated rule sets: which rules file an assessment uses.

A region may ship several rules files, one per version of its document, each with its dates in
`[region]` (`effective_from`, `effective_to`), as OpenFisca dates a parameter's values: the
plugin names them with `spec_from_rules(RULES, versions=(OLDER, ...))`. The evidence's period
picks the version (docs/interpretations.md C7): the one in force on the period's last day, the
latest-starting if two are; a period past every version's end takes the latest begun before it,
one before them all the earliest (the result then says the period lies outside its dates). No
period (`assess settle`, `assess template`) takes the latest version. `--rules-version V`
overrides the choice by the version's `rules_version`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from .errors import InputError
from .messages import Message, joined
from .tomlread import suggest


@attrs.frozen
class Version:
    """One rules file's `[region]` dates and version, read without reading the rest of it."""

    file: Path
    rules_version: str
    effective_from: dt.date
    effective_to: dt.date | None

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def versions_of(spec) -> tuple[Version, ...]:
    """The region's rules files with their dates, the current one first."""
    return tuple(_peek(Path(f)) for f in (spec.rules_file, *getattr(spec, "versions", ())))


def _peek(path: Path) -> Version:
    from .tomlread import Node, load_toml

    region = Node(load_toml(path), str(path)).table("region")
    return Version(file=path, rules_version=region.str("rules_version"), effective_from=region.date("effective_from"),
                   effective_to=region.date("effective_to", None))


def rules_file_for(spec, period_end: dt.date | None, rules_version: str | None = None) -> Path:
    """The rules file an assessment of a period ending on `period_end` uses (see the module)."""
    if not getattr(spec, "versions", ()) and rules_version is None:
        return Path(spec.rules_file)  # one rule set: nothing to choose, nothing read twice
    return choose(versions_of(spec), period_end, rules_version, region=spec.id).file


def choose(found: tuple[Version, ...], period_end: dt.date | None, rules_version: str | None = None,
           *, region: str = "") -> Version:
    """The version of `found` for a period ending on `period_end`, or the one named; the order of
    `found` does not matter (the latest-starting wins a tie of dates, then the version name)."""
    if rules_version is not None:
        match = [v for v in found if v.rules_version == rules_version]
        if not match:
            known = sorted(v.rules_version for v in found)
            raise InputError(None, "--rules-version", Message.of(
                "error.rules.no_such_version", version=rules_version, region=region,
                known=joined(*known, zh="、", en=", "), hint=suggest(rules_version, known)))
        return match[0]
    latest = lambda vs: max(vs, key=lambda v: (v.effective_from, v.rules_version))  # noqa: E731
    if period_end is None:
        return latest(found)
    in_force = [v for v in found if v.in_force(period_end)]
    if in_force:
        return latest(in_force)
    begun = [v for v in found if v.effective_from <= period_end]
    return latest(begun) if begun else min(found, key=lambda v: (v.effective_from, v.rules_version))
