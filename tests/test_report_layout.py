"""The printed reports' layout (issue 10): every terminal report fits 100 display columns, a long
entry wraps with a hanging indent and loses nothing, an id or a number is never split across
lines; a weighted tree's items are a grid, one row per indicator and one column per level; points
print at the rules file's places.

The width is measured here from Unicode's own table, not from jingban's: a character whose
east-asian width is W or F takes two columns, every other one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.api import rules
from jingban.cli import main
from jingban.logsetup import configure
from jingban.parts import aggregation_of

ROOT = Path(__file__).resolve().parents[1]
EX = "examples"
TJ = f"{EX}/tianjin_ltc/agreement-example.toml"
PAGE = 100
EXAMPLES = {
    "qinhuangdao": f"{EX}/qinhuangdao/2024-resident.toml",
    "taicang": f"{EX}/taicang/2024.toml",
    "kaifeng_checklist": f"{EX}/kaifeng_checklist/2020-self-inspection.toml",
    "tianjin_ltc": f"{EX}/tianjin_ltc/2024-heping.toml",
    "tianjin_ltc-midyear": f"{EX}/tianjin_ltc/2024-midyear.toml",
}
ALL = "qinhuangdao,taicang,tianjin_ltc,kaifeng_checklist"

REPORTS: dict[str, list[str]] = {}
for _name, _path in EXAMPLES.items():
    REPORTS[f"assess-{_name}"] = ["--region", _name.split("-")[0], "--evidence", _path]
REPORTS["assess-qinhuangdao-show-personal"] = ["--region", "qinhuangdao", "--evidence", EXAMPLES["qinhuangdao"],
                                               "--show-personal"]
REPORTS["compare-qinhuangdao-evidence"] = ["compare", "--regions", "qinhuangdao,taicang,kaifeng_checklist",
                                           "-e", EXAMPLES["qinhuangdao"]]
REPORTS["compare-every-example"] = ["compare", "--regions", ALL, "--agreement", TJ,
                                    *(x for p in EXAMPLES.values() for x in ("-e", p))]
REPORTS["compare-rules"] = ["compare", "--regions", ALL, "--rules", "--agreement", TJ]
REPORTS["settle-qinhuangdao"] = ["settle", "--region", "qinhuangdao", "--score", "79.5", "--fee", "1500000"]
REPORTS["settle-taicang"] = ["settle", "--region", "taicang", "--score", "94.7", "--fee", "3200000"]
REPORTS["settle-tianjin"] = ["settle", "--region", "tianjin_ltc", "--score", "77.3", "--fee", "240000",
                             "--agreement", TJ]
REPORTS["settle-kaifeng"] = ["settle", "--region", "kaifeng_checklist"]
for _region in ALL.split(","):
    REPORTS[f"template-{_region}"] = ["template", "--region", _region] + (
        ["--agreement", TJ] if _region == "tianjin_ltc" else [])
REPORTS["regions"] = ["regions"]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # the examples' paths as the README gives them
    yield
    configure()


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)


def report(args: list[str], lang: str) -> str:
    res = CliRunner().invoke(main, [*args, "--lang", lang])
    assert res.exit_code in (0, 1), res.stderr  # 1: a provisional result
    return res.stdout


def squeezed(text: str) -> str:
    """The text with its white space gone: what a wrapped text and the unwrapped one share."""
    return re.sub(r"\s+", "", text)


# ============================================================================ the page width


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_fits_100_columns(name, lang):
    wide = [(columns(line), line) for line in report(REPORTS[name], lang).splitlines() if columns(line) > PAGE]
    assert wide == []


def test_wrap_keeps_every_line_within_the_width_and_every_word_whole():
    from jingban.report.text import wrap

    text = ("−0.50 1.3-resident 县区服务网点缺设〔秦医保〔2023〕91号 附件2 1(3)〕 ← 应设未设的服务网点数"
            "（service_outlets_missing） = 1，拨付 1,500,000.00 元，agency:D1.1.score 评分 87.90")
    for width in range(40, 101, 6):  # narrower than its longest word (service_outlets_missing), a line must cut it
        # as the reports do: a citation whole while a line holds it, its document's id always
        lines = wrap(text, width, "    ", keep=("〔秦医保〔2023〕91号 附件2 1(3)〕", "秦医保〔2023〕91号"))
        assert all(columns(x) <= width for x in lines), width
        assert squeezed("".join(lines)) == squeezed(text)  # nothing dropped
        joined = "\n".join(lines)
        for word in ("1,500,000.00", "87.90", "agency:D1.1.score", "1.3-resident", "service_outlets_missing",
                     "秦医保〔2023〕91号", "−0.50", "附件2", "1(3)〕"):
            assert word in joined, (width, word)
        # a closing mark never starts a line, an opening one never ends one (禁则)
        assert not any(x.strip()[0] in "、，。；：）〕" for x in lines[1:]), width
        assert not any(x.rstrip()[-1] in "（〔" for x in lines), width


def test_a_line_breaks_only_where_it_may():
    from jingban.report.text import pieces

    assert pieces("87.90分") == ["87.90分"]  # a number and its unit
    assert pieces("a b") == ["a ", "b"]
    assert pieces("管理制度") == ["管", "理", "制", "度"]  # Chinese breaks between any two characters
    assert pieces("委托经办机构（自查）")[-1] == "（自查）"  # a short aside stays whole
    assert pieces("0.00～150,000.00") == ["0.00～", "150,000.00"]  # a range after its ～


# ============================================================================ nothing dropped


def _deductions(name: str, lang: str) -> list[dict]:
    doc = json.loads(report([*REPORTS[f"assess-{name}"], "--format", "json"], lang))
    return [d for i in doc["items"] for d in i["deductions"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_deduction_keeps_points_rule_title_citation_and_evidence(name, lang):
    text = report(REPORTS[f"assess-{name}"], lang)
    lines = text.splitlines()
    flat = squeezed(text)
    for d in _deductions(name, lang):
        # the points and the rule id start the entry, on one line
        assert any(f"−{d['points']} {d['clause']}" in line for line in lines), d["clause"]
        for part in (d["title"], d["evidence"], d["rule"]["document"], d["rule"].get("article") or ""):
            assert squeezed(part) in flat, (d["clause"], part)
        assert "…" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_long_deduction_wraps_under_itself(lang):
    lines = report(REPORTS["assess-qinhuangdao"], lang).splitlines()
    k = next(n for n, line in enumerate(lines) if line.lstrip().startswith("−1.50 4.1 "))
    assert lines[k].startswith("      −")  # an entry under its item
    assert lines[k + 1].startswith("        ← F-02: ")  # the evidence under the rule, indented deeper
    assert lines[k + 2].startswith("          ") and lines[k + 2].strip()  # and its continuation deeper still


# ============================================================================ Tianjin's grid


def _grid(text: str) -> dict[str, list[str]]:
    """The grid's rows by their first cell (an indicator, or the level rows by name)."""
    start = text.index("\n----")
    end = text.index("\n\n", text.index("\n\n", start) + 2)
    rows = {}
    for line in text[start:end].splitlines()[1:]:
        cells = line.split()
        if cells and re.fullmatch(r"D\d\.\d", cells[0]):
            rows[cells[0]] = cells
        elif cells:
            rows.setdefault(cells[0], cells)
    return rows


