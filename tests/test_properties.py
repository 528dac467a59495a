"""Property tests on the core's primitives and on the built-in regions' rules.

Invariants, whatever the evidence:
- an item scores within [0, max]; its deductions never add up to more than the item (扣完为止,
  秦医保〔2023〕91号 附件2);
- the payout never rises as the score falls, for every region and reading;
- nothing pays out more than was withheld; deducted + paid == withheld to the fen; amounts have 2 places;
- a Taicang item scores within [0, max] for dimension ratings in [0, 1] (太人社医[2018]3号 annex).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jingban.amounts import ZERO, money, round_points, whole_steps
from jingban.api import assess_toml, rules, settle
from jingban.facts import FACTS
from jingban.messages import Text
from jingban.result import Deduction
from jingban.scoring.clauses import apply_cap

ROOT = Path(__file__).resolve().parents[1]
TJ_AGREEMENT = ROOT / "examples" / "tianjin_ltc" / "agreement-example.toml"

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
D = Decimal

QHD = rules("qinhuangdao")
QHD_ITEMS = [i.id for i in QHD.items]
# clauses counted from findings (product "resident"); the others are counted from facts
QHD_OPEN_CLAUSES = [c.id for i in QHD.items for c in i.clauses if c.fact is None and c.applies_to("resident")]
QHD_FACTS = ["service_outlets_missing", "hospital_settlements_unreviewed", "survey_dissatisfied",
             "complaints_verified", "staff_medical_fulltime", "monthly_reports_late"]

TAICANG = rules("taicang")
TAICANG_ITEMS = [i.id for i in TAICANG.items]
TAICANG_FACTS = sorted({q.fact for i in TAICANG.items for q in i.requirements})


def cents(x: Decimal) -> bool:
    return x.as_tuple().exponent == -2


# ============================================================================ apply_cap


def _deduction(points: Decimal, n: int) -> Deduction:
    return Deduction(clause_id=f"c{n}", title=Text("扣分", "deduction"), points=points,
                     citation=QHD.items[0].citation, count=D(1))


@FAST
@given(points=st.lists(st.decimals(min_value=0, max_value=20, places=1), max_size=8),
       cap=st.decimals(min_value=0, max_value=20, places=1))
def test_apply_cap_never_takes_more_than_the_item(points, cap):
    # 附件2: 扣完为止 — an item loses at most its own points
    before = [_deduction(p, n) for n, p in enumerate(points)]
    after = apply_cap(before, cap)
    assert len(after) == len(before)
    total_before = sum(points, ZERO)
    assert sum((d.points for d in after), ZERO) == min(total_before, cap)
    for b, a in zip(before, after):
        assert ZERO <= a.points <= b.points
        assert a.capped == (a.points < b.points)
        assert a.clause_id == b.clause_id
    # deductions are kept in order until the cap is reached: a prefix is untouched
    running = ZERO
    for b, a in zip(before, after):
        if running + b.points <= cap:
            assert a.points == b.points and not a.capped
        running += b.points


# ============================================================================ whole_steps


@FAST
@given(distance=st.decimals(min_value=0, max_value=105, places=2),
       step=st.sampled_from([D("0.5"), D("1"), D("0.25")]))
def test_whole_steps_floor_exact_ceil_order(distance, step):
    floor = whole_steps(distance, step, "floor")
    exact = whole_steps(distance, step, "exact")
    ceil = whole_steps(distance, step, "ceil")
    assert floor <= exact <= ceil
    assert ceil - floor in (0, 1)
    assert floor * step <= distance <= ceil * step
    assert floor == floor.to_integral_value() and ceil == ceil.to_integral_value()


# ============================================================================ Qinhuangdao items


@st.composite
def qhd_evidence(draw) -> str:
    """Evidence for Qinhuangdao (product resident) with arbitrary findings, facts and staffing."""
    inspected = draw(st.lists(st.sampled_from(QHD_ITEMS), unique=True))
    lines = ['schema = 1', 'region = "qinhuangdao"', 'agency = "测试机构"', 'product = "resident"',
             'fee = "1000000.00"', "inspected = [" + ", ".join(f'"{i}"' for i in inspected) + "]", "",
             "[period]", "from = 2024-01-01", "to = 2024-12-31", ""]
    findings = draw(st.lists(
        st.tuples(st.lists(st.sampled_from(QHD_OPEN_CLAUSES), min_size=1, max_size=3, unique=True),
                  st.integers(min_value=0, max_value=40)),
        max_size=10))
    for n, (clauses, count) in enumerate(findings):
        lines += ["[[findings]]", f'id = "F-{n}"', "rules = [" + ", ".join(f'"{c}"' for c in clauses) + "]",
                  f"count = {count}", f'description = "发现 {n}"', ""]
    lines.append("[facts]")
    for name in QHD_FACTS:
        value = draw(st.none() | st.integers(min_value=0, max_value=60))
        if value is not None:
            lines.append(f"{name} = {value}")
    vulnerable = draw(st.none() | st.integers(min_value=0, max_value=30))
    if vulnerable is not None:  # late_claims counts all late claims, the vulnerable ones among them
        lines.append(f"late_claims_vulnerable = {vulnerable}")
        lines.append(f"late_claims = {vulnerable + draw(st.integers(min_value=0, max_value=60))}")
    lines.append("")
    staffing = draw(st.lists(st.tuples(st.integers(1, 8), st.integers(0, 10)), max_size=4))
    if staffing:
        lines += ["[commitments]", ""]
        for n, (promised, actual) in enumerate(staffing):
            lines += ["[[commitments.staffing]]", f'post = "岗位{n}"', f"promised = {promised}",
                      f"actual = {actual}", ""]
    return "\n".join(lines)


@FAST
@given(text=qhd_evidence())
def test_qinhuangdao_items_stay_within_their_points(text):
    r = assess_toml("qinhuangdao", text)
    for it in r.items:
        lost = sum((d.points for d in it.deductions), ZERO)
        for d in it.deductions:
            assert ZERO <= d.points <= it.max, (it.id, d)
            if d.deducted_again_elsewhere:
                assert d.points == 0  # 附件2 说明: the same issue is not deducted twice
        assert lost <= it.max, it.id  # 扣完为止
        if it.assessed:
            assert it.score is not None
            assert ZERO <= it.score <= it.max, it.id
            assert it.score == it.max - lost
        else:
            assert it.score is None  # never full marks for an item not covered
    assert r.provisional == any(not i.assessed for i in r.items)
    assert set(r.not_assessed) == {i.id for i in r.items if not i.assessed}
    assert ZERO <= r.total <= D(100)
    assert r.total == round_points(sum((i.score for i in r.items if i.assessed), ZERO), 2)
    for c in ("commitments", "service_quality", "basic"):
        cat = r.category(c)
        if cat.score is not None:
            assert ZERO <= cat.score <= cat.category.max


def test_qinhuangdao_cap_by_hand():
    # 附件2 item 4 (10 points): 4.1 x 30 = 15 points, 4.2 x 2 = 1 point; 扣完为止 -> 4.1 is cut to 10,
    # 4.2 to 0, the item scores 0. Item 2: 2.1 is a one-off 8 points whatever the count.
    text = ('schema = 1\nregion = "qinhuangdao"\nagency = "测试机构"\nproduct = "resident"\n'
            'inspected = ["2", "4"]\n[period]\nfrom = 2024-01-01\nto = 2024-12-31\n'
            '[[findings]]\nid = "A"\nrules = ["4.1"]\ncount = 30\ndescription = "x"\n'
            '[[findings]]\nid = "B"\nrules = ["4.2"]\ncount = 2\ndescription = "y"\n'
            '[[findings]]\nid = "C"\nrules = ["2.1"]\ncount = 5\ndescription = "z"\n')
    r = assess_toml("qinhuangdao", text)
    four = r.item("4")
    assert four.score == 0
    assert [(d.clause_id, d.points, d.capped) for d in four.deductions] == [("4.1", D(10), True), ("4.2", D(0), True)]
    assert r.item("2").score == 0
    assert [d.points for d in r.item("2").deductions] == [D(8)]
    assert r.total == 0 and r.provisional


@FAST
@given(text=qhd_evidence(), clause=st.sampled_from(QHD_OPEN_CLAUSES), count=st.integers(1, 10))
def test_qinhuangdao_another_finding_never_raises_a_score(text, clause, count):
    before = assess_toml("qinhuangdao", text)
    more = text.replace("[facts]", f'[[findings]]\nid = "F-extra"\nrules = ["{clause}"]\ncount = {count}\n'
                                   f'description = "另一发现"\n\n[facts]', 1)
    after = assess_toml("qinhuangdao", more)
    for b, a in zip(before.items, after.items):
        if b.assessed and a.assessed:
            assert a.score <= b.score, (b.id, clause)
    assert after.total <= before.total + sum((i.max for i in after.items if i.assessed and
                                              not before.item(i.id).assessed), ZERO)


# ============================================================================ settlement


SETTLE_CASES = [
    # (region, options, agreement)
    ("qinhuangdao", {"pass_band_reference": "from_90", "partial_step": "floor"}, None),
    ("qinhuangdao", {"pass_band_reference": "from_90", "partial_step": "ceil"}, None),
    ("qinhuangdao", {"pass_band_reference": "from_80", "partial_step": "floor"}, None),
    ("qinhuangdao", {"pass_band_reference": "from_80", "partial_step": "ceil"}, None),
    ("taicang", {"partial_step": "floor"}, None),
    ("taicang", {"partial_step": "ceil"}, None),
    ("tianjin_ltc", None, TJ_AGREEMENT),
]
SCORE_MAX = {"qinhuangdao": D(100), "taicang": D(105), "tianjin_ltc": D(100)}  # Taicang: 100 + 5 bonus


def _case_id(case) -> str:
    region, options, _ = case
    return region + ("" if not options else "-" + "-".join(options.values()))


def score_strategy(region: str, options, agreement):
    """Scores in [0, max] with 2 places, often at or next to a band's edge or reference score."""
    top = SCORE_MAX[region]
    edges = set()
    for band in rules(region, options=options, agreement=agreement).settlement.bands:
        for x in (band.min, band.max, band.reference):
            if x is not None:
                edges.update(x + d for d in (D("-0.5"), D("-0.01"), D(0), D("0.01"), D("0.5")))
    edges = sorted(e.quantize(D("0.01")) for e in edges if ZERO <= e <= top)
    return st.one_of(st.decimals(min_value=0, max_value=top, places=2), st.sampled_from(edges))


