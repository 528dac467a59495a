"""What is at stake (jingban.stakes): the settlement's arithmetic, what each finding and count
cost, the scores where the money changes, and the charts drawn from them. The values are the
examples' hand-computed results (examples/<region>/README.md) and the articles they cite."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jingban.api import registry, rules
from jingban.cli import main
from jingban.engine import assess_evidence
from jingban.evidence import load_evidence, parse_evidence
from jingban.logsetup import configure
from jingban.report import charts
from jingban.stakes import Span

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
QHD = EX / "qinhuangdao" / "2024-resident.toml"
TC = EX / "taicang" / "2024.toml"
TJ = EX / "tianjin_ltc" / "2024-heping.toml"
TJ_MID = EX / "tianjin_ltc" / "2024-midyear.toml"
TJ_AGREEMENT = EX / "tianjin_ltc" / "agreement-example.toml"
KF = EX / "kaifeng_checklist" / "2020-self-inspection.toml"
D = Decimal
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _restore_logging():
    yield
    configure()


def assessed(region: str, path: Path, options=None, evidence=None):
    ev = evidence if evidence is not None else load_evidence(path)
    return assess_evidence(registry(), region, ev, options or {}, stakes=True)


def steps(r) -> dict[str, Decimal]:
    return {s.id: s.value for s in r.stakes.steps}


def figures(r, step_id: str) -> dict[str, Decimal]:
    return dict(next(s for s in r.stakes.steps if s.id == step_id).figures)


def cost(r, cid: str):
    return next(c for c in r.stakes.costs if c.id == cid)


def exact(value) -> Span:
    return Span(D(value), D(value))


# ---------------------------------------------------------------------------------- the steps


def test_qinhuangdao_settlement_steps():
    """秦医保〔2023〕91号 第七条 (10% deposit) and 第八条（二） (1% per 0.5 below 90), 第八条（四）
    (deductions return to the fund): 85 -> 10 steps -> 10% -> 15,000.00 deducted, 135,000.00 paid."""
    r = assessed("qinhuangdao", QHD)
    assert steps(r) == {"fee": D("1500000.00"), "withheld": D("150000.00"), "rate": D("0.1"),
                        "deducted": D("15000.00"), "paid": D("135000.00"), "returned": D("15000.00")}
    rate = figures(r, "rate")
    assert (rate["reference"], rate["distance"], rate["steps"], rate["rate_per_step"]) == (D(90), D(5), D(10), D("0.01"))
    by_id = {s.id: s for s in r.stakes.steps}
    assert by_id["rate"].citation.article == "第八条" and by_id["rate"].citation.item == "（二）"
    assert by_id["rate"].text.render("zh") == "扣减比例：90 − 85.00 = 5.00 分 = 10 档 × 1% = 10%"
    assert by_id["paid"].text.render("en") == "paid: 150,000.00 - 15,000.00 = 135,000.00 yuan"


def test_taicang_settlement_steps_count_whole_steps():
    """太人社医[2018]3号 四: 95 - 91.64 = 3.36 = 6.72 steps of 0.5, floor 6 (option partial_step),
    6 x 2% = 12% of the 5% holdback 160,000.00: 19,200.00 deducted; nothing said returned."""
    r = assessed("taicang", TC)
    assert steps(r) == {"fee": D("3200000.00"), "withheld": D("160000.00"), "rate": D("0.12"),
                        "deducted": D("19200.00"), "paid": D("140800.00")}
    rate = figures(r, "rate")
    assert (rate["exact_steps"], rate["steps"]) == (D("6.72"), D(6))
    assert "6.72 档，不足一档不计，计 6 档" in r.stakes.steps[2].text.render("zh")
    ceil = assessed("taicang", TC, {"partial_step": "ceil"})  # the part step counts: 7 x 2% = 14%
    assert steps(ceil)["deducted"] == D("22400.00") and steps(ceil)["paid"] == D("137600.00")


def test_one_step_is_one_step_in_english():
    """太人社医[2018]3号 四, 2% per 0.5 below 95: 94.5 is exactly 1 step, said "1 step" (not "1
    steps"); 94.7 with a part step counted whole (option partial_step=ceil) is "0.6 steps ... 1 step";
    Chinese has one word for both (档)."""
    from jingban.engine import ruleset_for, settle_score
    from jingban.stakes import settlement_steps

    def rate_text(score, options, lang):
        rs = ruleset_for(registry(), "taicang", options)
        st = settle_score(registry(), "taicang", D(score), D("3200000"), options)
        return next(s for s in settlement_steps(rs, st) if s.id == "rate").text.render(lang)

    assert rate_text("94.5", {}, "en") == "deduction rate: 95 - 94.50 = 0.50 points = 1 step x 2% = 2%"
    assert "0.6 steps, a part step counted whole: 1 step x 2%" in rate_text("94.7", {"partial_step": "ceil"}, "en")
    assert "= 1 档 × 2%" in rate_text("94.5", {}, "zh")


def test_tianjin_settlement_steps_with_fund_losses():
    """Example agreement: 90 - 87.70 = 2.30 -> 4 whole steps x 1% = 4% of 240,000.00 = 9,600.00;
    fund losses 12,000.00 (第十九条) besides; back to the fund 21,600.00; kept 2,378,400.00."""
    r = assessed("tianjin_ltc", TJ)
    assert steps(r) == {"fee": D("2400000.00"), "withheld": D("240000.00"), "rate": D("0.04"),
                        "deducted": D("9600.00"), "paid": D("230400.00"), "fund_losses": D("12000.00"),
                        "returned": D("21600.00"), "kept": D("2378400.00")}
    assert next(s for s in r.stakes.steps if s.id == "fund_losses").citation.article == "第十九条"


def test_tianjin_midyear_steps_prorate_and_add_the_base_rate():
    """第十六条: 1,830,000.00 x 184 / 366 = 920,000.00; 10% = 92,000.00; 80 - 79.14 = 0.86 -> 1
    whole step: 20% + 1 x 2% = 22% -> 20,240.00 deducted, 71,760.00 paid."""
    r = assessed("tianjin_ltc", TJ_MID)
    s = steps(r)
    assert (s["fee"], s["proration"], s["withheld"], s["rate"]) == (D("1830000.00"), D("920000.00"),
                                                                     D("92000.00"), D("0.22"))
    assert (s["deducted"], s["paid"]) == (D("20240.00"), D("71760.00"))
    assert figures(r, "rate")["base_rate"] == D("0.20")
    assert "20% + 1 × 2% = 22%" in r.stakes.steps[3].text.render("zh")


def test_kaifeng_has_no_stakes():
    """开封 方案 三: a self-inspection with no score and no money."""
    assert assessed("kaifeng_checklist", KF).stakes is None


# ---------------------------------------------------------------------------------- costs


def test_qinhuangdao_finding_costs_by_hand():
    """F-02 (4.1, 3 x 0.5 = 1.5): 86.5 -> (90 - 86.5) / 0.5 = 7 steps, 7% instead of 10%: 3% of
    150,000.00 = 4,500.00. F-03 (5.2 and 6.2, the same issue deducted once, 1 point under 5.2):
    86 -> 8 steps: 2% = 3,000.00. 第八条（二）; 附件2 说明 (same issue once)."""
    r = assessed("qinhuangdao", QHD)
    f02, f03 = cost(r, "F-02"), cost(r, "F-03")
    assert (f02.points, f02.rate, f02.money) == (exact("1.50"), exact("0.03"), exact("4500.00"))
    assert (f03.points, f03.rate, f03.money) == (exact("1.00"), exact("0.02"), exact("3000.00"))
    # late_claims 9 (of which 2 vulnerable): 7.1 (9 - 2) x 0.5 and 7.2 2 x 1 go: 5.5 points, 90.5,
    # the excellent band: the whole 15,000.00 and another grade
    late = cost(r, "late_claims")
    assert (late.points, late.money, late.grade.id) == (exact("5.50"), exact("15000.00"), "excellent")


def test_a_finding_under_an_exhausted_item_costs_what_re_assessing_says():
    """附件2 item 11 (max 2, 11.2 0.5 per case, 扣完为止): F-06 1 + F-08 3 + F-09 1 cases = 2.5
    points, capped at 2. Without F-09 the item still loses its 2: F-09 cost 0. Without F-08,
    F-06 + F-09 = 1 point: F-08 cost 1, not its 1.5 by proportion."""
    text = QHD.read_text(encoding="utf-8") + """
[[findings]]
id = "F-08"
rules = ["11.2"]
count = 3
description = "三项制度未执行"

[[findings]]
id = "F-09"
rules = ["11.2"]
count = 1
description = "一项制度未执行"
"""
    ev = parse_evidence(text, str(QHD), str(QHD.parent))
    r = assessed("qinhuangdao", QHD, evidence=ev)
    assert r.item("11").score == D("0")
    assert cost(r, "F-09").points == exact("0") and cost(r, "F-09").money == exact("0.00")
    assert cost(r, "F-08").points == exact("1.00")
    assert cost(r, "F-06").points == exact("0.00")  # still 2.5 - 0.5 = 2 deducted


def test_taicang_count_cost_by_hand():
    """太仓 annex 大病保险金兑付: late_claims 3 != 0 caps 有落实 at 0.75 (1 - 1/4); at zero the
    rating 0.9 stands: 10 x 0.3 x (0.9 - 0.75) = 0.45 points; 92.09 -> 5 whole steps, 10%
    instead of 12%: 2% of 160,000.00 = 3,200.00 (section 四)."""
    r = assessed("taicang", TC)
    late = cost(r, "late_claims")
    assert (late.kind, late.points, late.rate, late.money) == ("fact", exact("0.45"), exact("0.02"),
                                                               exact("3200.00"))


# ---------------------------------------------------------------------------------- neighbours


def test_qinhuangdao_neighbours():
    """At 85 (第八条（二）, floor steps of 0.5 below 90): 85.01 is 4.99 below, 9 whole steps, 9%:
    136,500.00; 90 is the excellent band, all 150,000.00; 84.50 is 11 steps, 133,500.00; 79.99
    is the pass band, 20 steps x 1.5% = 30% (reading from_90): 105,000.00."""
    r = assessed("qinhuangdao", QHD)
    got = [(n.direction, n.score, n.changes, n.rate, n.paid) for n in r.stakes.neighbours]
    assert got == [("up", D("85.01"), ("rate",), D("0.09"), D("136500.00")),
                   ("up", D("90.00"), ("band", "grade"), D("0"), D("150000.00")),
                   ("down", D("84.50"), ("rate",), D("0.11"), D("133500.00")),
                   ("down", D("79.99"), ("band", "grade"), D("0.3"), D("105000.00"))]
    # reading from_80: 20% of the good band, then 1.5% per whole 0.5 below 80: at 79.99, 20%
    r80 = assessed("qinhuangdao", QHD, {"pass_band_reference": "from_80"})
    below = [n for n in r80.stakes.neighbours if "band" in n.changes and n.direction == "down"][0]
    assert (below.rate, below.paid) == (D("0.2"), D("120000.00"))


def test_taicang_neighbours_reach_the_contract_end():
    """太人社医[2018]3号 四: below 80 the whole holdback is kept and the contract ends."""
    r = assessed("taicang", TC)
    down = [n for n in r.stakes.neighbours if n.direction == "down"]
    assert (down[-1].score, down[-1].rate, down[-1].paid, down[-1].points) == (D("79.99"), D("1"), D("0.00"),
                                                                               D("11.65"))


def test_provisional_result_gives_the_range_not_neighbours():
    """Items 16 and 17 (2 points each) not inspected: the total lies in 81..85 and so does the
    payout, 18%..10%: 123,000.00..135,000.00 (第八条（二）)."""
    text = QHD.read_text(encoding="utf-8").replace(', "16", "17"]', "]")
    r = assessed("qinhuangdao", QHD, evidence=parse_evidence(text, str(QHD), str(QHD.parent)))
    st_ = r.stakes
    assert st_.provisional and st_.steps == () and st_.neighbours == ()
    assert (st_.outlook.low, st_.outlook.high) == (D("81.00"), D("85.00"))
    assert (st_.outlook.paid.low, st_.outlook.paid.high) == (D("123000.00"), D("135000.00"))
    # 5.5 points from 81..85: 81 -> 86.5 is 18 - 7 = 11 steps, 85 -> 90.5 is 10
    assert cost(r, "late_claims").money == Span(D("15000.00"), D("16500.00"))


# ---------------------------------------------------------------------------------- properties

_BASE = load_evidence(QHD)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(_BASE.findings), st.integers(min_value=0, max_value=len(_BASE.findings)))
def test_costs_never_negative_and_independent_of_order(order, keep):
    """Removing a finding never lowers the total; every cost is >= 0; costs do not depend on
    the order the evidence lists the findings in."""
    ev = attrs.evolve(_BASE, findings=tuple(order[:keep]))
    r = assessed("qinhuangdao", QHD, evidence=ev)
    reverse = assessed("qinhuangdao", QHD, evidence=attrs.evolve(_BASE, findings=tuple(reversed(order[:keep]))))
    assert r.stakes.costs == reverse.stakes.costs
    assert [c.id for c in r.stakes.costs] == sorted(c.id for c in r.stakes.costs if c.kind == "finding") + \
        [c.id for c in r.stakes.costs if c.kind == "fact"]
    for c in r.stakes.costs:
        assert c.points.low >= 0 and c.points.high >= 0
        assert c.money is None or (c.money.low >= 0 and c.money.high >= 0)


# ---------------------------------------------------------------------------------- reports


def _run(args):
    res = CliRunner().invoke(main, args)
    assert res.exit_code in (0, 1), res.stderr
    return res.stdout


def test_json_carries_stakes_as_strings():
    doc = json.loads(_run(["--region", "qinhuangdao", "--evidence", str(QHD), "--format", "json"]))
    f02 = next(c for c in doc["stakes"]["costs"] if c["id"] == "F-02")
    assert f02["deducted"] == {"min": "4500.00", "max": "4500.00"}
    assert doc["stakes"]["steps"][1]["figures"] == {"base": "1500000.00", "withheld_rate": "0.10"}
    kf = json.loads(_run(["--region", "kaifeng_checklist", "--evidence", str(KF), "--format", "json"]))
    assert kf["stakes"] is None


def test_table_shows_the_stakes_in_the_readers_language():
    zh = _run(["--region", "qinhuangdao", "--evidence", str(QHD), "--stakes"])
    en = _run(["--region", "qinhuangdao", "--evidence", str(QHD), "--lang", "en", "--stakes"])
    assert "金额测算" in zh and "F-02" in zh and "4,500.00" in zh
    assert "What is at stake" in en and "What is at stake" not in zh and "金额测算" not in en
    plain = _run(["--region", "qinhuangdao", "--evidence", str(QHD)])  # the table adds it when asked
    assert "金额测算" not in plain and "85.00" in plain


# ---------------------------------------------------------------------------------- charts


def _tree(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("viewBox").startswith("0 0 640 ")
    assert "href" not in svg and "url(" not in svg and "<script" not in svg  # nothing fetched
    return root


def test_category_bars_are_proportional_to_score_over_max():
    """秦皇岛 categories: 11 / 12, 55 / 67, 19 / 21 (README)."""
    r = assessed("qinhuangdao", QHD)
    svg = charts.category_bars(r, "zh")
    assert svg == charts.category_bars(r, "zh")  # byte-identical
    bars = [e for e in _tree(svg).iter(f"{SVG}rect") if e.get("data-category")]
    assert [(b.get("data-score"), b.get("data-max")) for b in bars] == [("11.00", "12"), ("55.00", "67"),
                                                                        ("19.00", "21")]
    for b in bars:
        share = D(b.get("width")) / D(340)
        assert abs(share - D(b.get("data-score")) / D(b.get("data-max"))) < D("0.0001")
    assert charts.category_bars(assessed("kaifeng_checklist", KF), "zh") == ""


def test_chart_text_is_escaped():
    r = assessed("qinhuangdao", QHD)
    cat = attrs.evolve(r.categories[0].category, title_en="R&D <basic>")
    r = attrs.evolve(r, categories=(attrs.evolve(r.categories[0], category=cat),) + r.categories[1:])
    svg = charts.category_bars(r, "en")
    assert "R&amp;D &lt;basic&gt;" in svg
    assert any(t.text == "R&D <basic>" for t in _tree(svg).iter(f"{SVG}text"))


def test_payout_curve_marks_the_agency():
    """85 on the curve: x = 70 + 550 x 85 / 100 = 537.5; paid 135,000.00 of 150,000.00 at the top:
    y = 254 - 220 x 0.9 = 56 (第八条（二）)."""
    r = assessed("qinhuangdao", QHD)
    svg = charts.payout_curve(r, rules("qinhuangdao"), "zh")
    assert svg == charts.payout_curve(r, rules("qinhuangdao"), "zh")
    mark = next(e for e in _tree(svg).iter(f"{SVG}circle") if e.get("class") == "agency")
    assert (mark.get("cx"), mark.get("cy"), mark.get("data-paid")) == ("537.5", "56", "135000.00")
    edges = sorted(D(e.get("data-edge")) for e in _tree(svg).iter(f"{SVG}path") if e.get("data-edge"))
    assert edges == [D(0), D(60), D(80), D(90), D(100)]
    assert charts.payout_curve(assessed("kaifeng_checklist", KF), rules("kaifeng_checklist"), "zh") == ""


def test_levels_chart_has_three_levels():
    """Tianjin 第十四条: agency 92.03, district 87.90, city 85.86 (examples/tianjin_ltc/README.md)."""
    r = assessed("tianjin_ltc", TJ)
    svg = charts.levels_chart(r, "zh")
    levels = [(e.get("data-level"), e.get("data-score")) for e in _tree(svg).iter(f"{SVG}rect")
              if e.get("data-level")]
    assert levels == [("agency", "92.03"), ("district", "87.90"), ("city", "85.86")]
    leaves = [e for e in _tree(svg).iter(f"{SVG}rect") if e.get("data-leaf")]
    assert len(leaves) == 45
    assert charts.levels_chart(assessed("qinhuangdao", QHD), "zh") == ""
    assert charts.payout_curve(r, rules("tianjin_ltc", agreement=TJ_AGREEMENT), "en").count("class=\"agency\"") == 1