def test_tianjin_items_are_one_row_per_indicator_with_a_column_per_level():
    text = report(REPORTS["assess-tianjin_ltc"], "zh")
    grid = _grid(text)
    indicators = [k for k in grid if k.startswith("D")]
    assert len(indicators) == 15  # 45 leaves: 15 indicators x 3 levels
    assert "agency:D1.1" not in text.split("各指标扣分及说明")[0]  # no flat leaf rows before the deductions
    head = text[:text.index("\n----")].splitlines()[-2:]
    assert "委托经办机构" in head[0] and "（自查）" in head[1] and "辖区分中心" in head[1] and "市级综合服务中心" in head[1]
    # examples/tianjin_ltc/2024-heping.toml: [scores.agency] D1.1 = 95, district 90, city 88; the weight
    # within a level is dimension x indicator: D1 0.10 x D1.1 0.5 = 0.05
    assert grid["D1.1"][-4:] == ["0.05", "95.00", "90.00", "88.00"]
    assert grid["D2.2"][-4:] == ["0.105", "92.00", "86.00", "84.00"]  # D2 0.35 x D2.2 0.3
    # D6.2 scored 100 at every level, less the commitment clauses: 100 - 10 - 6 - 5 - 5 = 74
    assert grid["D6.2"][-4:] == ["0.09", "74.00", "74.00", "74.00"]
    # A level's score is the sum of its indicators' scores by their weights in the level:
    #   agency   D1 0.10 x (0.5x95 + 0.5x92) = 9.35;  D2 0.35 x (0.2x95 + 0.3x92 + 0.3x90 + 0.2x93) = 32.27
    #            D3 0.10 x (0.5x96 + 0.5x94) = 9.5;   D4 0.15 x (0.6x98 + 0.4x95) = 14.52
    #            D5 0.15 x (0.4x92 + 0.3x94 + 0.3x95) = 14.025;  D6 0.15 x (0.4x95 + 0.6x74) = 12.36
    #            9.35 + 32.27 + 9.5 + 14.52 + 14.025 + 12.36 = 92.025 -> 92.03
    #   district 8.9 + 30.415 + 9.1 + 13.95 + 13.47 + 12.06 = 87.895 -> 87.90
    #            (D2 0.35 x (0.2x90 + 0.3x86 + 0.3x85 + 0.2x88) = 30.415; D6 0.15 x (0.4x90 + 0.6x74) = 12.06)
    #   city     8.65 + 29.61 + 8.85 + 13.74 + 13.065 + 11.94 = 85.855 -> 85.86
    #            (D2 0.35 x (0.2x88 + 0.3x84 + 0.3x82 + 0.2x86) = 29.61; D5 0.15 x (0.4x85 + 0.3x87 + 0.3x90) = 13.065)
    # The total (第十四条) weighs the unrounded level scores 0.2 / 0.3 / 0.5 and rounds once:
    #   0.2 x 92.025 + 0.3 x 87.895 + 0.5 x 85.855 = 18.405 + 26.3685 + 42.9275 = 87.701 -> 87.70
    assert grid["分级得分"][1:] == ["92.03", "87.90", "85.86"]
    assert grid["分级权重"][1:] == ["0.2", "0.3", "0.5"]
    assert grid["加权得分"][1:] == ["18.405", "26.3685", "42.9275"]
    assert "18.405 + 26.3685 + 42.9275 = 87.701，保留 2 位小数为 87.70" in text
    assert "第十四条" in text and "总分：87.70 / 100.00" in text


