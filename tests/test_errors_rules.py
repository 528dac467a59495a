"""Errors about rules files, agreements, regions and the working-day calendar read in Chinese by
default and in English on request, never the two mixed in one line; a suggestion reads in both.

Each case checks the Chinese line (`line("zh")`) holds no English word once the ids, keys, file
names and option names it is expected to name are taken out, and that the English line is the
one jingban wrote before the messages were put in the catalog."""

from __future__ import annotations

import datetime as dt
import re
import types
from pathlib import Path

import pytest

from jingban.errors import InputError, PluginLoadError, reason
from jingban.registry import Registry, RegionSpec
from jingban.rulesfile import load_rules
from jingban.violations import VIOLATIONS
from jingban.workdays import CalendarError, load_calendar

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = ROOT / "plugins"
QHD_RULES = PLUGINS / "qinhuangdao" / "src" / "jingban_qinhuangdao" / "rules.toml"
KAIFENG_RULES = PLUGINS / "kaifeng_checklist" / "src" / "jingban_kaifeng_checklist" / "rules.toml"
AGREEMENT = ROOT / "examples" / "tianjin_ltc" / "agreement-example.toml"


def chinese_only(line: str, *expected: str) -> None:
    """The line is Chinese: no word of two ASCII letters is left once `expected` are taken out."""
    assert re.search("[\u4e00-\u9fff]", line), line
    rest = line
    for word in sorted(expected, key=len, reverse=True):  # longest first: a file name before its key
        rest = rest.replace(word, "")
    assert re.search("[A-Za-z]{2,}", rest) is None, (rest, line)


def refused(path: Path, options=None) -> InputError:
    with pytest.raises(InputError) as exc:
        load_rules(path, options)
    return exc.value


def qhd_with(tmp_path: Path, old: str, new: str) -> Path:
    text = QHD_RULES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# -- rules files ----------------------------------------------------------------------------------
def test_a_duplicate_item(tmp_path):
    path = qhd_with(tmp_path, 'id = "2"\ncategory = "commitments"', 'id = "1"\ncategory = "commitments"')
    exc = refused(path)
    assert exc.line("zh") == f"{path}: items 1：项目编号重复"
    assert exc.line("en") == str(exc) == f"{path}: items 1: duplicate item id"


def test_an_unknown_category_suggests_the_nearest_in_both_languages(tmp_path):
    path = qhd_with(tmp_path, 'category = "commitments"', 'category = "commitmnets"')
    exc = refused(path)
    zh, en = exc.line("zh"), exc.line("en")
    assert zh == f"{path}: items 1：未知的分类“commitmnets”（是否想写“commitments”？）"
    chinese_only(zh, str(path), "items", "commitmnets", "commitments")
    assert en == f"{path}: items 1: unknown category 'commitmnets' (did you mean 'commitments'?)"


def test_a_clause_the_record_refuses_reads_in_chinese(tmp_path):
    """A validator of the record (model.Clause) says why in a BadValue; the reader names the key."""
    path = qhd_with(tmp_path, 'per = "once"', 'per = "unit_below"')
    exc = refused(path)
    zh = exc.line("zh")
    assert zh == f"{path}: items[0].clauses[0]：条款 1.1：per = 'unit_below' 须同时给出 fact 和 minimum"
    chinese_only(zh, str(path), "items", "clauses", "per", "unit_below", "fact", "minimum")
    assert exc.line("en") == f"{path}: items[0].clauses[0]: clause 1.1: per = 'unit_below' needs `fact` and `minimum`"


def test_an_unknown_common_violation_lists_the_catalog_in_both_languages(tmp_path):
    path = qhd_with(tmp_path, 'common = "wrong_payment"', 'common = "wrong_paymnet"')
    exc = refused(path)
    zh, en = exc.line("zh"), exc.line("en")
    assert "“wrong_paymnet”（是否想写“wrong_payment”？）（可选：" in zh and "、".join(VIOLATIONS) in zh
    chinese_only(zh, str(path), "items", "clauses", "common", "wrong_paymnet", *VIOLATIONS)
    assert en.endswith(f"unknown common violation 'wrong_paymnet' (did you mean 'wrong_payment'?)"
                       f" (one of {', '.join(VIOLATIONS)})")


def test_grades_with_a_gap(tmp_path):
    path = qhd_with(tmp_path, 'min = "80"\nmax = "90"', 'min = "81"\nmax = "90"')
    exc = refused(path)
    zh = exc.line("zh")
    assert zh == f"{path}: grades：档次（min = 60, max = 80）与（min = 81, max = 90）之间有空缺或重叠"
    chinese_only(zh, str(path), "grades", "min", "max")
    assert exc.line("en") == (f"{path}: grades: bands leave a gap or overlap between (min = 60, max = 80)"
                              " and (min = 81, max = 90)")


