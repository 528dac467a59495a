"""The rule shapes of issue 14, each written once in the core and configured from rules.toml: a
rating scale, a ratio score, a share score, a veto item (一票否决), a bonus computed from a fact,
and facts a region declares for itself. Shown working in the example region `shapes_city`
(examples/shapes_city, document DEMO-2, made up for the demonstration); every expected number is
worked out by hand from its rules (README.md there) and cites the article."""

from __future__ import annotations

import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jingban.api
from jingban.engine import assess_evidence, ruleset_for
from jingban.errors import InputError
from jingban.evidence import parse_evidence
from jingban.registry import Registry
from jingban.testing import RegionContract

ROOT = Path(__file__).resolve().parents[1]
CITY = ROOT / "examples" / "shapes_city"
RULES = CITY / "src" / "jingban_shapes_city" / "rules.toml"

HEAD = """
schema = 1
region = "shapes_city"
agency = "测试机构"
fee = "200000.00"
"""
# every item covered, nothing lost: 10 + 10 + 5 + 15 + 0 = 40 (DEMO-2 art. 2)
FULL = """
inspected = ["V1"]
[period]
from = 2024-01-01
to = 2024-12-31
[scale]
"1" = "good"
[facts]
hospital_settle_days_avg = "8"
first_review_coverage = "0.90"
claims_sampled = 20
claims_verified = 20
"""


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """The shapes city installed as its distribution would be: its package on sys.path with a
    dist-info naming its entry point; the process-wide registry made again to see it."""
    site = tmp_path_factory.mktemp("site")
    info = site / "jingban_shapes_city-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: jingban-shapes-city\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[jingban.regions]\nshapes_city = jingban_shapes_city.plugin\n")
    saved_path, saved_registry = list(sys.path), jingban.api._registry
    sys.path[:0] = [str(site), str(CITY / "src")]
    jingban.api._registry = None
    yield site
    sys.path[:] = saved_path
    jingban.api._registry = saved_registry


def assess(text: str, base_dir: Path | str = ".", reg: Registry | None = None, region: str = "shapes_city",
           options=None):
    reg = reg or jingban.api.registry()
    return assess_evidence(reg, region, parse_evidence(text, str(Path(base_dir) / "ev.toml"), str(base_dir)), options)


def refused(text: str, base_dir: Path | str = ".", **kw) -> InputError:
    with pytest.raises(InputError) as info:
        assess(text, base_dir, **kw)
    return info.value


def with_facts(**facts) -> str:
    """FULL with some facts changed (None: left out)."""
    body = FULL
    for name, value in facts.items():
        lines = [line for line in body.splitlines() if not line.startswith(f"{name} =")]
        if value is not None:
            lines.insert(lines.index("[facts]") + 1, f"{name} = {value}")
        body = "\n".join(lines) + "\n"
    return body


# ---------------------------------------------------------------- the example, by hand
class TestShapesCityContract(RegionContract):
    region = "shapes_city"
    example = str(CITY / "evidence.toml")  # hand-computed result in evidence.expected.toml

    @pytest.fixture(autouse=True)
    def _installed(self, city):
        yield


