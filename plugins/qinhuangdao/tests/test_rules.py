"""Qinhuangdao (秦医保〔2023〕91号): hand-computed checks of the rules file against the document.

Every expected number below is worked out by hand from the document: 附件2 (the scoring table,
items 1-17 and the note under it), 第七条 (10% of the year's handling fee withheld as a deposit)
and 第八条 (grades, how much of the deposit is deducted, consequences). Interpretations are in
docs/interpretations.md.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from jingban.api import assess, assess_toml, settle
from jingban.errors import InputError

D = Decimal
REGION = "qinhuangdao"
ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "qinhuangdao" / "2024-resident.toml"
RULES = ROOT / "plugins" / "qinhuangdao" / "src" / "jingban_qinhuangdao" / "rules.toml"
ALL_ITEMS = [str(i) for i in range(1, 18)]

# Facts at which no clause deducts anything (staff 12 >= both minimums of 附件2 item 12(1)).
CLEAN_FACTS = {
    "late_claims": 0,
    "late_claims_vulnerable": 0,
    "service_outlets_missing": 0,
    "staff_medical_fulltime": 12,
    "hospital_settlements_unreviewed": 0,
    "monthly_reports_late": 0,
    "complaints_verified": 0,
}


# --------------------------------------------------------------------------------------------
# Small hand-built evidence


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(value)


def survey_rows(satisfied: int, dissatisfied: int) -> list[dict]:
    """Fictional 附件1 rows: obviously fake names, ids and phone numbers."""
    rows = []
    for n in range(satisfied + dissatisfied):
        rows.append({
            "file_no": f"T-{n:04d}",
            "name": f"测试{n}",
            "id_number": f"1303001900010100{n % 100:02d}",
            "phone": f"138000000{n % 100:02d}",
            "is_self": True,
            "received_payment": True,
            "attitude": "好" if n < satisfied else "一般",
            "improvement": "" if n < satisfied else "到账慢",
            "satisfied": n < satisfied,
        })
    return rows


def evidence(
    *,
    product: str = "resident",
    inspected: list[str] | None = None,
    findings: list[dict] = (),
    facts: dict | None = None,
    drop_facts: tuple[str, ...] = (),
    survey: list[dict] | None = None,
    fee: str = "1000000.00",
    vacant_posts: int = 0,
) -> str:
    """A complete evidence file: every item inspected and nothing wrong unless told otherwise."""
    inspected = ALL_ITEMS if inspected is None else inspected
    all_facts = {**CLEAN_FACTS, **(facts or {})}
    for name in drop_facts:
        all_facts.pop(name, None)
    survey = survey_rows(3, 0) if survey is None else survey
    out = [
        "schema = 1",
        f"region = {_toml(REGION)}",
        'agency = "测试保险公司秦皇岛中心支公司"',
        f"product = {_toml(product)}",
        f"fee = {_toml(fee)}",
        f"inspected = {_toml(inspected)}",
        "",
        "[period]",
        "from = 2024-01-01",
        "to = 2024-12-31",
    ]
    for i, f in enumerate(findings, 1):
        out += ["", "[[findings]]", f"id = {_toml(f.get('id', f'F-{i}'))}", f"rules = {_toml(f['rules'])}",
                f"count = {f.get('count', 1)}", "date = 2024-11-01",
                f"description = {_toml(f.get('description', '测试问题'))}"]
    out += ["", "[facts]"] + [f"{k} = {_toml(v)}" for k, v in all_facts.items()]
    # 附件2 item 1(4) counts promised posts with nobody in post from the bid commitments.
    out += ["", "[commitments]", "contract_signed = 2024-01-02"]
    staffing = [("窗口结算岗", 6, 6), ("异地稽核岗", 4, 4)]
    staffing += [(f"驻院代表{k}", 1, 0) for k in range(vacant_posts)]
    for post, promised, actual in staffing:
        out += ["", "[[commitments.staffing]]", f"post = {_toml(post)}", f"promised = {promised}",
                f"actual = {actual}"]
    for row in survey:
        out += ["", "[[survey]]"] + [f"{k} = {_toml(v)}" for k, v in row.items()]
    return "\n".join(out) + "\n"


def run(tmp_path, options=None, **kw):
    return assess_toml(REGION, evidence(**kw), base_dir=tmp_path, options=options)


def deducted(r, item_id: str) -> dict[str, Decimal]:
    """Points actually deducted per clause of an item (clauses with nothing deducted left out)."""
    out: dict[str, Decimal] = {}
    for d in r.item(item_id).deductions:
        if d.points:
            out[d.clause_id] = out.get(d.clause_id, D(0)) + d.points
    return out


def consequence_ids(s) -> set[str]:
    return {c.id for c in s.consequences}


PASS_CONSEQUENCES = {"warning_talk", "rectification"}                      # 第八条（二）
FAIL_CONSEQUENCES = {"interview_head", "deposit_forfeited",                # 第八条（三）
                     "revoke_agency_qualification", "lose_next_bid"}


# --------------------------------------------------------------------------------------------
# The table itself (附件2)


def test_categories_add_up_to_the_headings():
    """附件2 headings: 服务承诺 12, 服务质量 67, 基础工作 21 -> items 1-3, 4-10, 11-17."""
    from jingban.rulesfile import load_rules

    rs = load_rules(RULES)
    by_cat: dict[str, list[str]] = {}
    for it in rs.items:
        by_cat.setdefault(it.category, []).append(it.id)
    assert by_cat == {
        "commitments": ["1", "2", "3"],
        "service_quality": ["4", "5", "6", "7", "8", "9", "10"],
        "basic": ["11", "12", "13", "14", "15", "16", "17"],
    }
    assert {c.id: c.max for c in rs.categories} == {
        "commitments": D(12), "service_quality": D(67), "basic": D(21)}
    # 附件2 标准分值 column, item by item
    assert [it.max for it in rs.items] == [D(x) for x in
                                           (2, 8, 2, 10, 10, 10, 20, 10, 2, 5, 2, 2, 8, 3, 2, 2, 2)]
    assert rs.region.same_issue_once is True


def test_clean_evidence_scores_full_marks(tmp_path):
    """Nothing found, every item inspected: 100, 优秀, the whole 10% deposit paid (第八条（一）)."""
    r = run(tmp_path)
    assert r.provisional is False
    assert r.not_assessed == ()
    assert r.total == D(100)
    assert r.grade.id == "excellent"
    s = r.settlement
    assert s.withheld == D("100000.00")
    assert s.deducted == D("0.00")
    assert s.paid == D("100000.00")
    assert s.consequences == ()


# --------------------------------------------------------------------------------------------
# Grades and settlement (第七条, 第八条), fee 1,000,000 -> deposit 100,000.00


@pytest.mark.parametrize(
    "score, grade, rate, deducted_yuan, paid_yuan, consequences",
    [
        # 第八条（一）: >= 90 excellent, deposit paid in full
        ("100", "excellent", "0", "0.00", "100000.00", set()),
        ("90", "excellent", "0", "0.00", "100000.00", set()),
        # 第八条（二）: 80 <= s < 90 good, 1% of the deposit per 0.5 below 90
        ("89.5", "good", "0.01", "1000.00", "99000.00", set()),      # 1 step
        ("85", "good", "0.10", "10000.00", "90000.00", set()),       # 10 steps
        ("80", "good", "0.20", "20000.00", "80000.00", set()),       # 20 steps
        # 第八条（二）: 60 <= s < 80 pass, 1.5% per 0.5 below 90 (reading from_90)
        ("79.5", "pass", "0.315", "31500.00", "68500.00", PASS_CONSEQUENCES),   # 21 steps
        ("70", "pass", "0.60", "60000.00", "40000.00", PASS_CONSEQUENCES),      # 40 steps
        ("60", "pass", "0.90", "90000.00", "10000.00", PASS_CONSEQUENCES),      # 60 steps
        # 第八条（三）: < 60 fail, whole deposit deducted
        ("59.5", "fail", "1", "100000.00", "0.00", FAIL_CONSEQUENCES),
        ("0", "fail", "1", "100000.00", "0.00", FAIL_CONSEQUENCES),
    ],
)
def test_grade_edges_and_settlement(score, grade, rate, deducted_yuan, paid_yuan, consequences):
    s = settle(REGION, score=score, fee="1000000", options=None)
    assert s.grade.id == grade
    assert s.withheld == D("100000.00")                    # 第七条: 10% of the year's fee
    assert s.deduction_rate == D(rate)
    assert s.deducted == D(deducted_yuan)
    assert s.paid == D(paid_yuan)
    assert s.returned_to_fund == D(deducted_yuan)           # 第八条（四）
    assert consequence_ids(s) == consequences


def test_every_half_point_step():
    """Every 0.5 step from 100 down to 0, against the formula of 第八条 written out here."""
    for half in range(200, -1, -1):
        score = D(half) / 2
        if score >= 90:
            rate, grade = D(0), "excellent"
        elif score >= 80:
            rate, grade = (90 - score) / D("0.5") * D("0.01"), "good"
        elif score >= 60:
            rate, grade = (90 - score) / D("0.5") * D("0.015"), "pass"
        else:
            rate, grade = D(1), "fail"
        s = settle(REGION, score=str(score), fee="1000000", options=None)
        assert s.grade.id == grade, score
        assert s.deduction_rate == rate, score
        assert s.deducted == (D("100000") * rate).quantize(D("0.01"), rounding=ROUND_HALF_UP), score
        assert s.paid == s.withheld - s.deducted, score


@pytest.mark.parametrize(
    "score, rate, deducted_yuan",
    [
        ("80", "0.20", "20000.00"),     # good band: unaffected by the option
        ("79.5", "0.215", "21500.00"),  # 20% + 1 step x 1.5%
        ("70", "0.50", "50000.00"),     # 20% + 20 steps x 1.5%
        ("60", "0.80", "80000.00"),     # 20% + 40 steps x 1.5%
        ("59.5", "1", "100000.00"),     # fail band: unaffected
    ],
)
def test_pass_band_reference_from_80(score, rate, deducted_yuan):
    """第八条（二）, the other reading (option pass_band_reference=from_80)."""
    s = settle(REGION, score=score, fee="1000000", options={"pass_band_reference": "from_80"})
    assert s.deduction_rate == D(rate)
    assert s.deducted == D(deducted_yuan)


@pytest.mark.parametrize(
    "score, floor_rate, ceil_rate",
    [
        ("89.7", "0", "0.01"),       # 0.3 below 90: 0.6 step -> 0 (floor) or 1 (ceil) x 1%
        ("80.2", "0.19", "0.20"),    # 9.8 below 90: 19.6 steps -> 19 or 20 x 1%
        ("79.7", "0.30", "0.315"),   # 10.3 below 90: 20.6 steps -> 20 or 21 x 1.5%
    ],
)
def test_partial_step(score, floor_rate, ceil_rate):
    """第八条（二） '每低0.5分': a part of a step counts (ceil) or not (floor, the default)."""
    default = settle(REGION, score=score, fee="1000000", options=None)
    floor = settle(REGION, score=score, fee="1000000", options={"partial_step": "floor"})
    ceil = settle(REGION, score=score, fee="1000000", options={"partial_step": "ceil"})
    assert default.deduction_rate == floor.deduction_rate == D(floor_rate)
    assert ceil.deduction_rate == D(ceil_rate)


def test_partial_step_keeps_grade():
    """89.7 is 良好 (80 <= s < 90) even though, with floor, nothing is deducted."""
    s = settle(REGION, score="89.7", fee="1000000", options=None)
    assert s.grade.id == "good"
    assert s.deducted == D("0.00")
    assert s.paid == D("100000.00")


def test_money_rounds_half_up_to_the_cent():
    """Deposit 1,234,567.89 x 10% = 123,456.789 -> 123,456.79; 85 -> 10% -> 12,345.679 -> 12,345.68."""
    s = settle(REGION, score="85", fee="1234567.89", options=None)
    assert s.withheld == D("123456.79")
    assert s.deducted == D("12345.68")
    assert s.paid == D("111111.11")
    # 79.5 (from_90): 31.5% x 123,456.79 = 38,888.888... -> 38,888.89
    s = settle(REGION, score="79.5", fee="1234567.89", options=None)
    assert s.deducted == D("38888.89")
    assert s.paid == D("84567.90")


def test_pass_band_from_evidence_both_readings(tmp_path):
    """2.1 (8) + 3.1 (2) + 13.1-13.4 (4 x 2) + 16.1 (2) + 1.1 (1) + 17.1 (1) = 22 -> 78, 合格.

    from_90: (90-78)/0.5 = 24 steps x 1.5% = 36% of 100,000 = 36,000.00.
    from_80: 20% + (80-78)/0.5 = 4 steps x 1.5% = 26% -> 26,000.00.
    """
    findings = [{"rules": [c]} for c in ("2.1", "3.1", "13.1", "13.2", "13.3", "13.4", "16.1", "1.1", "17.1")]
    r = run(tmp_path, findings=findings)
    assert r.total == D(78)
    assert r.grade.id == "pass"
    assert r.settlement.deduction_rate == D("0.36")
    assert r.settlement.deducted == D("36000.00")
    assert r.settlement.paid == D("64000.00")
    assert r.settlement.returned_to_fund == D("36000.00")
    assert consequence_ids(r.settlement) == PASS_CONSEQUENCES
    r80 = run(tmp_path, options={"pass_band_reference": "from_80"}, findings=findings)
    assert r80.total == D(78)
    assert r80.settlement.deduction_rate == D("0.26")
    assert r80.settlement.deducted == D("26000.00")
    assert r80.settlement.paid == D("74000.00")


# --------------------------------------------------------------------------------------------
# Item 7: 0.5 per late claim, 1 per late claim of a wubao/dibao/severely disabled claimant, cap 20


def test_item7_vulnerable_rate(tmp_path):
    """9 late, of which 2 vulnerable: (9-2) x 0.5 + 2 x 1 = 5.5 -> 14.5."""
    r = run(tmp_path, facts={"late_claims": 9, "late_claims_vulnerable": 2})
    assert deducted(r, "7") == {"7.1": D("3.5"), "7.2": D("2")}
    assert r.item("7").score == D("14.5")
    assert r.total == D("94.5")


def test_item7_vulnerable_are_not_counted_twice(tmp_path):
    """10 late, all 10 vulnerable: 10 x 1 = 10 (not 10 x 0.5 + 10 x 1)."""
    r = run(tmp_path, facts={"late_claims": 10, "late_claims_vulnerable": 10})
    assert r.item("7").score == D(10)


def test_item7_cap(tmp_path):
    """扣完为止: 50 late, 5 vulnerable -> 45 x 0.5 + 5 x 1 = 27.5, capped at 20 -> 0."""
    r = run(tmp_path, facts={"late_claims": 50, "late_claims_vulnerable": 5})
    assert r.item("7").score == D(0)
    assert r.total == D(80)
    assert r.category("service_quality").score == D(47)


def test_item7_exactly_the_cap(tmp_path):
    """40 late x 0.5 = 20: the item is at 0, the total loses exactly 20."""
    r = run(tmp_path, facts={"late_claims": 40, "late_claims_vulnerable": 0})
    assert r.item("7").score == D(0)
    assert r.total == D(80)


def test_item7_more_vulnerable_than_late_is_bad_input(tmp_path):
    """'其中' makes the vulnerable cases a part of all late cases: 3 of 2 is inconsistent."""
    with pytest.raises(InputError):
        run(tmp_path, facts={"late_claims": 2, "late_claims_vulnerable": 3})


# --------------------------------------------------------------------------------------------
# Item 8: 0.5 per dissatisfied survey answer (附件1 rows), cap 10


def test_item8_from_survey_rows(tmp_path):
    """20 answers, 3 不满意: 3 x 0.5 = 1.5 -> 8.5."""
    r = run(tmp_path, survey=survey_rows(17, 3))
    assert deducted(r, "8") == {"8.1": D("1.5")}
    assert r.item("8").score == D("8.5")


def test_item8_cap(tmp_path):
    """25 不满意 x 0.5 = 12.5, capped at 10 -> 0 (扣完标准分为止)."""
    r = run(tmp_path, survey=survey_rows(5, 25))
    assert r.item("8").score == D(0)
    assert r.total == D(90)


# --------------------------------------------------------------------------------------------
# Item 12(1): full-time staff with a medical background, 10 (resident) or 5 (employee)


@pytest.mark.parametrize(
    "product, staff, score",
    [
        ("resident", 12, "2"),
        ("resident", 10, "2"),
        ("resident", 9, "1.5"),     # 1 short x 0.5
        ("resident", 4, "0"),       # 6 short x 0.5 = 3, capped at 2
        ("employee", 9, "2"),       # the employee minimum is 5
        ("employee", 5, "2"),
        ("employee", 4, "1.5"),     # 1 short x 0.5
        ("employee", 1, "0"),       # 4 short x 0.5 = 2
    ],
)
def test_item12_staff_minimum_per_product(tmp_path, product, staff, score):
    r = run(tmp_path, product=product, facts={"staff_medical_fulltime": staff})
    assert r.item("12").score == D(score)


# --------------------------------------------------------------------------------------------
# Item 1(3): outlets per county (resident) or a window at the city office (employee)


def test_item1_outlets_resident(tmp_path):
    """2 county outlets missing x 0.5 = 1 -> 1."""
    r = run(tmp_path, facts={"service_outlets_missing": 2})
    assert deducted(r, "1") == {"1.3-resident": D(1)}
    assert r.item("1").score == D(1)


def test_item1_outlets_do_not_apply_to_employee(tmp_path):
    """The per-county outlet rule is for the residents' insurance only."""
    r = run(tmp_path, product="employee", facts={"service_outlets_missing": 2})
    assert r.item("1").score == D(2)


