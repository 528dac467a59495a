"""Tianjin LTC agency assessment (天津市长期护理保险委托经办机构考核清算办法, 2024 draft for comment).

Every expected value below is worked out by hand in the docstring or comment next to it.

The draft fixes the frame: the total is the weighted average of the agency's, the district
sub-centre's and the city service centre's scores (第十四条), on 100 points; indicators and weights are
set by the city centre (第十五条); the fee link is in the service agreement (第十八条); fund losses come
off the service fee (第十九条); a mid-year change of agency is settled at year end (第十六条); poor
results bring an interview, rectification or termination (第二十条). The numbers (weights, grades, bands)
come from the agreement file the evidence names; the example agreement's are illustrations.
"""

from __future__ import annotations

import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from jingban.api import assess, assess_toml
from jingban.errors import InputError

REGION = "tianjin_ltc"
ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "tianjin_ltc"
RULES = ROOT / "plugins" / "tianjin_ltc" / "src" / "jingban_tianjin_ltc" / "rules.toml"
DOC = "天津市长期护理保险委托经办机构考核清算办法（征求意见稿）"

EXAMPLE_INDICATORS = (
    "D1.1", "D1.2", "D2.1", "D2.2", "D2.3", "D2.4", "D3.1", "D3.2",
    "D4.1", "D4.2", "D5.1", "D5.2", "D5.3", "D6.1", "D6.2",
)
LEVELS = ("agency", "district", "city")


