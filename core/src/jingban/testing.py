"""A conformance suite a region plugin runs to prove it works with jingban.

In the plugin's tests::

    from jingban.testing import RegionContract

    class TestContract(RegionContract):
        region = "demo_city"
        example = "examples/demo/evidence.toml"   # optional: an evidence file that must assess
        # expected = "examples/demo/evidence.expected.toml"  # default: beside the example
        agreement = None                          # regions that need one: an agreement file

pytest collects the inherited tests: the plugin is found through its entry point, its rules load
under every option value, every rule carries a citation, the payout never rises as the score falls,
nothing pays more than is withheld, and the evidence template parses. With an example:

- the example's result is the hand-computed one the plugin states as data in its expected file
  (`<example>.expected.toml`, format in docs/testing.md): total, grade, provisional flag, every
  item's score or checklist answer, categories, bonus and the money;
- the settlement hook called with the items of that real assessment gives the assessment's
  settlement, and `settle` with its total and fee the same money (no proration, no fund losses);
- every other installed region assesses its own template the same with this plugin loaded;
- the evidence template with only its header filled in assesses nothing: every item not assessed,
  the result provisional.

And always: `assess rules lint` finds no problem in the region's rules files (joined with the
agreement, for a region that needs one). tests/test_contract_catches.py shows each of these tests
failing for a plugin broken the way it guards against.

`assert_bad_input(result, *needles)` checks a click `CliRunner` result the way the README promises
bad input is handled: exit 2, nothing on standard output, one line on standard error naming what
was wrong.
"""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path