def test_item1_window_employee(tmp_path):
    """No window at the city office: 0.5 once -> 1.5."""
    r = run(tmp_path, product="employee", findings=[{"rules": ["1.3-employee"]}])
    assert deducted(r, "1") == {"1.3-employee": D("0.5")}
    assert r.item("1").score == D("1.5")


def test_finding_against_other_products_clause_is_bad_input(tmp_path):
    """A residents' file cannot be charged with the employees' window clause."""
    with pytest.raises(InputError):
        run(tmp_path, findings=[{"rules": ["1.3-employee"]}])


def test_finding_against_a_fact_clause_is_bad_input(tmp_path):
    """7.1 counts from the late_claims fact; a finding against it is refused (rules format)."""
    with pytest.raises(InputError):
        run(tmp_path, findings=[{"rules": ["7.1"]}])


def test_finding_against_unknown_clause_is_bad_input(tmp_path):
    with pytest.raises(InputError):
        run(tmp_path, findings=[{"rules": ["18.1"]}])


def test_item1_vacant_promised_post(tmp_path):
    """1(4), reading promised_posts (default): 2 promised posts with nobody in post x 0.5 = 1 -> 1."""
    r = run(tmp_path, vacant_posts=2)
    assert deducted(r, "1") == {"1.4a": D(1)}
    assert r.item("1").score == D(1)


