"""The mainland China working-day calendar (jingban.workdays) and `assess calendar`.

Expected dates are written out by hand from the State Council's notices:
国办发明电〔2022〕16号 (2023), 〔2023〕7号 (2024), 〔2024〕12号 (2025), 〔2025〕7号 (2026).
The counting convention (docs/calendar.md): the day of submission is not counted (民法典 第二百零一条);
working-day periods leave out holidays (行政许可法 第八十二条); "within N working days" ends on the
N-th working day after submission, and a payment on any later day, a rest day included, is late.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jingban.cli import main
from jingban.errors import InputError
from jingban.logsetup import configure
from jingban.testing import assert_bad_input
from jingban.workdays import REST_DAY_RULES, Calendar, CalendarError, load_calendar

D = dt.date
ONE = dt.timedelta(days=1)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return load_calendar()


@pytest.fixture(autouse=True)
def _restore_logging():
    """The CLI points structlog at the runner's stderr, which closes after the run; point it back."""
    yield
    configure()


def span(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + i * ONE for i in range((b - a).days + 1)]


def days_of(year: int) -> list[dt.date]:
    return span(D(year, 1, 1), D(year, 12, 31))


# -- the notices, by hand -----------------------------------------------------------------------
# year: (days off in that year, make-up working days). Ranges are the notices' "X日至Y日";
# "与周末连休" joins the weekend, listed explicitly. The break around 1 January that starts in
# December belongs to the next year's notice but to the December year's table.
NOTICES = {
    2023: (
        span(D(2023, 1, 1), D(2023, 1, 2))        # 元旦 2022-12-31 至 2023-01-02
        + span(D(2023, 1, 21), D(2023, 1, 27))    # 春节 1月21日至27日
        + [D(2023, 4, 5)]                         # 清明 4月5日, 共1天
        + span(D(2023, 4, 29), D(2023, 5, 3))     # 劳动节 4月29日至5月3日
        + span(D(2023, 6, 22), D(2023, 6, 24))    # 端午 6月22日至24日
        + span(D(2023, 9, 29), D(2023, 10, 6))    # 中秋、国庆 9月29日至10月6日
        + [D(2023, 12, 30), D(2023, 12, 31)],     # 2024 notice: 元旦 1月1日放假, 与周末连休
        [D(2023, 1, 28), D(2023, 1, 29), D(2023, 4, 23), D(2023, 5, 6), D(2023, 6, 25),
         D(2023, 10, 7), D(2023, 10, 8)],
    ),
    2024: (
        [D(2024, 1, 1)]                           # 元旦 1月1日 (with the weekend of 2023-12-30/31)
        + span(D(2024, 2, 10), D(2024, 2, 17))    # 春节 2月10日至17日
        + span(D(2024, 4, 4), D(2024, 4, 6))      # 清明 4月4日至6日
        + span(D(2024, 5, 1), D(2024, 5, 5))      # 劳动节 5月1日至5日
        + [D(2024, 6, 8), D(2024, 6, 9), D(2024, 6, 10)]  # 端午 6月10日放假, 与周末连休
        + span(D(2024, 9, 15), D(2024, 9, 17))    # 中秋 9月15日至17日
        + span(D(2024, 10, 1), D(2024, 10, 7)),   # 国庆 10月1日至7日
        [D(2024, 2, 4), D(2024, 2, 18), D(2024, 4, 7), D(2024, 4, 28), D(2024, 5, 11),
         D(2024, 9, 14), D(2024, 9, 29), D(2024, 10, 12)],
    ),
    2025: (
        [D(2025, 1, 1)]                           # 元旦 1月1日（周三）放假1天, 不调休
        + span(D(2025, 1, 28), D(2025, 2, 4))     # 春节 1月28日（除夕）至2月4日
        + span(D(2025, 4, 4), D(2025, 4, 6))      # 清明 4月4日至6日
        + span(D(2025, 5, 1), D(2025, 5, 5))      # 劳动节 5月1日至5日
        + span(D(2025, 5, 31), D(2025, 6, 2))     # 端午 5月31日至6月2日
        + span(D(2025, 10, 1), D(2025, 10, 8)),   # 国庆、中秋 10月1日至8日
        [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
    ),
    2026: (
        span(D(2026, 1, 1), D(2026, 1, 3))        # 元旦 1月1日至3日
        + span(D(2026, 2, 15), D(2026, 2, 23))    # 春节 2月15日至23日
        + span(D(2026, 4, 4), D(2026, 4, 6))      # 清明 4月4日至6日
        + span(D(2026, 5, 1), D(2026, 5, 5))      # 劳动节 5月1日至5日
        + span(D(2026, 6, 19), D(2026, 6, 21))    # 端午 6月19日至21日
        + span(D(2026, 9, 25), D(2026, 9, 27))    # 中秋 9月25日至27日
        + span(D(2026, 10, 1), D(2026, 10, 7)),   # 国庆 10月1日至7日
        [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20),
         D(2026, 10, 10)],
    ),
}
NUMBERS = {2023: "国办发明电〔2022〕16号", 2024: "国办发明电〔2023〕7号", 2025: "国办发明电〔2024〕12号",
           2026: "国办发明电〔2025〕7号"}


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_every_day_off_and_make_up_day_of_the_notice(cal, year):
    off, makeup = NOTICES[year]
    assert set(cal.holidays(year)) == set(off)
    assert set(cal.workdays(year)) == set(makeup)
    assert all(d.weekday() >= 5 for d in makeup)  # the notice's own "（星期六）/（星期日）"
    for d in days_of(year):
        expected = d in makeup or (d.weekday() < 5 and d not in off)
        assert cal.is_workday(d) is expected, d
    assert NUMBERS[year] in cal.source(year)


