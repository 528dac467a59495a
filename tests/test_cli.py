"""The `assess` command, driven through click's CliRunner.

Expected values are computed by hand from the documents; the worked examples are in
examples/<region>/README.md. Exit codes (cli.py): 0 final, 1 provisional, 2 bad input.
"""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.api import rules
from jingban.cli import main
from jingban.logsetup import configure
from jingban.testing import assert_bad_input

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
QHD = EXAMPLES / "qinhuangdao" / "2024-resident.toml"
TAICANG = EXAMPLES / "taicang" / "2024.toml"
TJ_AGREEMENT = EXAMPLES / "tianjin_ltc" / "agreement-example.toml"

REGIONS = {
    # region id: (distribution, rules_version)
    "kaifeng_checklist": ("jingban-kaifeng-checklist", "2020.1"),
    "qinhuangdao": ("jingban-qinhuangdao", "2023.1"),
    "taicang": ("jingban-taicang", "2018.1"),
    "tianjin_ltc": ("jingban-tianjin-ltc", "2024.0-draft"),
}

TAICANG_ITEMS = [
    "internal_management", "staffing", "conduct", "information_security", "confidentiality",
    "benefit_payout", "remote_audit", "chronic_disease", "routine_inspection", "hospital_reps",
    "expert_review", "smart_review", "window_assist",
]

SETTLEMENT_KEYS = {
    "kind", "fee_title", "annual_fee", "base", "proration", "withheld_title", "withheld", "steps",
    "deduction_rate", "deducted", "paid", "returned_to_fund", "fund_losses", "consequences", "citation",
    "band_citation", "no_money_reason", "provisional",
}

D = Decimal


@pytest.fixture(autouse=True)
def _restore_logging():
    """The CLI points structlog at the runner's stderr, which closes after the run; point it back."""
    yield
    configure()


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def run_en(*args: str | Path):
    """The command in English (JINGBAN_LANG=en): the errors these tests read are the English ones;
    tests/test_cli_lang.py reads the Chinese."""
    return CliRunner(env={"JINGBAN_LANG": "en"}).invoke(main, [str(a) for a in args])




def test_a_bad_option_value_is_one_line():
    """Click's usage errors (a value out of range, a choice not offered, an unknown command) are bad
    input like any other: one line naming the option, exit 2."""
    assert_bad_input(run_en("calendar", "deadline", "--from", "2024-02-05", "--days", "0"), "--days", "0")
    assert_bad_input(run_en("--region", "taicang", "--evidence", "x.toml", "--format", "xml"), "--format", "xml")
    assert_bad_input(run_en("nosuch"), "nosuch")


def variant(tmp_path: Path, source: Path, old: str, new: str, name: str = "evidence.toml") -> Path:
    """The source file with one piece of text replaced, written into tmp_path."""
    text = source.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {source}"
    out = tmp_path / name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


# ============================================================================ the worked example


def test_qinhuangdao_example_table():
    # examples/qinhuangdao/README.md: 11 + 55 + 19 = 85, 良好 (80 <= 85 < 90, 第八条（二）)
    r = run("--region", "qinhuangdao", "--evidence", QHD)
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "总分：85.00 / 100.00" in out  # points at the rules' places (2)
    assert "考核结果：良好" in out
    assert "正式结果" in out
    # 第七条: deposit 10% of 1,500,000.00; 第八条（二）: 10 steps x 1% -> 15,000.00 deducted
    assert "150,000.00" in out and "15,000.00" in out and "135,000.00" in out
    assert r.stderr == ""