def test_the_example_item_by_item(city):
    # DEMO-2 art. 2: 1 较好 = 7; 2: 10 x 10 / 12 = 8.333… -> 8.33; 3: 5 x 0.934 / 0.95 = 4.9157… -> 4.92;
    # 4: 15 x 18 / 20 = 13.50 (the plugin counts review_sample.csv); V1 inspected, no finding: 0, no veto.
    # art. 4: (0.934 - 0.90) / 0.01 = 3.4 units, whole units only: 3 x 0.2 = 0.6; + 1 claimed = 1.6.
    # Total 33.75 + 1.6 = 35.35: pass (art. 5, [24, 36)); art. 6: 0.65 below 36, a part step counts:
    # 1 x 5% of 20,000.00 = 1,000.00 deducted, 19,000.00 paid, rectify.
    r = jingban.api.assess("shapes_city", CITY / "evidence.toml")
    assert [(i.id, i.score) for i in r.items] == [("1", Decimal("7")), ("2", Decimal("8.33")), ("3", Decimal("4.92")),
                                                 ("4", Decimal("13.50")), ("V1", Decimal("0"))]
    assert (r.bonus_total, r.total, r.grade.id, r.provisional) == (Decimal("1.6"), Decimal("35.35"), "pass", False)
    s = r.settlement
    assert (s.deduction_rate, s.deducted, s.paid) == (Decimal("0.05"), Decimal("1000.00"), Decimal("19000.00"))
    assert [h.id for h in s.consequences] == ["rectify"]
    facts = {name: (value, source) for name, value, source, _ in r.facts_used}
    assert facts["claims_sampled"][0] == 20 and facts["claims_verified"][0] == 18
    assert facts["claims_sampled"][1].endswith("review_sample.csv")


def test_full_marks_when_every_shape_is_met(city):
    # DEMO-2 art. 2: 好 10, 8 days <= 10 (ratio capped at 1), 0.90 < 0.95 … so 5 x 0.90 / 0.95 = 4.74
    r = assess(HEAD + FULL)
    assert [i.score for i in r.items] == [Decimal("10"), Decimal("10.00"), Decimal("4.74"), Decimal("15.00"),
                                          Decimal("0")]
    assert r.total == Decimal("39.74") and r.bonus_total == 0  # 0.90 is not above 0.90


# ---------------------------------------------------------------- rating scale
@pytest.mark.parametrize("level, points", [("good", "10"), ("fairly_good", "7"), ("fair", "4"), ("poor", "0")])
def test_a_scale_scores_the_level_picked(city, level, points):
    # DEMO-2 art. 2 item 1: 好 10 / 较好 7 / 一般 4 / 差 0
    r = assess(HEAD + FULL.replace('"1" = "good"', f'"1" = "{level}"'))
    assert r.item("1").score == Decimal(points)
    assert r.item("1").detail.level == level
    lost = [d.points for d in r.item("1").deductions]
    assert lost == ([] if points == "10" else [Decimal("10") - Decimal(points)])


def test_a_scale_with_no_level_picked_is_not_assessed(city):
    for body in (FULL.replace('"1" = "good"', '"1" = []'), FULL.replace('[scale]\n"1" = "good"\n', "")):
        r = assess(HEAD + body)
        assert r.item("1").score is None and r.provisional
        assert r.item("1").why_not_assessed.id == "why.no_level"


def test_a_scale_with_two_levels_picked_is_refused(city):
    e = refused(HEAD + FULL.replace('"1" = "good"', '"1" = ["good", "fair"]'))
    assert e.line("en") == "ev.toml: scale.1: several levels picked (fair, good): an item takes exactly one"
    e = refused(HEAD + FULL.replace('"1" = "good"', '"1" = "goood"'))
    assert e.line("en") == "ev.toml: scale.1: unknown level 'goood' (did you mean 'good'?)"


def test_a_scale_level_above_the_item_is_refused(city, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES.read_text(encoding="utf-8").replace('id = "good"\n  title_zh = "好"\n  title_en = "Good"\n'
                                                             '  points = "10"', 'id = "good"\n  title_zh = "好"\n'
                                                             '  title_en = "Good"\n  points = "11"'), encoding="utf-8")
    from jingban.rulesfile import load_rules

    with pytest.raises(InputError) as info:
        load_rules(rules)
    assert info.value.line("en") == f"{rules}: items 1: level 'good' is worth 11, more than the item's 10"


