"""`assess calendar`: deadlines and counts in mainland China working days, and the holiday data.

    assess calendar deadline --from 2024-02-05 --days 15      # 2024-03-01
    assess calendar count --from 2024-02-05 --to 2024-03-01   # 15
    assess calendar show --year 2024 [--lang en]

Bad input (a malformed date, a year the calendar does not know, a broken --calendar file) raises
InputError; the `assess` group prints it as one line and exits with code 2.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .cli_lang import ENV, Choice, Group, Int
from .errors import InputError
from .kinds import RestDayRule

# The calendar and the message catalog are imported by the commands that use them, so that the
# `assess --help` that lists this group loads neither.

_WEEKDAYS = (("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
             ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
_SEP = ("：", ": ")

CALENDAR_FILES = click.option(
    "--calendar", "calendar_files", multiple=True, metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Override TOML adding years (a newly published notice) or regional layers; repeatable"
         " (docs/calendar.md).")
LAYER = click.option("--calendar-layer", "calendar_layer", metavar="NAME", default=None,
                     help="A regional layer of extra days off, defined in a --calendar file.")


def _l(key: str, lang: str, **kw) -> str:
    from .messages import Message

    return Message.of(f"calendar.{key}", **kw).render(lang)


def _date(text: str, option: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        from .messages import Message

        raise InputError(None, option, Message.of("error.cli.date", text=text)) from None


@click.group("calendar", cls=Group, epilog="Counting convention, data and override files: docs/calendar.md.")
def calendar():
    """Mainland China working days: deadlines, counts and the State Council holiday data.

    A working day is Monday to Friday unless the State Council's notice gives it off, or a
    Saturday or Sunday it makes a working day (调休上班). The day of submission is not counted
    (民法典 第二百零一条); "within N working days" ends on the N-th working day after it.

    \b
    assess calendar deadline --from 2024-02-05 --days 15
    assess calendar count --from 2024-02-05 --to 2024-03-01
    assess calendar show --year 2024 --lang en
    """


@calendar.command(short_help="The deadline of N working days from a date.")
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", help="Day of submission (not counted).")
@click.option("--days", type=Int(minimum=1), required=True, help="Working days allowed (N).")
@click.option("--rule", type=Choice([r.value for r in RestDayRule]), default="not_counted", show_default=True,
              help="Submission on a rest day: not_counted (the first working day after it is day 1) or"
                   " next_workday_received (deemed received on the next working day, itself not counted).")
@CALENDAR_FILES
@LAYER
def deadline(start, days, rule, calendar_files, calendar_layer):
    """Print the last day of "within DAYS working days" from --from: the DAYS-th working day after
    it. A payment on that day is on time; any later day, a rest day included, is late."""
    d = _date(start, "--from")
    from .workdays import load_calendar

    cal = load_calendar(calendar_files, calendar_layer)
    click.echo(cal.deadline(d, days, rule).isoformat())


@calendar.command(short_help="Working days between two dates.")
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", help="Start (not counted).")
@click.option("--to", "end", required=True, metavar="YYYY-MM-DD", help="End (counted).")
@CALENDAR_FILES
@LAYER
def count(start, end, calendar_files, calendar_layer):
    """Print the number of working days after --from up to and including --to (negative when --to
    is before --from). A payment is on time within N working days when this is at most N."""
    a, b = _date(start, "--from"), _date(end, "--to")
    from .workdays import load_calendar

    cal = load_calendar(calendar_files, calendar_layer)
    click.echo(str(cal.count(a, b)))


def _runs(dates):
    out = []
    for d in sorted(dates):
        if out and (d - out[-1][-1]).days == 1:
            out[-1].append(d)
        else:
            out.append([d])
    return out


def _day(d: dt.date, lang: str) -> str:
    return f"{d.isoformat()} {_WEEKDAYS[0 if lang == 'zh' else 1][d.weekday()]}"


def _off_lines(dates, lang: str) -> list[str]:
    lines = []
    for run in _runs(dates):
        if len(run) == 1:
            lines.append("  " + _l("single", lang, a=_day(run[0], lang)))
        else:
            lines.append("  " + _l("range", lang, a=_day(run[0], lang), b=_day(run[-1], lang), n=len(run)))
    return lines or ["  " + _l("none", lang)]


@calendar.command(short_help="A year's days off, make-up working days and source.")
@click.option("--year", type=Int(), required=True, help="The year to show.")
@click.option("--lang", type=Choice(["zh", "en"]), default="zh", show_default=True, envvar=ENV, show_envvar=True,
              help="Language of the report, the help and the errors.")
@CALENDAR_FILES
@LAYER
def show(year, lang, calendar_files, calendar_layer):
    """Print a year's days off, its make-up working days and the notice they come from."""
    from .workdays import load_calendar

    cal = load_calendar(calendar_files, calendar_layer)
    sep = _SEP[0 if lang == "zh" else 1]
    holidays, workdays = cal.holidays(year), cal.workdays(year)
    scope = _l("layer", lang, name=calendar_layer) if cal.layer else _l("national", lang)
    lines = [f"{_l('title', lang, year=year)} ({scope})" if lang == "en" else f"{_l('title', lang, year=year)}（{scope}）",
             f"{_l('source', lang)}{sep}{cal.source(year)}",
             _l("days_off", lang, n=len(holidays))]
    lines += _off_lines(holidays, lang)
    lines.append(_l("makeup", lang, n=len(workdays)))
    lines += ["  " + _day(d, lang) for d in workdays] or ["  " + _l("none", lang)]
    if cal.layer:
        lay = cal.layer
        off = sorted(d for d in lay.holidays if d.year == year)
        work = sorted(d for d in lay.workdays if d.year == year)
        lines.append(_l("layer_off", lang, name=lay.name, n=len(off)))
        lines += _off_lines(off, lang)
        if work:
            lines.append(_l("layer_makeup", lang, name=lay.name, n=len(work)))
            lines += ["  " + _day(d, lang) for d in work]
        lines.append(f"{_l('layer_source', lang)}{sep}{lay.source}")
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lines.append(_l("workdays", lang, n=cal.count(first, last) + (1 if cal.is_workday(first) else 0)))
    click.echo("\n".join(lines))