@st.composite
def two_scores(draw, scores):
    a, b = draw(scores), draw(scores)
    return min(a, b), max(a, b)


FEES = st.decimals(min_value=0, max_value=D("100000000"), places=2)


@pytest.mark.parametrize("case", SETTLE_CASES, ids=_case_id)
def test_payout_never_rises_as_the_score_falls(case):
    region, options, agreement = case
    grade_order = [g.id for g in rules(region, options=options, agreement=agreement).grades]

    @FAST
    @given(scores=two_scores(score_strategy(region, options, agreement)), fee=FEES)
    def check(scores, fee):
        low, high = scores
        s_low = settle(region, low, fee, options=options, agreement=agreement)
        s_high = settle(region, high, fee, options=options, agreement=agreement)
        assert s_low.withheld == s_high.withheld
        assert s_low.paid <= s_high.paid, (low, high)
        assert s_low.deducted >= s_high.deducted
        assert s_low.deduction_rate >= s_high.deduction_rate
        # grades are listed best first: a lower score never earns a better grade
        assert grade_order.index(s_low.grade.id) >= grade_order.index(s_high.grade.id)

    check()


@pytest.mark.parametrize("case", SETTLE_CASES, ids=_case_id)
def test_nothing_pays_out_more_than_is_withheld(case):
    region, options, agreement = case
    rate = rules(region, options=options, agreement=agreement).settlement.withheld_rate

    @FAST
    @given(score=score_strategy(region, options, agreement), fee=FEES)
    def check(score, fee):
        s = settle(region, score, fee, options=options, agreement=agreement)
        assert s.withheld == money(fee * rate)  # withheld rounded to the fen, half up
        assert ZERO <= s.deduction_rate <= 1
        assert ZERO <= s.paid <= s.withheld
        assert ZERO <= s.deducted <= s.withheld
        assert s.deducted + s.paid == s.withheld  # exactly: the parts add up to the fen
        assert s.deducted == money(s.withheld * s.deduction_rate)
        for amount in (s.withheld, s.deducted, s.paid):
            assert cents(amount), amount

    check()


