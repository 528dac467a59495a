"""Errors reading TOML files, evidence and scoring read in Chinese by default and in English on
request, never mixed: the Chinese line keeps only the ids, keys, file names and codes in ASCII, the
English line is the one jingban always wrote, and a suggestion renders in both."""

from __future__ import annotations

import re
import tomllib

import pytest

from jingban.api import assess_toml, settle
from jingban.errors import InputError
from jingban.evidence import parse_evidence
from jingban.tomlread import Node, load_toml

BASE = 'schema = 1\nregion = "taicang"\nagency = "x"\n'


def zh_only(line: str, *kept: str) -> None:
    """The Chinese line: some Chinese, and no English word once the expected ASCII is taken out."""
    assert re.search(r"[\u4e00-\u9fff]", line), line
    rest = line
    for k in sorted(kept, key=len, reverse=True):
        rest = rest.replace(k, "")
    assert re.search("[A-Za-z]{2,}", rest) is None, (line, rest)


def refused(fn, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        fn(*args, **kwargs)
    return info.value


def evidence_error(text: str) -> InputError:
    return refused(parse_evidence, text, "ev.toml")


def assess_error(text: str, region: str = "taicang") -> InputError:
    return refused(assess_toml, region, text, file="ev.toml")


# -- reading TOML files ---------------------------------------------------------------------------
def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.toml"
    e = refused(load_toml, path)
    assert e.line("en") == f"{path}: file not found"
    assert e.line("zh") == f"{path}：文件不存在"
    zh_only(e.line("zh"), str(path))


def test_directory(tmp_path):
    e = refused(load_toml, tmp_path)
    assert e.line("en") == f"{tmp_path}: is a directory, expected a TOML file"
    zh_only(e.line("zh"), str(tmp_path), "TOML")


def test_malformed_toml_keeps_the_parsers_words_as_a_parameter():
    text = "schema = 1\nagency = \n"
    with pytest.raises(tomllib.TOMLDecodeError) as parser:
        tomllib.loads(text)
    detail = str(parser.value)
    e = evidence_error(text)
    assert e.line("en") == f"ev.toml: malformed TOML: {detail}"
    assert e.line("zh") == f"ev.toml：TOML 格式错误（解析器提示：{detail}）"
    zh_only(e.line("zh"), "ev.toml", "TOML", detail)


@pytest.mark.parametrize("text, en, zh, kept", [
    (BASE.replace('agency = "x"', "agency = 5"), "ev.toml: agency: expected a string, got the number 5",
     "ev.toml: agency：应为字符串，实为数字 5", ("agency",)),
    (BASE + 'fee = 1.5\n', 'ev.toml: fee: write decimals as strings ("1.5"), not as a TOML float',
     'ev.toml: fee：小数请写成字符串（"1.5"），不要写成 TOML 浮点数', ("fee", "TOML")),
    (BASE + 'fee = "lots"\n', "ev.toml: fee: 'lots' is not a decimal number", "ev.toml: fee：“lots”不是数字",
     ("fee", "lots")),
    (BASE + 'fee = "-3"\n', "ev.toml: fee: -3 is below the minimum 0", "ev.toml: fee：-3 小于最小值 0", ("fee",)),
    (BASE + 'fee = ["1"]\n', "ev.toml: fee: expected a decimal string, got a list",
     "ev.toml: fee：应为写成字符串的小数，实为列表", ("fee",)),
    (BASE.replace("schema = 1", 'schema = "1"'), "ev.toml: schema: expected a whole number, got the string '1'",
     "ev.toml: schema：应为整数，实为字符串“1”", ("schema",)),
    (BASE + 'inspected = "a"\ninspected_ = 1\n', "ev.toml: inspected_: unknown key (did you mean 'inspected'?)",
     "ev.toml: inspected_：未知的键（是否想写“inspected”？）", ("inspected_", "inspected")),
    (BASE + '[period]\nfrom = "2024-13-01"\nto = 2024-12-31\n',
     "ev.toml: period.from: expected a date (YYYY-MM-DD), got '2024-13-01'",
     "ev.toml: period.from：应为日期（YYYY-MM-DD），实为 '2024-13-01'", ("period.from", "YYYY-MM-DD")),
    (BASE + "findings = 3\n", "ev.toml: findings: expected an array of tables ([[...]])",
     "ev.toml: findings：应为表数组（[[...]]）", ("findings",)),
    (BASE + "period = true\n", "ev.toml: period: expected a table, got true/false",
     "ev.toml: period：应为表，实为布尔值 true/false", ("period", "true/false")),
])
def test_typed_getters(text, en, zh, kept):
    e = evidence_error(text)
    assert e.line("en") == en
    assert e.line("zh") == zh
    zh_only(e.line("zh"), "ev.toml", *kept)


def test_a_misspelt_required_key_is_named():
    e = evidence_error('schema = 1\nagnecy = "x"\n')
    assert e.line("en") == "ev.toml: agency: missing required key (found 'agnecy': did you mean 'agency'?)"
    assert e.line("zh") == "ev.toml: agency：缺少必填的键（文件中写的是“agnecy”，是否应为“agency”？）"
    zh_only(e.line("zh"), "ev.toml", "agnecy", "agency")


def test_the_top_level_and_choices_and_when():
    with pytest.raises(InputError) as info:
        Node("not a table", "f.toml")  # type: ignore[arg-type]
    assert info.value.line("en") == "f.toml: expected a table"
    assert info.value.line("zh") == "f.toml：应为表"
    top = Node({"x": "blue"}, "f.toml")
    assert top.error(None, "x").line("en") == "f.toml: (top level): x"
    assert top.error(None, "x").line("zh") == "f.toml: （顶层）：x"
    with pytest.raises(InputError) as info:
        top.choice("x", ("red", "green", "bleu"))
    assert info.value.line("en") == "f.toml: x: 'blue' is not one of red, green, bleu (did you mean 'bleu'?)"
    assert info.value.line("zh") == "f.toml: x：“blue”不是可选值（red、green、bleu）之一（是否想写“bleu”？）"
    zh_only(info.value.line("zh"), "f.toml", "blue", "bleu", "red", "green")
    entry = Node({"when": "year"}, "f.toml", "items[0]", allow_when=True)
    with pytest.raises(InputError) as info:
        entry.applies()
    assert info.value.line("en") == "f.toml: items[0].when: expected 'option=value', got 'year'"
    zh_only(info.value.line("zh"), "f.toml", "items[0].when", "year")
    entry = Node({"when": "yeer=2024"}, "f.toml", "items[0]", option_ids=frozenset({"year"}), allow_when=True)
    with pytest.raises(InputError) as info:
        entry.applies()
    assert info.value.line("en") == "f.toml: items[0].when: unknown option 'yeer' (did you mean 'year'?)"
    assert info.value.line("zh") == "f.toml: items[0].when：未知的选项“yeer”（是否想写“year”？）"


# -- evidence -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, en, zh, kept", [
    (BASE + "[period]\nfrom = 2024-12-31\nto = 2024-01-01\n",
     "ev.toml: period: period ends (2024-01-01) before it starts (2024-12-31)",
     "ev.toml: period：结束日期（2024-01-01）早于开始日期（2024-12-31）", ("period",)),
    (BASE.replace("schema = 1", "schema = 2"), "ev.toml: schema: this jingban reads evidence schema 1, not 2",
     "ev.toml: schema：本程序读取 schema 为 1 的证据文件，此文件为 2", ("schema",)),
    (BASE + '[facts]\nstaff_medical_share = "83"\n',
     "ev.toml: facts.staff_medical_share: a ratio lies between 0 and 1 (write 0.95 for 95%), got 83",
     "ev.toml: facts.staff_medical_share：比率应在 0 到 1 之间（95% 写作 0.95），实为 83",
     ("facts.staff_medical_share",)),
    (BASE + "[facts]\nlate_claims = -1\n", "ev.toml: facts.late_claims: a count cannot be negative (-1)",
     "ev.toml: facts.late_claims：件数不能为负数（-1）", ("facts.late_claims",)),
    (BASE + 'inspected = ["a", "a"]\n', "ev.toml: inspected: 'a' is listed twice",
     "ev.toml: inspected：“a”重复列出", ("inspected",)),
    (BASE + '[[findings]]\nid = "F1"\ndescription = "d"\n',
     "ev.toml: findings[F1].rules: a finding names the clauses (rules = [...]) or items it is charged against",
     "ev.toml: findings[F1].rules：发现须写明所扣的条款（rules = [...]）或项目（items）",
     ("findings[F1].rules", "rules", "items")),
])
def test_evidence_file(text, en, zh, kept):
    e = evidence_error(text)
    assert e.line("en") == en
    assert e.line("zh") == zh
    zh_only(e.line("zh"), "ev.toml", *kept)


