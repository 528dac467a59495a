"""A conformance suite a region plugin runs to prove it works with jingban.

In the plugin's tests::

    from jingban.testing import RegionContract

    class TestContract(RegionContract):
        region = "demo_city"
        example = "examples/demo/evidence.toml"   # optional: an evidence file that must assess
        agreement = None                          # regions that need one: an agreement file

pytest collects the inherited tests: the plugin is found through its entry point, its rules load
under every option value, every rule carries a citation, the payout never rises as the score falls,
nothing pays more than is withheld, and the evidence template parses.

`assert_bad_input(result, *needles)` checks a click `CliRunner` result the way the README promises
bad input is handled: exit 2, nothing on standard output, one line on standard error naming what
was wrong.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

from .amounts import ZERO
from .api import assess, registry, rules, settle
from .engine import ruleset_for
from .kinds import SettlementKind
from .report.template import render_template


def assert_bad_input(result, *needles: str) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr containing every needle; returns it."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "Traceback" not in result.output
    assert "internal error" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


class RegionContract:
    region: str = ""
    example: str | None = None
    agreement: str | None = None

    def _rules(self, options=None):
        return rules(self.region, options=options, agreement=self.agreement)

    def test_found_through_entry_point(self):
        loaded = registry().load(self.region)
        assert loaded.spec.id == self.region
        assert loaded.distribution != "?"

    def test_rules_load_under_every_option(self):
        rs = self._rules()
        for opt in rs.options:
            for value in opt.allowed:
                assert self._rules({opt.id: value}).option_value(opt.id) == value

    def test_every_rule_is_cited(self):
        rs = self._rules()
        for it in rs.items:
            assert it.citation.document, it.id
            for c in it.clauses:
                assert c.citation.document, c.id
        for b in rs.settlement.bands:
            assert b.citation.document
        for g in rs.grades:
            assert g.citation.document

    def test_payout_never_rises_as_score_falls(self):
        rs = self._rules()
        if rs.settlement.kind is SettlementKind.NONE:
            return
        fee = Decimal("1000000")
        step = Decimal("0.25")
        score, last = rs.score_max, None
        while score >= ZERO:
            s = settle(self.region, score, fee, agreement=self.agreement)
            assert s.paid is not None and s.withheld is not None
            assert ZERO <= s.paid <= s.withheld
            assert s.paid + s.deducted == s.withheld
            if last is not None:
                assert s.paid <= last, f"payout rises as the score falls to {score}"
            last = s.paid
            score -= step

    def test_template_parses(self):
        reg = registry()
        rs = ruleset_for(reg, self.region, {}, None, Path(self.agreement) if self.agreement else None)
        needs = reg.load(self.region).spec.needs_agreement
        tomllib.loads(render_template(rs, "zh", needs_agreement=needs))
        tomllib.loads(render_template(rs, "en", needs_agreement=needs))

    def test_example_assesses(self):
        if self.example is None:
            return
        r = assess(self.region, self.example)
        assert all(i.score is None or ZERO <= i.score <= i.max for i in r.items)