# ---------------------------------------------------------------- ratio score
@pytest.mark.parametrize("days, score", [
    ("12", "8.33"),   # 10 x 10 / 12 = 8.333…
    ("10", "10.00"),  # on target
    ("7.5", "10.00"),  # better than target: min(1, 10 / 7.5) = 1
    ("0", "10.00"),   # nothing to wait for: full points (interpretations R1)
    ("30", "3.33"),   # 10 x 10 / 30 = 3.333…
    ("15", "6.67"),   # 10 x 10 / 15 = 6.666… -> 6.67 (half up)
])
def test_a_ratio_lower_is_better(city, days, score):
    # DEMO-2 art. 2 item 2: 10 x min(1, 10 / average days), 2 places
    r = assess(HEAD + with_facts(hospital_settle_days_avg=f'"{days}"'))
    assert r.item("2").score == Decimal(score)


@pytest.mark.parametrize("coverage, score", [
    ("0.934", "4.92"),  # 5 x 0.934 / 0.95 = 4.9157…
    ("0.95", "5.00"), ("1", "5.00"),
    ("0.5", "2.63"),    # 5 x 0.5 / 0.95 = 2.6315…
    ("0", "0.00"),
])
def test_a_ratio_higher_is_better(city, coverage, score):
    # DEMO-2 art. 2 item 3: 5 x min(1, coverage / 0.95), 2 places
    r = assess(HEAD + with_facts(first_review_coverage=f'"{coverage}"'))
    assert r.item("3").score == Decimal(score)


def test_a_ratio_without_its_fact_is_not_assessed(city):
    r = assess(HEAD + with_facts(hospital_settle_days_avg=None))
    assert r.item("2").score is None and r.item("2").why_not_assessed.id == "why.missing_facts"
    # the range: 29.74 assessed, up to + 10 for item 2 and + 3 the bonus cap still leaves (art. 4)
    assert r.provisional and (r.outlook.low, r.outlook.high) == (Decimal("29.74"), Decimal("42.74"))


# ---------------------------------------------------------------- share score
@pytest.mark.parametrize("verified, sampled, score", [
    (18, 20, "13.50"), (20, 20, "15.00"), (0, 20, "0.00"),
    (1, 7, "2.14"),    # 15 / 7 = 2.142857…
    (2, 3, "10.00"),   # 15 x 2 / 3 = 10 exactly
    (1, 8, "1.88"),    # 15 / 8 = 1.875 -> 1.88 (half up)
])
def test_a_share_scores_the_share(city, verified, sampled, score):
    # DEMO-2 art. 2 item 4: 15 x verified / sampled, 2 places
    r = assess(HEAD + with_facts(claims_verified=verified, claims_sampled=sampled))
    assert r.item("4").score == Decimal(score)


def test_a_share_of_nothing_sampled_is_not_assessed(city):
    # interpretations R2: a denominator of 0 leaves nothing to judge; never full marks by default
    r = assess(HEAD + with_facts(claims_verified=0, claims_sampled=0))
    assert r.item("4").score is None and r.item("4").why_not_assessed.id == "why.zero_denominator"
    assert r.provisional


def test_a_share_above_one_is_refused(city):
    e = refused(HEAD + with_facts(claims_verified=21, claims_sampled=20))
    assert e.line("en") == "ev.toml: facts.claims_verified: 21 is more than claims_sampled (20), of which it is a part"


# ---------------------------------------------------------------- bonus computed from a fact
@pytest.mark.parametrize("coverage, bonus", [
    ("0.934", "0.6"),  # 3.4 units, whole units only: 3 x 0.2
    ("0.999", "1.8"),  # 9.9 -> 9 x 0.2
    ("1", "2.0"),      # 10 x 0.2 = 2, the kind's cap
    ("0.90", "0"), ("0.5", "0"),
])
def test_a_bonus_is_computed_from_the_fact(city, coverage, bonus):
    # DEMO-2 art. 4 item 1: +0.2 per whole 0.01 of coverage above 0.90, at most 2
    r = assess(HEAD + with_facts(first_review_coverage=f'"{coverage}"'))
    assert r.bonus_total == Decimal(bonus)