def test_tianjin_deductions_follow_the_grid_grouped_by_indicator():
    text = report(REPORTS["assess-tianjin_ltc"], "zh")
    after = text.split("\n各指标扣分及说明\n")[1].split("\n\n")[0].splitlines()
    heads = [line.split()[0] for line in after if not line.startswith(" ")]
    assert heads == [f"D{d}.{k}" for d, n in ((1, 2), (2, 4), (3, 2), (4, 2), (5, 3), (6, 2)) for k in range(1, n + 1)]
    d11 = after[:after.index(next(x for x in after if x.startswith("D1.2")))]
    # the indicator's citation once in its heading; each level's deduction under it, wrapped to the page
    assert "第六条" in "".join(d11[:2])
    assert [x.split()[:2] for x in d11 if "−" in x] == [
        ["−5.00", "agency:D1.1.score"], ["−10.00", "district:D1.1.score"], ["−12.00", "city:D1.1.score"]]
    assert sum(1 for x in after if x.lstrip().startswith("−")) == 45 + 9  # 45 ratings + 3 levels x 3 more clauses


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_indicator_a_level_did_not_score_shows_as_not_assessed(lang, tmp_path):
    (tmp_path / "agreement-example.toml").write_bytes((ROOT / TJ).read_bytes())
    ev = tmp_path / "partial.toml"
    ev.write_text('schema = 1\nregion = "tianjin_ltc"\nagency = "A"\nfee = "240000"\n'
                  'agreement = "agreement-example.toml"\n[period]\nfrom = 2024-01-01\nto = 2024-12-31\n'
                  '[scores.agency]\n"D1.1" = "95"\n', encoding="utf-8")
    text = report(["--region", "tianjin_ltc", "--evidence", str(ev)], lang)
    never = "未考核" if lang == "zh" else "not assessed"
    def cells(first: str) -> list[str]:
        return re.split(r"\s{2,}", next(x for x in text.splitlines() if x.startswith(first)).strip())

    assert cells("D1.1 ")[-4:] == ["0.05", "95.00", never, never]  # the agency scored it; the others did not
    assert cells("D1.2 ")[-4:] == ["0.05", never, never, never]  # never a number, never 0
    level = "分级得分" if lang == "zh" else "Level score"
    assert cells(f"      {level}")[-3:] == ["4.75", never, never]  # 0.05 x 95; the others scored nothing yet