def test_qinhuangdao_pass_band_readings_meet_at_80():
    # 秦医保〔2023〕91号 第八条（二）: just below 80 both readings of the pass band continue from the
    # good band's 20% at 80 (from_90: 21 steps x 1.5% = 31.5%; from_80: 20% + 1 x 1.5% = 21.5%).
    at_80 = settle("qinhuangdao", "80", "1000000")
    from_90 = settle("qinhuangdao", "79.5", "1000000", options={"pass_band_reference": "from_90"})
    from_80 = settle("qinhuangdao", "79.5", "1000000", options={"pass_band_reference": "from_80"})
    assert at_80.deduction_rate == D("0.20")
    assert from_90.deduction_rate == D("0.315")
    assert from_80.deduction_rate == D("0.215")
    assert (at_80.deducted, from_90.deducted, from_80.deducted) == (D("20000.00"), D("31500.00"), D("21500.00"))


# ============================================================================ Taicang dimensions


RATINGS = st.decimals(min_value=0, max_value=1, places=4)


def _fact_strategy(name: str):
    kind = FACTS[name].kind
    if kind == "count":
        return st.integers(min_value=0, max_value=30).map(str)
    if kind == "ratio":
        return st.decimals(min_value=0, max_value=1, places=2).map(lambda d: f'"{d:f}"')
    return st.decimals(min_value=0, max_value=40, places=1).map(lambda d: f'"{d:f}"')