def test_computed_and_claimed_bonus_go_through_the_cap(city):
    # DEMO-2 art. 4: 2 (coverage 1.0) + 2 claimed = 4, capped at 3
    r = assess(HEAD + with_facts(first_review_coverage='"1"')
               + '[[bonus]]\nkind = "innovation"\npoints = "2"\ndescription = "x"\n')
    assert (r.bonus_claimed, r.bonus_total, r.total) == (Decimal("4.00"), Decimal("3"), Decimal("43.00"))


def test_a_computed_bonus_is_never_claimed_by_hand(city):
    e = refused(HEAD + FULL + '[[bonus]]\nkind = "coverage_above"\npoints = "1"\ndescription = "x"\n')
    assert e.line("en") == ("ev.toml: bonus[0].kind: bonus kind 'coverage_above' is computed from Share of claims given"
                            " a first review (first_review_coverage); it is not claimed in the evidence")


def test_a_computed_bonus_without_its_fact_leaves_the_result_provisional(city):
    r = assess(HEAD + with_facts(first_review_coverage=None))
    assert r.provisional and r.bonus_total == 0


# ---------------------------------------------------------------- veto item (一票否决)
FRAUD = '[[findings]]\nid = "F1"\nitems = ["V1"]\ndescription = "虚构住院骗取基金"\n'


def test_a_veto_makes_the_total_zero_and_brings_its_own_consequences(city):
    # DEMO-2 art. 3: a finding on V1 makes the total 0; the band below 24 (art. 6(3)) deducts all of
    # the 20,000.00 withheld; what follows is V1's (referral, contract ended), not the band's
    r = assess(HEAD + FULL + FRAUD)
    assert r.total == Decimal("0.00") and r.grade.id == "fail" and not r.provisional
    assert r.item("V1").detail.vetoed is True
    s = r.settlement
    assert (s.deducted, s.paid) == (Decimal("20000.00"), Decimal("0.00"))
    assert [(h.id, h.reason.id) for h in s.consequences] == [("report_fraud", "consequence.veto"),
                                                             ("terminate", "consequence.veto")]
    assert any(n.text.id == "notice.veto_zero" for n in r.notices)


def test_a_veto_decides_even_when_other_items_are_open(city):
    r = assess(HEAD + '[facts]\nfirst_review_coverage = "1"\n' + FRAUD)
    assert r.provisional  # items not assessed stay not assessed …
    assert r.total == Decimal("0.00") and r.grade.id == "fail"  # … but the total is decided
    assert [h.id for h in r.settlement.consequences] == ["report_fraud", "terminate"]
    assert r.outlook.possible == ()


def test_a_veto_not_looked_at_is_possible_never_cleared(city):
    # V1 neither inspected nor found: the result is provisional, can be 0, and says the veto's
    # consequences are possible
    r = assess(HEAD + FULL.replace('inspected = ["V1"]\n', ""))
    assert r.item("V1").score is None and r.provisional
    # from 0 (the veto applies) to 39.74 + the 3 the bonus cap leaves room for
    assert (r.outlook.low, r.outlook.high) == (Decimal("0.00"), Decimal("42.74"))
    assert r.total == Decimal("0.00") and r.grade is None
    possible = {h.id: h.reason for h in r.outlook.possible}
    assert possible["report_fraud"].id == "consequence.veto_possible"
    assert any(n.text.id == "notice.veto_open_zero" for n in r.notices)
    assert "report_fraud" not in [h.id for h in r.settlement.consequences]


