"""`assess compare --rules`: the regions' rules side by side, with no evidence (issue 10, "compare").

Every expected value is computed by hand from the rules files and the documents they cite; the
comment above each names the article. The reference fee is 1,000,000 yuan throughout.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.api import rules
from jingban.cli import main
from jingban.errors import InputError
from jingban.logsetup import configure
from jingban.messages import say
from jingban.report.text import LINE, width
from jingban.rulesfile import load_rules
from jingban.testing import assert_bad_input
from jingban.violations import VIOLATIONS, prices

ROOT = Path(__file__).resolve().parents[1]
TJ_AGREEMENT = ROOT / "examples" / "tianjin_ltc" / "agreement-example.toml"
QHD_RULES = ROOT / "plugins" / "qinhuangdao" / "src" / "jingban_qinhuangdao" / "rules.toml"
ALL = "qinhuangdao,taicang,tianjin_ltc,kaifeng_checklist"
D = Decimal


@pytest.fixture(autouse=True)
def _restore_logging():
    yield
    configure()


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def run_en(*args: str | Path):
    """The command in English (JINGBAN_LANG=en): the errors these tests read are the English ones;
    tests/test_cli_lang.py reads the Chinese."""
    return CliRunner(env={"JINGBAN_LANG": "en"}).invoke(main, [str(a) for a in args])


def _doc(lang: str = "zh", regions: str = ALL, *extra: str) -> dict:
    r = run("compare", "--regions", regions, "--rules", "--agreement", TJ_AGREEMENT, "--format", "json",
            "--lang", lang, *extra)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def _region(doc: dict, rid: str) -> dict:
    return next(x for x in doc["regions"] if x["region"] == rid)


def _violation(doc: dict, rid: str, vid: str) -> dict:
    return next(v for v in _region(doc, rid)["violations"] if v["id"] == vid)


def _price(rid: str, vid: str):
    rs = rules(rid, agreement=TJ_AGREEMENT if rid == "tianjin_ltc" else None)
    return prices(rs, VIOLATIONS[vid])


# ============================================================================ full marks


def test_full_marks_by_category():
    doc = _doc()
    qhd = _region(doc, "qinhuangdao")
    # 秦医保〔2023〕91号 附件2: 服务承诺 12, 服务质量 67, 基础工作 21; 100 points, no bonus
    assert [(c["id"], c["max"]) for c in qhd["categories"]] == [("commitments", "12"), ("service_quality", "67"),
                                                                ("basic", "21")]
    assert (qhd["max"], qhd["bonus_cap"], qhd["scored"]) == ("100", None, True)
    tc = _region(doc, "taicang")
    # 太人社医[2018]3号 四 and 附件: 基础工作 30 + 项目合作 70; bonus up to 5 (四: 其它加分项目不超过5分)
    assert [(c["id"], c["max"]) for c in tc["categories"]] == [("basic", "30"), ("project", "70")]
    assert tc["bonus_cap"] == "5"
    tj = _region(doc, "tianjin_ltc")
    # the example agreement's dimension weights (0.10/0.35/0.10/0.15/0.15/0.15) of 100 points (第十四条
    # 百分制), and its three levels 0.2/0.3/0.5
    assert [c["max"] for c in tj["categories"]] == ["10.00", "35.00", "10.00", "15.00", "15.00", "15.00"]
    assert [(g["id"], g["weight"]) for g in tj["groups"]] == [("agency", "0.2"), ("district", "0.3"),
                                                              ("city", "0.5")]
    kf = _region(doc, "kaifeng_checklist")
    # 开封 附件: a self-inspection checklist of 35 points in six areas, nothing scored
    assert kf["scored"] is False and kf["max"] is None
    assert [c["items"] for c in kf["categories"]] == [7, 7, 6, 5, 6, 4]


# ============================================================================ common violations


def test_qinhuangdao_a_late_claim_of_an_ordinary_claimant():
    # 附件2 7: a late payment to an ordinary claimant costs 0.5 point (7.1 counts late_claims less the
    # wubao/dibao/disabled claimants, whom 7.2 charges 1 point each); one ordinary late claim is 0.5
    (p,) = _price("qinhuangdao", "late_claim")
    assert (p.low, p.high) == (D("0.5"), D("0.5"))
    (w,) = p.ways
    assert [(h.rule_id, h.points) for h in w.hits] == [("7.1", D("0.5"))]
    # 第八条（一）: 99.5 is still at least 90, so nothing of the deposit is deducted: the late claim
    # costs no money at full marks; 第七条: the deposit is 10% of the fee, 100,000.00 yuan
    v = _violation(_doc(), "qinhuangdao", "late_claim")
    assert v["points"] == {"low": "0.5", "high": "0.5"}
    assert v["money_lost"] == {"low": "0.00", "high": "0.00"}
    assert _region(_doc(), "qinhuangdao")["settlement"]["withheld"] == "100000.00"


def test_qinhuangdao_a_wrong_payment_is_one_case_of_a_tagged_clause():
    # 附件2 5(2) 超范围、标准支付 and 5(3) 错付、漏付: 1 point per case each; the rules file tags both
    # `common = "wrong_payment"`, so the wrong payment falls under one or the other: 1 point either way
    (p,) = _price("qinhuangdao", "wrong_payment")
    assert [(w.clause, w.points) for w in p.ways] == [("5.2", D("1")), ("5.3", D("1"))]
    assert (p.low, p.high) == (D("1"), D("1"))


def test_qinhuangdao_a_complaint_and_a_staff_shortfall():
    # 附件2 10(3): each hotline call or complaint found justified, 0.5 point
    (p,) = _price("qinhuangdao", "complaint")
    assert [(h.rule_id, h.points) for w in p.ways for h in w.hits] == [("10.3", D("0.5"))]
    # 附件2 12(1): 0.5 point per full-time medical staff member short of 10 (residents) or 5
    # (employees): the same price through each product's own clause
    resident, employee = _price("qinhuangdao", "staff_shortfall")
    assert (resident.product, employee.product) == ("resident", "employee")
    assert [h.rule_id for w in resident.ways for h in w.hits] == ["12.1-resident"]
    assert [h.rule_id for w in employee.ways for h in w.hits] == ["12.1-employee"]
    assert resident.low == employee.high == D("0.5")


def test_taicang_a_late_claim_caps_a_dimension():
    # 附件 大病保险金兑付 3: benefits within the deadlines (late_claims == 0), share 1/4 of 有落实 (30%)
    # of the 10-point item: one late claim caps 有落实 at 0.75 and costs 10 x 0.3 x 0.25 = 0.75;
    # 四: 99.25 is at least 95, paid in full, no money lost
    (p,) = _price("taicang", "late_claim")
    assert [(h.rule_id, h.points) for w in p.ways for h in w.hits] == [("benefit_payout.deadline", D("0.75"))]
    v = _violation(_doc(), "taicang", "late_claim")
    assert v["points"] == {"low": "0.75", "high": "0.75"} and v["money_lost"]["high"] == "0.00"


def test_taicang_a_staff_shortfall_depends_on_the_post():
    # 附件: one person short of a post's number breaks that post's requirement (有落实 30%):
    # 慢性病预防与管理 1 (5 points, share 0.2) 5 x 0.3 x 0.2 = 0.3 is the least; 日常巡查 1 (10 points,
    # share 1/3) 10 x 0.3 x 1/3 = 1 the most; 经办配备 2 (8 points, share 0.2, 23 on average) 0.48
    (p,) = _price("taicang", "staff_shortfall")
    by_rule = {h.rule_id: h.points for w in p.ways for h in w.hits}
    assert by_rule["chronic_disease.staff"] == D("0.3")
    assert by_rule["routine_inspection.staff"] == D("1")
    assert by_rule["staffing.headcount"] == D("0.48")
    assert (p.low, p.high) == (D("0.3"), D("1"))
    assert len(p.ways) == 9  # one per staff count the rules read; the medical share is not a count


def test_taicang_has_no_rule_for_a_wrong_payment_or_a_complaint():
    # 附件: 按协议审核 and service are judged by the dimension ratings; no number prices them
    doc = _doc()
    for vid in ("wrong_payment", "complaint"):
        v = _violation(doc, "taicang", vid)
        assert (v["status"], v["points"], v["money_lost"]) == ("not_scored", None, None)


def test_tianjin_with_the_example_agreement():
    # example agreement D6.2.2: 2 points per person short of the bid (第十一条), on each level's leaf
    # D6.2 (weight 0.6 in D6, 0.15): 2 x 0.15 x 0.6 x (0.2 + 0.3 + 0.5) = 0.18 of the total
    (p,) = _price("tianjin_ltc", "staff_shortfall")
    (w,) = p.ways
    assert [(h.rule_id, h.weighted) for h in w.hits] == [("agency:D6.2.2", D("0.036")),
                                                         ("district:D6.2.2", D("0.054")),
                                                         ("city:D6.2.2", D("0.090"))]
    assert p.low == D("0.18")
    doc = _doc()
    assert _violation(doc, "tianjin_ltc", "late_claim")["status"] == "not_scored"


def test_kaifeng_scores_nothing_but_a_late_claim_fails_point_4_3():
    # 附件 4.3: manual reimbursement within 30 working days (late_claims == 0): a checklist point, no points
    v = _violation(_doc(), "kaifeng_checklist", "late_claim")
    assert v["status"] == "no_score" and v["points"] is None
    (hit,) = v["prices"][0]["ways"][0]["hits"]
    assert (hit["item"], hit["kind"], hit["points"]) == ("4.3", "check", None)


# ============================================================================ payout by score


def test_payout_at_each_score():
    doc = _doc()
    assert doc["scores"] == ["100", "95", "90", "85", "80", "75", "70", "65", "60"]
    paid = lambda rid: [a["paid"] for a in _region(doc, rid)["settlement"]["at"]]  # noqa: E731
    # 秦医保 第七条: deposit 10% = 100,000; 第八条（二）: 1% per 0.5 below 90 (85: 10%), 1.5% per 0.5
    # below 90 in the pass band (75: 30 steps, 45%; 60: 90%)
    assert paid("qinhuangdao") == ["100000.00", "100000.00", "100000.00", "90000.00", "80000.00", "55000.00",
                                   "40000.00", "25000.00", "10000.00"]
    # 太人社医 四: 5% withheld = 50,000; 2% per 0.5 below 95 (90: 20%, 80: 60%); below 80 all of it
    assert paid("taicang") == ["50000.00", "50000.00", "40000.00", "30000.00", "20000.00", "0.00", "0.00",
                               "0.00", "0.00"]
    at75 = _region(doc, "taicang")["settlement"]["at"][5]
    assert at75["consequences"] == ["terminate_contract"]
    # example agreement: 10% withheld; 80-90 1% per 0.5 below 90; below 80 20% + 2% per 0.5 (75: 40%)
    assert paid("tianjin_ltc")[5] == "60000.00"
    kf = _region(doc, "kaifeng_checklist")["settlement"]
    assert (kf["kind"], kf["at"]) == ("none", [])
    assert "不计分" in kf["no_money_reason"]


def test_another_reference_fee():
    # 第七条: 10% of 2,000,000
    doc = _doc("zh", "qinhuangdao", "--fee", "2000000")
    assert doc["reference_fee"] == "2000000.00"
    assert _region(doc, "qinhuangdao")["settlement"]["withheld"] == "200000.00"


# ============================================================================ the table


def _table(lang: str, regions: str = ALL, *extra: str) -> str:
    r = run("compare", "--regions", regions, "--rules", "--agreement", TJ_AGREEMENT, "--lang", lang, *extra)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def test_table_zh():
    out = _table("zh")
    assert out.startswith("地区规则对比（不含证据）\n")
    assert "参考费用 1,000,000.00 元" in out
    assert re.search(r"超时限理赔一件\s+0\.50 分 / 0\.00 元\s+0\.75 分 / 0\.00 元\s+由评分判断\s+不计分", out)
    assert re.search(r"人员缺一人\s+0\.50 分 / 0\.00 元\s+0\.30～1\.00 分 / 0\.00 元\s+0\.18 分 / 0\.00 元", out)
    assert "−0.50 7.1 超时限支付（一般对象）" in out  # points at the rules' places (2)
    assert re.search(r"^75\s+55,000\.00（45%）\s+0\.00（100%）\s+60,000\.00（40%）$", out, re.M)
    assert "taicang 得分低于 80 分时：终止与商业保险公司的合同" in out
    assert "kaifeng_checklist：不涉及费用" in out
    assert "示例协议" in out  # the example agreement's banner


def test_table_en():
    out = _table("en")
    assert out.startswith("Regions' rules side by side (no evidence)\n")
    assert re.search(r"One late claim\s+0\.50 pt / 0\.00 yuan\s+0\.75 pt / 0\.00 yuan\s+not scored", out)
    assert "EXAMPLE agreement" in out


def _citations() -> set[str]:
    out = set()
    for rid in ALL.split(","):
        rs = rules(rid, agreement=TJ_AGREEMENT if rid == "tianjin_ltc" else None)
        for it in rs.items:
            out |= {f"〔{x.citation.short()}〕" for x in it.clauses + it.requirements + it.checks}
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_line_fits_100_columns(lang):
    lines = _table(lang).splitlines()
    assert max(width(line) for line in lines) <= LINE


def test_english_holds_no_chinese_outside_citations():
    # citations wrap across lines: compare without white space
    out = re.sub(r"\s+", "", _table("en"))
    for c in sorted(_citations(), key=len, reverse=True):
        out = out.replace(re.sub(r"\s+", "", c), "|")
    assert re.findall(r".{0,20}[\u4e00-\u9fff].{0,20}", out) == []


def test_chinese_holds_no_english_outside_ids():
    ids = set(ALL.split(","))
    for rid in ALL.split(","):
        rs = rules(rid, agreement=TJ_AGREEMENT if rid == "tianjin_ltc" else None)
        ids |= {p.id for p in rs.products} | rs.facts_used()
        for it in rs.items:
            ids |= {c.id for c in it.clauses} | {q.id for q in it.requirements + it.checks}
    tokens = set(re.findall(r"[A-Za-z][A-Za-z0-9_.:\-]*", _table("zh")))
    assert sorted(tokens - ids) == []


def test_output_file(tmp_path):
    target = tmp_path / "rules.txt"
    r = run("compare", "--regions", "taicang", "--rules", "-o", target)
    assert r.exit_code == 0 and r.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("地区规则对比")


def test_regions_that_do_not_fit_one_table_are_split():
    # four regions with their ids as column heads do not fit 100 columns in English: two tables
    out = _table("en")
    assert out.count("Violation  ") == 2


# ============================================================================ bad input


def test_rules_and_evidence_together_are_bad_input():
    assert_bad_input(run_en("compare", "--regions", "taicang", "--rules", "--evidence",
                         ROOT / "examples" / "taicang" / "2024.toml"), "--rules", "not both")


def test_neither_rules_nor_evidence_is_bad_input():
    assert_bad_input(run_en("compare", "--regions", "taicang"), "--rules", "--evidence")


def test_fee_without_rules_is_bad_input():
    assert_bad_input(run_en("compare", "--regions", "taicang", "--evidence", ROOT / "examples" / "taicang" / "2024.toml",
                         "--fee", "5"), "--fee")


@pytest.mark.parametrize("fee", ["0", "-5", "abc"])
def test_a_bad_reference_fee(fee):
    assert_bad_input(run_en("compare", "--regions", "taicang", "--rules", "--fee", fee), "--fee")


def test_tianjin_without_an_agreement_is_bad_input():
    assert_bad_input(run_en("compare", "--regions", "taicang,tianjin_ltc", "--rules"), "--agreement", "tianjin_ltc")


def test_an_unknown_region_is_bad_input():
    assert_bad_input(run_en("compare", "--regions", "taicangg", "--rules"), "taicangg")


def test_a_region_named_twice_is_bad_input():
    assert_bad_input(run_en("compare", "--regions", "taicang,taicang", "--rules"), "--regions", "twice")


def _with(tmp_path, old: str, new: str) -> Path:
    text = QHD_RULES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_unknown_common_violation_names_file_and_key(tmp_path):
    path = _with(tmp_path, 'common = "wrong_payment"', 'common = "wrong_paymnet"')
    with pytest.raises(InputError) as exc:
        load_rules(path)
    assert exc.value.file == str(path)
    assert exc.value.where == "items[4].clauses[1].common"
    message = say(exc.value.message, "en")  # a catalog Message (error.rules.unknown_common)
    assert "'wrong_paymnet'" in message and "wrong_payment" in message


def test_common_on_a_clause_counted_from_a_fact_is_refused(tmp_path):
    path = _with(tmp_path, 'fact = "complaints_verified"\n', 'fact = "complaints_verified"\ncommon = "complaint"\n')
    with pytest.raises(InputError) as exc:
        load_rules(path)
    assert exc.value.where.endswith(".common") and "complaints_verified" in say(exc.value.message, "en")