def money(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def clause(d) -> str:
    """The agreement's clause id of a deduction (the engine may prefix it with the level: "city:D6.2.1")."""
    return d.clause_id.rsplit(":", 1)[-1]


# ------------------------------------------------------------------------------------------------
# small hand-built agreements


def cit(article: str) -> str:
    return f'{{ document = "{DOC}", article = "{article}" }}'


GRADES_AND_SETTLEMENT = f"""
[[grades]]
id = "excellent"
title_zh = "优秀"
title_en = "Excellent"
min = "90"
citation = {cit("第十八条")}

[[grades]]
id = "good"
title_zh = "良好"
title_en = "Good"
min = "80"
max = "90"
citation = {cit("第十八条")}

[[grades]]
id = "pass"
title_zh = "合格"
title_en = "Pass"
min = "60"
max = "80"
citation = {cit("第十八条")}

[[grades]]
id = "fail"
title_zh = "不合格"
title_en = "Fail"
max = "60"
citation = {cit("第十八条")}

[settlement]
kind = "withheld_share"
fee_title_zh = "委托经办服务费"
fee_title_en = "agency service fee"
withheld_rate = "0.10"
withheld_title_zh = "考核清算预留服务费"
withheld_title_en = "service fee withheld"
returned_to_fund = true
step = "0.5"
partial_step = "floor"
proration = "{{proration}}"
fund_loss_consequence = "fund_loss_deduction"
citation = {cit("第十八条")}

  [[settlement.bands]]
  min = "90"
  rate = "0"
  citation = {cit("第十八条")}

  [[settlement.bands]]
  min = "80"
  max = "90"
  reference = "90"
  rate_per_step = "0.01"
  citation = {cit("第十八条")}

  [[settlement.bands]]
  min = "60"
  max = "80"
  reference = "80"
  base_rate = "0.20"
  rate_per_step = "0.02"
  consequences = ["interview"]
  citation = {cit("第二十条")}

  [[settlement.bands]]
  max = "60"
  rate = "1"
  consequences = ["interview", "terminate"]
  citation = {cit("第二十条")}

[[consequences]]
id = "interview"
title_zh = "约谈"
title_en = "Interview"
severity = "warning"
citation = {cit("第二十条")}

[[consequences]]
id = "terminate"
title_zh = "终止合作协议"
title_en = "Agreement ended"
severity = "termination"
citation = {cit("第二十条")}

[[consequences]]
id = "fund_loss_deduction"
title_zh = "基金损失从服务费中扣除"
title_en = "Fund losses off the fee"
severity = "warning"
citation = {cit("第十九条")}
"""


def agreement_toml(
    levels=(("agency", "0.2"), ("district", "0.3"), ("city", "0.5")),
    dimensions=(
        ("D1", "0.6", (("D1.1", "0.5", ()), ("D1.2", "0.5", ()))),
        ("D2", "0.4", (("D2.1", "1", (("D2.1.1", "10", "commitment_posts_vacant"),)),)),
    ),
    proration: str = "days",
    example: bool = False,
) -> str:
    """A small agreement. An indicator weight of None leaves the key out."""
    out = [
        "[agreement]",
        'id = "test-agreement"',
        f"example = {'true' if example else 'false'}",
        'title_zh = "测试协议"',
        'title_en = "Test agreement"',
        "signed = 2024-01-01",
        f"citation = {cit('第十五条')}",
        "",
    ]
    for lid, w in levels:
        out += ["[[levels]]", f'id = "{lid}"', f'title_zh = "{lid}"', f'title_en = "{lid}"',
                f'weight = "{w}"', f"citation = {cit('第十四条')}", ""]
    for did, w, indicators in dimensions:
        out += ["[[dimensions]]", f'id = "{did}"', f'title_zh = "{did}"', f'title_en = "{did}"',
                f'weight = "{w}"', f"citation = {cit('第五条')}", ""]
        for iid, iw, clauses in indicators:
            out += ["[[dimensions.indicators]]", f'id = "{iid}"', f'title_zh = "{iid}"', f'title_en = "{iid}"']
            if iw is not None:
                out.append(f'weight = "{iw}"')
            out += [f"citation = {cit('第七条')}", ""]
            for cid, points, fact in clauses:
                out += ["[[dimensions.indicators.clauses]]", f'id = "{cid}"', f'title_zh = "{cid}"',
                        f'title_en = "{cid}"', f'points = "{points}"', 'per = "case"', f'fact = "{fact}"',
                        f"citation = {cit('第十一条')}", ""]
    out.append(GRADES_AND_SETTLEMENT.replace("{proration}", proration))
    return "\n".join(out)


def evidence_toml(scores: dict[str, dict[str, str]], *, fee: str = "1000000.00", extra: str = "",
                  agreement: str | None = "agreement.toml") -> str:
    lines = ["schema = 1", f'region = "{REGION}"', 'agency = "测试机构"', f'fee = "{fee}"']
    if agreement is not None:
        lines.append(f'agreement = "{agreement}"')
    lines += ["", "[period]", "from = 2024-01-01", "to = 2024-12-31", ""]
    for level, leaves in scores.items():
        lines.append(f"[scores.{level}]")
        lines += [f'"{k}" = "{v}"' for k, v in leaves.items()]
        lines.append("")
    lines.append(extra)
    return "\n".join(lines)


# Commitments all kept: every commitment_* fact is 0.
KEPT = """
[commitments]
contract_signed = 2024-01-02

[[commitments.staffing]]
post = "稽核岗"
promised = 3
actual = 3
"""

# One promised post with nobody in it: commitment_posts_vacant = 1.
ONE_VACANT = """
[commitments]
contract_signed = 2024-01-02

[[commitments.staffing]]
post = "失能评估岗"
promised = 2
actual = 0
"""

SMALL_SCORES = {
    "agency": {"D1.1": "90", "D1.2": "80", "D2.1": "100"},
    "district": {"D1.1": "85", "D1.2": "75", "D2.1": "100"},
    "city": {"D1.1": "80", "D1.2": "70", "D2.1": "100"},
}


def run_small(tmp_path, scores=SMALL_SCORES, extra=ONE_VACANT, fee="1000000.00", **agreement_kw):
    (tmp_path / "agreement.toml").write_text(agreement_toml(**agreement_kw), encoding="utf-8")
    return assess_toml(REGION, evidence_toml(scores, fee=fee, extra=extra), base_dir=tmp_path)


# ------------------------------------------------------------------------------------------------
# the weighted tree (第十四条, 第十五条)


def test_weighted_total_of_a_small_agreement(tmp_path):
    """第十四条: total = weighted average of the three levels' scores.

    Levels 0.2 / 0.3 / 0.5; D1 (0.6) = 0.5 D1.1 + 0.5 D1.2; D2 (0.4) = D2.1, which loses 10 per vacant
    promised post (one vacant -> 100 - 10 = 90 at every level).
      agency   = 0.6 x (45 + 40)   + 0.4 x 90 = 51 + 36 = 87
      district = 0.6 x (42.5 + 37.5) + 0.4 x 90 = 48 + 36 = 84
      city     = 0.6 x (40 + 35)   + 0.4 x 90 = 45 + 36 = 81
      total    = 0.2 x 87 + 0.3 x 84 + 0.5 x 81 = 17.4 + 25.2 + 40.5 = 83.10 -> 良好 (80..90)
    """
    r = run_small(tmp_path)
    assert r.total == Decimal("83.10")
    assert r.grade.id == "good"
    assert r.provisional is False
    assert r.not_assessed == ()
    # leaves are "<level>:<indicator>", each scored out of 100
    leaf = r.item("city:D1.2")
    assert leaf.max == Decimal("100")
    assert leaf.score == Decimal("70")
    # effective weight = level x dimension x indicator
    assert r.item("agency:D1.1").weight == Decimal("0.2") * Decimal("0.6") * Decimal("0.5")  # 0.06
    assert r.item("city:D2.1").weight == Decimal("0.5") * Decimal("0.4") * Decimal("1")  # 0.2
    assert sum(i.weight for i in r.items) == Decimal("1")
    # the clause deducts at every level (第十一条 commitments)
    for level in LEVELS:
        it = r.item(f"{level}:D2.1")
        assert it.score == Decimal("90")
        assert [(clause(d), d.points) for d in it.deductions] == [("D2.1.1", Decimal("10"))]


def test_a_leaf_scored_below_100_shows_the_points_it_lost(tmp_path):
    """第十四条 百分制: a leaf the city scored 70 of 100 shows one line of 100 - 70 = 30 points lost,
    citing the indicator; a leaf scored 100 has no such line (D2.1 keeps only its clause's 10)."""
    r = run_small(tmp_path)
    assert [(clause(d), d.points) for d in r.item("city:D1.2").deductions] == [("D1.2.score", Decimal("30"))]
    assert [clause(d) for d in r.item("city:D2.1").deductions] == ["D2.1.1"]


def test_a_leaf_may_be_scored_at_the_top_level_by_its_full_id(tmp_path):
    """A leaf is "<level>:<indicator>"; `"city:D1.2" = "0.5"` under [scores] scores the same leaf as
    "D1.2" under [scores.city] (any score 0..100, fractions too, 第十四条 百分制): it loses 99.5."""
    scores = {k: dict(v) for k, v in SMALL_SCORES.items()}
    del scores["city"]["D1.2"]
    (tmp_path / "agreement.toml").write_text(agreement_toml(), encoding="utf-8")
    ev = evidence_toml(scores, extra=ONE_VACANT).replace("[scores.agency]", '[scores]\n"city:D1.2" = "0.5"\n[scores.agency]')
    r = assess_toml(REGION, ev, base_dir=tmp_path)
    assert r.item("city:D1.2").score == Decimal("0.5")
    assert [(clause(d), d.points) for d in r.item("city:D1.2").deductions] == [("D1.2.score", Decimal("99.5"))]


def test_total_rounds_half_up(tmp_path):
    """第十四条 百分制, total to 2 places ROUND_HALF_UP.

    One dimension, D1.1 weight 0.15, D1.2 weight 0.85.
      agency = district = 0.15 x 80 + 0.85 x 85 = 12 + 72.25 = 84.25
      city   = 0.15 x 73 + 0.85 x 85 = 10.95 + 72.25 = 83.20
      total  = 0.2 x 84.25 + 0.3 x 84.25 + 0.5 x 83.20 = 16.85 + 25.275 + 41.6 = 83.725 -> 83.73
    (half-even would give 83.72)
    """
    dims = (("D1", "1", (("D1.1", "0.15", ()), ("D1.2", "0.85", ()))),)
    scores = {
        "agency": {"D1.1": "80", "D1.2": "85"},
        "district": {"D1.1": "80", "D1.2": "85"},
        "city": {"D1.1": "73", "D1.2": "85"},
    }
    r = run_small(tmp_path, scores=scores, extra="", dimensions=dims)
    assert r.total == Decimal("83.73")


def test_clause_deductions_stop_at_zero(tmp_path):
    """扣完为止: 12 vacant posts x 10 = 120 > 100, so D2.1 scores 0, never below.

      each level: 0.6 x D1 + 0.4 x 0;  agency 51, district 48, city 45
      total = 0.2 x 51 + 0.3 x 48 + 0.5 x 45 = 10.2 + 14.4 + 22.5 = 47.10 -> 不合格
    """
    staffing = "\n".join(
        f'[[commitments.staffing]]\npost = "岗位{i}"\npromised = 1\nactual = 0\n' for i in range(12)
    )
    extra = "[commitments]\ncontract_signed = 2024-01-02\n\n" + staffing
    r = run_small(tmp_path, extra=extra)
    for level in LEVELS:
        assert r.item(f"{level}:D2.1").score == Decimal("0")
    assert r.total == Decimal("47.10")
    assert r.grade.id == "fail"


# ------------------------------------------------------------------------------------------------
# bad agreements: one line naming the agreement file and where


def _error(tmp_path, **agreement_kw) -> str:
    with pytest.raises(InputError) as exc:
        run_small(tmp_path, **agreement_kw)
    msg = str(exc.value)
    assert "\n" not in msg
    assert "agreement.toml" in msg
    return msg


def test_level_weights_must_add_up_to_one(tmp_path):
    """第十四条 weighted average: 0.2 + 0.3 + 0.4 = 0.9 is not an average."""
    msg = _error(tmp_path, levels=(("agency", "0.2"), ("district", "0.3"), ("city", "0.4")))
    assert "levels" in msg


def test_dimension_weights_must_add_up_to_one(tmp_path):
    """第五条 six dimensions, weights set by the agreement (第十五条): 0.6 + 0.3 = 0.9."""
    dims = (
        ("D1", "0.6", (("D1.1", "0.5", ()), ("D1.2", "0.5", ()))),
        ("D2", "0.3", (("D2.1", "1", ()),)),
    )
    msg = _error(tmp_path, dimensions=dims)
    assert "dimensions" in msg


def test_indicator_weights_of_a_dimension_must_add_up_to_one(tmp_path):
    """D3's indicators carry only 0.5 of its weight (an indicator's share is missing)."""
    dims = (
        ("D1", "0.5", (("D1.1", "0.5", ()), ("D1.2", "0.5", ()))),
        ("D2", "0.3", (("D2.1", "1", ()),)),
        ("D3", "0.2", (("D3.1", "0.5", ()),)),
    )
    msg = _error(tmp_path, dimensions=dims)
    assert "D3" in msg


def test_indicator_without_weight_is_refused(tmp_path):
    """Every indicator states its weight (第十五条: the work plan sets 指标和权重)."""
    dims = (
        ("D1", "0.6", (("D1.1", "0.5", ()), ("D1.2", "0.5", ()))),
        ("D2", "0.4", (("D2.1", None, ()),)),
    )
    msg = _error(tmp_path, dimensions=dims)
    assert "indicators" in msg and "weight" in msg


def test_missing_agreement_file_is_named(tmp_path):
    with pytest.raises(InputError) as exc:
        assess_toml(REGION, evidence_toml(SMALL_SCORES, agreement="no-such-agreement.toml"), base_dir=tmp_path)
    assert "no-such-agreement.toml" in str(exc.value)


def test_evidence_must_name_an_agreement(tmp_path):
    """第十五条 / 第十八条: without the agreement there are no weights and no fee terms."""
    with pytest.raises(InputError) as exc:
        assess_toml(REGION, evidence_toml(SMALL_SCORES, agreement=None), base_dir=tmp_path)
    assert "agreement" in str(exc.value)


def test_unknown_level_is_refused(tmp_path):
    scores = dict(SMALL_SCORES, province={"D1.1": "90"})
    with pytest.raises(InputError) as exc:
        run_small(tmp_path, scores=scores)
    assert "province" in str(exc.value)


def test_unknown_indicator_is_refused(tmp_path):
    scores = {k: dict(v) for k, v in SMALL_SCORES.items()}
    scores["city"]["D9.9"] = "90"
    with pytest.raises(InputError) as exc:
        run_small(tmp_path, scores=scores)
    assert "D9.9" in str(exc.value)


def test_score_above_100_is_refused(tmp_path):
    """第十四条 百分制: a leaf scores 0..100."""
    scores = {k: dict(v) for k, v in SMALL_SCORES.items()}
    scores["district"]["D1.1"] = "101"
    with pytest.raises(InputError) as exc:
        run_small(tmp_path, scores=scores)
    assert "D1.1" in str(exc.value)


# ------------------------------------------------------------------------------------------------
# provisional results


def test_leaf_not_scored_by_one_level_is_not_assessed(tmp_path):
    """The district did not score D1.2: that leaf is not assessed (never full marks), the result is
    provisional. Counted as 0 the total would be
      district = 0.6 x (42.5 + 0) + 0.4 x 90 = 25.5 + 36 = 61.5
      total    = 0.2 x 87 + 0.3 x 61.5 + 0.5 x 81 = 17.4 + 18.45 + 40.5 = 76.35
    which is the low end of the range (architecture.md, provisional results); the leaf's effective
    weight is 0.3 x 0.6 x 0.5 = 0.09, so at 100 the total would be 76.35 + 9 = 85.35. The range
    spans 合格 (60-80) and 良好 (80-90): no grade as a fact.
    """
    scores = {k: dict(v) for k, v in SMALL_SCORES.items()}
    del scores["district"]["D1.2"]
    r = run_small(tmp_path, scores=scores)
    assert r.provisional is True
    assert r.not_assessed == ("district:D1.2",)
    leaf = r.item("district:D1.2")
    assert leaf.assessed is False
    assert leaf.score is None
    assert r.item("agency:D1.2").score == Decimal("80")
    assert r.total == Decimal("76.35")
    assert (r.outlook.low, r.outlook.high) == (Decimal("76.35"), Decimal("85.35"))
    assert r.grade is None
    assert [g.id for g in r.outlook.grades] == ["good", "pass"]


def test_level_that_scored_nothing_leaves_its_rated_leaves_not_assessed(tmp_path):
    """The city gave no scores: its rated leaves are not assessed. city:D2.1 is counted from facts
    only (its one clause reads commitment_posts_vacant, which the evidence gives), so, as for every
    item whose clauses are all fact-counted (evidence-format), it is scored: 100 - 10 = 90."""
    scores = {k: v for k, v in SMALL_SCORES.items() if k != "city"}
    r = run_small(tmp_path, scores=scores)
    assert r.provisional is True
    assert set(r.not_assessed) == {"city:D1.1", "city:D1.2"}
    assert r.item("city:D2.1").score == Decimal("90")


# ------------------------------------------------------------------------------------------------
# the example agreement's grades and settlement bands, edge by edge


def uniform(tmp_path, score: str, fee: str = "1000000.00"):
    """Every leaf of the example agreement scored `score`: the total is `score` exactly, because the
    effective weights add up to 1 (levels 0.2+0.3+0.5, dimensions and indicators each add to 1)."""
    shutil.copy(EXAMPLES / "agreement-example.toml", tmp_path / "agreement.toml")
    scores = {lvl: {i: score for i in EXAMPLE_INDICATORS} for lvl in LEVELS}
    return assess_toml(REGION, evidence_toml(scores, fee=fee, extra=KEPT), base_dir=tmp_path)


BAND_CONSEQUENCES = {"interview", "rectification", "terminate"}


@pytest.mark.parametrize(
    "score, grade, rate, consequences",
    [
        # >= 90: all of the withheld 10% paid
        ("100", "excellent", "0", set()),
        ("90", "excellent", "0", set()),
        # 80..90: 1% per whole 0.5 below 90
        ("89.99", "good", "0", set()),          # 0.01 below: no whole step
        ("89.6", "good", "0", set()),           # 0.4 below: no whole step
        ("89.5", "good", "0.01", set()),        # 1 step
        ("85", "good", "0.10", set()),          # 10 steps
        ("80.01", "good", "0.19", set()),       # 9.99 / 0.5 = 19.98 -> 19 steps
        ("80", "good", "0.20", set()),          # 20 steps
        # 70..80: 20% + 2% per whole 0.5 below 80, interview
        ("79.99", "pass", "0.20", {"interview"}),
        ("79.5", "pass", "0.22", {"interview"}),
        ("70", "pass", "0.60", {"interview"}),  # 20% + 20 x 2%
        # 60..70: same steps, plus rectification
        ("69.99", "pass", "0.60", {"interview", "rectification"}),  # 10.01 / 0.5 -> 20 steps
        ("69.5", "pass", "0.62", {"interview", "rectification"}),   # 21 steps
        ("60", "pass", "1", {"interview", "rectification"}),  # 20% + 40 x 2% = 100%
        # < 60: all withheld money kept, agreement ended
        ("59.99", "fail", "1", {"interview", "rectification", "terminate"}),
        ("0", "fail", "1", {"interview", "rectification", "terminate"}),
    ],
)
def test_example_agreement_grade_and_band_edges(tmp_path, score, grade, rate, consequences):
    """Example agreement (第十八条 leaves the terms to it; 第二十条 interview/rectification/termination).
    Fee 1,000,000.00 -> withheld 10% = 100,000.00; deducted = 100,000.00 x rate."""
    r = uniform(tmp_path, score)
    assert r.total == Decimal(score)
    assert r.grade.id == grade
    s = r.settlement
    assert s.base == Decimal("1000000.00")
    assert s.withheld == Decimal("100000.00")
    assert s.deduction_rate == Decimal(rate)
    assert s.deducted == money(Decimal("100000.00") * Decimal(rate))
    assert s.paid == Decimal("100000.00") - s.deducted
    assert s.fund_losses == Decimal("0")
    assert {c.id for c in s.consequences} & BAND_CONSEQUENCES == consequences


def test_example_agreement_shows_a_banner(tmp_path):
    """example = true: every report warns the numbers are illustrations."""
    r = uniform(tmp_path, "95")
    assert any("example" in n.render("en").lower() for n in r.notices)


# ------------------------------------------------------------------------------------------------
# fund losses (第十九条) and mid-year changes (第十六条)

FUND_LOSSES = """
[[fund_losses]]
amount = "12000.00"
description = "违规支付"
reference = "审计报告 2024-07"

[[fund_losses]]
amount = "3000.50"
description = "虚假护理服务结算"
reference = "纪检通报 2024-10"
"""


def test_fund_losses_come_off_the_fee_on_top_of_the_band(tmp_path):
    """第十九条: losses from serious violations are deducted from the service fee (委托经办服务费), on
    top of the score's deduction from the withheld share.

    Small agreement, score 83.10 (see the first test): 90 - 83.10 = 6.9 -> 13 whole steps -> 13%.
      withheld = 1,000,000.00 x 10% = 100,000.00; deducted = 13,000.00; paid = 87,000.00
      fund losses = 12,000.00 + 3,000.50 = 15,000.50, a separate line taken from the fee
      back to the fund = 13,000.00 + 15,000.50 = 28,000.50
      the agency keeps 1,000,000.00 - 13,000.00 - 15,000.50 = 971,999.50 of the year's fee
    """
    r = run_small(tmp_path, extra=ONE_VACANT + FUND_LOSSES)
    s = r.settlement
    assert r.total == Decimal("83.10")
    assert s.withheld == Decimal("100000.00")
    assert s.deduction_rate == Decimal("0.13")
    assert s.deducted == Decimal("13000.00")
    assert s.paid == Decimal("87000.00")
    assert s.fund_losses == Decimal("15000.50")
    assert s.returned_to_fund == Decimal("28000.50")
    assert s.base - s.deducted - s.fund_losses == Decimal("971999.50")
    assert "fund_loss_deduction" in {c.id for c in s.consequences}


def test_fund_losses_larger_than_the_withheld_share(tmp_path):
    """第十九条 takes the losses from the service fee, not from the withheld share only: a loss of
    95,000.00 is more than the 87,000.00 the score leaves of the withheld share, and is still taken
    in full (from the fee as a whole); the score's payout of the withheld share is unchanged.
    """
    extra = ONE_VACANT + '\n[[fund_losses]]\namount = "95000.00"\ndescription = "骗保"\n'
    s = run_small(tmp_path, extra=extra).settlement
    assert s.deducted == Decimal("13000.00")
    assert s.paid == Decimal("87000.00")
    assert s.fund_losses == Decimal("95000.00")
    assert s.returned_to_fund == Decimal("108000.00")


def test_no_fund_losses_no_fund_loss_consequence(tmp_path):
    s = run_small(tmp_path).settlement
    assert s.fund_losses == Decimal("0")
    assert "fund_loss_deduction" not in {c.id for c in s.consequences}


MIDYEAR = """
[service_period]
from = 2024-07-01
to = 2024-12-31
"""


def test_midyear_change_prorates_the_fee_by_days(tmp_path):
    """第十六条: an agency that took over mid-year is settled at year end for the part it served.
    proration = "days": 2024-07-01..2024-12-31 is 184 of 2024's 366 days (both ends counted).
      base = 1,830,000.00 x 184 / 366 = 920,000.00; withheld = 92,000.00
      score 83.10 -> 13% -> deducted 11,960.00; paid 80,040.00
    """
    s = run_small(tmp_path, extra=ONE_VACANT + MIDYEAR, fee="1830000.00").settlement
    assert s.annual_fee == Decimal("1830000.00")
    assert s.base == Decimal("920000.00")
    assert s.withheld == Decimal("92000.00")
    assert s.deducted == Decimal("11960.00")
    assert s.paid == Decimal("80040.00")


def test_midyear_change_days_with_rounding(tmp_path):
    """2024-03-15..2024-12-31 = 17+30+31+30+31+31+30+31+30+31 = 292 days of 366.
      base = 1,000,000.00 x 292 / 366 = 797,814.207...; withheld = 10% = 79,781.42 (half up)
    """
    extra = ONE_VACANT + "\n[service_period]\nfrom = 2024-03-15\nto = 2024-12-31\n"
    s = run_small(tmp_path, extra=extra, fee="1000000.00").settlement
    assert s.withheld == Decimal("79781.42")
    # 13% of the withheld money, rounded half up: 79,781.42 x 0.13 = 10,371.5846 -> 10,371.58
    assert s.deducted == Decimal("10371.58")
    assert s.paid == Decimal("69409.84")


def test_midyear_change_prorates_by_months(tmp_path):
    """proration = "months": July..December = 6 of 12 months.
      base = 1,830,000.00 x 6 / 12 = 915,000.00; withheld = 91,500.00
    """
    s = run_small(tmp_path, extra=ONE_VACANT + MIDYEAR, fee="1830000.00", proration="months").settlement
    assert s.base == Decimal("915000.00")
    assert s.withheld == Decimal("91500.00")


def test_midyear_change_without_proration(tmp_path):
    """proration = "none": the fee in the evidence is already the part-year fee."""
    s = run_small(tmp_path, extra=ONE_VACANT + MIDYEAR, fee="1830000.00", proration="none").settlement
    assert s.base == Decimal("1830000.00")
    assert s.withheld == Decimal("183000.00")


def test_service_period_outside_the_assessment_year_is_refused(tmp_path):
    extra = ONE_VACANT + "\n[service_period]\nfrom = 2024-07-01\nto = 2025-01-31\n"
    with pytest.raises(InputError) as exc:
        run_small(tmp_path, extra=extra)
    assert "service_period" in str(exc.value)


# ------------------------------------------------------------------------------------------------
# the shipped examples (worked out in examples/tianjin_ltc/README.md)


def test_example_heping():
    """2024-heping.toml with the example agreement.

    D6.2 loses 10 x 1 vacant post + 2 x 3 persons short + 5 x 1 office item + 5 x 1 late step = 26 -> 74.
    Level scores: agency 92.025, district 87.895, city 85.855;
    total = 0.2 x 92.025 + 0.3 x 87.895 + 0.5 x 85.855 = 18.405 + 26.3685 + 42.9275 = 87.701 -> 87.70, 良好.
    Settlement: withheld 240,000.00; 90 - 87.70 = 2.3 -> 4 steps -> 4% -> 9,600.00;
    paid 240,000.00 - 9,600.00 = 230,400.00; fund losses 12,000.00 (第十九条) come off the fee besides;
    back to the fund 9,600.00 + 12,000.00 = 21,600.00.
    """
    r = assess(REGION, str(EXAMPLES / "2024-heping.toml"))
    assert r.total == Decimal("87.70")
    assert r.grade.id == "good"
    assert r.provisional is False
    assert len(r.items) == 45
    for level in LEVELS:
        it = r.item(f"{level}:D6.2")
        assert it.score == Decimal("74")
        assert sorted((clause(d), d.points) for d in it.deductions) == [
            ("D6.2.1", Decimal("10")),
            ("D6.2.2", Decimal("6")),
            ("D6.2.3", Decimal("5")),
            ("D6.2.4", Decimal("5")),
        ]
    assert r.item("city:D6.2").weight == Decimal("0.045")  # 0.5 x 0.15 x 0.6
    s = r.settlement
    assert s.base == Decimal("2400000.00")
    assert s.withheld == Decimal("240000.00")
    assert s.deduction_rate == Decimal("0.04")
    assert s.deducted == Decimal("9600.00")
    assert s.paid == Decimal("230400.00")
    assert s.fund_losses == Decimal("12000.00")
    assert s.returned_to_fund == Decimal("21600.00")
    ids = {c.id for c in s.consequences}
    assert "fund_loss_deduction" in ids
    assert ids & BAND_CONSEQUENCES == set()


def test_example_midyear():
    """2024-midyear.toml: level scores agency 87.16, district 79.23, city 75.88;
    total = 17.432 + 23.769 + 37.94 = 79.141 -> 79.14, 合格.
    base = 1,830,000.00 x 184/366 = 920,000.00; withheld 92,000.00;
    80 - 79.14 = 0.86 -> 1 step -> 20% + 2% = 22% -> 20,240.00; paid 71,760.00; interview (第二十条).
    """
    r = assess(REGION, str(EXAMPLES / "2024-midyear.toml"))
    assert r.total == Decimal("79.14")
    assert r.grade.id == "pass"
    assert r.provisional is False
    for level in LEVELS:
        assert r.item(f"{level}:D6.2").score == Decimal("100")
    s = r.settlement
    assert s.annual_fee == Decimal("1830000.00")
    assert s.base == Decimal("920000.00")
    assert s.withheld == Decimal("92000.00")
    assert s.deduction_rate == Decimal("0.22")
    assert s.deducted == Decimal("20240.00")
    assert s.paid == Decimal("71760.00")
    assert s.fund_losses == Decimal("0")
    assert s.returned_to_fund == Decimal("20240.00")
    assert {c.id for c in s.consequences} & BAND_CONSEQUENCES == {"interview"}


def test_example_agreement_weights_add_up():
    """The example agreement's weights: levels, dimensions and each dimension's indicators add to 1."""
    import tomllib

    data = tomllib.loads((EXAMPLES / "agreement-example.toml").read_text(encoding="utf-8"))
    assert data["agreement"]["example"] is True
    assert sum(Decimal(x["weight"]) for x in data["levels"]) == 1
    assert [d["title_zh"] for d in data["dimensions"]] == [
        "内部制度建设及执行", "经办管理和服务能力", "信息管理", "基金管理", "风险防控", "投标承诺兑现",
    ]  # 第五条, in its order
    assert sum(Decimal(d["weight"]) for d in data["dimensions"]) == 1
    for d in data["dimensions"]:
        assert 2 <= len(d["indicators"]) <= 4
        assert sum(Decimal(i["weight"]) for i in d["indicators"]) == 1, d["id"]
    assert tuple(i["id"] for d in data["dimensions"] for i in d["indicators"]) == EXAMPLE_INDICATORS


# ------------------------------------------------------------------------------------------------
# the region's own rules file: only what the draft states


def test_rules_file_states_no_numbers_of_its_own():
    """第十五条 leaves indicators and weights to the city centre, 第十八条 the fee link to the
    agreement: the rules file has no items, grades or bands, only the frame and the consequences."""
    from jingban.rulesfile import load_rules

    rs = load_rules(RULES)
    assert rs.region.id == REGION
    assert rs.region.aggregation == "weighted_tree"
    assert rs.region.max == Decimal("100")
    assert rs.region.points_places == 2
    assert "draft" in rs.region.note.lower()
    assert rs.items == ()
    assert rs.grades == ()
    assert rs.settlement.kind == "none"
    articles = {c.id: c.citation.article for c in rs.consequences}
    assert articles == {
        "notify": "第十八条",
        "fund_loss_deduction": "第十九条",
        "interview": "第二十条",
        "rectification": "第二十条",
        "terminate": "第二十条",
        "industry_referral": "第二十条",
    }
