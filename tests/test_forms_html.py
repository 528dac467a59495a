"""The official forms as HTML (issue 12): each region's form has its document's columns, the
HTML's text holds every number of the JSON result, Kaifeng's self-inspection has no money and no
assessors, personal data is masked, text is escaped, and the same inputs give the same bytes.

The numbers asserted are the examples' hand-computed results (examples/<region>/README.md).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.cli import main
from jingban.errors import InputError
from jingban.report.text import yuan
from jingban.rulesfile import load_rules

from forms_text import EXAMPLES, FormsPage, run  # noqa: E402  (tests/forms_text.py)
ROOT = Path(__file__).resolve().parents[1]
QHD_RULES = ROOT / "plugins" / "qinhuangdao" / "src" / "jingban_qinhuangdao" / "rules.toml"



def html_of(region: str, *extra: str, lang: str = "zh", path: Path | None = None) -> str:
    res = run("--evidence", str(path or EXAMPLES[region]), "--format", "html", "--lang", lang, *extra)
    assert res.exit_code in (0, 1), res.output
    return res.output


def json_of(region: str, lang: str = "zh") -> dict:
    res = run("--evidence", str(EXAMPLES[region]), "--format", "json", "--lang", lang)
    return json.loads(res.output)


def cells(section: dict) -> list[str]:
    return [c for row in section["rows"] for c in row]


# -- the columns are the document's ---------------------------------------------------------------

def test_qinhuangdao_annex2_columns_and_annex1_columns():
    """秦医保〔2023〕91号 附件2: 项目/序号/考核内容/标准分值/评分标准/实得分值/备注; 附件1: 序号 ... 综合评价
    (满意, 不满意)."""
    page = FormsPage(html_of("qinhuangdao"))
    assert list(page.sections) == ["scoring", "survey", "settlement", "charts"]
    assert page.sections["scoring"]["heads"] == [["项目", "序号", "考核内容", "标准分值", "评分标准", "实得分值", "备注"]]
    assert page.sections["survey"]["heads"] == [
        ["序号", "档案编号", "参保人姓名", "身份证号码", "联系电话", "是否本人（非本人注明关系）", "是否收到待遇支付款",
         "工作人员服务态度如何", "有何认为需要改进的地方", "综合评价"], ["满意", "不满意"]]


def test_taicang_columns_with_the_three_dimensions_as_points():
    """太人社医[2018]3号 附件: 考核内容/评分要求/评分标准/分值/有制度50%/有落实30%/服务好20%/得分合计."""
    page = FormsPage(html_of("taicang"))
    assert page.sections["scoring"]["heads"] == [
        ["考核内容", "评分要求", "评分标准", "分值", "有制度 50%", "有落实 30%", "服务好 20%", "得分合计"]]
    rows = {r[1] if len(r) == 8 else r[0]: r for r in page.sections["scoring"]["rows"]}
    # 内部管理 7 points, ratings 1 / 0.9 / 1: 3.50 + 2.10 x 0.9 = 1.89 + 1.40 = 6.79 (README)
    internal = next(r for r in page.sections["scoring"]["rows"] if "内部管理" in r)
    assert internal[-4:] == ["3.50", "1.89", "1.40", "6.79"]
    # the four 附加分 rows and 合计(100分+附加分): 86.64 + 5 (capped from 5.5) = 91.64
    assert sum(1 for r in page.sections["scoring"]["rows"] if r[-2:-1] == [""] and r[-1] in ("0.00", "3.00", "2.50")) >= 4
    total = next(r for r in page.sections["scoring"]["rows"] if r[0].startswith("合计（100分+附加分"))
    assert total[1] == "100+5" and total[-1] == "91.64"
    assert rows  # every row was read


def test_kaifeng_checklist_columns_signatures_no_money_no_assessors():
    """开封 附件 清单: 序号/事项/自查项目/规范要求/自查结果/问题原因说明; 填报单位(盖章), 报送日期,
    单位负责人(签字), 填报人(签字), 填报人电话; no assessors' block and no money (方案 三)."""
    html = html_of("kaifeng_checklist")
    page = FormsPage(html)
    assert list(page.sections) == ["checklist", "report"]
    assert page.sections["checklist"]["heads"] == [["序号", "事项", "自查项目", "规范要求", "自查结果", "问题原因说明"]]
    text = page.text()
    for words in ("填报单位（盖章）", "报送日期", "单位负责人（签字）", "填报人（签字）", "填报人电话"):
        assert words in text
    assert "考核组" not in text and "考核人员" not in text
    # no settlement page (the sections above) and none of its figures anywhere
    for money in ("拨付金额", "扣减金额", "扣减比例", "费用结算", "回流医保基金"):
        assert money not in text
    # README: 35 points, 23 compliant, 8 partly, 3 non-compliant, 1 not applicable
    answers = [r[-2] for r in page.sections["checklist"]["rows"]]
    assert len(answers) == 35
    assert (answers.count("符合"), answers.count("部分符合"), answers.count("不符合"), answers.count("不适用")) == (23, 8, 3, 1)