def test_the_grid_is_the_weighted_trees_not_tianjins():
    """Any weighted tree whose leaves name their indicator gets the grid; without them, the flat table."""
    import attrs

    rs = rules("tianjin_ltc", agreement=ROOT / TJ)
    tree = aggregation_of(rs.region.aggregation)
    rows = tree.breakdown(rs, ()).rows
    assert [r.indicator.id for r in rows][:3] == ["D1.1", "D1.2", "D2.1"]
    assert rows[0].leaves == ("agency:D1.1", "district:D1.1", "city:D1.1")
    bare = attrs.evolve(rs, items=tuple(attrs.evolve(i, indicator=None) for i in rs.items))
    assert tree.breakdown(bare, ()).rows == ()
    for unit in ("report/grid.py", "aggregations/sums.py"):  # no test of the region's id
        source = (ROOT / "core/src/jingban" / unit).read_text(encoding="utf-8")
        assert '"tianjin' not in source and "region.id" not in source, unit


# ============================================================================ points at places


def test_points_print_at_the_rules_places():
    # every region here writes points_places = 2 (kaifeng_checklist, 0, gives no points)
    qhd = report(REPORTS["assess-qinhuangdao"], "zh")
    assert "总分：85.00 / 100.00" in qhd
    assert "1     独立经办机构与服务网点                2.00   1.00" in qhd
    assert re.findall(r"−\d+(?:\.\d+)? ", qhd) and all(
        re.fullmatch(r"−\d+\.\d\d ", p) for p in re.findall(r"−\d+(?:\.\d+)? ", qhd))
    assert "服务承诺   12.00  11.00" in qhd
    tc = report(REPORTS["assess-taicang"], "en")
    assert "−1.00 conduct.system" in tc and "+3.00" in tc and "bonus capped at 5.00 (5.50)" in tc
    tj = report(REPORTS["assess-tianjin_ltc"], "en")
    assert "Total: 87.70 / 100.00" in tj and "87.90" in tj
    assert " 85.00 " in next(line for line in report(REPORTS["compare-qinhuangdao-evidence"], "zh").splitlines()
                             if line.startswith("qinhuangdao "))
    assert report(REPORTS["settle-qinhuangdao"], "zh").startswith("qinhuangdao  得分：79.50")
    rules_text = report(REPORTS["compare-rules"], "zh")
    assert "−0.50 7.1 " in rules_text and "0.18 分" in rules_text


def test_money_keeps_two_decimals_and_thousands_separators():
    text = report(REPORTS["assess-tianjin_ltc"], "zh")
    assert "2,400,000.00" in text and "230,400.00" in text and "9,600.00" in text