@st.composite
def taicang_evidence(draw):
    ratings = {i: (draw(RATINGS), draw(RATINGS), draw(RATINGS)) for i in TAICANG_ITEMS}
    facts = {f: draw(st.none() | _fact_strategy(f)) for f in TAICANG_FACTS}
    lines = ['schema = 1', 'region = "taicang"', 'agency = "测试机构"', 'fee = "1000000.00"',
             "inspected = [" + ", ".join(f'"{i}"' for i in TAICANG_ITEMS) + "]", "",
             "[period]", "from = 2024-01-01", "to = 2024-12-31", "", "[facts]"]
    lines += [f"{k} = {v}" for k, v in facts.items() if v is not None]
    lines.append("")
    for item, (system, implemented, service) in ratings.items():
        lines += [f"[ratings.{item}]", f'system = "{system:f}"', f'implemented = "{implemented:f}"',
                  f'service = "{service:f}"', ""]
    return "\n".join(lines), ratings


@FAST
@given(data=taicang_evidence())
def test_taicang_dimension_scores_within_the_item(data):
    # 太人社医[2018]3号 annex: item = max x (0.5 有制度 + 0.3 有落实 + 0.2 服务好), ratings 0..1; a failed
    # numeric requirement caps 有落实, so it can only lower the score.
    text, ratings = data
    r = assess_toml("taicang", text)
    weights = {d.id: d.weight for d in TAICANG.dimensions}
    assert weights == {"system": D("0.5"), "implemented": D("0.3"), "service": D("0.2")}
    for it in r.items:
        assert it.assessed
        system, implemented, service = ratings[it.id]
        as_rated = it.max * (weights["system"] * system + weights["implemented"] * implemented
                             + weights["service"] * service)
        assert ZERO <= it.score <= it.max, it.id
        assert it.score <= as_rated, it.id
        if not any(c.passed is False for c in it.checks):
            assert it.score == as_rated, it.id
        assert sum((d.points for d in it.deductions), ZERO) == it.max - it.score
    assert ZERO <= r.total <= D(100)  # no bonus claimed