def test_tianjin_grid_levels_and_weighted_total():
    """Tianjin 第十四条: 0.2 x 92.025 + 0.3 x 87.895 + 0.5 x 85.855 = 18.405 + 26.3685 + 42.9275 = 87.701 -> 87.70."""
    page = FormsPage(html_of("tianjin_ltc"))
    assert page.sections["grid"]["heads"] == [["指标", "考核内容", "级内权重", "委托经办机构（自查）", "辖区分中心",
                                               "市级综合服务中心"]]
    rows = page.sections["grid"]["rows"]
    assert len([r for r in rows if r[0].startswith("D")]) == 15
    assert ["加权得分", "18.405", "26.3685", "42.9275"] in rows
    assert ["分级得分", "92.03", "87.90", "85.86"] in rows
    assert "18.405 + 26.3685 + 42.9275 = 87.701" in page.sections["grid"]["text"]


# -- every number of the JSON result is in the HTML -----------------------------------------------

@pytest.mark.parametrize("region", sorted(EXAMPLES))
def test_the_html_holds_every_number_of_the_json_result(region):
    doc = json_of(region)
    page = FormsPage(html_of(region))
    text = page.text()
    all_cells = [c for s in page.sections.values() for c in cells(s)]
    for item in doc["items"]:
        if item["score"] is not None and region != "kaifeng_checklist":
            assert item["score"] in all_cells, (item["id"], item["score"])
    if doc["total"] is not None:
        assert doc["total"] in all_cells
    if doc["grade_title"]:
        assert doc["grade_title"] in text
    s = doc["settlement"]
    if s and s["paid"] is not None:
        for key in ("base", "withheld", "deducted", "paid", "returned_to_fund"):
            if s[key] is not None:
                assert yuan(Decimal(s[key])) in cells(page.sections["settlement"]), key
    # the stamp: rules version, options and the digest of the inputs
    assert doc["inputs_sha256"] in text and doc["rules_version"] in text
    for k, v in doc["options"].items() if isinstance(doc["options"], dict) else ():
        assert f"{k}={v}" in text


def test_qinhuangdao_item_rows_hold_the_hand_computed_scores():
    """examples/qinhuangdao/README.md: items 1..17, total 85, 良好, paid 135,000.00 (第八条（二）)."""
    want = {"1": "1.00", "2": "8.00", "3": "2.00", "4": "8.50", "5": "7.00", "6": "9.00", "7": "14.50",
            "8": "9.50", "9": "2.00", "10": "4.50", "11": "1.50", "12": "1.50", "13": "8.00", "14": "2.50",
            "15": "1.50", "16": "2.00", "17": "2.00"}
    page = FormsPage(html_of("qinhuangdao"))
    got = {}
    for r in page.sections["scoring"]["rows"]:
        k = 1 if len(r) == 7 else 0  # the first row of a category carries its merged cell
        if r[k] in want:
            got[r[k]] = r[k + 4]
    assert got == want
    total = next(r for r in page.sections["scoring"]["rows"] if r[0].startswith("总分"))
    assert total[1] == "100.00" and total[3] == "85.00"
    assert "考核结果：良好" in page.sections["scoring"]["text"]
    settlement = page.sections["settlement"]["rows"]
    assert ["拨付金额", "135,000.00", "〔秦医保〔2023〕91号 第八条 （二）〕"] in settlement
    assert any(r[0] == "扣减比例" and r[1] == "10%" for r in settlement)
    # the same-issue note of 附件2 and both signature lines
    text = page.sections["scoring"]["text"]
    assert "说明：" in text and "考核组人员签名" in text and "被考核商业保险机构负责人签名并加盖公章" in text
    # F-03 is deducted once: under 5.2, and shown with 0 points under 6.2
    remarks6 = next(r for r in page.sections["scoring"]["rows"] if r[0] == "6" or (len(r) == 7 and r[1] == "6"))
    assert "−0.00 6.2" in remarks6[-1] and "F-03" in remarks6[-1]