# -- scoring against the region's rules ---------------------------------------------------------
@pytest.mark.parametrize("region, text, en, zh, kept", [
    ("taicang", BASE + 'inspected = ["staffin"]\n',
     "ev.toml: inspected: unknown item 'staffin' (did you mean 'staffing'?)",
     "ev.toml: inspected：未知的项目“staffin”（是否想写“staffing”？）", ("inspected", "staffin", "staffing")),
    ("taicang", BASE + '[[bonus]]\nkind = "innovaton"\npoints = "1"\ndescription = "d"\n',
     "ev.toml: bonus[0].kind: unknown bonus kind 'innovaton' (did you mean 'innovation'?)",
     "ev.toml: bonus[0].kind：未知的加分类别“innovaton”（是否想写“innovation”？）",
     ("bonus[0].kind", "innovaton", "innovation")),
    ("taicang", BASE + '[ratings.staffing]\nsystem = "1"\nimplemnted = "1"\nservice = "1"\n',
     "ev.toml: ratings.staffing.implemnted: unknown dimension; this region rates system, implemented, service",
     "ev.toml: ratings.staffing.implemnted：未知的维度；本地区评分的维度为 system、implemented、service",
     ("ratings.staffing.implemnted", "system", "implemented", "service")),
    ("taicang", BASE + '[ratings.staffin]\nsystem = "1"\n',
     "ev.toml: ratings.staffin: unknown item (did you mean 'staffing'?)",
     "ev.toml: ratings.staffin：未知的项目（是否想写“staffing”？）", ("ratings.staffin", "staffing")),
    ("taicang", BASE.replace('"taicang"', '"qinhuangdao"'),
     "ev.toml: region: this evidence is written for 'qinhuangdao', not 'taicang' (use --region accordingly, "
     "or `assess compare` to score it under other regions)",
     "ev.toml: region：此证据文件是为“qinhuangdao”编写的，不是“taicang”（请相应设置 --region，"
     "或用 assess compare 按其他地区的规则评分）", ("region", "qinhuangdao", "taicang", "assess compare")),
    ("qinhuangdao", BASE.replace('"taicang"', '"qinhuangdao"'),
     "ev.toml: product: this region assesses one product per file: resident, employee",
     "ev.toml: product：本地区每个文件考核一个产品：resident、employee", ("product", "resident", "employee")),
    ("qinhuangdao", BASE.replace('"taicang"', '"qinhuangdao"') + 'product = "resident"\n[[findings]]\n'
     'id = "F1"\nrules = ["5(99)"]\ndescription = "d"\n',
     "ev.toml: findings[F1].rules: unknown clause '5(99)'; item 5 has 5.1, 5.2, 5.3, 5.4, 5.6",
     "ev.toml: findings[F1].rules：未知的条款“5(99)”；项目 5 的条款为 5.1、5.2、5.3、5.4、5.6",
     ("findings[F1].rules",)),
    ("tianjin_ltc", 'schema = 1\nagency = "x"\n',
     'ev.toml: agreement: region tianjin_ltc takes its indicators and weights from an agreement file; name it '
     '(agreement = "file.toml" in the evidence, or --agreement FILE)',
     'ev.toml: agreement：地区 tianjin_ltc 的指标和权重来自协议文件；请指明该文件（在证据文件中写 '
     'agreement = "文件名.toml"，或使用 --agreement 文件路径）', ("agreement", "tianjin_ltc", ".toml")),
])
def test_scoring(region, text, en, zh, kept):
    e = assess_error(text, region)
    assert e.line("en") == en
    assert e.line("zh") == zh
    zh_only(e.line("zh"), "ev.toml", *kept)