def test_year_counts_by_hand(cal):
    # 2024: 262 weekdays - 19 weekdays off + 8 make-up days
    assert sum(cal.is_workday(d) for d in days_of(2024)) == 251
    assert cal.years == tuple(range(2004, 2027))


# -- cross-check against the two maintained packages ---------------------------------------------
def test_matches_python_holidays_and_chinesecalendar(cal):
    import chinese_calendar
    import holidays

    ph = holidays.China(years=range(2003, 2028))
    makeup = set(ph.weekend_workdays)
    differences = []
    for year in range(2004, 2027):
        for d in days_of(year):
            ours = cal.is_workday(d)
            theirs_ph = d in makeup or (d.weekday() < 5 and d not in ph)
            assert ours is theirs_ph, d
            if ours != chinese_calendar.is_workday(d):
                differences.append(d)
        assert set(cal.workdays(year)) == {d for d in makeup if d.year == year}, year
        # every weekday python-holidays gives off is a day off here, and no other weekday
        assert {d for d in cal.holidays(year) if d.weekday() < 5} == \
               {d for d in ph if d.year == year and d.weekday() < 5}, year
    # the one known difference: the 2006 notice (国办发明电〔2005〕35号) made Saturday 2005-12-31 a
    # working day; python-holidays has it, chinesecalendar does not; the data follows the notice
    assert differences == [D(2005, 12, 31)]
    assert cal.is_workday(D(2005, 12, 31)) and not chinese_calendar.is_workday(D(2005, 12, 31))
    assert "国办发明电〔2005〕35号" in cal.source(2005)


def test_chinesecalendar_stops_where_the_data_stops(cal):
    import chinese_calendar

    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(2027, 1, 4))
    with pytest.raises(CalendarError):
        cal.is_workday(D(2027, 1, 4))


def test_build_script_reproduces_the_shipped_file():
    from jingban.workdays import build_data

    assert build_data.main(["--check"]) == 0


def test_sources_name_the_extra_notices(cal):
    assert "国办发明电〔2020〕1号" in cal.source(2020)        # Spring Festival 2020 extended to 2 February
    assert "国发明电〔2015〕1号" in cal.source(2015)          # 3 September 2015
    assert "国办发明电〔2019〕3号" in cal.source(2019)        # Labour Day 2019 extended to four days
    assert "2019" in cal.source(2018) and "12月" in cal.source(2018)  # 2018-12-29..31 from the 2019 notice
    assert not cal.is_workday(D(2020, 2, 1))  # a make-up Saturday until the extension gave it off


# -- counting convention at the edges ----------------------------------------------------------
def test_issue_example(cal):
    # 2024-02-05 (Mon) not counted; Feb 6-9 = 1-4; Feb 10-17 off; Feb 18 (make-up Sunday) = 5;
    # Feb 19-23 = 6-10; Feb 26-Mar 1 = 11-15
    assert cal.deadline(D(2024, 2, 5), 15) == D(2024, 3, 1)
    assert cal.count(D(2024, 2, 5), D(2024, 3, 1)) == 15


