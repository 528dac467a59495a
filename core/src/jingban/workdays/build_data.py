"""Maintainer script: regenerate cn_mainland.toml, the mainland China working-day calendar.

Not imported at run time. Run it from the project root when a new State Council notice is out and
python-holidays has it (or to re-check the shipped data):

    uv run python core/src/jingban/workdays/build_data.py           # rewrite cn_mainland.toml
    uv run python core/src/jingban/workdays/build_data.py --check   # compare the data, write nothing

The data comes from python-holidays (`holidays.China`, PUBLIC category, and its `weekend_workdays`),
cross-checked day by day against chinesecalendar. The two disagree on exactly one day, 2005-12-31:
the notice for 2006 (国办发明电〔2005〕35号) made that Saturday a working day; python-holidays has it
and the data follows the notice. Any other disagreement stops the script.

`holidays` of a year lists every day off of each break, including the Saturdays and Sundays joined
to it (the whole run of consecutive rest days around the statutory and substituted days off), so the
file reads like the notices ("2月10日至17日放假调休"). `workdays` lists the Saturdays and Sundays
that are working days. Dates in December of a year come from the next year's notice (its New Year
break); the year's `source` says so.

The notice numbers below were checked against published copies of each notice (see
docs/calendar.md, "Sources"); where no number could be verified the title stands alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from importlib import metadata
from pathlib import Path

FIRST, LAST = 2004, 2026
KNOWN_DIFFERENCE = dt.date(2005, 12, 31)  # a working Saturday per the 2006 notice; chinesecalendar misses it
OUT = Path(__file__).with_name("cn_mainland.toml")

# year -> (document number or None, date of the notice or None)
NOTICES: dict[int, tuple[str | None, str | None]] = {
    2004: (None, None),
    2005: (None, None),
    2006: ("国办发明电〔2005〕35号", "2005年12月16日"),
    2007: ("国办发明电〔2006〕49号", "2006年12月14日"),
    2008: (None, "2007年12月发布"),
    2009: ("国办发明电〔2008〕42号", "2008年12月发布"),
    2010: ("国办发明电〔2009〕27号", "2009年12月7日"),
    2011: ("国办发明电〔2010〕40号", "2010年12月9日"),
    2012: ("国办发明电〔2011〕45号", "2011年12月5日"),
    2013: ("国办发明电〔2012〕33号", "2012年12月8日"),
    2014: ("国办发明电〔2013〕28号", "2013年12月11日"),
    2015: ("国办发明电〔2014〕28号", "2014年12月16日"),
    2016: ("国办发明电〔2015〕18号", "2015年12月10日"),
    2017: ("国办发明电〔2016〕17号", "2016年12月1日"),
    2018: ("国办发明电〔2017〕12号", "2017年11月30日"),
    2019: ("国办发明电〔2018〕15号", "2018年12月4日"),
    2020: ("国办发明电〔2019〕16号", "2019年11月21日"),
    2021: ("国办发明电〔2020〕27号", "2020年11月25日"),
    2022: ("国办发明电〔2021〕11号", "2021年10月25日"),
    2023: ("国办发明电〔2022〕16号", "2022年12月8日"),
    2024: ("国办发明电〔2023〕7号", "2023年10月25日"),
    2025: ("国办发明电〔2024〕12号", "2024年11月12日"),
    2026: ("国办发明电〔2025〕7号", "2025年11月4日"),
}

# notices that changed a year's arrangement after the yearly notice
EXTRA: dict[int, list[str]] = {
    2015: [("国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知"
            "（国发明电〔2015〕1号，2015年5月13日）")],
    2019: ["国务院办公厅关于调整2019年劳动节假期安排的通知（国办发明电〔2019〕3号，2019年3月22日）"],
    2020: ["国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号，2020年1月26日）"],
}

WEEKDAYS_ZH = "一二三四五六日"


def notice(year: int) -> str:
    number, date = NOTICES[year]
    title = f"国务院办公厅关于{year}年部分节假日安排的通知"
    detail = "，".join(x for x in (number, date) if x)
    return f"{title}（{detail}）" if detail else f"{title}（文号未核实）"


def source(year: int, has_december: bool) -> str:
    parts = [notice(year)] + EXTRA.get(year, [])
    if has_december:
        parts.append(f"12月的日期见{notice(year + 1)}" if year + 1 in NOTICES else
                     f"12月的日期见国务院办公厅关于{year + 1}年部分节假日安排的通知")
    return "；".join(parts)


def days_of(year: int) -> list[dt.date]:
    d, out = dt.date(year, 1, 1), []
    while d.year == year:
        out.append(d)
        d += dt.timedelta(days=1)
    return out


def collect():
    """(holidays by date -> break name, make-up days) for FIRST-1 .. LAST+1 from python-holidays."""
    import holidays

    ph = holidays.China(years=range(FIRST - 1, LAST + 2), language="zh_CN")
    makeup = {d for d in ph.weekend_workdays if FIRST - 1 <= d.year <= LAST + 1}
    names: dict[dt.date, str] = {}
    for d, name in ph.items():
        names[d] = name
    rest = set(names)
    # join the Saturdays and Sundays next to a break (not make-up days) to it
    grown = True
    while grown:
        grown = False
        for d in sorted(rest):
            for n in (d - dt.timedelta(days=1), d + dt.timedelta(days=1)):
                if n not in rest and n.weekday() >= 5 and n not in makeup:
                    rest.add(n)
                    grown = True
    return ph, rest, makeup


def is_workday_ph(d: dt.date, ph, makeup) -> bool:
    return d in makeup or (d.weekday() < 5 and d not in ph)


def cross_check(ph, rest, makeup) -> list[str]:
    """Every day FIRST..LAST against chinesecalendar; returns the unexpected differences."""
    import chinese_calendar as cc

    problems = []
    for year in range(FIRST, LAST + 1):
        for d in days_of(year):
            ours = d in makeup or (d.weekday() < 5 and d not in rest)
            if ours != is_workday_ph(d, ph, makeup):
                problems.append(f"{d}: joined weekends changed a working day")
            theirs = cc.is_workday(d)
            if ours != theirs and d != KNOWN_DIFFERENCE:
                problems.append(f"{d}: python-holidays says {'working' if ours else 'rest'} day,"
                                f" chinesecalendar says {'working' if theirs else 'rest'} day")
    if cc.is_workday(KNOWN_DIFFERENCE) or KNOWN_DIFFERENCE not in makeup:
        problems.append(f"{KNOWN_DIFFERENCE}: the known difference is gone; review KNOWN_DIFFERENCE")
    return problems


def runs(dates: list[dt.date]) -> list[list[dt.date]]:
    out: list[list[dt.date]] = []
    for d in sorted(dates):
        if out and d - out[-1][-1] == dt.timedelta(days=1):
            out[-1].append(d)
        else:
            out.append([d])
    return out


def break_name(run: list[dt.date], ph) -> str:
    names: list[str] = []
    for d in run:
        for part in (ph.get(d) or "").split("; "):
            part = part.replace("（补假）", "").strip()
            if part and not part.startswith("休息日") and part not in names:
                names.append(part)
    return "、".join(names) or "连休"


def render(ph, rest, makeup) -> str:
    import holidays

    lines = [
        "# Mainland China working-day calendar: the days off and the weekend make-up working days",
        "# (调休上班) of the State Council's notices, one table per year. jingban reads this file.",
        "#",
        "#   holidays  every day off of each break, with the Saturdays and Sundays joined to it",
        "#   workdays  Saturdays and Sundays that are working days",
        "# Any other Monday to Friday is a working day; any other Saturday or Sunday a rest day.",
        "# Dates in December come from the next year's notice (its New Year break); `source` says so.",
        "#",
        f"# Generated by build_data.py from python-holidays {holidays.__version__} (holidays.China, PUBLIC),",
        f"# cross-checked day by day against chinesecalendar {metadata.version('chinesecalendar')}; they differ only",
        "# on 2005-12-31, a working Saturday per the 2006 notice, which this file follows. Do not edit:",
        "# add or correct a year in an override file (--calendar FILE, docs/calendar.md).",
        "",
    ]
    for year in range(FIRST, LAST + 1):
        hol = [d for d in rest if d.year == year]
        work = sorted(d for d in makeup if d.year == year)
        has_dec = any(d.month == 12 for d in hol + work)
        lines.append(f"[years.{year}]")
        lines.append(f'source = "{source(year, has_dec)}"')
        lines.append("holidays = [")
        for full in runs(sorted(rest)):  # a break may run from December into January
            run = [d for d in full if d.year == year]
            if not run:
                continue
            name = break_name(full, ph)
            for i in range(0, len(run), 7):
                chunk = ", ".join(d.isoformat() for d in run[i:i + 7]) + ","
                lines.append(f"    {chunk:<88}# {name}" if i == 0 else f"    {chunk}")
        lines.append("]")
        if work:
            lines.append("workdays = [")
            for d in work:
                lines.append(f"    {d.isoformat()},  # 星期{WEEKDAYS_ZH[d.weekday()]}")
            lines.append("]")
        else:
            lines.append("workdays = []")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the shipped file, write nothing")
    args = ap.parse_args(argv)
    ph, rest, makeup = collect()
    problems = cross_check(ph, rest, makeup)
    if problems:
        print("python-holidays and chinesecalendar disagree:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    text = render(ph, rest, makeup)
    if args.check:  # the data, not the comments (a newer package with the same data is fine)
        import tomllib

        same = tomllib.loads(OUT.read_text(encoding="utf-8")) == tomllib.loads(text)
        print("cn_mainland.toml is up to date" if same else "cn_mainland.toml differs from a fresh build")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({FIRST}-{LAST})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
