"""Kaifeng 2020 audit-and-settlement checklist (开封市医疗保障经办机构审核结算专项治理工作方案,
附件 医疗保障经办机构基金审核结算规范要点清单).

Every expected value below is counted or computed by hand from the attachment: 35 points in six
areas (1.1-1.7, 2.1-2.7, 3.1-3.6, 4.1-4.5 [printed "4,3" for 4.3], 5.1-5.6, 6.1-6.4), answered
compliant / partly / non_compliant / not_applicable; no score, no grade, no money.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from jingban.messages import say

PLUGIN = Path(__file__).resolve().parents[1]
ROOT = PLUGIN.parents[1]
RULES = PLUGIN / "src" / "jingban_kaifeng_checklist" / "rules.toml"
EXAMPLE = ROOT / "examples" / "kaifeng_checklist" / "2020-self-inspection.toml"
REGION = "kaifeng_checklist"

# Points per area as numbered in the attachment (附件).
POINTS = {
    "internal_control": ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"],
    "fund_finance": ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"],
    "review": ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"],
    "settlement": ["4.1", "4.2", "4.3", "4.4", "4.5"],
    "audit": ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6"],
    "annual_assessment": ["6.1", "6.2", "6.3", "6.4"],
}
ALL_POINTS = [p for ps in POINTS.values() for p in ps]

# Facts that pass every numeric check of the attachment (3.2, 3.4, 4.2, 4.3, 5.4).
PASSING_FACTS = {
    "first_review_coverage": '"1"',
    "second_review_sample_share": '"0.05"',
    "hospital_settlements_late": "0",
    "late_claims": "0",
    "late_maternity_claims": "0",
    "institutions_without_special_audit": "0",
}


@pytest.fixture
def api():
    # Imported here so the data tests below run even before the engine exists.
    import jingban.api

    return jingban.api


@pytest.fixture
def rules():
    with RULES.open("rb") as f:
        return tomllib.load(f)


def evidence(answers=None, facts=None, omit=()):
    """Evidence with every point answered "compliant" unless `answers` says otherwise."""
    answers = answers or {}
    facts = {**PASSING_FACTS, **(facts or {})}
    lines = [
        "schema = 1",
        f'region = "{REGION}"',
        'agency = "测试县医疗保障中心"',
        "[period]",
        "from = 2018-01-01",
        "to = 2020-08-31",
        "[facts]",
    ]
    lines += [f"{k} = {v}" for k, v in facts.items() if v is not None]
    for point in ALL_POINTS:
        if point in omit:
            continue
        result = answers.get(point, "compliant")
        lines += [f'[checklist."{point}"]', f'result = "{result}"', 'reason = "自查说明"']
    return "\n".join(lines) + "\n"


def checks_of(rules, item_id):
    (item,) = [i for i in rules["items"] if i["id"] == item_id]
    return item.get("checks", [])


# ---------------------------------------------------------------- the rules file (data only)


def test_point_count_per_area_and_total(rules):
    """附件: 7 + 7 + 6 + 5 + 6 + 4 = 35 points (the request said 33; the document wins)."""
    by_area = {}
    for item in rules["items"]:
        by_area.setdefault(item["category"], []).append(item["id"])
    assert by_area == POINTS
    assert len(rules["items"]) == 35
    assert [c["id"] for c in rules["categories"]] == list(POINTS)


def test_every_point_is_a_zero_point_check_citing_its_number(rules):
    """附件: each row is a self-inspection point, not a scored item; the citation is its number."""
    assert rules["region"]["aggregation"] == "checklist"
    assert rules["region"]["max"] == "0"
    assert "grades" not in rules
    for cat in rules["categories"]:
        assert cat["max"] == "0"
    for item in rules["items"]:
        assert item["shape"] == "check"
        assert item["max"] == "0"
        assert item["citation"]["item"] == item["id"]
        assert item["citation"]["article"] == "附件"


def test_settlement_kind_none_with_reason(rules):
    """方案 三: a self-inspection and a city check; no fee, deposit or deduction is named."""
    s = rules["settlement"]
    assert s["kind"] == "none"
    assert s["none_reason_zh"] and s["none_reason_en"]


def test_numeric_checks_encoded(rules):
    """附件 3.2 (100% first review), 3.4 (>= 5% inpatient second review), 4.2 (30 working days),
    4.3 (manual 30 / maternity 20 working days), 5.4 (one special audit per institution a year)."""
    got = {
        i["id"]: [(c["fact"], c["op"], c["value"]) for c in i.get("checks", [])]
        for i in rules["items"]
        if i.get("checks")
    }
    assert got == {
        "3.2": [("first_review_coverage", ">=", "1")],
        "3.4": [("second_review_sample_share", ">=", "0.05")],
        "4.2": [("hospital_settlements_late", "==", "0")],
        "4.3": [("late_claims", "==", "0"), ("late_maternity_claims", "==", "0")],
        "5.4": [("institutions_without_special_audit", "==", "0")],
    }
    # "原则上" in 4.2 and 5.4: the check applies under the default (strict) reading only.
    assert checks_of(rules, "4.2")[0]["when"] == "payment_30_days=strict"
    assert checks_of(rules, "5.4")[0]["when"] == "special_audit_yearly=strict"
    options = {o["id"]: o for o in rules["options"]}
    for opt in ("payment_30_days", "special_audit_yearly"):
        assert options[opt]["value"] == "strict"
        assert options[opt]["allowed"] == ["strict", "answer_decides"]


def test_check_facts_are_in_the_catalog(rules):
    with (ROOT / "core" / "src" / "jingban" / "facts.toml").open("rb") as f:
        catalog = tomllib.load(f)
    for item in rules["items"]:
        for c in item.get("checks", []):
            assert c["fact"] in catalog


# ---------------------------------------------------------------- the example


EXAMPLE_AREAS = {
    # area: (compliant, partly, non_compliant, not_applicable, unanswered) — examples/.../README.md
    "internal_control": (3, 2, 1, 1, 0),  # partly 1.4 1.6; non_compliant 1.7; n/a 1.5
    "fund_finance": (5, 2, 0, 0, 0),  # partly 2.4 2.6
    "review": (5, 1, 0, 0, 0),  # partly 3.6
    "settlement": (3, 1, 1, 0, 0),  # partly 4.1; 4.3 answered partly, failed by late_maternity_claims=2
    "audit": (5, 1, 0, 0, 0),  # partly 5.5
    "annual_assessment": (2, 1, 1, 0, 0),  # partly 6.2; non_compliant 6.3
}


def test_example_answers_every_point():
    with EXAMPLE.open("rb") as f:
        data = tomllib.load(f)
    assert sorted(data["checklist"], key=ALL_POINTS.index) == ALL_POINTS
    for point, answer in data["checklist"].items():
        assert answer["reason"]
        if answer["result"] in ("partly", "non_compliant"):
            assert answer["rectification"], point
    assert data["report"]["organisation"] and data["report"]["suggestions"]


def test_example_per_area_summary(api):
    r = api.assess(REGION, str(EXAMPLE))
    got = {
        a.category_id: (a.compliant, a.partly, a.non_compliant, a.not_applicable, a.unanswered)
        for a in r.breakdown.areas
    }
    assert got == EXAMPLE_AREAS
    assert sum(v[0] for v in got.values()) == 23
    assert sum(v[1] for v in got.values()) == 8
    assert sum(v[2] for v in got.values()) == 3
    assert r.total is None
    assert r.grade is None
    assert r.provisional is False
    assert r.not_assessed == ()


def test_example_4_3_failed_by_maternity_fact(api):
    """附件 4.3: maternity benefits within 20 working days; the example has 2 late -> non_compliant
    although the agency answered "partly"."""
    r = api.assess(REGION, str(EXAMPLE))
    it = r.item("4.3")
    assert it.detail.answer == "non_compliant"
    reason = it.detail.reason.render("zh")
    assert "生育保险待遇超时限支付件数（late_maternity_claims） = 2" in reason
    passed = {c.fact: c.passed for c in it.checks}
    assert passed == {"late_claims": True, "late_maternity_claims": False}
    assert r.item("1.5").detail.answer == "not_applicable"
    assert r.item("3.4").detail.answer == "compliant"  # 0.062 >= 0.05


EXAMPLE_PROBLEMS = ["1.4", "1.6", "1.7", "2.4", "2.6", "3.6", "4.1", "4.3", "5.5", "6.2", "6.3"]


def test_example_report_sections(api):
    """方案 三（一）: the self-inspection report covers organisation, problems, causes, rectification
    and suggestions. Problems are the points answered partly / non_compliant or failed by a fact."""
    with EXAMPLE.open("rb") as f:
        data = tomllib.load(f)
    r = api.assess(REGION, str(EXAMPLE))
    sections = {k: say(v, "zh") for k, v in r.section("report").parts}
    assert set(sections) == {"organisation", "problems", "causes", "rectification", "suggestions"}
    assert data["report"]["organisation"].strip() in sections["organisation"]
    assert data["report"]["suggestions"].strip() in sections["suggestions"]
    problems = [i.id for i in r.items if i.detail.answer in ("partly", "non_compliant")]
    assert problems == EXAMPLE_PROBLEMS
    for point in EXAMPLE_PROBLEMS:
        assert point in sections["problems"]
        assert data["checklist"][point]["rectification"] in sections["rectification"]


def test_example_settlement_is_none(api):
    """方案 三: no money attached to the checklist."""
    r = api.assess(REGION, str(EXAMPLE))
    s = r.settlement
    assert s is not None
    assert s.kind == "none"


# ---------------------------------------------------------------- hand-built evidence


def test_every_point_present_in_result(api, tmp_path):
    r = api.assess_toml(REGION, evidence(), base_dir=tmp_path)
    for point in ALL_POINTS:
        it = r.item(point)
        assert it.detail.answer == "compliant"
        assert it.max == Decimal("0")
    assert r.provisional is False
    assert {a.category_id: a.compliant for a in r.breakdown.areas} == {k: len(v) for k, v in POINTS.items()}


def test_3_4_sample_below_5_percent_overrides_compliant(api, tmp_path):
    """附件 3.4: inpatient second-review sample not below 5%; 4% fails whatever the answer says."""
    r = api.assess_toml(
        REGION, evidence(facts={"second_review_sample_share": '"0.04"'}), base_dir=tmp_path
    )
    it = r.item("3.4")
    assert it.detail.answer == "non_compliant"
    reason = it.detail.reason.render("zh")
    assert "（second_review_sample_share） = 0.04，要求 >= 0.05" in reason
    (check,) = it.checks
    assert (check.fact, check.passed, check.actual) == ("second_review_sample_share", False, Decimal("0.04"))
    review = {a.category_id: a for a in r.breakdown.areas}["review"]
    assert (review.compliant, review.non_compliant) == (5, 1)


def test_3_4_sample_exactly_5_percent_passes(api, tmp_path):
    """附件 3.4: "不低于5%" — exactly 5% is not below 5%."""
    r = api.assess_toml(
        REGION, evidence(facts={"second_review_sample_share": '"0.05"'}), base_dir=tmp_path
    )
    assert r.item("3.4").detail.answer == "compliant"


def test_3_2_first_review_below_full_coverage_fails(api, tmp_path):
    """附件 3.2: 100% first review; 99.9% fails."""
    r = api.assess_toml(REGION, evidence(facts={"first_review_coverage": '"0.999"'}), base_dir=tmp_path)
    assert r.item("3.2").detail.answer == "non_compliant"
    r = api.assess_toml(REGION, evidence(facts={"first_review_coverage": '"1"'}), base_dir=tmp_path)
    assert r.item("3.2").detail.answer == "compliant"


@pytest.mark.parametrize(
    "facts",
    [{"late_claims": "1"}, {"late_maternity_claims": "1"}],
    ids=["manual-30-days", "maternity-20-days"],
)
def test_4_3_either_deadline_fails_the_point(api, tmp_path, facts):
    """附件 4.3 (printed "4,3"): manual reimbursement 30 and maternity 20 working days, one point."""
    r = api.assess_toml(REGION, evidence(facts=facts), base_dir=tmp_path)
    assert r.item("4.3").detail.answer == "non_compliant"


def test_4_2_late_payment_strict_and_answer_decides(api, tmp_path):
    """附件 4.2: "原则上30个工作日内拨付". Default reading (strict): one late payment fails.
    Option payment_30_days=answer_decides: the answer stands."""
    text = evidence(facts={"hospital_settlements_late": "1"})
    assert api.assess_toml(REGION, text, base_dir=tmp_path).item("4.2").detail.answer == "non_compliant"
    r = api.assess_toml(REGION, text, base_dir=tmp_path, options={"payment_30_days": "answer_decides"})
    assert r.item("4.2").detail.answer == "compliant"
    ok = evidence(facts={"hospital_settlements_late": "0"})
    assert api.assess_toml(REGION, ok, base_dir=tmp_path).item("4.2").detail.answer == "compliant"


def test_5_4_institution_without_special_audit(api, tmp_path):
    """附件 5.4: "原则上每家医疗机构每年至少1次专项稽核检查"; strict by default."""
    text = evidence(facts={"institutions_without_special_audit": "1"})
    assert api.assess_toml(REGION, text, base_dir=tmp_path).item("5.4").detail.answer == "non_compliant"
    r = api.assess_toml(
        REGION, text, base_dir=tmp_path, options={"special_audit_yearly": "answer_decides"}
    )
    assert r.item("5.4").detail.answer == "compliant"


def test_partly_is_kept_when_the_facts_pass(api, tmp_path):
    """A passing fact never upgrades an answer: 3.4 answered partly with 6% stays partly."""
    r = api.assess_toml(
        REGION,
        evidence(answers={"3.4": "partly"}, facts={"second_review_sample_share": '"0.06"'}),
        base_dir=tmp_path,
    )
    assert r.item("3.4").detail.answer == "partly"
    assert r.provisional is False


def test_unanswered_point_is_provisional(api, tmp_path):
    """Every point must be answered (方案 三（一）: 逐项开展自查); a missing one is not assessed."""
    r = api.assess_toml(REGION, evidence(omit={"6.4"}), base_dir=tmp_path)
    assert r.provisional is True
    assert r.not_assessed == ("6.4",)
    assert r.item("6.4").detail.answer is None
    assert r.item("6.4").assessed is False
    annual = {a.category_id: a for a in r.breakdown.areas}["annual_assessment"]
    assert (annual.compliant, annual.unanswered) == (3, 1)


def test_invalid_result_word_is_input_error(api, tmp_path):
    from jingban.errors import InputError

    text = evidence().replace(
        '[checklist."3.2"]\nresult = "compliant"', '[checklist."3.2"]\nresult = "ok"'
    )
    assert 'result = "ok"' in text
    with pytest.raises(InputError) as exc:
        api.assess_toml(REGION, text, base_dir=tmp_path)
    msg = str(exc.value)
    assert "\n" not in msg
    assert "3.2" in msg and "result" in msg


def test_unknown_point_is_input_error(api, tmp_path):
    """The attachment has no point 3.7."""
    from jingban.errors import InputError

    text = evidence() + '[checklist."3.7"]\nresult = "compliant"\nreason = "x"\n'
    with pytest.raises(InputError) as exc:
        api.assess_toml(REGION, text, base_dir=tmp_path)
    assert "3.7" in str(exc.value)


def test_settle_returns_no_money(api):
    """方案 三: the checklist carries no money; settle() gives a kind "none" settlement."""
    s = api.settle(REGION, score="0", fee="0")
    assert s is not None
    assert s.kind == "none"
    assert s.grade is None