def test_deadline_on_a_friday_before_a_holiday(cal):
    # Mon 2024-02-05 + 4 working days = Fri 2024-02-09 (除夕, worked); Spring Festival starts Sat 10th
    assert cal.deadline(D(2024, 2, 5), 4) == D(2024, 2, 9)
    assert not cal.is_late(D(2024, 2, 5), D(2024, 2, 9), 4)   # paid on the deadline: on time
    assert cal.is_late(D(2024, 2, 5), D(2024, 2, 10), 4)      # the rest day right after: late
    assert cal.is_late(D(2024, 2, 5), D(2024, 2, 17), 4)      # last day of the break: late
    assert cal.is_late(D(2024, 2, 5), D(2024, 2, 18), 4)      # first working day after: late
    # Mon 2024-06-03 + 4 = Fri 2024-06-07; 端午 joins the weekend: Sat 8th - Mon 10th off
    assert cal.deadline(D(2024, 6, 3), 4) == D(2024, 6, 7)
    assert cal.is_late(D(2024, 6, 3), D(2024, 6, 8), 4)
    assert cal.is_late(D(2024, 6, 3), D(2024, 6, 10), 4)


def test_payment_on_an_ordinary_weekend_after_the_deadline_is_late(cal):
    # Fri 2024-03-01 is the 15th working day after 2024-02-05; Sat 2nd and Sun 3rd are late
    assert not cal.is_late(D(2024, 2, 5), D(2024, 3, 1), 15)
    assert cal.is_late(D(2024, 2, 5), D(2024, 3, 2), 15)
    assert cal.is_late(D(2024, 2, 5), D(2024, 3, 3), 15)


@pytest.mark.parametrize("rule", REST_DAY_RULES)
def test_submission_on_a_make_up_sunday(cal, rule):
    # Sun 2024-02-04 is a working day (调休上班): not counted itself, Mon 5th is day 1, both rules
    assert cal.is_workday(D(2024, 2, 4))
    assert cal.deadline(D(2024, 2, 4), 1, rule) == D(2024, 2, 5)
    assert cal.deadline(D(2024, 2, 4), 5, rule) == D(2024, 2, 9)   # Feb 5-9 are days 1-5
    assert cal.deadline(D(2024, 2, 4), 6, rule) == D(2024, 2, 18)  # then the break; Sun 18th is day 6
    assert cal.count(D(2024, 2, 4), D(2024, 2, 9)) == 5


def test_submission_on_a_rest_day_under_both_rules(cal):
    # Sat 2024-02-10, first day of Spring Festival
    assert cal.deadline(D(2024, 2, 10), 1, "not_counted") == D(2024, 2, 18)      # make-up Sunday is day 1
    assert cal.deadline(D(2024, 2, 10), 1, "next_workday_received") == D(2024, 2, 19)  # received 18th
    # Wed 2024-02-14 (in the break): Feb 18 (make-up Sunday) = 1, Feb 19-23 = 2-6, Feb 26-Mar 1 = 7-11,
    # Mar 4-7 = 12-15; deemed received on Sunday 18th instead, everything moves one working day
    assert cal.deadline(D(2024, 2, 14), 15, "not_counted") == D(2024, 3, 7)
    assert cal.deadline(D(2024, 2, 14), 15, "next_workday_received") == D(2024, 3, 8)
    # an ordinary Saturday: Sat 2024-03-02
    assert cal.deadline(D(2024, 3, 2), 1) == D(2024, 3, 4)
    assert cal.deadline(D(2024, 3, 2), 1, "next_workday_received") == D(2024, 3, 5)
    # paid on Monday 2024-03-04 for one working day: on time either way; Tuesday only under the second rule
    assert not cal.is_late(D(2024, 3, 2), D(2024, 3, 4), 1)
    assert cal.is_late(D(2024, 3, 2), D(2024, 3, 5), 1)
    assert not cal.is_late(D(2024, 3, 2), D(2024, 3, 5), 1, "next_workday_received")


def test_submission_on_a_working_day_both_rules_agree(cal):
    for start in span(D(2024, 1, 2), D(2024, 1, 31)):
        if cal.is_workday(start):
            assert cal.deadline(start, 20) == cal.deadline(start, 20, "next_workday_received")