def test_qinhuangdao_example_json():
    r = run("--region", "qinhuangdao", "--evidence", QHD, "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    for key in ("region", "rules_version", "agency", "period", "total", "grade", "provisional", "items",
                "settlement", "inputs_sha256"):
        assert key in doc, key
    assert doc["region"] == "qinhuangdao"
    assert doc["rules_version"] == "2023.1"
    assert doc["agency"] == "示例人寿保险股份有限公司秦皇岛中心支公司"
    assert doc["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert doc["total"] == "85.00"  # points_places = 2, ROUND_HALF_UP
    assert doc["grade"] == "good"
    assert doc["provisional"] is False
    assert doc["not_assessed"] == []
    assert len(doc["inputs_sha256"]) == 64 and int(doc["inputs_sha256"], 16) >= 0

    # categories (README): commitments 1+8+2 = 11, service quality 55, basic 19
    cats = {c["id"]: c["score"] for c in doc["categories"]}
    assert cats == {"commitments": "11.00", "service_quality": "55.00", "basic": "19.00"}

    # every item with the README's score; decimals are strings
    expected = {"1": "1", "2": "8", "3": "2", "4": "8.5", "5": "7", "6": "9", "7": "14.5", "8": "9.5",
                "9": "2", "10": "4.5", "11": "1.5", "12": "1.5", "13": "8", "14": "2.5", "15": "1.5",
                "16": "2", "17": "2"}
    items = {i["id"]: i for i in doc["items"]}
    assert list(items) == list(expected)
    for iid, score in expected.items():
        it = items[iid]
        assert {"id", "title", "max", "score", "deductions"} <= set(it)
        assert isinstance(it["score"], str) and isinstance(it["max"], str)
        assert D(it["score"]) == D(score), iid
        for d in it["deductions"]:
            assert {"finding", "points", "rule"} <= set(d)
            assert isinstance(d["points"], str)
            assert d["rule"]["document"] == "秦医保〔2023〕91号"

    # item 5: F-03 under 5.2 (1 x 1) and F-04 under 5.3 (2 x 1)
    five = [(d["finding"], d["clause"], D(d["points"])) for d in items["5"]["deductions"]]
    assert five == [("F-03", "5.2", D(1)), ("F-04", "5.3", D(2))]
    # item 6: F-03 again under 6.2, 0 points (附件2 说明: same issue deducted once), F-05 1 x 1 under 6.3
    six = items["6"]["deductions"]
    assert (six[0]["finding"], six[0]["clause"], D(six[0]["points"]), six[0]["deducted_again_elsewhere"]) == \
        ("F-03", "6.2", D(0), True)
    assert six[0]["rule"]["item"] == "说明"
    assert (six[1]["finding"], D(six[1]["points"])) == ("F-05", D(1))
    # item 7: (9 - 2) x 0.5 = 3.5 and 2 x 1 = 2, from facts (no finding)
    seven = [(d["finding"], d["clause"], D(d["points"])) for d in items["7"]["deductions"]]
    assert seven == [(None, "7.1", D("3.5")), (None, "7.2", D(2))]

    # settlement: 第七条 10% deposit; 第八条（二） 1% per 0.5 below 90; 第八条（四） back to the fund
    s = doc["settlement"]
    assert SETTLEMENT_KEYS <= set(s)
    assert s["base"] == "1500000.00"
    assert s["withheld"] == "150000.00"
    assert D(s["deduction_rate"]) == D("0.10")
    assert s["steps"] == "10"
    assert s["deducted"] == "15000.00"
    assert s["paid"] == "135000.00"
    assert s["returned_to_fund"] == "15000.00"
    assert s["consequences"] == []


def test_lang_en_labels():
    r = run("--region", "qinhuangdao", "--evidence", QHD, "--lang", "en")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    for word in ("Total", "Grade", "Good", "Settlement", "Deducted", "Paid out", "Returned to the fund",
                 "Dedicated office and service outlets"):
        assert word in out, word
    for zh in ("总分", "考核结果", "扣减金额", "拨付金额", "独立经办机构与服务网点"):
        assert zh not in out, zh
    doc = json.loads(run("--region", "qinhuangdao", "--evidence", QHD, "--lang", "en", "--format", "json").stdout)
    assert doc["grade_title"] == "Good"
    assert doc["items"][0]["title"] == "Dedicated office and service outlets"
    assert doc["settlement"]["withheld_title"] == "deposit"


def test_provisional_exit_1(tmp_path):
    # Only items 2 (8 points) and 3 (2 points) inspected, no findings or facts: the other 15 items are
    # not assessed (never full marks), so the total is 8 + 2 = 10 and the result is provisional.
    ev = tmp_path / "partial.toml"
    ev.write_text(
        'schema = 1\nregion = "qinhuangdao"\nagency = "测试机构"\nproduct = "resident"\n'
        'fee = "1000000.00"\ninspected = ["2", "3"]\n\n[period]\nfrom = 2024-01-01\nto = 2024-12-31\n',
        encoding="utf-8")
    r = run("--region", "qinhuangdao", "--evidence", ev, "--format", "json")
    assert r.exit_code == 1, r.stderr
    doc = json.loads(r.stdout)
    assert doc["provisional"] is True
    assert doc["total"] == "10.00"
    assert doc["not_assessed"] == ["1", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
                                   "16", "17"]
    items = {i["id"]: i for i in doc["items"]}
    assert items["7"]["score"] is None and items["7"]["assessed"] is False
    assert D(items["2"]["score"]) == 8
    t = run("--region", "qinhuangdao", "--evidence", ev)
    assert t.exit_code == 1
    assert "临时结果" in t.stdout


# ============================================================================ bad input -> exit 2


def test_malformed_toml(tmp_path):
    ev = tmp_path / "broken.toml"
    ev.write_text('schema = 1\nregion = "qinhuangdao"\nagency = [\n', encoding="utf-8")
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "malformed TOML")