def test_item1_vacant_outlets_option(tmp_path):
    """1(4), reading outlets_inspected: counted from findings (3 outlets x 0.5 = 1.5 -> 0.5);
    the bid commitments' vacant post is not counted under this reading."""
    r = run(tmp_path, options={"post_vacancy_count": "outlets_inspected"}, vacant_posts=1,
            findings=[{"rules": ["1.4a"], "count": 3}])
    assert deducted(r, "1") == {"1.4a": D("1.5")}
    assert r.item("1").score == D("0.5")


def test_item1_part_timers(tmp_path):
    """1(4) second half: 3 part-time people x 0.5 = 1.5 -> 0.5."""
    r = run(tmp_path, findings=[{"rules": ["1.4b"], "count": 3}])
    assert r.item("1").score == D("0.5")


# --------------------------------------------------------------------------------------------
# Fixed deductions ("once") and item caps


def test_item2_is_a_single_eight_point_deduction(tmp_path):
    """附件2 item 2: 8 points once, however many cases."""
    r = run(tmp_path, findings=[{"rules": ["2.1"], "count": 3}])
    assert r.item("2").score == D(0)
    assert r.total == D(92)


def test_item13_each_subrule_two_points_once(tmp_path):
    """13(1) + 13(3) = 2 + 2; 13(2) with count 2 is still 2."""
    r = run(tmp_path, findings=[{"rules": ["13.1"]}, {"rules": ["13.3"]}, {"rules": ["13.2"], "count": 2}])
    assert deducted(r, "13") == {"13.1": D(2), "13.3": D(2), "13.2": D(2)}
    assert r.item("13").score == D(2)