def test_veto_to_the_lowest_grade_keeps_the_total(city):
    # the other reading of art. 3 (option veto_effect = lowest_grade): total as scored, grade 不合格,
    # the money as for 0 (interpretations V1), V1's consequences
    r = assess(HEAD + FULL + FRAUD, options={"veto_effect": "lowest_grade"})
    assert r.total == Decimal("39.74") and r.grade.id == "fail"
    assert r.settlement.deducted == Decimal("20000.00")
    assert [h.id for h in r.settlement.consequences] == ["report_fraud", "terminate"]
    assert any(n.text.id == "notice.veto_lowest_grade" for n in r.notices)


def test_an_open_veto_to_the_lowest_grade_lists_that_grade(city):
    r = assess(HEAD + FULL.replace('inspected = ["V1"]\n', ""), options={"veto_effect": "lowest_grade"})
    assert r.total == Decimal("39.74")  # the total does not move …
    assert [g.id for g in r.outlook.grades] == ["fail", "excellent"]  # … but the grade may be the lowest


# ---------------------------------------------------------------- region-owned facts
def test_a_regions_own_fact_is_refused_by_every_other_region(city):
    text = 'schema = 1\nregion = "taicang"\nagency = "x"\n[facts]\nhospital_settle_days_avg = "12"\n'
    e = refused(text, region="taicang")
    assert e.line("en").startswith("ev.toml: facts.hospital_settle_days_avg: unknown fact")


def test_a_regions_own_fact_is_checked_against_its_kind(city):
    e = refused(HEAD + with_facts(claims_sampled='"2.5"'))
    assert e.line("en") == "ev.toml: facts.claims_sampled: expected a whole number of cases, got '2.5'"


def test_a_collected_fact_the_evidence_also_states_is_refused(city, tmp_path):
    shutil.copy(CITY / "review_sample.csv", tmp_path / "review_sample.csv")
    e = refused(HEAD + FULL, base_dir=tmp_path)
    assert e.line("en").startswith(f"{tmp_path / 'ev.toml'}: facts.claims_sampled:")