def test_count_examples(cal):
    assert cal.count(D(2024, 2, 9), D(2024, 2, 18)) == 1        # only the make-up Sunday
    assert cal.count(D(2024, 2, 10), D(2024, 2, 17)) == 0       # inside the break
    assert cal.count(D(2024, 3, 1), D(2024, 3, 1)) == 0
    assert cal.count(D(2024, 3, 1), D(2024, 2, 5)) == -15
    assert cal.count(D(2023, 12, 29), D(2024, 1, 2)) == 1       # Dec 30-31 and Jan 1 off
    assert cal.count(D(2025, 12, 31), D(2026, 1, 5)) == 2       # Jan 1-3 off, Sun 4th worked, Mon 5th


def test_count_across_national_day_2025(cal):
    # Tue 2025-09-30 not counted; Oct 1-8 off; Thu 9, Fri 10, Sat 11 (make-up) worked; Sun 12 rest
    assert cal.count(D(2025, 9, 30), D(2025, 10, 12)) == 3


def test_table_on_a_hand_checked_week(cal):
    rows = cal.table(D(2024, 2, 8), D(2024, 2, 20))
    got = {d: (w, i, c) for d, w, i, c in rows}
    assert got[D(2024, 2, 8)] == (True, 1, 1)       # Thu
    assert got[D(2024, 2, 9)] == (True, 2, 2)       # Fri, 除夕 worked
    for d in span(D(2024, 2, 10), D(2024, 2, 17)):  # Spring Festival: idx stays 2, next working day is 3
        assert got[d] == (False, 2, 3), d
    assert got[D(2024, 2, 18)] == (True, 3, 3)      # make-up Sunday
    assert got[D(2024, 2, 19)] == (True, 4, 4)
    assert got[D(2024, 2, 20)] == (True, 5, 5)
    assert [r[0] for r in rows] == span(D(2024, 2, 8), D(2024, 2, 20))
    # starting on a rest day: idx 0, cidx 1
    assert cal.table(D(2024, 2, 10), D(2024, 2, 10)) == ((D(2024, 2, 10), False, 0, 1),)


@pytest.mark.parametrize("rule", REST_DAY_RULES)
def test_table_late_test_agrees_with_is_late(cal, rule):
    """The SQL form: late when cidx[paid] > base[submitted] + N (base = idx or cidx by rule)."""
    rows = cal.table(D(2023, 12, 20), D(2024, 4, 30))
    idx = {d: (i, c) for d, _, i, c in rows}
    for s in span(D(2023, 12, 25), D(2024, 2, 25)):
        base = idx[s][0] if rule == "not_counted" else idx[s][1]
        for n in (1, 3, 10, 15):
            dl = cal.deadline(s, n, rule)
            for p in (s, dl - ONE, dl, dl + ONE, dl + 2 * ONE, dl + 9 * ONE):
                assert (idx[p][1] > base + n) is cal.is_late(s, p, n, rule), (s, p, n)


# -- unknown years ---------------------------------------------------------------------------------
def test_unknown_year_is_an_error_naming_it(cal):
    with pytest.raises(CalendarError) as e:
        cal.is_workday(D(2027, 1, 4))
    assert e.value.year == 2027
    assert isinstance(e.value, InputError)
    assert e.value.line() == ("no working-day calendar for 2027 (known: 2004-2026); add the State Council"
                              " notice with --calendar FILE (docs/calendar.md)")
    with pytest.raises(CalendarError) as e:
        cal.deadline(D(2026, 12, 20), 15)   # runs into January 2027
    assert e.value.year == 2027
    with pytest.raises(CalendarError) as e:
        cal.count(D(2003, 12, 31), D(2004, 1, 5))
    assert e.value.year == 2003
    with pytest.raises(CalendarError) as e:
        cal.table(D(2026, 12, 1), D(2028, 1, 31))
    assert e.value.year == 2027          # the first unknown year
    with pytest.raises(CalendarError):
        cal.source(2030)


def test_for_rows_names_the_rows(cal):
    err = CalendarError.for_rows(2027, 1234, "claims.csv", known=cal.years)
    assert err.year == 2027 and err.rows == 1234
    assert err.line() == ("claims.csv: no working-day calendar for 2027 (1,234 rows with dates in it;"
                          " known: 2004-2026); add the State Council notice with --calendar FILE"
                          " (docs/calendar.md)")
    assert CalendarError.for_rows(2027, 1, None).line() == (
        "no working-day calendar for 2027 (1 row with dates in it); add the State Council notice with"
        " --calendar FILE (docs/calendar.md)")