def test_the_product_is_named_by_its_title_and_the_date_is_left_to_fill_in():
    page = FormsPage(html_of("qinhuangdao"))
    text = page.sections["scoring"]["text"]
    assert "城乡居民基本医疗保险和大病保险" in text and "resident" not in text.split("备注")[0]
    assert "年" in text and "2026" not in text


# -- masking, escaping, reproducibility -----------------------------------------------------------

def test_personal_data_is_masked_unless_show_personal():
    masked = html_of("qinhuangdao")
    assert "130300190001010011" not in masked
    rows = FormsPage(masked).sections["survey"]["rows"]
    assert len(rows) == 6  # every answer of the annex, not only the dissatisfied one
    assert rows[0][2].endswith("*") and "****" in rows[0][3] and "****" in rows[0][4]
    shown = html_of("qinhuangdao", "--show-personal")
    assert "130300190001010011" in shown


def test_all_text_is_html_escaped(tmp_path):
    src = EXAMPLES["taicang"].read_text(encoding="utf-8")
    ev = tmp_path / "2024.toml"
    ev.write_text(src.replace('agency = "示例财产保险股份有限公司太仓支公司"', 'agency = "A&B <script>x</script>"'),
                  encoding="utf-8")
    html = html_of("taicang", path=ev)
    assert "<script>" not in html and "A&amp;B &lt;script&gt;x&lt;/script&gt;" in html
    assert "A&B <script>x</script>" in FormsPage(html).sections["scoring"]["text"]