def test_item13_once_clause_with_two_findings_deducts_once(tmp_path):
    """附件2 item 13(1) "未建立财务管理制度,扣2分" (rules.toml 13.1: 2 points, per = "once"): the
    rules are missing or not, so two separate findings naming 13.1 are still one 2-point
    deduction: 8 - 2 = 6 (not 8 - 4 = 4), total 100 - 2 = 98. The second finding shows with 0
    points and the "already taken" note."""
    r = run(tmp_path, findings=[{"id": "F-1", "rules": ["13.1"]}, {"id": "F-2", "rules": ["13.1"]}])
    assert deducted(r, "13") == {"13.1": D(2)}
    assert r.item("13").score == D(6)
    assert r.total == D(98)
    first = next(d for d in r.item("13").deductions if d.finding_id == "F-1")
    assert (first.points, first.note) == (D(2), None)
    second = next(d for d in r.item("13").deductions if d.finding_id == "F-2")
    assert second.points == D(0)
    assert second.note is not None and second.note.id == "deduction.once_taken"


def test_item5_cap(tmp_path):
    """5(1) 4 x 2 + 5(3) 3 x 1 = 11, capped at 10 -> 0 (扣完标准分为止)."""
    r = run(tmp_path, findings=[{"rules": ["5.1"], "count": 4}, {"rules": ["5.3"], "count": 3}])
    assert r.item("5").score == D(0)
    assert r.total == D(90)