def test_a_rules_file_may_not_redeclare_a_catalog_fact(city, tmp_path):
    from jingban.rulesfile import load_rules

    rules = tmp_path / "rules.toml"
    rules.write_text(RULES.read_text(encoding="utf-8").replace('name = "claims_sampled"', 'name = "late_claims"'),
                     encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_rules(rules)
    assert info.value.line("en") == (f"{rules}: facts[1].name: 'late_claims' is a fact of the shared catalog: a region"
                                     " does not declare it again")


def test_the_templates_and_the_forms_show_each_shape(city):
    from jingban.forms.build import sheets
    from jingban.report.template import render_template

    rs = ruleset_for(jingban.api.registry(), "shapes_city", {})
    text = render_template(rs, "en")
    assert '# "1" = "good"' in text and "# hospital_settle_days_avg = 0" in text
    assert "coverage_above" not in text.split("[[bonus]]")[0].splitlines()[-1]  # computed: never claimed
    r = jingban.api.assess("shapes_city", CITY / "evidence.toml")
    cells = " ".join(c.text for s in sheets(r, rs, "en") for row in s.rows for c in row.cells)
    assert "Good 10 / Fairly good 7 / Fair 4 / Poor 0" in cells
    assert "score = 10 x min(1, target 10 / Average days to settle" in cells
    assert "veto: one finding makes the total 0" in cells


def test_each_shape_declares_its_evidence_inputs(city):
    from jingban.parts import parts

    rs = ruleset_for(jingban.api.registry(), "shapes_city", {})
    got = {i.id: [(x.kind, x.key, x.choices) for x in parts().shapes[i.shape].inputs(rs, i)] for i in rs.items}
    assert got["1"] == [("choice", 'scale."1"', ("good", "fairly_good", "fair", "poor"))]
    assert got["2"] == [("fact", "hospital_settle_days_avg", ())]
    assert got["4"] == [("fact", "claims_verified", ()), ("fact", "claims_sampled", ())]
    assert got["V1"] == [("findings", "V1", ())]


# ---------------------------------------------------------------- properties
measures = st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False)
points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
targets = st.decimals(min_value="0.001", max_value=1000, places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(points, targets, measures, measures, st.sampled_from(["lower", "higher"]))
def test_a_ratio_score_lies_within_its_points_and_follows_the_measure(pts, target, a, b, better):
    from jingban.shapes.ratio import RatioConfig

    cfg = RatioConfig(fact="x", target=target, better=better, places=2)
    lo, hi = sorted((a, b))
    s_lo, s_hi = cfg.points(pts, lo), cfg.points(pts, hi)
    assert 0 <= s_lo <= pts and 0 <= s_hi <= pts
    assert (s_lo >= s_hi) if better == "lower" else (s_lo <= s_hi)


@settings(max_examples=200, deadline=None)
@given(points, st.integers(1, 10_000), st.data())
def test_a_share_score_lies_within_its_points_and_follows_the_numerator(pts, den, data):
    from jingban.shapes.share import ShareConfig

    a, b = sorted((data.draw(st.integers(0, den)), data.draw(st.integers(0, den))))
    cfg = ShareConfig(numerator="n", denominator="d", places=2)
    assert 0 <= cfg.points(pts, Decimal(a), Decimal(den)) <= cfg.points(pts, Decimal(b), Decimal(den)) <= pts


@settings(max_examples=200, deadline=None)
@given(measures, measures, st.booleans(), st.sampled_from(["below", "above"]))
def test_a_computed_bonus_lies_within_its_cap_and_follows_the_measure(a, b, fractions, beyond):
    from jingban.model import BonusKind, Citation, ComputedBonus
    from jingban.scoring.bonus import computed_line

    kind = BonusKind(id="k", title_zh="k", title_en="k", citation=Citation("D"), computed=ComputedBonus(
        fact="x", beyond=beyond, threshold=Decimal("500"), points=Decimal("0.3"), unit=Decimal("7"),
        fractions=fractions, cap=Decimal("5")))
    got = lambda v: (line.points if (line := computed_line(kind, v)) else Decimal(0))  # noqa: E731
    lo, hi = sorted((a, b))
    assert 0 <= got(lo) <= 5 and 0 <= got(hi) <= 5
    assert (got(lo) >= got(hi)) if beyond == "below" else (got(lo) <= got(hi))


def test_a_scale_pick_in_the_long_form_carries_its_note(city):
    r = assess(HEAD + FULL.replace('"1" = "good"', '"1" = { level = "fair", note = "窗口排队较长" }'))
    assert r.item("1").score == Decimal("4")  # DEMO-2 art. 2 item 1: 一般 4
    assert "窗口排队较长" in r.item("1").deductions[0].evidence.render("zh")


def test_the_collector_refuses_a_bad_row_of_its_ledger(city, tmp_path):
    (tmp_path / "review_sample.csv").write_text("claim_id,verified\nC1,true\nC2,maybe\n", encoding="utf-8")
    e = refused(HEAD + with_facts(claims_sampled=None, claims_verified=None), base_dir=tmp_path)
    assert e.line("en") == f"{tmp_path / 'review_sample.csv'}: line 3: expected true or false"


def test_what_is_at_stake_in_a_veto(city):
    # the finding on V1 costs the whole 35.35 (DEMO-2 art. 3): without it the example scores 35.35 and
    # pays 19,000.00; and no nearby score changes anything while the veto stands
    text = (CITY / "evidence.toml").read_text(encoding="utf-8") + FRAUD
    r = assess_evidence(jingban.api.registry(), "shapes_city", parse_evidence(text, str(CITY / "ev.toml"), str(CITY)),
                        stakes=True)
    cost = next(c for c in r.stakes.costs if c.id == "F1")
    assert r.total == Decimal("0.00") and r.stakes.neighbours == ()
    assert (cost.points.low, cost.money.low) == (Decimal("35.35"), Decimal("19000.00"))
    assert cost.grade.id == "pass"