@pytest.mark.parametrize("region", sorted(EXAMPLES))
def test_the_same_inputs_give_the_same_bytes(region, tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    for out in (a, b):
        res = run("--evidence", str(EXAMPLES[region]), "--format", "html", "-o", str(out))
        assert res.exit_code in (0, 1)
    assert a.read_bytes() == b.read_bytes()
    html = a.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html and "https://" not in html and "@import" not in html


def test_english_forms_are_english():
    page = FormsPage(html_of("taicang", lang="en"))
    assert page.sections["scoring"]["heads"][0][:2] == ["What is assessed", "What is required"]
    assert "得分合计" not in page.text()


# -- command line ---------------------------------------------------------------------------------

def test_pdf_without_output_is_refused_in_one_line():
    res = CliRunner().invoke(main, ["--evidence", str(EXAMPLES["taicang"]), "--format", "pdf", "--lang", "en"])
    assert res.exit_code == 2
    assert res.output.strip().count("\n") == 0 and "-o FILE" in res.output


def test_settle_and_compare_give_an_html_page(tmp_path):
    """settle: 秦医保〔2023〕91号 第八条（二） 79.5 points: pass band from 90, 21 steps x 1.5% = 31.5%,
    deposit 150,000.00 x 31.5% = 47,250.00 deducted, 102,750.00 paid."""
    out = tmp_path / "s.html"
    res = run("settle", "-r", "qinhuangdao", "-s", "79.5", "-f", "1500000", "--format", "html", "-o", str(out))
    assert res.exit_code == 0
    rows = FormsPage(out.read_text(encoding="utf-8")).sections["settlement"]["rows"]
    assert any(r[:2] == ["扣减比例", "31.5%"] for r in rows)
    assert any(r[:2] == ["拨付金额", "102,750.00"] for r in rows)
    res = run("compare", "--regions", "qinhuangdao,taicang", "-e", str(EXAMPLES["taicang"]), "--format", "html")
    page = FormsPage(res.output)
    assert any("91.64" in row for row in page.sections["compare-1"]["rows"])


# -- forms in the rules file ----------------------------------------------------------------------

def _rules_with(tmp_path, old: str, new: str) -> Path:
    text = QHD_RULES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_unknown_form_column_is_refused_naming_the_file_and_key(tmp_path):
    path = _rules_with(tmp_path, '{ key = "remarks", zh = "备注"', '{ key = "remark", zh = "备注"')
    with pytest.raises(InputError) as e:
        load_rules(path)
    line = e.value.line("en")
    assert str(path) in line and "forms[0].columns[6].key" in line and "'remarks'" in line


def test_a_form_label_in_one_language_is_refused(tmp_path):
    path = _rules_with(tmp_path, '{ key = "seq", zh = "序号", en = "No." }', '{ key = "seq", zh = "序号" }')
    with pytest.raises(InputError) as e:
        load_rules(path)
    assert "forms[0].columns[1].en" in e.value.line("en") and "both Chinese and English" in e.value.line("en")


def test_a_provisional_result_shows_ranges_never_a_fact(tmp_path):
    """Taicang with 窗口协助 (5 points) not rated: 86.64 - 4.80 = 81.84 assessed + 5 bonus = 86.84, up to
    86.84 + 5 = 91.84; 太人社医[2018]3号 四: 2% per 0.5 below 95, so (95 - 86.84) -> 16 steps, 32%, paid
    160,000.00 x 68% = 108,800.00, up to 6 steps, 12%, 140,800.00."""
    src = EXAMPLES["taicang"].read_text(encoding="utf-8")
    block = '[ratings.window_assist]\nsystem = "1"\nimplemented = "1"\nservice = "0.8"\n'
    assert block in src
    ev = tmp_path / "2024.toml"
    ev.write_text(src.replace(block, ""), encoding="utf-8")
    page = FormsPage(html_of("taicang", path=ev))
    rows = page.sections["scoring"]["rows"]
    window = next(r for r in rows if "窗口协助" in r)
    assert window[-1] == "未考核" and window[-4:-1] == ["—", "—", "—"]
    total = next(r for r in rows if r[0].startswith("合计（100分+附加分"))
    assert total[-1] == "86.84～91.84"
    assert "临时结果" in page.sections["scoring"]["text"] and "正式结果" not in page.sections["scoring"]["text"]
    settlement = page.sections["settlement"]["rows"]
    assert any(r[:2] == ["拨付金额", "108,800.00～140,800.00"] for r in settlement)
    assert any(r[:2] == ["扣减比例", "12%～32%"] for r in settlement)


def test_the_settlement_page_shows_the_arithmetic_what_each_finding_cost_and_the_scores_nearby():
    """秦医保〔2023〕91号 第八条（二）: from 90 points down, 1% of the deposit a half point; the
    example scores 85 (README): 90 − 85 = 5 分 = 10 档 × 1% = 10% of 150,000.00 = 15,000.00. F-02
    (item 4, 1.5 points) re-assessed away: 86.5 points, 7 steps = 7%, so it cost 3% = 4,500.00.
    The next score up where the money changes is 85.01 (9%, 136,500.00: a part step is not counted,
    interpretations S3)."""
    page = FormsPage(html_of("qinhuangdao"))
    rows = page.sections["settlement"]["rows"]
    flat = [" ".join(r) for r in rows]
    assert any("90 − 85.00 = 5.00 分 = 10 档 × 1% = 10%" in r for r in flat), flat
    assert any(r[0].startswith("F-02") and r[1] == "−1.50 → 3% → 4,500.00" for r in rows), rows
    assert any(r[0].startswith("上升 0.01") and "9% · 136,500.00" in r[1] for r in rows), rows


def test_the_charts_page_draws_the_categories_and_the_payout_curve_inline():
    """附件2's three categories (服务承诺 11/12, 服务质量 55/67, 基础工作 19/21: README) as bars, and
    the payout against the score with the agency at 85 marked; inline SVG, nothing fetched."""
    html = html_of("qinhuangdao")
    charts = html[html.index('<section class="sheet" id="charts">'):]
    charts = charts[:charts.index("</section>")]
    assert charts.count("<svg ") == 2 and "xmlns" not in charts
    assert 'data-category="service_commitment"' in charts or charts.count("data-category=") == 3
    assert "135,000.00" in charts  # the agency's mark carries what it is paid