@FAST
@given(value=st.decimals(min_value=D("1.0001"), max_value=D("100"), places=4))
def test_taicang_rating_above_1_is_refused(value):
    from jingban.errors import InputError

    text = ('schema = 1\nregion = "taicang"\nagency = "测试机构"\n[period]\nfrom = 2024-01-01\n'
            f'to = 2024-12-31\n[ratings.conduct]\nsystem = "{value:f}"\nimplemented = "1"\nservice = "1"\n')
    with pytest.raises(InputError) as err:
        assess_toml("taicang", text, file="t.toml")
    assert "ratings.conduct.system" in str(err.value)


# ============================================================================ same-issue rule
def _findings_evidence(findings: list[tuple[list[str], int]]) -> str:
    lines = ['schema = 1', 'region = "qinhuangdao"', 'agency = "测试机构"', 'product = "resident"',
             'fee = "1000000.00"', "inspected = [" + ", ".join(f'"{i}"' for i in QHD_ITEMS) + "]", "",
             "[period]", "from = 2024-01-01", "to = 2024-12-31", ""]
    for n, (clauses, count) in enumerate(findings):
        lines += ["[[findings]]", f'id = "F-{n}"', "rules = [" + ", ".join(f'"{c}"' for c in clauses) + "]",
                  f"count = {count}", f'description = "发现 {n}"', ""]
    return "\n".join(lines)


@FAST
@given(findings=st.lists(st.tuples(st.lists(st.sampled_from(QHD_OPEN_CLAUSES), min_size=1, max_size=4, unique=True),
                                   st.integers(min_value=1, max_value=5)), min_size=1, max_size=4),
       data=st.data(), reading=st.sampled_from(["first_in_table", "largest"]))
def test_the_result_never_depends_on_the_order_clauses_are_written(findings, data, reading):
    """附件2 说明 (同一问题不重复扣分): whichever reading, the same findings with their clauses and the
    findings themselves written in another order give the same items, total and payout."""
    shuffled = [(data.draw(st.permutations(clauses)), count) for clauses, count in findings]
    shuffled = data.draw(st.permutations(shuffled))
    opts = {"same_issue_item": reading}
    a = assess_toml("qinhuangdao", _findings_evidence(findings), options=opts)
    b = assess_toml("qinhuangdao", _findings_evidence(list(shuffled)), options=opts)
    assert [i.score for i in a.items] == [i.score for i in b.items]
    assert a.total == b.total
    assert a.settlement.paid == b.settlement.paid


@FAST
@given(order=st.permutations(["late_claims = 3", "late_claims_vulnerable = 1", "survey_dissatisfied = 2",
                              "complaints_verified = 1", "monthly_reports_late = 0",
                              "hospital_settlements_unreviewed = 0"]))
def test_the_json_never_depends_on_the_order_facts_are_written(order):
    """The facts of an evidence file (a TOML [facts] table, a workbook's 事实 sheet) written in any
    order give the same JSON: facts are listed in the order the table first reads them (附件2: 6(1),
    7(1), 7(2), 8(1), 10(3), 14(1)), not the order they were typed."""
    import json

    from jingban.report.jsondoc import result_doc

    head = _findings_evidence([])
    docs = []
    for facts in (order, sorted(order)):
        r = assess_toml("qinhuangdao", head + "\n[facts]\n" + "\n".join(facts) + "\n", file="q.toml")
        doc = result_doc(r, "en")
        doc.pop("inputs_sha256")
        docs.append(json.dumps(doc, ensure_ascii=False, sort_keys=True))
    assert docs[0] == docs[1]
    names = [f.split(" =")[0] for f in order]
    r = assess_toml("qinhuangdao", head + "\n[facts]\n" + "\n".join(order) + "\n", file="q.toml")
    assert [f[0] for f in r.facts_used if f[0] in names] == [
        "hospital_settlements_unreviewed", "late_claims", "late_claims_vulnerable", "survey_dissatisfied",
        "complaints_verified", "monthly_reports_late"]