def test_a_score_or_fee_the_api_refuses():
    e = refused(settle, "taicang", "150")
    assert e.line("en") == "--score: 150 lies outside taicang's range 0-105"
    assert e.line("zh") == "--score：150 超出 taicang 的分数范围 0-105"
    zh_only(e.line("zh"), "--score", "taicang")
    e = refused(settle, "taicang", "abc")
    assert e.line("en") == "--score: 'abc' is not a decimal number"
    assert e.line("zh") == "--score：“abc”不是数字"
    e = refused(settle, "taicang", "80", True)
    assert e.line("en") == "--fee: expected a decimal, got true/false"
    zh_only(e.line("zh"), "--fee", "true/false")


def test_an_unknown_fact_is_refused_by_the_region_assessed():
    # a name outside the catalog may be a region's own fact (rules `[[facts]]`): the region decides
    e = assess_error(BASE + "[facts]\nlate_claim = 3\n")
    assert e.line("en") == "ev.toml: facts.late_claim: unknown fact (did you mean 'late_claims'?)"
    assert e.line("zh") == "ev.toml: facts.late_claim：未知的事实（是否想写“late_claims”？）"
    zh_only(e.line("zh"), "ev.toml", "facts.late_claim", "late_claims")


def test_str_is_still_the_english_line():
    e = assess_error(BASE + "[facts]\nlate_claim = 3\n")
    assert str(e) == e.line("en")
    assert "Message(" not in str(e) and "Message(" not in e.line("zh")