def test_an_unknown_option_suggests_the_nearest(tmp_path):
    exc = refused(KAIFENG_RULES, {"payment_30_day": "strict"})
    zh = exc.line("zh")
    assert zh == "--option payment_30_day：本地区没有这个选项（是否想写“payment_30_days”？）"
    chinese_only(zh, "--option", "payment_30_days", "payment_30_day")
    assert exc.line("en") == "--option payment_30_day: this region has no such option (did you mean 'payment_30_days'?)"


def test_option_names_must_name_every_value(tmp_path):
    """An option's allowed_zh names each value of allowed, in order: two values, one name, is
    refused naming the key (秦医保〔2023〕91号 第八条（二）'s pass_band_reference)."""
    path = qhd_with(tmp_path, 'allowed_zh = ["自90分起算", "20%加80分以下每0.5分1.5%"]', 'allowed_zh = ["自90分起算"]')
    e = refused(path)
    assert e.line("en") == f"{path}: options[0].allowed_zh: names given: 1, values in allowed: 2; give one name a value, in the same order"
    chinese_only(e.line("zh"), str(path), "options[0].allowed_zh", "allowed")


def test_a_report_names_the_readings_in_force_in_its_own_language():
    """The table's options line reads in the report's language: Taicang (太人社医[2018]3号 四,
    “每下降0.5分扣2%”) with partial_step=ceil says the part step counts, in Chinese and in English."""
    from click.testing import CliRunner

    from jingban.cli import main

    ex = str(ROOT / "examples" / "taicang" / "2024.toml")
    zh = CliRunner().invoke(main, ["--region", "taicang", "--evidence", ex, "--option", "partial_step=ceil"]).stdout
    en = CliRunner().invoke(main, ["--region", "taicang", "--evidence", ex, "--option", "partial_step=ceil",
                                   "--lang", "en"]).stdout
    zh_line = next(line for line in zh.splitlines() if line.startswith("解释选项："))
    assert "不足一档的下降：按一档计" in zh_line and "partial_step" not in zh_line
    assert "A drop of less than one step: counted as a step" in en


def test_an_option_value_not_allowed():
    exc = refused(KAIFENG_RULES, {"payment_30_days": "sloppy"})
    zh = exc.line("zh")
    assert zh == "--option payment_30_days：“sloppy”不是可选的取值（可选：strict、answer_decides）"
    chinese_only(zh, "--option", "payment_30_days", "sloppy", "strict", "answer_decides")
    assert exc.line("en") == "--option payment_30_days: 'sloppy' is not one of strict, answer_decides"


# -- Tianjin's agreement --------------------------------------------------------------------------
def tianjin_agreement(tmp_path: Path, old: str, new: str):
    from jingban_tianjin_ltc.plugin import RULES, load_with_agreement

    text = AGREEMENT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "agreement.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_with_agreement(RULES, path, {})
    return path, exc.value


def test_agreement_weights_that_do_not_add_up(tmp_path):
    path, exc = tianjin_agreement(tmp_path, 'weight = "0.5"\ncitation = { document = "天津市长期护理保险委托经办机构'
                                            '考核清算办法（征求意见稿）", article = "第十四条", note = "Example weight", '
                                            'note_zh = "示例权重" }',
                                  'weight = "0.4"\ncitation = { document = "x", article = "第十四条" }')
    assert exc.line("zh") == f"{path}: levels：权重合计为 0.9，应为 1"
    assert exc.line("en") == f"{path}: levels: weights add up to 0.9, not 1"


def test_agreement_indicator_weights_name_their_dimension(tmp_path):
    text = AGREEMENT.read_text(encoding="utf-8")
    at = text.index('weight = "0.5"', text.index('id = "D1.2"'))  # D1's second indicator
    path, exc = tianjin_agreement(tmp_path, text[:at + len('weight = "0.5"')], text[:at] + 'weight = "0.4"')
    zh = exc.line("zh")
    assert zh == f"{path}: 维度 D1 的 indicators：权重合计为 0.9，应为 1"
    chinese_only(zh, str(path), "indicators")
    assert exc.line("en") == f"{path}: dimension D1 indicators: weights add up to 0.9, not 1"


# -- regions ----------------------------------------------------------------------------------------
def test_a_region_not_installed_suggests_the_nearest():
    reg = Registry()
    with pytest.raises(InputError) as exc:
        reg.load("taicnag")
    zh, en = exc.value.line("zh"), exc.value.line("en")
    installed = reg.names()
    assert zh == f"--region taicnag：未安装这个地区（是否想写“taicang”？）（已安装：{', '.join(installed)}）"
    chinese_only(zh, "--region", "taicnag", *installed)
    assert en == ("--region taicnag: no such region installed (did you mean 'taicang'?)"
                  f" (installed: {', '.join(installed)})")