def test_item5_intent_is_a_consequence_not_points(tmp_path):
    """5(6): intent -> propose disqualifying the staff member; no points of its own."""
    r = run(tmp_path, findings=[{"rules": ["5.6"]}])
    assert r.item("5").score == D(10)
    assert r.total == D(100)
    assert "revoke_staff_qualification" in consequence_ids(r.settlement)


def test_item5_intentional_wrong_payment_as_one_finding(tmp_path):
    """One wrong payment (5(3), 1 point) made on purpose (5(6)): the 1 point AND the proposal.

    The same-issue note stops a second *deduction*; 5(6) deducts nothing, so its consequence
    must still follow whichever of the two clauses the finding names first.
    """
    for rules in (["5.3", "5.6"], ["5.6", "5.3"]):
        r = run(tmp_path, findings=[{"rules": rules}])
        assert r.item("5").score == D(9), rules
        assert "revoke_staff_qualification" in consequence_ids(r.settlement), rules


# --------------------------------------------------------------------------------------------
# The note under the table: 各考核项目属于同一问题时不重复扣分


def test_same_issue_is_deducted_once(tmp_path):
    """Hospitals paid late because of a deficit: item 2 (8) and 6(3) (1) -> deducted once, 8."""
    r = run(tmp_path, findings=[{"id": "F-1", "rules": ["2.1", "6.3"]}])
    assert r.item("2").score == D(0)
    assert r.item("6").score == D(10)
    again = [d for d in r.item("6").deductions if d.finding_id == "F-1"]
    assert len(again) == 1
    assert again[0].clause_id == "6.3"
    assert again[0].points == D(0)
    assert again[0].deducted_again_elsewhere is True
    assert r.total == D(92)


