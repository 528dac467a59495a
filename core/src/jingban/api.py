"""The Python entry points: assess an evidence file, or settle a score, under a region's rules.

    >>> from jingban.api import assess, settle
    >>> r = assess("taicang", "examples/taicang/2024.toml")
    >>> r.total, r.grade.id, r.settlement.paid
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Mapping

from .amounts import MONEY_PLACES, parse_bounded
from .engine import assess_evidence, ruleset_for, settle_score
from .evidence import load_evidence, parse_evidence
from .model import RuleSet
from .registry import Registry
from .result import Result, Settlement

from .logsetup import ensure_configured

ensure_configured()
_registry: Registry | None = None


def registry() -> Registry:
    """The process-wide registry of installed regions (loaded lazily)."""
    global _registry
    if _registry is None:
        _registry = Registry()
    return _registry


def assess(region: str, evidence: str | Path, *, options: Mapping[str, str] | None = None,
           foreign_ok: bool = False, rules_version: str | None = None) -> Result:
    """Assess the evidence file under the region's rules (the dated version its period picks, or
    `rules_version`)."""
    return assess_evidence(registry(), region, load_evidence(evidence), options, foreign_ok=foreign_ok,
                           rules_version=rules_version)


def assess_toml(region: str, text: str, *, base_dir: str | Path = ".", options: Mapping[str, str] | None = None,
                file: str = "<evidence>", foreign_ok: bool = False) -> Result:
    """Assess evidence given as TOML text (tests, notebooks); paths in it are relative to base_dir."""
    return assess_evidence(registry(), region, parse_evidence(text, file, str(base_dir)), options,
                           foreign_ok=foreign_ok)


def _dec(value, name: str, places: int | None = None) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return parse_bounded(str(value) if isinstance(value, float) else value, name, places)


def settle(region: str, score, fee=None, *, options: Mapping[str, str] | None = None,
           agreement: str | Path | None = None, rules_version: str | None = None) -> Settlement:
    """What a score pays under the region's rules; `fee` is the year's fee the rules name."""
    return settle_score(registry(), region, _dec(score, "--score"), _dec(fee, "--fee", MONEY_PLACES), options,
                        Path(agreement) if agreement else None, rules_version)


def rules(region: str, *, options: Mapping[str, str] | None = None,
          agreement: str | Path | None = None, rules_version: str | None = None) -> RuleSet:
    """The region's rule set with the options applied (its latest dated version, or `rules_version`)."""
    return ruleset_for(registry(), region, options, None, Path(agreement) if agreement else None, rules_version)