def test_a_plugin_whose_id_is_not_its_entry_point():
    spec = RegionSpec(id="other", title_zh="别处", title_en="Elsewhere", rules_file=QHD_RULES)
    module = types.SimpleNamespace(jingban_region=lambda: spec)
    ep = types.SimpleNamespace(name="mine", dist=None, load=lambda: module)
    reg = Registry()
    reg._eps = {"mine": [ep]}
    with pytest.raises(PluginLoadError) as exc:
        reg.load("mine")
    zh = exc.value.line("zh")
    assert zh == "地区插件 mine 无法加载：插件自称地区 other，而入口点（entry point）名为 mine"
    chinese_only(zh, "mine", "other", "entry point")
    assert exc.value.line("en") == ("region 'mine' failed to load: plugin says its id is 'other',"
                                    " entry point says 'mine'")
    assert str(exc.value.cause) == "plugin says its id is 'other', entry point says 'mine'"


# -- the working-day calendar ---------------------------------------------------------------------
LAYER = """
[layers.xinjiang]
source = "新疆维吾尔自治区人民政府办公厅关于2024年古尔邦节放假的通知（test）"
holidays = [2024-06-17, 2024-06-18]
"""


def calendar_refused(tmp_path: Path, text: str | None, layer: str | None = None) -> tuple[str, InputError]:
    files = []
    if text is not None:
        (tmp_path / "cal.toml").write_text(text, encoding="utf-8")
        files = [tmp_path / "cal.toml"]
    with pytest.raises(InputError) as exc:
        load_calendar(files, layer)
    return str(tmp_path / "cal.toml"), exc.value


def test_a_make_up_day_on_a_weekday(tmp_path):
    path, exc = calendar_refused(tmp_path, LAYER + "workdays = [2024-06-19]\n")
    zh = exc.line("zh")
    assert zh == f"{path}: layers.xinjiang.workdays[0]：2024-06-19 是星期三；调休上班日应为周六或周日"
    chinese_only(zh, path, "layers", "xinjiang", "workdays")
    assert exc.line("en") == (f"{path}: layers.xinjiang.workdays[0]: 2024-06-19 is a Wednesday; a make-up"
                              " working day (调休上班) falls on a Saturday or Sunday")


def test_a_misspelt_list_of_days_off(tmp_path):
    path, exc = calendar_refused(tmp_path, '[years.2027]\nsource = "通知"\nholiday = [2027-01-01]\n')
    zh = exc.line("zh")
    assert zh == f"{path}: years.2027.holidays：缺少必填键（找到“holiday”：是否想写“holidays”？）：应为日期列表，没有则写 []"
    chinese_only(zh, path, "years", "holidays", "holiday")
    assert exc.line("en") == (f"{path}: years.2027.holidays: missing required key (found 'holiday': did you mean"
                              " 'holidays'?): a list of dates, [] for none")


def test_an_unknown_layer_suggests_the_nearest(tmp_path):
    _, exc = calendar_refused(tmp_path, LAYER, layer="xinjang")
    zh = exc.line("zh")
    assert zh == "--calendar-layer：未知的地方层“xinjang”（已定义：xinjiang）（是否想写“xinjiang”？）"
    chinese_only(zh, "--calendar-layer", "xinjang", "xinjiang")
    assert exc.line("en") == "--calendar-layer: unknown layer 'xinjang' (defined: xinjiang) (did you mean 'xinjiang'?)"
    _, exc = calendar_refused(tmp_path, None, layer="xinjiang")
    chinese_only(exc.line("zh"), "--calendar-layer", "xinjiang", "--calendar", "layers")


def test_a_year_the_calendar_does_not_know():
    err = CalendarError.for_rows(2027, 1234, "claims.csv", known=range(2004, 2027))
    zh = err.line("zh")
    assert zh == ("claims.csv：没有 2027 年的工作日历（其中 1,234 行的日期在该年；已知：2004-2026）；"
                  "请用 --calendar 加入国务院办公厅的放假通知（见 docs/calendar.md）")
    chinese_only(zh, "claims.csv", "--calendar", "docs/calendar.md")
    assert err.line("en") == ("claims.csv: no working-day calendar for 2027 (1,234 rows with dates in it;"
                              " known: 2004-2026); add the State Council notice with --calendar FILE"
                              " (docs/calendar.md)")


def test_deadline_arguments_say_why_in_both_languages():
    cal = load_calendar()
    with pytest.raises(ValueError) as exc:
        cal.deadline(dt.date(2024, 1, 2), 0)
    line = InputError(None, "--days", reason(exc.value))
    assert line.line("zh") == "--days：days 须为不小于 1 的整数，实为 0"
    assert line.line("en") == "--days: days must be a whole number of at least 1, got 0"
    with pytest.raises(ValueError) as exc:
        cal.deadline(dt.date(2024, 1, 2), 5, "received")
    zh = InputError(None, "--rule", reason(exc.value)).line("zh")
    assert zh == "--rule：未知的休息日申请规则“received”；应为以下之一：not_counted、next_workday_received"
    chinese_only(zh, "--rule", "received", "not_counted", "next_workday_received")
    assert str(exc.value) == "unknown rest-day rule 'received'; expected one of not_counted, next_workday_received"
