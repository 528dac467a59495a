"""`assess` speaks the operator's language: help, click's own words, usage errors and refusals of
input in Chinese by default, in English with --lang en or JINGBAN_LANG=en (issue 10: "Errors and
--help speak the operator's language too"). One spelling per option: --calendar-layer everywhere;
--region may be left out when the evidence names its region."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.cli import main
from jingban.cli_help import ZH, ZH_SHORT
from jingban.cli_lang import help_texts
from jingban.report.text import width

ROOT = Path(__file__).resolve().parents[1]
TAICANG = ROOT / "examples" / "taicang" / "2024.toml"
CJK = re.compile(r"[\u4e00-\u9fff]")
COMMANDS = [[], ["regions"], ["template"], ["settle"], ["compare"], ["collect"], ["calendar"],
            ["calendar", "deadline"], ["calendar", "count"], ["calendar", "show"], ["demo-data"], ["rules"], ["rules", "lint"],
            ["new-region"]]


def run(*args, env=None):
    return CliRunner(env=env or {}).invoke(main, [str(a) for a in args], prog_name="assess")


def test_every_help_text_has_its_chinese_and_none_is_left_over():
    english = {text for _, text in help_texts(main)}
    assert len(english) > 50
    assert sorted(english - set(ZH)) == []
    assert sorted(set(ZH) - english) == []
    groups = {"assess " + " ".join(c) for c in COMMANDS if c}
    assert set(ZH_SHORT) == groups


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "assess")
def test_help_is_chinese_by_default_and_fits_the_terminal(cmd):
    res = run(*cmd, "--help")
    assert res.exit_code == 0, res.output
    out = res.output
    assert out.startswith("用法：assess")
    assert "选项：" in out and "显示本帮助并退出。" in out
    for word in ("Usage:", "Options:", "Show this message", "[default:", "[required]", " TEXT", " PATH", "INTEGER"):
        assert word not in out, word
    # click's formatter is 80 columns wide; ours measures Chinese characters as two
    assert max(width(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("how", ["option", "env"])
@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "assess")
def test_help_is_english_with_lang_en_or_the_environment(cmd, how):
    res = run(*cmd, "--help", "--lang", "en") if how == "option" and cmd in ([], ["calendar", "show"]) \
        else run(*cmd, "--help", env={"JINGBAN_LANG": "en"}) if how == "env" else None
    if res is None:  # --lang belongs to the commands that render something; the variable works for all
        res = run(*cmd, "--help", env={"JINGBAN_LANG": "en"})
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Usage: assess")
    lines = [ln for ln in res.output.splitlines() if "调休上班" not in ln and "民法典" not in ln]
    # the calendar's help cites the notice's term and the civil code's article by their names
    assert not CJK.search("\n".join(lines))


def test_the_last_lang_on_the_line_wins_and_a_bad_value_is_refused_in_the_environments_language():
    assert run("--lang", "zh", "--lang", "en", "--help").output.startswith("Usage:")
    res = run("regions", "--lang", "fr")
    assert res.exit_code == 2
    assert res.stderr.strip() == ("assess：错误：--lang 的取值无效：“fr”不是可选值（可选：zh、en）"
                                  "（用法见 assess regions --help）")


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["--regoin", "taicang"], "没有选项 --regoin；相近的有：", "no such option: --regoin; did you mean "),
    (["--format", "xml"], "--format 的取值无效：“xml”不是可选值（可选：table、json、html、pdf、xlsx、docx）",
     "invalid value for --format: 'xml' is not one of table, json, html, pdf, xlsx, docx"),
    (["settle"], "缺少选项 --region / -r", "missing option --region / -r"),
    (["nosuch"], "没有命令“nosuch”", "no such command 'nosuch'"),
    (["calendar", "deadline", "--from", "2024-01-01", "--days", "0"], "--days 的取值无效：0 小于最小值 1",
     "invalid value for --days: 0 is below the minimum 1"),
    (["demo-data", "--claims", "many", "-o", "x"], "--claims / -n 的取值无效：“many”不是整数",
     "invalid value for --claims / -n: 'many' is not a whole number"),
])
def test_a_mistyped_command_line_is_one_line_in_each_language(args, zh, en):
    res = run(*args)
    assert res.exit_code == 2 and res.stdout == ""
    line = res.stderr.strip()
    assert line.startswith(f"assess：错误：{zh}") and "（用法见 assess" in line and "\n" not in line, line
    res = run(*args, env={"JINGBAN_LANG": "en"})
    assert res.exit_code == 2 and res.stdout == ""
    line = res.stderr.strip()
    assert line.startswith(f"assess: error: {en}") and " (see 'assess" in line and "\n" not in line, line


def test_a_refused_input_is_chinese_by_default_and_english_on_request():
    res = run("-e", TAICANG, "--agreement", "x.toml")
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr.strip() == "assess：错误：--agreement：地区 taicang 不使用协议文件"
    res = run("-e", TAICANG, "--agreement", "x.toml", "--lang", "en")
    assert res.stderr.strip() == "assess: error: --agreement: region taicang takes no agreement file"


def test_region_may_be_left_out_when_the_evidence_names_it():
    named = run("--region", "taicang", "-e", TAICANG, "--format", "json")
    implied = run("-e", TAICANG, "--format", "json")
    assert named.exit_code == implied.exit_code == 0
    assert implied.stdout == named.stdout


def test_evidence_naming_no_region_needs_region(tmp_path):
    ev = tmp_path / "2024.toml"
    text = TAICANG.read_text(encoding="utf-8")
    assert re.search(r'(?m)^region = "taicang"\n', text)
    ev.write_text(re.sub(r'(?m)^region = "taicang"\n', "", text), encoding="utf-8")
    for name in ("ledgers", "facts.toml"):  # whatever the example includes travels with it
        if (TAICANG.parent / name).exists():
            (shutil.copytree if (TAICANG.parent / name).is_dir() else shutil.copy)(TAICANG.parent / name,
                                                                                  tmp_path / name)
    res = run("-e", ev)
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr.strip() == f'assess：错误：{ev}: --region：证据文件没有写明地区（region = "..."）：请给出 --region'
    assert run("-e", ev, "--region", "taicang").exit_code in (0, 1)


def test_the_calendar_layer_option_has_one_spelling(tmp_path):
    f = tmp_path / "xinjiang.toml"
    f.write_text('[layers.xinjiang]\nsource = "示例"\nholidays = [2024-06-17]\n', encoding="utf-8")
    ok = run("calendar", "deadline", "--from", "2024-06-14", "--days", "1", "--calendar", f,
             "--calendar-layer", "xinjiang")
    assert ok.exit_code == 0 and ok.stdout.strip() == "2024-06-18"  # 06-17 off in the layer
    old = run("calendar", "deadline", "--from", "2024-06-14", "--days", "1", "--calendar", f, "--layer", "xinjiang")
    assert old.exit_code == 2 and "--layer" in old.stderr