def test_bad_arguments(cal):
    with pytest.raises(ValueError):
        cal.deadline(D(2024, 1, 2), 0)
    with pytest.raises(ValueError):
        cal.deadline(D(2024, 1, 2), 5, "received")
    with pytest.raises(ValueError):
        cal.table(D(2024, 1, 2), D(2024, 1, 1))


# -- overrides -------------------------------------------------------------------------------------
YEAR_2027 = """
[years.2027]
source = "国务院办公厅关于2027年部分节假日安排的通知（test）"
holidays = [2027-01-01, 2027-01-02, 2027-01-03, {extra}]
workdays = [{work}]
"""


def write(tmp_path: Path, text: str, name: str = "cal.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def bad(overrides, *needles, layer=None) -> str:
    with pytest.raises(InputError) as e:
        load_calendar(overrides, layer)
    line = e.value.line()
    assert "\n" not in line
    for n in needles:
        assert n in line, (n, line)
    return line


def test_override_adds_a_year(tmp_path):
    f = write(tmp_path, YEAR_2027.format(extra="2027-02-05", work="2027-02-06"))
    cal = load_calendar([f])
    assert cal.years[-1] == 2027
    assert cal.source(2027).startswith("国务院办公厅关于2027年")
    assert not cal.is_workday(D(2027, 2, 5)) and cal.is_workday(D(2027, 2, 6))
    # 2026-12-31 (Thu) + 2: Jan 1-3 off, Mon 4th, Tue 5th
    assert cal.deadline(D(2026, 12, 31), 2) == D(2027, 1, 5)


def test_override_make_up_day_on_a_wednesday(tmp_path):
    f = write(tmp_path, YEAR_2027.format(extra="2027-02-05", work="2027-02-10"))
    line = bad([f], str(f), "years.2027.workdays[0]", "2027-02-10 is a Wednesday", "Saturday or Sunday")
    assert line.startswith(f"{f}: years.2027.workdays[0]: ")


def test_override_day_both_off_and_worked(tmp_path):
    f = write(tmp_path, YEAR_2027.format(extra="2027-02-06", work="2027-02-06"))
    bad([f], str(f), "years.2027.workdays[0]", "2027-02-06", "both")


def test_override_without_source(tmp_path):
    f = write(tmp_path, "[years.2027]\nholidays = [2027-01-01]\n")
    bad([f], str(f), "years.2027.source", "missing", "source")
    f = write(tmp_path, '[layers.x]\nsource = " "\nholidays = [2024-06-17]\n', "layer.toml")
    bad([f], str(f), "layers.x.source", "empty")


def test_override_of_a_built_in_year_needs_replace(tmp_path):
    text = ('[years.2024]\nsource = "a corrected notice"\n'
            "holidays = [2024-01-01, 2024-02-12]\nworkdays = []\n")
    f = write(tmp_path, text)
    bad([f], str(f), "years.2024", "2024 is built in", "replace = true")
    f2 = write(tmp_path, text.replace("workdays = []", "workdays = []\nreplace = true"), "replace.toml")
    cal = load_calendar([f2])
    assert cal.source(2024) == "a corrected notice"
    assert cal.is_workday(D(2024, 2, 13)) and not cal.is_workday(D(2024, 2, 12))
    # a second file giving the same year again also needs replace
    f3 = write(tmp_path, YEAR_2027.format(extra="2027-02-05", work="2027-02-06"), "a.toml")
    f4 = write(tmp_path, YEAR_2027.format(extra="2027-02-04", work="2027-02-06"), "b.toml")
    bad([f3, f4], str(f4), "years.2027", f"already given in {f3}")


def test_override_date_outside_its_year_and_other_mistakes(tmp_path):
    f = write(tmp_path, YEAR_2027.format(extra="2026-12-31", work="2027-02-06"))
    bad([f], str(f), "years.2027.holidays[3]", "2026-12-31 is not in 2027", "[years.2026]")
    f = write(tmp_path, YEAR_2027.format(extra="2027-02-05, 2027-02-05", work="2027-02-06"))
    bad([f], "years.2027.holidays[4]", "listed twice")
    f = write(tmp_path, YEAR_2027.format(extra='"2027-02-30"', work="2027-02-06"))
    bad([f], "years.2027.holidays[3]", "expected a date")
    f = write(tmp_path, YEAR_2027.format(extra="2027-02-05", work="2027-02-06").replace("holidays", "holiday"))
    bad([f], "years.2027.holidays", "missing required key", "'holiday'")
    f = write(tmp_path, YEAR_2027.format(extra="2027-02-05", work="2027-02-06") + "note = 1\n")
    bad([f], "years.2027.note", "unknown key")
    f = write(tmp_path, '[years.27]\nsource = "x"\nholidays = []\n')
    bad([f], "years.27", "expected a year")
    f = write(tmp_path, 'title = "nothing here"\n')
    bad([f], "title", "unknown key")
    bad([tmp_path / "missing.toml"], "missing.toml", "file not found")


LAYER = """
[layers.xinjiang]
source = "新疆维吾尔自治区人民政府办公厅关于2024年古尔邦节放假的通知（test）"
holidays = [2024-06-17, 2024-06-18]
"""


def test_layer_adds_regional_days_off(tmp_path):
    f = write(tmp_path, LAYER)
    national = load_calendar([f])
    assert national.layer is None and national.is_workday(D(2024, 6, 17))
    xj = load_calendar([f], layer="xinjiang")
    assert not xj.is_workday(D(2024, 6, 17)) and not xj.is_workday(D(2024, 6, 18))
    assert xj.layer.source.startswith("新疆")
    # Fri 2024-06-14 + 1: 端午 8-10 is in June before; Sat 15, Sun 16 rest; Mon 17, Tue 18 regional off
    assert national.deadline(D(2024, 6, 14), 1) == D(2024, 6, 17)
    assert xj.deadline(D(2024, 6, 14), 1) == D(2024, 6, 19)
    assert xj.count(D(2024, 6, 14), D(2024, 6, 21)) == national.count(D(2024, 6, 14), D(2024, 6, 21)) - 2


def test_layer_mistakes(tmp_path):
    f = write(tmp_path, LAYER)
    bad([f], "--calendar-layer", "unknown layer 'xinjang'", "did you mean 'xinjiang'", layer="xinjang")
    bad([], "--calendar-layer", "no --calendar file defines", layer="xinjiang")
    f = write(tmp_path, LAYER.replace("2024-06-18", "2027-06-18"), "l2.toml")
    bad([f], str(f), "layers.xinjiang.holidays[1]", "2027-06-18 is in 2027", "does not know")
    f = write(tmp_path, LAYER + "workdays = [2024-06-19]\n", "l3.toml")
    bad([f], "layers.xinjiang.workdays[0]", "Wednesday")
    f = write(tmp_path, LAYER + "workdays = [2024-06-08]\n", "l4.toml")
    bad([f], "layers.xinjiang.workdays[0]", "day off of the national calendar")
    g = write(tmp_path, LAYER, "again.toml")
    bad([write(tmp_path, LAYER, "first.toml"), g], str(g), "already defined")


# -- properties ------------------------------------------------------------------------------------
DATES = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 31))
DAYS = st.integers(min_value=1, max_value=40)
RULES = st.sampled_from(REST_DAY_RULES)
CAL = load_calendar()