def test_unknown_top_level_key_with_suggestion(tmp_path):
    ev = variant(tmp_path, QHD, "\ninspected = [", "\ninspceted = [")
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "inspceted", "did you mean 'inspected'")


def test_misspelt_required_key_with_suggestion(tmp_path):
    # `agency` is required: the misspelling is named together with the key it should be
    ev = variant(tmp_path, QHD, "\nagency = ", "\nagnecy = ")
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "agnecy", "did you mean 'agency'")


def test_unknown_key_inside_a_finding(tmp_path):
    ev = variant(tmp_path, QHD, 'location = "卢龙县服务网点实地走访"', 'locaton = "卢龙县服务网点实地走访"')
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "findings[F-01].locaton", "did you mean 'location'")


def test_fee_as_float(tmp_path):
    ev = variant(tmp_path, QHD, 'fee = "1500000.00"', "fee = 1500000.0")
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "fee", "string")


def test_count_as_string(tmp_path):
    ev = variant(tmp_path, QHD, "count = 3\n", 'count = "3"\n')
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "findings[F-02].count")


def test_negative_fact_count(tmp_path):
    ev = variant(tmp_path, QHD, "monthly_reports_late = 1", "monthly_reports_late = -1")
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "facts.monthly_reports_late", "negative")


def test_negative_finding_count(tmp_path):
    ev = variant(tmp_path, QHD, "count = 3\n", "count = -3\n")
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "findings[F-02].count", "-3")


def test_unknown_region_with_suggestion():
    line = assert_bad_input(run_en("--region", "qinhuangdoa", "--evidence", QHD), "qinhuangdoa",
                            "did you mean 'qinhuangdao'")
    assert "no such region" in line
    assert_bad_input(run_en("settle", "--region", "taicnag", "--score", "90"), "taicnag", "did you mean 'taicang'")


def test_evidence_for_another_region():
    assert_bad_input(run_en("--region", "taicang", "--evidence", QHD), str(QHD), "region", "qinhuangdao")


def test_unknown_item_in_inspected(tmp_path):
    ev = variant(tmp_path, QHD, '"16", "17"]', '"16", "17", "18"]')
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "inspected", "unknown item '18'")


def test_unknown_clause_in_a_finding(tmp_path):
    ev = variant(tmp_path, QHD, 'rules = ["1.4b"]', 'rules = ["1.4c"]')
    # the message names the finding by its id and lists the clauses of the item the id points at
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "findings[F-01].rules", "unknown clause '1.4c'",
                     "item 1 has 1.1, 1.2, 1.3-resident, 1.4a")


@pytest.mark.parametrize("written", ["5(2)", "5（2）", "第5项第2条", " 5 ( 2 ) ", "５（２）"])
def test_clause_written_in_the_forms_own_numbering(written, tmp_path):
    """附件2 numbers its points 5(2): the form's own numbering is an alias of the rules file's 5.2,
    so F-03 gives the same 85 however it is written."""
    ev = variant(tmp_path, QHD, 'rules = ["5.2", "6.2"]', f'rules = ["{written}", "6.2"]')
    r = run("-r", "qinhuangdao", "-e", ev, "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["total"] == "85.00"
    item5 = next(i for i in doc["items"] if i["id"] == "5")
    assert [d["clause"] for d in item5["deductions"] if d["finding"] == "F-03"] == ["5.2"]


def test_a_wrong_point_of_an_item_lists_that_items_clauses(tmp_path):
    ev = variant(tmp_path, QHD, 'rules = ["5.2", "6.2"]', 'rules = ["5（9）", "6.2"]')
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev), str(ev), "findings[F-03].rules", "unknown clause '5（9）'",
                     "item 5 has 5.1, 5.2, 5.3, 5.4, 5.6")