from .amounts import ZERO
from .api import assess, registry, rules, settle
from .engine import assess_evidence, ruleset_for
from .evidence import load_evidence, parse_evidence
from .kinds import SettlementKind
from .registry import Registry
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
    expected: str | None = None  # the example's hand-computed result; default <example>.expected.toml
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

    def test_rules_lint_passes(self):
        """Bands covering 0 to max once, weights adding up to 1, every number cited, unique ids,
        every option value loading, no unknown or unused key (`assess rules lint`)."""
        from .lint import lint_region_files

        problems, _ = lint_region_files(self.region, Path(self.agreement) if self.agreement else None)
        assert [p.line("en") for p in problems] == []

    # ---------------------------------------------------------------- the example, by hand

    def _expected_file(self) -> Path:
        if self.expected is not None:
            return Path(self.expected)
        ex = Path(self.example)  # type: ignore[arg-type]
        return ex.with_name(ex.stem + ".expected.toml")

    def _expected(self) -> dict:
        path = self._expected_file()
        assert path.is_file(), (
            f"{self.region}: state the example's hand-computed result in {path} (docs/testing.md)")
        return tomllib.loads(path.read_text(encoding="utf-8"))

    def _assess_example(self):
        return assess(self.region, self.example)

    def test_example_assesses(self):
        if self.example is None:
            return
        r = self._assess_example()
        assert all(i.score is None or ZERO <= i.score <= i.max for i in r.items)

    def test_example_gives_the_hand_computed_result(self):
        if self.example is None:
            return
        want = self._expected()
        r = self._assess_example()
        assert r.provisional is want["provisional"]
        assert r.total == _dec(want.get("total")), ("total", r.total)
        assert (r.grade.id if r.grade else None) == want.get("grade"), ("grade", r.grade)
        if "bonus" in want:
            assert r.bonus_total == _dec(want["bonus"]), ("bonus", r.bonus_total)
        if "items" in want:
            got = {i.id: i.score for i in r.items}
            assert got == {k: _dec(v) for k, v in want["items"].items()}, "item scores"
        if "answers" in want:
            got = {i.id: _answer(i) for i in r.items}
            assert got == want["answers"], "checklist answers"
        if "failed_checks" in want:
            failed = sorted(i.id for i in r.items if any(c.passed is False for c in i.checks))
            assert failed == sorted(want["failed_checks"]), "failed checks"
        if "categories" in want:
            got = {c.category.id: c.score for c in r.categories}
            assert got == {k: _dec(v) for k, v in want["categories"].items()}, "categories"
        s, money_want = r.settlement, want.get("settlement", {"kind": "none"})
        assert s is not None and s.kind.value == money_want["kind"]
        if s.kind is SettlementKind.NONE:
            assert (s.withheld, s.deducted, s.paid) == (None, None, None)
        for key in ("withheld", "deduction_rate", "deducted", "paid", "fund_losses", "returned_to_fund"):
            if key in money_want:
                assert getattr(s, key) == _dec(money_want[key]), (key, getattr(s, key))
        if "consequences" in money_want:
            assert sorted(c.id for c in s.consequences) == sorted(money_want["consequences"])

    def test_settle_with_the_items_of_a_real_assessment(self):
        """The settlement hook sees the items of a real assessment (a plugin may settle by them),
        not only the empty tuple `assess settle` passes: called again with them, it gives the
        assessment's own settlement; and the total settled alone pays the same."""
        if self.example is None:
            return
        reg = registry()
        ev = load_evidence(self.example)
        agreement = Path(self.agreement) if self.agreement else None
        rs = ruleset_for(reg, self.region, None, ev, agreement)
        r = self._assess_example()
        again = reg.call("jingban_settle", region_id=self.region, ruleset=rs, score=r.total, fee=ev.fee,
                         evidence=ev, items=r.items, provisional=r.provisional)
        assert again == r.settlement
        s = r.settlement
        if s.kind is SettlementKind.NONE or s.base != s.annual_fee or s.fund_losses:
            return
        alone = settle(self.region, r.total, ev.fee, agreement=self.agreement)
        assert (alone.deduction_rate, alone.withheld, alone.deducted, alone.paid) == \
            (s.deduction_rate, s.withheld, s.deducted, s.paid)

    def test_other_regions_unchanged_with_this_plugin_loaded(self):
        """A plugin's hooks run for every region (pluggy calls them all): one that answers for a
        region not its own changes that region's results. Each other installed region's own
        header-only template assesses the same in a registry without this plugin and with it."""
        reg = registry()
        for other in reg.names():
            if other == self.region:
                continue
            alone = Registry()
            try:
                alone.load(other)
                rs = ruleset_for(alone, other, None, None, None)
            except Exception:  # a region that cannot load on its own (needs an agreement): not ours
                continue
            if alone.load(other).spec.needs_agreement:
                continue
            text = header_only_template(rs, needs_agreement=False)
            before = _summary(assess_evidence(alone, other, parse_evidence(text, "<template>", ".")))
            both = Registry()
            both.load(other)
            both.load(self.region)
            after = _summary(assess_evidence(both, other, parse_evidence(text, "<template>", ".")))
            assert after == before, other

    def test_header_only_template_assesses_nothing(self):
        reg = registry()
        agreement = Path(self.agreement).resolve() if self.agreement else None
        rs = ruleset_for(reg, self.region, {}, None, agreement)
        needs = reg.load(self.region).spec.needs_agreement
        text = header_only_template(rs, needs_agreement=needs, agreement=agreement)
        r = assess_evidence(reg, self.region, parse_evidence(text, "<template>", "."))
        assert r.provisional is True
        assert [i.id for i in r.items if i.score is not None] == []
        assert set(r.not_assessed) == {i.id for i in rs.items}
        assert all(not i.deductions for i in r.items)
        if r.outlook is None:
            assert r.grade is None


def header_only_template(rs, *, needs_agreement: bool, agreement: Path | None = None) -> str:
    """The region's evidence template (`assess template`) with its header filled in and nothing
    else: an agency, the first product, a fee and the agreement."""
    text = render_template(rs, "zh", needs_agreement=needs_agreement)
    lines = []
    for line in text.splitlines():
        key = line.split("=", 1)[0].strip() if "=" in line and not line.startswith("#") else None
        if key == "agency":
            line = 'agency = "测试经办机构"'
        elif key == "product" and rs.products:
            line = f'product = "{rs.products[0].id}"'
        elif key == "fee":
            line = 'fee = "1000000.00"'
        elif key == "agreement" and agreement is not None:
            line = f"agreement = {json.dumps(str(agreement))}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _answer(item) -> str | None:
    answer = getattr(item.detail, "answer", None)
    return None if answer is None else answer.value


def _summary(r) -> tuple:
    s = r.settlement
    return (r.total, r.grade, r.provisional, tuple((i.id, i.score, i.deductions, i.detail) for i in r.items),
            None if s is None else (s.kind, s.withheld, s.deducted, s.paid, s.consequences))