@pytest.mark.parametrize("names", [["4.1", "13.1"], ["13.1", "4.1"]])
def test_same_issue_goes_to_the_item_listed_first_whatever_the_order_written(tmp_path, names):
    """附件2 说明 does not say under which item the one deduction stays; the reading chosen
    (interpretations.md Q11) is the item the table lists first: item 4 (4(1) 0.5 per case), not
    item 13 (13(1) 2 once), in whichever order the inspector wrote them: 100 - 0.5 = 99.5."""
    r = run(tmp_path, findings=[{"id": "F-1", "rules": names}])
    assert r.item("4").score == D("9.5")
    assert r.item("13").score == D(8)
    assert r.total == D("99.5")
    here = next(d for d in r.item("4").deductions if d.finding_id == "F-1")
    assert here.note is not None and "13" in here.note.render("zh")
    there = next(d for d in r.item("13").deductions if d.finding_id == "F-1")
    assert there.deducted_again_elsewhere and "4" in there.note.render("en")


@pytest.mark.parametrize("names", [["4.1", "13.1"], ["13.1", "4.1"]])
def test_same_issue_largest_reading(tmp_path, names):
    """The other reading (--option same_issue_item=largest): item 13's 2 points, not item 4's
    0.5, in either order: 100 - 2 = 98."""
    r = run(tmp_path, options={"same_issue_item": "largest"}, findings=[{"id": "F-1", "rules": names}])
    assert r.item("4").score == D(10)
    assert r.item("13").score == D(6)
    assert r.total == D(98)