def test_missing_evidence_file(tmp_path):
    missing = tmp_path / "nope.toml"
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", missing), str(missing), "not found")


def test_region_without_evidence():
    assert_bad_input(run_en("--region", "qinhuangdao"), "--evidence")
    # the evidence names its region: --region may be left out (tests/test_cli_lang.py)
    assert run_en("--evidence", QHD).exit_code == run_en("--region", "qinhuangdao", "--evidence", QHD).exit_code


def test_no_arguments_prints_help():
    r = run()
    assert r.exit_code == 0
    assert "用法" in r.stdout and "regions" in r.stdout  # Chinese by default (tests/test_cli_lang.py)


def test_settle_score_above_the_bonus_cap():
    # 太人社医[2018]3号 四: 100 points plus at most 5 bonus points: 105.5 cannot be a Taicang score
    assert_bad_input(run_en("settle", "--region", "taicang", "--score", "105.5"), "--score", "105.5")
    ok = run("settle", "--region", "taicang", "--score", "105")
    assert ok.exit_code == 0, ok.stderr


def test_settle_score_not_a_number():
    assert_bad_input(run_en("settle", "--region", "taicang", "--score", "abc"), "--score", "abc")


def test_settle_negative_fee():
    assert_bad_input(run_en("settle", "--region", "taicang", "--score", "90", "--fee", "-1"), "--fee")


def test_unknown_option():
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", QHD, "--option", "partial_stpe=ceil"), "option partial_stpe",
                     "did you mean 'partial_step'")


def test_option_value_not_allowed():
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", QHD, "--option", "partial_step=round"), "partial_step",
                     "'round'", "floor", "ceil")


def test_option_without_value():
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", QHD, "--option", "partial_step"), "--option", "ID=VALUE")


def test_taicang_bonus_claim_above_the_cap(tmp_path):
    # 太人社医[2018]3号 四: 其它加分项目不超过5分 — a single claim of 6 is refused
    ev = variant(tmp_path, TAICANG, 'points = "3"', 'points = "6"')
    assert_bad_input(run_en("-r", "taicang", "-e", ev), str(ev), "bonus[0].points", "6", "5")


# ============================================================================ --output


def test_output_written_on_success(tmp_path):
    out = tmp_path / "report.json"
    r = run("-r", "qinhuangdao", "-e", QHD, "--format", "json", "--output", out)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["total"] == "85.00"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_output_not_created_on_bad_input(tmp_path):
    ev = variant(tmp_path, QHD, 'fee = "1500000.00"', "fee = 1500000.0")
    out = tmp_path / "report.txt"
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", ev, "--output", out), str(ev))
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence.toml"]


def test_output_left_untouched_on_bad_input(tmp_path):
    out = tmp_path / "report.txt"
    out.write_text("the report of last week\n", encoding="utf-8")
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", tmp_path / "missing.toml", "--output", out), "missing.toml")
    assert out.read_text(encoding="utf-8") == "the report of last week\n"


def test_output_into_a_missing_directory(tmp_path):
    """The system's reason is said in the report's language (the OS's own text is English)."""
    out = tmp_path / "no-such-dir" / "report.txt"
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", QHD, "--output", out), str(out), "--output")
    assert not out.parent.exists()
    zh = run("-r", "qinhuangdao", "-e", QHD, "--output", out)
    assert zh.exit_code == 2 and zh.stderr.strip().endswith("--output：无法在此处写入：文件或文件夹不存在")
    en = run_en("-r", "qinhuangdao", "-e", QHD, "--output", out)
    assert en.stderr.strip().endswith("--output: cannot write here: no such file or folder")


