"""Taicang (太人社医[2018]3号): hand-computed checks of the rules data.

Section 四: total 100 (基础工作 30 + 项目合作/主要工作 70) plus at most 5 bonus points; 5% of the
annual service income (年度服务性收益) is withheld (考核暂留款); >= 95 paid in full; 80 (inclusive)
to under 95: 2% of the holdback per 0.5 point below 95; below 80: all withheld and the contract ends.
Annex (考核评分标准): each item = max x (0.5 有制度 + 0.3 有落实 + 0.2 服务好); numeric requirements
cap the 有落实 rating at 1 - (sum of failed shares). Interpretations: docs/interpretations.md.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from jingban.api import assess, assess_toml, settle
from jingban.errors import InputError

REGION = "taicang"
ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "taicang" / "2024.toml"
FEE = "3200000"
WITHHELD = D("160000.00")  # 3,200,000 x 5% (section 四)

ITEMS = (
    "internal_management", "staffing", "conduct", "information_security", "confidentiality",
    "benefit_payout", "remote_audit", "chronic_disease", "routine_inspection", "hospital_reps",
    "expert_review", "smart_review", "window_assist",
)

# Every numeric requirement of the annex, each exactly at its threshold (so each passes).
PASSING_FACTS = {
    "staff_monthly_avg": '"23"',                         # 经办配备 2: >= 23
    "staff_medical_share": '"0.8"',                      # 经办配备 3: >= 80%
    "staff_by_post_payout": "4",                         # 大病保险金兑付 1
    "late_claims": "0",                                  # 大病保险金兑付 3
    "staff_by_post_remote_audit": "1",                   # 异地稽核 1: 1-2 (lower bound)
    "remote_cash_over_10k_verification_rate": '"0.5"',   # 异地稽核 5: >= 50%
    "staff_by_post_health_management": "1",              # 慢性病预防与管理 1
    "staff_by_post_inspection": "1",                     # 日常巡查 1
    "staff_by_post_hospital_rep": "4",                   # 驻院代表外伤协查 1
    "staff_by_post_expert_review": "1",                  # 专家评审 1
    "case_reviews_held": "8",                            # 专家评审 3: >= 8
    "case_reviews_critical_illness": "2",                # 专家评审 3: of which >= 2
    "staff_by_post_smart_review": "2",                   # 智能审核 1
    "staff_by_post_window_settlement": "5",              # 窗口协助 1
}


def evidence(ratings=None, facts=None, bonus=(), omit=()) -> str:
    """Evidence with every item rated 1/1/1 unless overridden; `omit` items get no rating at all."""
    ratings = ratings or {}
    fact_values = {**PASSING_FACTS, **(facts or {})}
    rated = [i for i in ITEMS if i not in omit]
    lines = [
        "schema = 1",
        f'region = "{REGION}"',
        'agency = "测试保险公司太仓支公司"',
        f'fee = "{FEE}"',
        "inspected = [" + ", ".join(f'"{i}"' for i in rated) + "]",
        "[period]",
        "from = 2024-01-01",
        "to = 2024-12-31",
        "[facts]",
    ]
    lines += [f"{k} = {v}" for k, v in fact_values.items()]
    for item in rated:
        s, i, v = ratings.get(item, ("1", "1", "1"))
        lines += [f"[ratings.{item}]", f'system = "{s}"', f'implemented = "{i}"', f'service = "{v}"']
    for kind, points in bonus:
        lines += ["[[bonus]]", f'kind = "{kind}"', f'points = "{points}"', 'description = "测试"']
    return "\n".join(lines) + "\n"


def run(tmp_path, options=None, **kw):
    return assess_toml(REGION, evidence(**kw), base_dir=tmp_path, options=options)


# ---------------------------------------------------------------- settlement edges (section 四)

def test_95_is_paid_in_full():
    """四: 95分（含）以上，全额拨付考核暂留款."""
    s = settle(REGION, score="95", fee=FEE)
    assert s.grade.id == "full_payout"
    assert s.withheld == WITHHELD
    assert s.deduction_rate == D("0")
    assert s.deducted == D("0.00")
    assert s.paid == WITHHELD
    assert s.consequences == ()
    assert s.returned_to_fund is None  # 四 does not say the deducted money returns to the fund


def test_94_5_loses_one_step():
    """四: 95-80分, every 0.5 below 95 costs 2%: 94.5 -> 1 step -> 2% of 160,000 = 3,200."""
    s = settle(REGION, score="94.5", fee=FEE)
    assert s.grade.id == "stepped"
    assert s.deduction_rate == D("0.02")
    assert s.deducted == D("3200.00")
    assert s.paid == D("156800.00")
    assert s.consequences == ()


def test_80_is_the_last_stepped_score():
    """四: 80分（含） is in the stepped band: (95 - 80) / 0.5 = 30 steps x 2% = 60%."""
    s = settle(REGION, score="80", fee=FEE)
    assert s.grade.id == "stepped"
    assert s.deduction_rate == D("0.60")
    assert s.deducted == D("96000.00")
    assert s.paid == D("64000.00")
    assert s.consequences == ()


def test_79_5_loses_everything_and_ends_the_contract():
    """四: 80分以下, the whole holdback is deducted and the contract is terminated."""
    s = settle(REGION, score="79.5", fee=FEE)
    assert s.grade.id == "terminated"
    assert s.deduction_rate == D("1")
    assert s.deducted == WITHHELD
    assert s.paid == D("0.00")
    assert [c.id for c in s.consequences] == ["terminate_contract"]


def test_zero_score_is_terminated():
    """四: the lowest possible score is in the below-80 band."""
    s = settle(REGION, score="0", fee=FEE)
    assert s.grade.id == "terminated"
    assert s.paid == D("0.00")


def test_105_is_the_highest_score():
    """四 + annex footer 合计(100分+附加分): 100 plus at most 5 bonus points."""
    s = settle(REGION, score="105", fee=FEE)
    assert s.grade.id == "full_payout"
    assert s.paid == WITHHELD


def test_score_above_105_is_bad_input():
    """四: 100 points plus bonus 其它加分项目不超过5分 -> no score can exceed 105."""
    with pytest.raises(InputError):
        settle(REGION, score="105.5", fee=FEE)


def test_part_step_does_not_count_by_default():
    """四 每下降0.5分 (option partial_step=floor): 94.7 has not yet fallen a whole 0.5 -> 0%,
    but it is below 95, so the band is the stepped one."""
    s = settle(REGION, score="94.7", fee=FEE)
    assert s.grade.id == "stepped"
    assert s.deduction_rate == D("0")
    assert s.paid == WITHHELD
    # 80.2: 14.8 / 0.5 = 29.6 -> 29 whole steps -> 58% -> 92,800 deducted
    s = settle(REGION, score="80.2", fee=FEE)
    assert s.deduction_rate == D("0.58")
    assert s.deducted == D("92800.00")
    assert s.paid == D("67200.00")


def test_part_step_counts_as_one_when_ceil():
    """Option partial_step=ceil: 94.7 -> 1 step -> 2%; 80.2 -> 30 steps -> 60%."""
    s = settle(REGION, score="94.7", fee=FEE, options={"partial_step": "ceil"})
    assert s.deduction_rate == D("0.02")
    assert s.deducted == D("3200.00")
    s = settle(REGION, score="80.2", fee=FEE, options={"partial_step": "ceil"})
    assert s.deduction_rate == D("0.60")
    assert s.deducted == D("96000.00")


def test_money_rounds_to_cents():
    """Fee 1,234,567.89 x 5% = 61,728.3945 -> 61,728.39; at 90 (10 steps, 20%) 12,345.678 -> 12,345.68."""
    s = settle(REGION, score="90", fee="1234567.89")
    assert s.withheld == D("61728.39")
    assert s.deduction_rate == D("0.20")
    assert s.deducted == D("12345.68")
    assert s.paid == D("49382.71")


# ---------------------------------------------------------------- items and dimensions (annex)

def test_full_ratings_with_every_requirement_at_its_threshold_score_100(tmp_path):
    """Annex: 13 items, 30 + 70 = 100; each requirement met exactly at its number."""
    r = run(tmp_path)
    assert r.total == D("100.00")
    assert r.category("basic").score == D("30")
    assert r.category("project").score == D("70")
    assert r.bonus_total == D("0")
    assert r.provisional is False
    assert r.grade.id == "full_payout"
    assert r.settlement.paid == WITHHELD


def test_dimension_weights_50_30_20(tmp_path):
    """Annex header: 有制度 50%, 有落实 30%, 服务好 20%. conduct (10) rated 0.6/0.5/0.5:
    10 x (0.30 + 0.15 + 0.10) = 5.5."""
    r = run(tmp_path, ratings={"conduct": ("0.6", "0.5", "0.5")})
    assert r.item("conduct").score == D("5.5")
    assert r.total == D("95.50")


def test_failed_requirement_caps_implemented(tmp_path):
    """经办配备 2 (月平均不低于23人) is 1 of 5 points: 22.9 staff caps 有落实 at 0.8:
    8 x (0.5 + 0.3 x 0.8 + 0.2) = 7.52."""
    r = run(tmp_path, facts={"staff_monthly_avg": '"22.9"'})
    assert r.item("staffing").score == D("7.52")
    assert r.total == D("99.52")


def test_cap_does_not_raise_a_lower_rating(tmp_path):
    """The cap is a ceiling: 驻院代表 3 of 4 (cap 0.8) with 有落实 rated 0.5 stays 0.5:
    10 x (0.5 + 0.15 + 0.2) = 8.5."""
    r = run(tmp_path, facts={"staff_by_post_hospital_rep": "3"}, ratings={"hospital_reps": ("1", "0.5", "1")})
    assert r.item("hospital_reps").score == D("8.5")


def test_two_failed_requirements_add_their_shares(tmp_path):
    """大病保险金兑付 points 1 and 3 (of 4) both fail: cap 1 - 0.25 - 0.25 = 0.5:
    10 x (0.5 + 0.15 + 0.2) = 8.5."""
    r = run(tmp_path, facts={"staff_by_post_payout": "3", "late_claims": "1"})
    assert r.item("benefit_payout").score == D("8.5")


def test_remote_audit_verification_below_half(tmp_path):
    """异地稽核 5 (核查率不低于50%), 1 of 5 points: 0.49 caps 有落实 at 0.8 -> 10 x 0.94 = 9.4."""
    r = run(tmp_path, facts={"remote_cash_over_10k_verification_rate": '"0.49"'})
    assert r.item("remote_audit").score == D("9.4")


def test_one_to_two_staff_is_a_lower_bound(tmp_path):
    """异地稽核/慢性病/日常巡查 1: 配备1-2名 -> 3 staff is not a failure; 0 staff is.
    日常巡查 has 3 points: 0 staff caps 有落实 at 1 - 1/3 = 2/3 -> 10 x (0.5 + 0.3 x 2/3 + 0.2) = 9 (shares are exact thirds)."""
    r = run(tmp_path, facts={"staff_by_post_remote_audit": "3", "staff_by_post_inspection": "0"})
    assert r.item("remote_audit").score == D("10")
    assert r.item("routine_inspection").score == D("9")


def test_expert_review_point3_each_failure_costs_a_third(tmp_path):
    """专家评审 3 (8 reviews incl. 2 on critical illness), default each_full:
    only 1 critical-illness review -> cap 2/3 -> 10 x (0.5 + 0.2 + 0.2) = 9; both numbers short -> cap 1/3 -> 8."""
    r = run(tmp_path, facts={"case_reviews_critical_illness": "1"})
    assert r.item("expert_review").score == D("9")
    r = run(tmp_path, facts={"case_reviews_held": "7", "case_reviews_critical_illness": "1"})
    assert r.item("expert_review").score == D("8")


def test_expert_review_point3_split(tmp_path):
    """Option expert_review_point3=split: each number holds half of the 1/3 (1/6):
    one short -> cap 5/6 -> 10 x (0.5 + 0.3 x 5/6 + 0.2) = 9.5."""
    r = run(tmp_path, options={"expert_review_point3": "split"},
            facts={"case_reviews_critical_illness": "1"})
    assert r.item("expert_review").score == D("9.5")


def _lines(r, item_id):
    return [(d.clause_id, d.points, d.count) for d in r.item(item_id).deductions]


def test_each_dimension_below_1_is_one_line_of_its_weight(tmp_path):
    """Annex 评分标准: conduct (10) rated 0.6/0.5/0.5 loses 10 x 0.5 x 0.4 = 2 under 有制度,
    10 x 0.3 x 0.5 = 1.5 under 有落实, 10 x 0.2 x 0.5 = 1 under 服务好, one line each (count 1);
    a dimension rated 1 has no line at all."""
    r = run(tmp_path, ratings={"conduct": ("0.6", "0.5", "0.5"), "confidentiality": ("1", "0.5", "1")})
    assert _lines(r, "conduct") == [("conduct.system", D("2.0"), 1), ("conduct.implemented", D("1.5"), 1),
                                    ("conduct.service", D("1.0"), 1)]
    assert [c for c, _, _ in _lines(r, "confidentiality")] == ["confidentiality.implemented"]
    assert _lines(r, "information_security") == []


def test_a_rating_above_1_is_bad_input(tmp_path):
    """Each dimension is a share of the item (有制度 50% ...): a rating is 0..1, so 1.5 is refused
    naming the key."""
    with pytest.raises(InputError) as e:
        run(tmp_path, ratings={"conduct": ("1.5", "1", "1")})
    assert e.value.where == "ratings.conduct.system"


def test_a_missing_requirement_fact_gives_the_item_a_floor(tmp_path):
    """经办配备 2 and 3 (>= 23 staff; >= 80% medical) are 1 of 5 points each of 有落实 (share 0.2).
    With neither fact given, staffing (8) rated 1/1/1 scores 8 so far and may fall to
    8 - 8 x 0.3 x 0.4 = 7.04 if both fail; with 22 staff (failed) and the share missing, 7.52 so far
    (8 x (0.5 + 0.3 x 0.8 + 0.2)), again down to 7.04."""
    base = evidence()
    both = base.replace('staff_monthly_avg = "23"\n', "").replace('staff_medical_share = "0.8"\n', "")
    r = assess_toml(REGION, both, base_dir=tmp_path)
    assert (r.item("staffing").score, r.item("staffing").floor) == (D(8), D("7.04"))
    one = base.replace('staff_monthly_avg = "23"', 'staff_monthly_avg = "22"').replace('staff_medical_share = "0.8"\n', "")
    r = assess_toml(REGION, one, base_dir=tmp_path)
    assert (r.item("staffing").score, r.item("staffing").floor) == (D("7.52"), D("7.04"))


def test_the_capped_rating_is_shown_as_the_document_would_write_it(tmp_path):
    """The requirement line says where 有落实 was capped: 0.8 for one failed point of 5 (经办配备 2),
    2/3 for one of 3 (日常巡查 1, an exact third, not 0.6666...)."""
    r = run(tmp_path, facts={"staff_monthly_avg": '"22.9"', "staff_by_post_inspection": "0"})
    text = {i: next(d for d in r.item(i).deductions if d.clause_id.endswith(".requirements")).evidence.render("en")
            for i in ("staffing", "routine_inspection")}
    assert text["staffing"].endswith("rating capped at 0.8")
    assert text["routine_inspection"].endswith("rating capped at 2/3")
    # 经办配备 2 and 3 both failed: 1 - 0.2 - 0.2 = 0.6; 专家评审 3's split reading (1/6 each): 5/6
    r = run(tmp_path, facts={"staff_monthly_avg": '"22"', "staff_medical_share": '"0.7"'})
    assert next(d for d in r.item("staffing").deductions
                if d.clause_id.endswith(".requirements")).evidence.render("en").endswith("rating capped at 0.6")


def test_item_without_ratings_is_not_assessed(tmp_path):
    """An item the inspectors did not rate is not assessed (never full marks) and the result is provisional."""
    r = run(tmp_path, omit=("window_assist",))
    assert r.provisional is True
    assert r.not_assessed == ("window_assist",)
    it = r.item("window_assist")
    assert it.assessed is False
    assert it.score is None


# ---------------------------------------------------------------- bonus (section 四, annex 其他)

def test_bonus_claims_are_capped_at_5(tmp_path):
    """四: 其它加分项目不超过5分: 3 + 4 = 7 -> 5; total 100 + 5 = 105."""
    r = run(tmp_path, bonus=[("innovation", "3"), ("commendation", "4")])
    assert r.bonus_total == D("5")
    assert r.total == D("105.00")
    assert r.grade.id == "full_payout"


def test_single_bonus_claim_above_5_is_bad_input(tmp_path):
    """四: no bonus can be worth more than 5 points on its own."""
    with pytest.raises(InputError):
        run(tmp_path, bonus=[("green_channel", "5.5")])


def test_single_bonus_claim_of_5_is_fine(tmp_path):
    r = run(tmp_path, bonus=[("green_channel", "5")])
    assert r.bonus_total == D("5")


def test_unknown_bonus_kind_is_bad_input(tmp_path):
    """Annex 其他(附加分) lists four kinds only."""
    with pytest.raises(InputError):
        run(tmp_path, bonus=[("sponsorship", "1")])


def test_bonus_counts_toward_the_80_threshold(tmp_path):
    """Annex footer 合计(100分+附加分): the bands use the total with bonus. Items 78
    (conduct 0, smart_review 0, information_security 0: 100 - 10 - 10 - 2) + 2 bonus = 80 -> stepped, 60%,
    not terminated."""
    zero = ("0", "0", "0")
    r = run(tmp_path, ratings={"conduct": zero, "smart_review": zero, "information_security": zero},
            bonus=[("commendation", "2")])
    assert r.total == D("80.00")
    assert r.grade.id == "stepped"
    s = r.settlement
    assert s.deduction_rate == D("0.60")
    assert s.deducted == D("96000.00")
    assert s.paid == D("64000.00")
    assert s.consequences == ()


# ---------------------------------------------------------------- the example (examples/taicang/README.md)

EXAMPLE_ITEMS = {
    "internal_management": D("6.79"),   # 7 x (0.5 + 0.27 + 0.2)
    "staffing": D("7.52"),              # 8 x (0.5 + 0.3 x 0.8 + 0.2); 22.5 < 23 caps 1 -> 0.8
    "conduct": D("7.2"),                # 10 x (0.4 + 0.18 + 0.14)
    "information_security": D("2"),
    "confidentiality": D("2.88"),       # 3 x (0.5 + 0.3 + 0.16)
    "benefit_payout": D("8.85"),        # 10 x (0.5 + 0.3 x 0.75 + 0.16); 3 late claims cap 0.9 -> 0.75
    "remote_audit": D("8.2"),           # 10 x (0.4 + 0.3 x 0.8 + 0.18); 42% < 50% caps 0.9 -> 0.8
    "chronic_disease": D("4.1"),        # 5 x (0.4 + 0.24 + 0.18)
    "routine_inspection": D("8.7"),     # 10 x (0.5 + 0.21 + 0.16)
    "hospital_reps": D("8.9"),          # 10 x (0.5 + 0.21 + 0.18); 3 reps cap 0.8, rating 0.7 lower
    "expert_review": D("9"),            # 10 x (0.5 + 0.3 x 2/3 + 0.2); 1 critical review < 2
    "smart_review": D("7.7"),           # 10 x (0.4 + 0.21 + 0.16)
    "window_assist": D("4.8"),          # 5 x (0.5 + 0.3 + 0.16)
}


def test_example_2024():
    """examples/taicang/2024.toml: items 86.64 + bonus min(3 + 2.5, 5) = 91.64;
    (95 - 91.64) / 0.5 = 6.72 -> 6 whole steps -> 12% of 160,000 = 19,200; paid 140,800."""
    r = assess(REGION, EXAMPLE)
    for item_id, score in EXAMPLE_ITEMS.items():
        assert r.item(item_id).score == score, item_id
    assert sum(EXAMPLE_ITEMS.values()) == D("86.64")
    assert r.category("basic").score == D("26.39")
    assert r.category("project").score == D("60.25")
    assert r.bonus_total == D("5")
    assert r.total == D("91.64")
    assert r.provisional is False
    assert r.not_assessed == ()
    assert r.grade.id == "stepped"
    s = r.settlement
    assert s.base == D("3200000.00")
    assert s.withheld == D("160000.00")
    assert s.deduction_rate == D("0.12")
    assert s.deducted == D("19200.00")
    assert s.paid == D("140800.00")
    assert s.returned_to_fund is None
    assert s.consequences == ()


def test_example_2024_with_ceil():
    """Same file, option partial_step=ceil: 6.72 -> 7 steps -> 14% -> 22,400 deducted, 137,600 paid."""
    r = assess(REGION, EXAMPLE, options={"partial_step": "ceil"})
    assert r.total == D("91.64")
    assert r.settlement.deduction_rate == D("0.14")
    assert r.settlement.deducted == D("22400.00")
    assert r.settlement.paid == D("137600.00")