@FAST
@given(DATES, DAYS, RULES)
def test_deadline_is_a_working_day_n_days_on(start, n, rule):
    cal = CAL
    dl = cal.deadline(start, n, rule)
    assert dl > start and cal.is_workday(dl)
    extra = 1 if rule == "next_workday_received" and not cal.is_workday(start) else 0
    assert cal.count(start, dl) == n + extra
    assert cal.count(start, dl - ONE) == n + extra - 1


@FAST
@given(DATES, DAYS, RULES, st.integers(min_value=0, max_value=90), st.integers(min_value=0, max_value=30))
def test_is_late_is_monotone_in_the_paid_date(start, n, rule, a, b):
    cal = CAL
    p1 = start + dt.timedelta(days=a)
    p2 = p1 + dt.timedelta(days=b)
    if cal.is_late(start, p1, n, rule):
        assert cal.is_late(start, p2, n, rule)
    assert cal.is_late(start, p1, n, rule) is (p1 > cal.deadline(start, n, rule))


@FAST
@given(DATES, DATES)
def test_count_is_additive_and_antisymmetric(a, b):
    cal = CAL
    mid = min(a, b) + (max(a, b) - min(a, b)) / 2
    mid = D(mid.year, mid.month, mid.day)
    assert cal.count(a, b) == -cal.count(b, a)
    assert cal.count(min(a, b), max(a, b)) == cal.count(min(a, b), mid) + cal.count(mid, max(a, b))