def test_the_systems_reasons_read_in_both_languages():
    """Each errno an operator meets has its own words in both languages; any other is named by its
    code, never by the OS's English text in a Chinese line."""
    import errno

    from jingban.errors import os_reason

    assert os_reason(PermissionError(errno.EACCES, "Permission denied")).render("zh") == "没有访问权限"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")).render("en") == "the disk is full"
    assert os_reason(OSError(errno.EIO, "Input/output error")).render("zh") == "系统错误（EIO）"


# ============================================================================ settle


def test_settle_qinhuangdao_json():
    # 秦医保〔2023〕91号 第七条: deposit 10% of 1,500,000 = 150,000.00. 第八条（二）: 85 lies 5 below 90,
    # 5 / 0.5 = 10 steps x 1% = 10% -> 15,000.00 deducted, 135,000.00 paid; 第八条（四）: back to the fund.
    r = run("settle", "--region", "qinhuangdao", "--score", "85", "--fee", "1500000", "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert set(doc) == SETTLEMENT_KEYS | {"region", "score", "grade", "arithmetic"}
    assert doc["region"] == "qinhuangdao"
    assert doc["score"] == "85"
    # the same arithmetic step by step (jingban.stakes), each with its article
    assert [(s["id"], s["value"]) for s in doc["arithmetic"]] == [
        ("fee", "1500000.00"), ("withheld", "150000.00"), ("rate", "0.1"), ("deducted", "15000.00"),
        ("paid", "135000.00"), ("returned", "15000.00")]
    assert doc["arithmetic"][2]["citation"]["article"] == "第八条"
    assert doc["grade"] == "good"
    assert doc["withheld"] == "150000.00"
    assert D(doc["base"]) == D("1500000")
    assert D(doc["steps"]) == 10
    assert D(doc["deduction_rate"]) == D("0.10")
    assert doc["deducted"] == "15000.00"
    assert doc["paid"] == "135000.00"
    assert doc["returned_to_fund"] == "15000.00"
    assert doc["consequences"] == []


@pytest.mark.parametrize(
    ("score", "grade", "withheld", "deducted", "paid", "consequences"),
    [
        # 第八条（一）: 90 and above, the whole deposit is returned
        ("90", "excellent", "150000.00", "0.00", "150000.00", []),
        # （二）: 89.5 is one step below 90: 1%
        ("89.5", "good", "150000.00", "1500.00", "148500.00", []),
        # 80 is 20 steps below 90: 20%
        ("80", "good", "150000.00", "30000.00", "120000.00", []),
        # pass band (from_90, the default reading): 79.5 is 21 steps below 90 x 1.5% = 31.5%
        ("79.5", "pass", "150000.00", "47250.00", "102750.00", ["warning_talk", "rectification"]),
        # 60 is 60 steps below 90 x 1.5% = 90%
        ("60", "pass", "150000.00", "135000.00", "15000.00", ["warning_talk", "rectification"]),
        # （三）: below 60 the whole deposit is kept
        ("59.99", "fail", "150000.00", "150000.00", "0.00",
         ["interview_head", "deposit_forfeited", "revoke_agency_qualification", "lose_next_bid"]),
    ],
)
def test_settle_qinhuangdao_band_edges(score, grade, withheld, deducted, paid, consequences):
    r = run("settle", "--region", "qinhuangdao", "--score", score, "--fee", "1500000.00", "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert (doc["grade"], doc["withheld"], doc["deducted"], doc["paid"]) == (grade, withheld, deducted, paid)
    assert [c["id"] for c in doc["consequences"]] == consequences


def test_settle_table():
    r = run("settle", "--region", "qinhuangdao", "--score", "85", "--fee", "1500000")
    assert r.exit_code == 0, r.stderr
    assert "良好" in r.stdout and "150,000.00" in r.stdout and "15,000.00" in r.stdout and "135,000.00" in r.stdout


# ============================================================================ regions


def test_regions_table():
    r = run("regions")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    for region, (dist, version) in REGIONS.items():
        row = next(line for line in lines if line.startswith(region + " "))
        assert dist in row and version in row, row


def test_regions_json():
    r = run("regions", "--format", "json")
    assert r.exit_code == 0, r.stderr
    docs = {d["region"]: d for d in json.loads(r.stdout)["regions"]}
    assert set(REGIONS) <= set(docs)
    for region, (dist, version) in REGIONS.items():
        d = docs[region]
        assert d["distribution"] == dist
        assert d["rules_version"] == version
        assert d["error"] is None
    assert docs["qinhuangdao"]["document"] == "秦医保〔2023〕91号"
    assert docs["taicang"]["document"] == "太人社医[2018]3号"


# ============================================================================ template


@pytest.mark.parametrize("region", ["qinhuangdao", "taicang", "kaifeng_checklist"])
def test_template_parses_and_names_every_item(region):
    r = run("template", "--region", region)
    assert r.exit_code == 0, r.stderr
    doc = tomllib.loads(r.stdout)
    assert doc["region"] == region
    ids = [i.id for i in rules(region).items]
    assert ids
    if region == "qinhuangdao":
        # all 17 items of 附件2 listed, each commented out until the inspector has checked it
        assert doc["inspected"] == []
        assert [line.split('"')[1] for line in r.stdout.splitlines() if line.startswith('#  "')] == ids
    elif region == "taicang":
        assert list(doc["ratings"]) == ids == TAICANG_ITEMS  # one [ratings.<item>] table each
    else:
        assert list(doc["checklist"]) == ids  # one [checklist."<point>"] table each
        assert len(ids) == 35  # the Kaifeng checklist's 35 points
    for iid in ids:
        assert iid in r.stdout


def test_template_tianjin_with_agreement():
    r = run("template", "--region", "tianjin_ltc", "--agreement", TJ_AGREEMENT)
    assert r.exit_code == 0, r.stderr
    doc = tomllib.loads(r.stdout)
    assert doc["region"] == "tianjin_ltc"
    ids = [i.id for i in rules("tianjin_ltc", agreement=TJ_AGREEMENT).items]
    assert len(ids) == 45  # 3 levels x 15 indicators (example agreement)
    assert set(doc["scores"]) == {"agency", "district", "city"}
    sections = {}
    for chunk in r.stdout.split("[scores.")[1:]:
        level, _, body = chunk.partition("]")
        sections[level] = body
    for iid in ids:
        level, _, indicator = iid.partition(":")
        assert f'"{indicator}"' in sections[level], iid


@pytest.mark.parametrize("region", ["qinhuangdao", "taicang", "tianjin_ltc", "kaifeng_checklist"])
def test_unfilled_template_is_valid_evidence(tmp_path, region):
    # The skeleton, with nothing filled in, is read without error; with no ratings, scores or facts
    # some items are not assessed, so the result is provisional (exit 1), never full marks.
    args = ["template", "--region", region]
    if region == "tianjin_ltc":
        args += ["--agreement", TJ_AGREEMENT]
        (tmp_path / "agreement.toml").write_text(TJ_AGREEMENT.read_text(encoding="utf-8"), encoding="utf-8")
    text = run(*args).stdout
    if region == "qinhuangdao":
        text = text.replace('product = ""', 'product = "resident"', 1)
    ev = tmp_path / "skeleton.toml"
    ev.write_text(text, encoding="utf-8")
    r = run("-r", region, "-e", ev, "--format", "json")
    assert r.exit_code == 1, r.stderr
    assert json.loads(r.stdout)["provisional"] is True


def test_template_tianjin_without_agreement_is_bad_input():
    assert_bad_input(run_en("template", "--region", "tianjin_ltc"), "--agreement")


def test_template_output_file(tmp_path):
    out = tmp_path / "skeleton.toml"
    r = run("template", "--region", "taicang", "--output", out)
    assert r.exit_code == 0 and r.stdout == ""
    assert tomllib.loads(out.read_text(encoding="utf-8"))["region"] == "taicang"


# ============================================================================ compare


def test_compare_table():
    r = run("compare", "--regions", "qinhuangdao,taicang", "--evidence", QHD)
    # Taicang cannot assess any of its 13 items from Qinhuangdao evidence: provisional -> exit 1
    assert r.exit_code == 1, r.stderr
    lines = r.stdout.splitlines()
    qhd = next(line for line in lines if line.startswith("qinhuangdao "))
    tc = next(line for line in lines if line.startswith("taicang "))
    assert " 85.00 " in qhd and "良好" in qhd and "正式结果" in qhd
    # nothing of Taicang's table is assessed: no total, grade, money or consequence, and what it needs
    assert "0/13" in tc and "无法考核" in tc and "100%" not in tc and "终止" not in tc
    assert tc.split()[1:3] == ["—", "—"]
    assert any(line.startswith("taicang 无法考核：") for line in lines) and "[ratings]" in r.stdout


def test_compare_takes_several_evidence_files_and_tianjin_with_an_agreement():
    r = run("compare", "--regions", "taicang,tianjin_ltc", "--evidence", TAICANG, "--evidence", QHD,
            "--agreement", TJ_AGREEMENT, "--format", "json")
    assert r.exit_code == 1, r.stderr
    docs = json.loads(r.stdout)["regions"]
    assert [(d["evidence"].split("/")[-1], d["region"]) for d in docs] == [
        ("2024.toml", "taicang"), ("2024.toml", "tianjin_ltc"),
        ("2024-resident.toml", "taicang"), ("2024-resident.toml", "tianjin_ltc")]
    assert docs[0]["total"] == "91.64" and docs[0]["agency"] == "示例财产保险股份有限公司太仓支公司"
    assert docs[1]["assessable"] is False and docs[1]["total"] is None and docs[1]["settlement"] is None
    assert any("[scores]" in n for n in docs[1]["needs"])


def test_compare_refuses_the_same_evidence_twice():
    assert_bad_input(run_en("compare", "--regions", "taicang", "--evidence", QHD, "--evidence", QHD), "given twice")


def test_compare_json():
    r = run("compare", "--regions", "qinhuangdao,taicang", "--evidence", QHD, "--format", "json")
    assert r.exit_code == 1, r.stderr
    docs = {d["region"]: d for d in json.loads(r.stdout)["regions"]}
    assert list(docs) == ["qinhuangdao", "taicang"]
    q, t = docs["qinhuangdao"], docs["taicang"]
    assert (q["total"], q["grade"], q["provisional"]) == ("85.00", "good", False)
    assert q["settlement"]["deducted"] == "15000.00"
    assert t["provisional"] is True
    assert t["not_assessed"] == TAICANG_ITEMS
    assert (t["assessable"], t["total"], t["grade"], t["settlement"]) == (False, None, None, None)


def test_compare_unknown_region():
    assert_bad_input(run_en("compare", "--regions", "qinhuangdao,taicangg", "--evidence", QHD), "taicangg",
                     "did you mean 'taicang'")


# ============================================================================ personal data


def _survey_values() -> list[str]:
    rows = tomllib.loads(QHD.read_text(encoding="utf-8"))["survey"]
    assert len(rows) == 6
    return [row[k] for row in rows for k in ("name", "id_number", "phone")]


def test_personal_data_masked_in_table_and_json():
    values = _survey_values()
    for args in ((), ("--format", "json"), ("--lang", "en"), ("--format", "json", "--lang", "en")):
        r = run("-r", "qinhuangdao", "-e", QHD, *args)
        assert r.exit_code == 0, r.stderr
        for v in values:
            assert v not in r.stdout, (args, v)
            assert v not in r.stderr, (args, v)
    # the dissatisfied row (row 3) is listed masked in the table
    table = run("-r", "qinhuangdao", "-e", QHD).stdout
    assert "示**" in table
    assert "130300********0033" in table
    assert "138****0003" in table


def test_show_personal_shows_them():
    r = run("-r", "qinhuangdao", "-e", QHD, "--show-personal")
    assert r.exit_code == 0, r.stderr
    # row 3 is the one dissatisfied claimant (8.1): the only survey row the report lists
    for v in ("示例丙", "130300190001010033", "13800000003"):
        assert v in r.stdout


def test_personal_data_not_in_logs():
    values = _survey_values()
    r = run("-r", "qinhuangdao", "-e", QHD, "--show-personal", "--log-level", "debug", "--log-format", "json")
    assert r.exit_code == 0
    log_lines = [json.loads(line) for line in r.stderr.splitlines() if line.strip()]
    assert any(entry.get("event") == "assessed" for entry in log_lines)  # the log did run at debug level
    for v in values:
        assert v not in r.stderr, v


def test_agreement_for_a_region_that_takes_none_is_refused():
    assert_bad_input(run_en("-r", "qinhuangdao", "-e", QHD, "--agreement", TJ_AGREEMENT), "--agreement",
                     "takes no agreement")