def test_separate_issues_are_both_deducted(tmp_path):
    """The same two clauses as separate findings: 8 + 1 = 9 -> 91."""
    r = run(tmp_path, findings=[{"rules": ["2.1"]}, {"rules": ["6.3"]}])
    assert r.item("2").score == D(0)
    assert r.item("6").score == D(9)
    assert r.total == D(91)


# --------------------------------------------------------------------------------------------
# Provisional results: an item nobody looked at is not assessed, never full marks


def test_provisional_result_shows_the_range_it_can_still_take(tmp_path):
    """Item 7 (20 points) not assessed; findings cost 2(1) 8 + 5(1) 2 + 4(1) 2 x 0.5 = 11 points.
    The final total lies in 80 - 11 = 69 .. 89 (第八条 bands): 合格 or 良好, never one of them as a
    fact. Deposit 10% of 1,000,000.00 = 100,000.00. At 69 (二): (90 - 69) / 0.5 = 42 steps x 1.5% =
    63% -> 37,000.00 paid; at 89 (一): 2 steps x 1% = 2% -> 98,000.00 paid. The warning talk and
    rectification of (二) follow only below 80: possible, not certain."""
    r = run(tmp_path, inspected=[i for i in ALL_ITEMS if i != "7"], drop_facts=("late_claims", "late_claims_vulnerable"),
            findings=[{"rules": ["2.1"]}, {"rules": ["5.1"]}, {"rules": ["4.1"], "count": 2}])
    o = r.outlook
    assert r.provisional and r.not_assessed == ("7",)
    assert (o.low, o.high) == (D(69), D(89))
    assert r.grade is None  # two grades are still possible
    assert [g.id for g in o.grades] == ["good", "pass"]
    assert (o.at_low.paid, o.at_high.paid) == (D("37000.00"), D("98000.00"))
    assert r.settlement.consequences == ()
    assert [(h.id, h.reason.render("en")) for h in o.possible] == [
        ("warning_talk", "if the score is below 80"), ("rectification", "if the score is below 80")]


def test_a_final_result_has_no_outlook(tmp_path):
    r = run(tmp_path)
    assert r.provisional is False and r.outlook is None and r.grade.id == "excellent"


def test_item_not_covered_is_not_assessed(tmp_path):
    """Item 16 (2 points, 附件2) not inspected, nothing else wrong: the total lies in 98..100, and
    Result.total is the low end (item 16 at 0). Both ends are 优秀 (>= 90, 第八条（一）): a fact."""
    r = run(tmp_path, inspected=[i for i in ALL_ITEMS if i != "16"])
    assert r.provisional is True
    assert r.not_assessed == ("16",)
    assert r.item("16").assessed is False
    assert r.item("16").score is None
    assert r.total == D(98)
    assert (r.outlook.low, r.outlook.high) == (D(98), D(100))
    assert r.grade.id == "excellent"


def test_fact_only_item_without_its_facts_is_not_assessed(tmp_path):
    """Item 7 is counted from facts only: not inspected and no facts -> not assessed."""
    r = run(tmp_path, inspected=[i for i in ALL_ITEMS if i != "7"],
            drop_facts=("late_claims", "late_claims_vulnerable"))
    assert r.provisional is True
    assert "7" in r.not_assessed
    assert r.item("7").score is None