# -- the command -----------------------------------------------------------------------------------
def run(*args):
    return CliRunner().invoke(main, ["calendar", *[str(a) for a in args]])


def run_en(*args):
    """The command in English (JINGBAN_LANG=en): the errors these tests read are the English ones;
    tests/test_cli_lang.py reads the Chinese."""
    return CliRunner(env={"JINGBAN_LANG": "en"}).invoke(main, ["calendar", *[str(a) for a in args]])




def test_cli_deadline_and_count():
    r = run("deadline", "--from", "2024-02-05", "--days", "15")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "2024-03-01\n"
    r = run("deadline", "--from", "2024-02-10", "--days", "1", "--rule", "next_workday_received")
    assert r.stdout == "2024-02-19\n"
    r = run("count", "--from", "2024-02-05", "--to", "2024-03-01")
    assert r.exit_code == 0 and r.stdout == "15\n"


def test_cli_unknown_year_and_bad_dates():
    assert_bad_input(run_en("deadline", "--from", "2026-12-20", "--days", "15"), "2027", "--calendar FILE")
    assert_bad_input(run_en("count", "--from", "2026-12-20", "--to", "2027-01-10"),
                     "no working-day calendar for 2027")
    assert_bad_input(run_en("count", "--from", "2024-02-30", "--to", "2024-03-01"), "--from", "'2024-02-30'")
    assert_bad_input(run_en("deadline", "--from", "5/2/2024", "--days", "3"), "--from", "YYYY-MM-DD")
    assert_bad_input(run_en("show", "--year", "2030"), "2030")
    assert run("deadline", "--from", "2024-02-05", "--days", "0").exit_code == 2


def test_cli_show():
    r = run("show", "--year", "2024")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "2024年 工作日历（全国）" in out
    assert "国办发明电〔2023〕7号" in out
    assert "2024-02-10 星期六 至 2024-02-17 星期六，共8天" in out
    assert "  2024-02-04 星期日\n" in out
    assert "全年工作日：251天" in out
    r = run("show", "--year", "2026", "--lang", "en")
    assert "Working-day calendar 2026 (national)" in r.stdout
    assert "2026-02-15 Sun to 2026-02-23 Mon, 9 days" in r.stdout
    assert "  2026-01-04 Sun\n" in r.stdout


def test_cli_with_override_and_layer(tmp_path):
    f = write(tmp_path, YEAR_2027.format(extra="2027-02-05", work="2027-02-06") + LAYER)
    r = run("deadline", "--from", "2026-12-31", "--days", "2", "--calendar", f)
    assert r.exit_code == 0 and r.stdout == "2027-01-05\n"
    r = run("deadline", "--from", "2024-06-14", "--days", "1", "--calendar", f, "--calendar-layer", "xinjiang")
    assert r.stdout == "2024-06-19\n"
    r = run("show", "--year", "2024", "--calendar", f, "--calendar-layer", "xinjiang")
    assert "地方假日（xinjiang）：2天" in r.stdout and "新疆" in r.stdout
    bad_file = write(tmp_path, YEAR_2027.format(extra="2027-02-05", work="2027-02-10"), "bad.toml")
    assert_bad_input(run_en("count", "--from", "2024-01-01", "--to", "2024-02-01", "--calendar", bad_file),
                     "bad.toml", "years.2027.workdays[0]", "Wednesday")


@given(st.sampled_from(REST_DAY_RULES), st.lists(st.integers(1, 60), min_size=1, max_size=3))
@settings(max_examples=25, deadline=None)
def test_deadline_table_agrees_with_deadline(rule, days):
    """The one-pass table the ledger collectors join on gives, for every date, what `deadline` gives;
    past the table's last day it gives the `beyond` marker."""
    cal = load_calendar()
    first, last = dt.date(2023, 1, 1), dt.date(2025, 12, 31)
    beyond = dt.date(9999, 12, 31)
    for row in cal.deadline_table(first, last, days, rule, beyond=beyond):
        for n, got in zip(days, row[1:]):
            want = cal.deadline(row[0], n, rule)
            assert got == (want if want <= last else beyond), (row[0], n, rule)