def test_json_points_are_unchanged():
    doc = json.loads(report([*REPORTS["assess-tianjin_ltc"], "--format", "json"], "zh"))
    assert doc["total"] == "87.70"
    assert [g["score"] for g in doc["groups"]] == ["92.03", "87.90", "85.86"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_long_line_of_the_self_inspection_report_hangs_under_the_text_after_its_point(lang, tmp_path):
    """Kaifeng's self-inspection report (开医保〔2020〕11号 附件 自查报告 四、整改措施) lists each point's
    rectification as "1.7 <text>": a line too long for the page continues under the text, not under
    the point's id (2 + 4 columns: "  1.7 "), so the ids stand out; the report keeps every word."""
    src = ROOT / "examples" / "kaifeng_checklist" / "2020-self-inspection.toml"
    long = "制定内控检查评估和奖惩办法，" * 8
    text = src.read_text(encoding="utf-8").replace(
        'rectification = "制定内控检查评估和奖惩办法，每年至少评估一次，结果与科室考核挂钩"', f'rectification = "{long}"')
    assert long in text
    (tmp_path / "ev.toml").write_text(text, encoding="utf-8")
    lines = report(["--region", "kaifeng_checklist", "--evidence", str(tmp_path / "ev.toml")], lang).splitlines()
    k = next(n for n, line in enumerate(lines) if line.startswith("  1.7 制定内控"))
    assert all(columns(line) <= 100 for line in lines[k:k + 3])
    assert lines[k + 1][:6] == "      " and lines[k + 1][6] != " "
    assert "".join(line.strip() for line in lines[k:k + 3]) == "1.7 " + long


def test_a_kaifeng_report_section_left_empty_shows_a_dash(tmp_path):
    """The self-inspection report has five sections (开医保〔2020〕11号 附件 自查报告); one the evidence
    leaves empty (五、工作建议 without [report] suggestions) is printed under its heading as "—", so
    the signed page shows it was left empty rather than lost."""
    src = ROOT / "examples" / "kaifeng_checklist" / "2020-self-inspection.toml"
    text = src.read_text(encoding="utf-8")
    start = text.index("suggestions = ")
    end = text.index('"""', text.index('"""', start) + 3) + 3 if text[start:].startswith('suggestions = """') else text.index("\n", start)
    (tmp_path / "ev.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    lines = report(["--region", "kaifeng_checklist", "--evidence", str(tmp_path / "ev.toml")], "zh").splitlines()
    k = lines.index("五、工作建议")
    assert lines[k + 1] == "  —"


def test_kaifeng_report_lines_hang_under_a_short_ascii_id_only():
    """How a line of Kaifeng's self-inspection report continues: after a point's id of up to 8
    ASCII characters ("4.3", "12.3.4.5") under the text that follows it (2 + id + 1 columns); a
    longer first word, a Chinese one, or a line without a space (a paragraph) under itself (2)."""
    from jingban.shapes.check import _wrapped

    body = "材料不全的一次性告知补齐" * 12
    hang = lambda line: len(_wrapped(line)[1]) - len(_wrapped(line)[1].lstrip(" "))  # noqa: E731
    assert hang("4.3 " + body) == 6
    assert hang("12.3.4.5 " + body) == 11
    assert hang("123456789 " + body) == 2
    assert hang("整改 " + body) == 2
    assert hang(body) == 2


def test_an_english_report_uses_english_punctuation_around_the_data():
    """The words jingban writes around the data follow the report's language: in English the
    status is "[final]" and two bonus claims (太人社医[2018]3号 四, +3 and +2.5) are joined by "; ",
    while the inspector's Chinese descriptions stay as written; in Chinese "【正式结果】" and "；"."""
    en = report(REPORTS["assess-taicang"], "en")
    zh = report(REPORTS["assess-taicang"], "zh")
    assert "    [final]" in en and "【" not in en
    assert "共6场); Fast track" in en
    assert "【正式结果】" in zh and "；" in next(line for line in zh.splitlines() if line.startswith("加分"))


def test_a_range_is_written_in_the_reports_language(tmp_path):
    """Taicang with 窗口协助 (5 points) not rated (as tests/test_forms_html.py): the total can still be
    86.84 to 91.84 and the payout 108,800.00 to 140,800.00 (太人社医[2018]3号 四, 2% per 0.5 below 95).
    Chinese writes the range with ～, English with an en dash, in the table and in the forms."""
    src = (ROOT / "examples" / "taicang" / "2024.toml").read_text(encoding="utf-8")
    block = '[ratings.window_assist]\nsystem = "1"\nimplemented = "1"\nservice = "0.8"\n'
    assert block in src
    ev = tmp_path / "2024.toml"
    ev.write_text(src.replace(block, ""), encoding="utf-8")
    args = ["--region", "taicang", "--evidence", str(ev)]
    en, zh = report(args, "en"), report(args, "zh")
    assert "Total: 86.84–91.84 / 100.00" in en and "～" not in en
    assert "108,800.00–140,800.00" in en
    assert "总分：86.84～91.84 / 100.00" in zh and "108,800.00～140,800.00" in zh
    html_en = report([*args, "--format", "html"], "en")
    assert "86.84–91.84" in html_en and "～" not in html_en
    # the forms' remarks under the table run an item's lines together with the language's semicolon
    assert "rating capped at 0.8; " in html_en and "rating capped at 0.8；" not in html_en
