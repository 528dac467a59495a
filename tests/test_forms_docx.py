"""The forms as a Word document (issue 12), read back with python-docx: Kaifeng's 自查报告 with
its title, unit, date and the five sections the plan names (开封 方案 三（一）: 自查组织开展情况、
存在问题、问题原因、整改措施和工作建议), filled from the result; elsewhere a cover letter with the
score, grade and money paid of the JSON result; fixed core properties, the same bytes twice,
personal data masked.

The values asserted are the examples' hand-computed results (examples/<region>/README.md).
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from jingban.messages import label
from jingban.report.text import yuan

from forms_text import EXAMPLES, run, written  # noqa: E402  (tests/forms_text.py)

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("一、自查组织开展情况", "二、存在问题", "三、问题原因", "四、整改措施", "五、工作建议")
# examples/kaifeng_checklist/README.md: the 11 points answered partly or non_compliant, or failed by a fact
PROBLEMS = ("1.4", "1.6", "1.7", "2.4", "2.6", "3.6", "4.1", "4.3", "5.5", "6.2", "6.3")



def docx_bytes(tmp_path: Path, *args: str, name: str = "out.docx") -> bytes:
    return written(tmp_path, "docx", *args, name=name)


def document(tmp_path: Path, region: str, *extra: str, path: Path | None = None):
    return docx.Document(io.BytesIO(docx_bytes(tmp_path, "--evidence", str(path or EXAMPLES[region]), *extra)))


def all_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_kaifeng_report_has_its_title_unit_date_and_five_sections(tmp_path):
    d = document(tmp_path, "kaifeng_checklist")
    paras = [p.text for p in d.paragraphs if p.text.strip()]
    assert paras[0] == "自查报告"
    assert "开封市医疗保障经办机构审核结算专项治理工作方案" in paras[1]
    assert "填报单位（盖章）：兰河县医疗保障事务中心（虚构）" in paras
    assert any(p.startswith("报送日期：") and "年" in p and "日" in p for p in paras)  # left to fill in
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert headings == list(SECTIONS)
    text = all_text(d)
    problems = text.split("二、存在问题")[1].split("三、问题原因")[0]
    for point in PROBLEMS:
        assert f"{point} " in problems, point
    # 4.3 fails on the fact late_maternity_claims = 2 (20 working days): the cause names it
    causes = text.split("三、问题原因")[1].split("四、整改措施")[0]
    assert "late_maternity_claims" in causes and "2" in causes
    for sig in ("单位负责人（签字）", "填报人（签字）", "填报人电话"):
        assert sig in text
    assert label("paid", "zh") not in text and "考核组" not in text  # no money, no assessors (K11, K12)
    doc = json.loads(run("--evidence", str(EXAMPLES["kaifeng_checklist"]), "--format", "json").output)
    assert doc["inputs_sha256"] in text


def test_a_section_wrapped_in_the_evidence_is_one_paragraph(tmp_path):
    """The evidence's [report] organisation is three lines of one paragraph (a TOML string wrapped
    at commas): the document has it as one paragraph, not three."""
    d = document(tmp_path, "kaifeng_checklist")
    paras = [p.text for p in d.paragraphs]
    start = paras.index(SECTIONS[0]) + 1
    assert paras[start].startswith("县医保局成立") and paras[start].endswith("并抽查结算单据。")


@pytest.mark.parametrize("region", ["qinhuangdao", "taicang", "tianjin_ltc"])
def test_elsewhere_a_cover_letter_with_the_json_numbers(region, tmp_path):
    """Qinhuangdao 85.00 良好 paid 135,000.00; Taicang 91.64 paid 140,800.00; Tianjin 87.70 paid
    230,400.00 (the READMEs' hand computations)."""
    doc = json.loads(run("--evidence", str(EXAMPLES[region]), "--format", "json").output)
    hand = {"qinhuangdao": ("85.00", "135000.00"), "taicang": ("91.64", "140800.00"),
            "tianjin_ltc": ("87.70", "230400.00")}[region]
    assert (doc["total"], doc["settlement"]["paid"]) == hand
    d = document(tmp_path, region)
    assert d.paragraphs[0].text == "考核结果报送函"
    rows = {r.cells[0].text: r.cells[1].text for r in d.tables[0].rows}
    assert rows[label("score", "zh")] == doc["total"]
    assert rows[label("grade", "zh")] == doc["grade_title"]
    assert rows[label("paid", "zh")] == yuan(Decimal(doc["settlement"]["paid"]))
    text = all_text(d)
    assert doc["agency"] in text and doc["inputs_sha256"] in text
    assert "《" in text  # the forms it accompanies, by title


def test_english_report_is_english(tmp_path):
    d = document(tmp_path, "kaifeng_checklist", "--lang", "en")
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].startswith("1. ") and len(headings) == 5
    assert d.paragraphs[0].text == "Self-inspection report"
    assert not any("\u4e00" <= c <= "\u9fff" for h in headings for c in h)


@pytest.mark.parametrize("region", ["qinhuangdao", "kaifeng_checklist"])
def test_the_same_inputs_give_the_same_bytes_and_fixed_properties(region, tmp_path):
    a = docx_bytes(tmp_path, "--evidence", str(EXAMPLES[region]), name="a.docx")
    b = docx_bytes(tmp_path, "--evidence", str(EXAMPLES[region]), name="b.docx")
    assert a == b
    cp = docx.Document(io.BytesIO(a)).core_properties
    assert cp.created.year == 1980 and cp.modified == cp.created and cp.revision == 1
    assert cp.author == "jingban"


def test_personal_data_in_the_report_is_masked_unless_show_personal(tmp_path):
    src = EXAMPLES["kaifeng_checklist"].read_text(encoding="utf-8")
    ev = tmp_path / "k.toml"
    ev.write_text(src.replace("并抽查结算单据。", "并抽查结算单据。联系人电话13912345678。"), encoding="utf-8")
    masked = all_text(document(tmp_path, "", path=ev))
    assert "13912345678" not in masked and "139****5678" in masked
    shown = all_text(document(tmp_path, "", "--show-personal", path=ev))
    assert "13912345678" in shown


def test_docx_without_output_is_refused_in_one_line():
    res = run("--evidence", str(EXAMPLES["kaifeng_checklist"]), "--format", "docx")
    assert res.exit_code == 2 and res.stdout == ""
    assert "docx" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_a_provisional_cover_letter_gives_ranges_and_says_so(tmp_path):
    """Taicang with 窗口协助 not rated: 86.84～91.84, paid 108,800.00～140,800.00 (太人社医[2018]3号 四)."""
    src = EXAMPLES["taicang"].read_text(encoding="utf-8")
    block = '[ratings.window_assist]\nsystem = "1"\nimplemented = "1"\nservice = "0.8"\n'
    ev = tmp_path / "2024.toml"
    ev.write_text(src.replace(block, ""), encoding="utf-8")
    d = document(tmp_path, "", path=ev)
    rows = {r.cells[0].text: r.cells[1].text for r in d.tables[0].rows}
    assert rows[label("score", "zh")] == "86.84～91.84"
    assert rows[label("paid", "zh")] == "108,800.00～140,800.00"
    assert "不是最终结果" in all_text(d)