def test_item_with_a_finding_is_assessed(tmp_path):
    """Not listed under `inspected`, but a finding names it: assessed (16.1, 2 points -> 0)."""
    r = run(tmp_path, inspected=[i for i in ALL_ITEMS if i != "16"], findings=[{"rules": ["16.1"]}])
    assert r.provisional is False
    assert r.item("16").score == D(0)
    assert r.total == D(98)


# --------------------------------------------------------------------------------------------
# The example file (examples/qinhuangdao/README.md shows the arithmetic)

EXAMPLE_SCORES = {
    "1": "1", "2": "8", "3": "2", "4": "8.5", "5": "7", "6": "9", "7": "14.5", "8": "9.5",
    "9": "2", "10": "4.5", "11": "1.5", "12": "1.5", "13": "8", "14": "2.5", "15": "1.5",
    "16": "2", "17": "2",
}


@pytest.mark.parametrize("options", [
    None,
    {"pass_band_reference": "from_80"},
    {"partial_step": "ceil"},
    {"post_vacancy_count": "outlets_inspected"},
])
def test_example_full_result(options):
    r = assess(REGION, str(EXAMPLE), options=options)
    assert r.provisional is False
    assert r.not_assessed == ()
    assert {i: r.item(i).score for i in ALL_ITEMS} == {i: D(s) for i, s in EXAMPLE_SCORES.items()}
    assert deducted(r, "1") == {"1.3-resident": D("0.5"), "1.4b": D("0.5")}
    assert deducted(r, "5") == {"5.2": D(1), "5.3": D(2)}
    assert deducted(r, "6") == {"6.3": D(1)}
    assert deducted(r, "7") == {"7.1": D("3.5"), "7.2": D(2)}
    # F-03 names 5.2 and 6.2: deducted under 5.2 only (附件2 说明)
    f03 = [d for d in r.item("6").deductions if d.finding_id == "F-03"]
    assert len(f03) == 1 and f03[0].clause_id == "6.2"
    assert f03[0].points == D(0) and f03[0].deducted_again_elsewhere is True
    assert r.category("commitments").score == D(11)
    assert r.category("service_quality").score == D(55)
    assert r.category("basic").score == D(19)
    assert r.total == D(85)
    assert r.grade.id == "good"
    s = r.settlement
    assert s.base == D("1500000.00")
    assert s.withheld == D("150000.00")          # 第七条: 10%
    assert s.deduction_rate == D("0.10")         # 第八条（二）: (90-85)/0.5 = 10 steps x 1%
    assert s.deducted == D("15000.00")
    assert s.paid == D("135000.00")
    assert s.returned_to_fund == D("15000.00")   # 第八条（四）
    assert s.fund_losses == D(0)
    assert s.consequences == ()


def test_same_issue_largest_counts_the_cases_of_a_per_case_clause(tmp_path):
    """same_issue_item=largest weighs what each item would deduct for the finding's cases (附件2
    说明): five cases under 4(1) at 0.5 a case are 2.5 points, more than 13(1)'s 2 points once, so
    item 4 takes it: 10 - 2.5 = 7.5, item 13 keeps 8, total 97.5. (Counting the once clause five
    times, or the case clause once, would put it under item 13.)"""
    r = run(tmp_path, options={"same_issue_item": "largest"},
            findings=[{"id": "F-1", "rules": ["13.1", "4.1"], "count": 5}])
    assert r.item("4").score == D("7.5")
    assert r.item("13").score == D(8)
    assert r.total == D("97.5")


def test_same_issue_largest_ties_go_to_the_item_listed_first_when_a_cap_binds(tmp_path):
    """same_issue_item=largest (附件2 说明; docs/interpretations.md): four cases under 3(1) (2 points
    once, all of item 3's 2 points) and 4(1) (0.5 a case: 4 x 0.5 = 2, item 4 has 10) weigh 2 each,
    item 3's at its cap. A tie goes to the item the table lists first: item 3 = 0, item 4 keeps 10."""
    r = run(tmp_path, options={"same_issue_item": "largest"},
            findings=[{"id": "F-1", "rules": ["4.1", "3.1"], "count": 4}])
    assert r.item("3").score == D(0)
    assert r.item("4").score == D(10)
