"""The working-day calendar: which dates are working days, and deadlines counted in working days.

A working day is a Monday to Friday that is not a day off, or a Saturday or Sunday listed as a
make-up working day (调休上班). The days off and make-up days of each year come from the State
Council's notices (`cn_mainland.toml`, see docs/calendar.md); an override file may add a year and
a regional layer of extra days off.

Counting convention (docs/calendar.md, "Counting"):

- The day of submission is not counted: a period counted in days starts on the next day
  (民法典 第二百零一条: "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算").
- A period of working days leaves out the statutory holidays (行政许可法 第八十二条: "本法规定的期限
  以工作日计算，不含法定节假日"), and the weekends that are not make-up days.
- "Within N working days" means paid no later than the N-th working day after submission; that day
  is the deadline. A payment on the rest day right after the deadline is late: the period had
  already ended.
- Submission on a rest day, rule "not_counted" (the default): the first working day after it is
  day 1. Rule "next_workday_received": a submission on a rest day is deemed received on the next
  working day, which is then itself not counted, so the deadline is one working day later. On a
  working day (a make-up Saturday or Sunday included) both rules agree.

Every date a method looks at must lie in a year the calendar knows; otherwise it raises
`CalendarError` naming the year. It never guesses.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Iterable, Sequence

import attrs

from ..errors import BadValue, InputError
from ..kinds import RestDayRule
from ..messages import Message, Text, joined

REST_DAY_RULES = tuple(r.value for r in RestDayRule)  # the closed set is kinds.RestDayRule

_ONE = dt.timedelta(days=1)


def known_years(years: Iterable[int]) -> Message | str:
    """The years given as `years_text` writes them, or "none" in the reader's language."""
    ys = sorted(set(years))
    return years_text(ys) if ys else Message.of("error.calendar.no_years")


def years_text(years: Iterable[int]) -> str:
    """'2004-2026, 2030' for the years given; 'none' when there are none."""
    ys = sorted(set(years))
    if not ys:
        return "none"
    parts, start, prev = [], ys[0], ys[0]
    for y in ys[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


class CalendarError(InputError):
    """A date in a year the calendar does not know. `.year` is that year, `.known` the known years."""

    def __init__(self, year: int, known: Sequence[int] = (), *, file: str | None = None,
                 where: str | None = None, rows: int | None = None) -> None:
        self.year = year
        self.known = tuple(sorted(known))
        self.rows = rows
        notes = []
        if rows is not None:
            notes.append(Message.of("error.calendar.rows_one") if rows == 1
                         else Message.of("error.calendar.rows", rows=f"{rows:,}"))
        if self.known:
            notes.append(Message.of("error.calendar.known", years=years_text(self.known)))
        message = (Message.of("error.calendar.no_calendar_note", year=year, note=joined(*notes)) if notes
                   else Message.of("error.calendar.no_calendar", year=year))
        super().__init__(file, where, message)

    @classmethod
    def for_rows(cls, year: int, rows: int, file: str | None, *, known: Sequence[int] = (),
                 where: str | None = None) -> "CalendarError":
        """The error for a ledger: `rows` rows of `file` have dates in `year`, which is unknown.

        Pass `known=cal.years` so the message lists the years the calendar does know.
        """
        return cls(year, known, file=file, where=where, rows=rows)


def _as_date(d: dt.date) -> dt.date:
    if isinstance(d, dt.datetime):
        return d.date()
    if not isinstance(d, dt.date):
        raise TypeError(f"expected a date, got {type(d).__name__}")
    return d


def _check_rule(rule: str) -> None:
    if rule not in REST_DAY_RULES:
        raise BadValue(Message.of("error.calendar.rest_day_rule", rule=rule,
                                  rules=Text("、".join(REST_DAY_RULES), ", ".join(REST_DAY_RULES))))


@attrs.frozen
class YearData:
    """One year of a notice: the days off and the make-up working days, with the notice as source."""

    year: int
    source: str
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    file: str = ""  # where the year was read from


@attrs.frozen
class Layer:
    """Regional days off (and, rarely, regional make-up days) on top of the national calendar."""

    name: str
    source: str
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date] = frozenset()
    file: str = ""


@attrs.frozen(eq=False)
class Calendar:
    """Known years of working days; build it with `load_calendar`.

    Internally one flag per day from 1 January of the first known year to 31 December of the
    last, and the running count of working days, so every method is a lookup or a binary search.
    """

    year_data: tuple[YearData, ...] = attrs.field(converter=lambda ys: tuple(sorted(ys, key=lambda y: y.year)))
    layer: Layer | None = None
    _origin: dt.date = attrs.field(init=False, repr=False)
    _flags: bytes = attrs.field(init=False, repr=False)      # 1 working day, 0 rest day or unknown year
    _cum: tuple[int, ...] = attrs.field(init=False, repr=False)  # _cum[k] = working days in the first k days
    _by_year: dict = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_year = {y.year: y for y in self.year_data}
        if len(by_year) != len(self.year_data):
            raise ValueError("a year is given twice")
        if by_year:
            origin = dt.date(min(by_year), 1, 1)
            end = dt.date(max(by_year), 12, 31)
        else:
            origin = end = dt.date(2000, 1, 1) - _ONE
        n = (end - origin).days + 1 if by_year else 0
        flags = bytearray(n)
        lay_off = self.layer.holidays if self.layer else frozenset()
        lay_work = self.layer.workdays if self.layer else frozenset()
        for i in range(n):
            d = origin + dt.timedelta(days=i)
            yd = by_year.get(d.year)
            if yd is None:
                continue
            work = (d.weekday() < 5 or d in yd.workdays or d in lay_work) and d not in yd.holidays
            flags[i] = 1 if work and d not in lay_off else 0
        cum = [0] * (n + 1)
        for i, f in enumerate(flags):
            cum[i + 1] = cum[i] + f
        object.__setattr__(self, "_origin", origin)
        object.__setattr__(self, "_flags", bytes(flags))
        object.__setattr__(self, "_cum", tuple(cum))
        object.__setattr__(self, "_by_year", by_year)

    # -- what the calendar holds ---------------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        """The known years, sorted."""
        return tuple(sorted(self._by_year))

    def _year(self, year: int) -> YearData:
        try:
            return self._by_year[year]
        except KeyError:
            raise CalendarError(year, self.years) from None

    def source(self, year: int) -> str:
        """The State Council notice (or notices) the year's days come from."""
        return self._year(year).source

    def holidays(self, year: int) -> tuple[dt.date, ...]:
        """The year's national days off, sorted (weekend days joined to a break included)."""
        return tuple(sorted(self._year(year).holidays))

    def workdays(self, year: int) -> tuple[dt.date, ...]:
        """The year's make-up working days (Saturdays and Sundays worked), sorted."""
        return tuple(sorted(self._year(year).workdays))

    def require(self, first: dt.date, last: dt.date | None = None) -> None:
        """Raise CalendarError naming the first unknown year from `first`'s year to `last`'s."""
        first = _as_date(first)
        last = first if last is None else _as_date(last)
        lo, hi = min(first.year, last.year), max(first.year, last.year)
        for y in range(lo, hi + 1):
            if y not in self._by_year:
                raise CalendarError(y, self.years)

    # -- days ------------------------------------------------------------------------------------
    def _pos(self, d: dt.date) -> int:
        return (d - self._origin).days

    def is_workday(self, d: dt.date) -> bool:
        """True for a working day: Monday to Friday not off, or a make-up Saturday or Sunday."""
        d = _as_date(d)
        self.require(d)
        return self._flags[self._pos(d)] == 1

    def _idx(self, d: dt.date) -> int:
        """Working days from the calendar's origin up to and including d (d's year known)."""
        return self._cum[self._pos(d) + 1]

    def count(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: start is not counted (民法典 第二百零一条), end is.

        count(d, d) is 0; for end before start the result is -count(end, start).
        """
        start, end = _as_date(start), _as_date(end)
        self.require(start, end)
        return self._idx(end) - self._idx(start)

    def _base(self, start: dt.date, rule: str) -> int:
        base = self._idx(start)
        if rule == "next_workday_received" and not self._flags[self._pos(start)]:
            base += 1  # deemed received on the next working day, which is itself not counted
        return base

    def deadline(self, start: dt.date, days: int, rule: str = "not_counted") -> dt.date:
        """The last day to act "within `days` working days" of `start` (start not counted).

        Rule "not_counted": the `days`-th working day after start. Rule "next_workday_received":
        the same when start is a working day; for a start on a rest day, one working day later.
        """
        start = _as_date(start)
        _check_rule(rule)
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise BadValue(Message.of("error.calendar.days", value=repr(days)))
        self.require(start)
        target = self._base(start, rule) + days
        k = bisect.bisect_left(self._cum, target)  # first k with cum[k] == target: day k-1 is the one
        if k >= len(self._cum):
            raise CalendarError(max(self._by_year) + 1, self.years)
        result = self._origin + dt.timedelta(days=k - 1)
        self.require(start, result)  # a gap year between start and the result is unknown too
        return result

    def is_late(self, submitted: dt.date, paid: dt.date, days: int, rule: str = "not_counted") -> bool:
        """True when `paid` falls after the deadline of `days` working days from `submitted`."""
        paid = _as_date(paid)
        return paid > self.deadline(submitted, days, rule)

    def deadline_table(self, first: dt.date, last: dt.date, days: Sequence[int], rule: str = "not_counted",
                       beyond: dt.date | None = None) -> tuple[tuple[dt.date, ...], ...]:
        """One row per date first..last: (date, deadline for days[0], deadline for days[1], ...), the
        same as `deadline(date, n, rule)` for each n, computed in one pass for a join in SQL.

        A deadline after `last` is `beyond` (None by default): give `last` as the calendar's last
        known day, or late enough to hold every deadline you need."""
        _check_rule(rule)
        for n in days:
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                raise BadValue(Message.of("error.calendar.days_each", value=repr(n)))
        rows = self.table(first, last)
        by_index: dict[int, dt.date] = {}
        for d, work, idx, _ in rows:
            if work:
                by_index[idx] = d  # the working day that is the idx-th from `first`
        out = []
        for d, _, idx, cidx in rows:
            base = idx if rule == "not_counted" else cidx
            out.append((d, *(by_index.get(base + n, beyond) for n in days)))
        return tuple(out)

    def table(self, first: dt.date, last: dt.date) -> tuple[tuple[dt.date, bool, int, int], ...]:
        """One row per date first..last: (date, is_workday, idx, cidx), for joins in SQL.

        idx is the number of working days on or before the date, counted from `first`; cidx is
        idx on a working day and idx + 1 on a rest day (the index of the next working day). A
        payment is late when cidx[paid] > base[submitted] + N, where base is idx for rule
        "not_counted" and cidx for "next_workday_received". Choose `last` late enough to hold
        every deadline (the last payment date, or the last submission plus some weeks).
        """
        first, last = _as_date(first), _as_date(last)
        if last < first:
            raise ValueError(f"table: last ({last}) is before first ({first})")
        self.require(first, last)
        p0 = self._pos(first)
        offset = self._cum[p0]
        rows = []
        for i in range((last - first).days + 1):
            p = p0 + i
            work = self._flags[p] == 1
            idx = self._cum[p + 1] - offset
            rows.append((first + dt.timedelta(days=i), work, idx, idx if work else idx + 1))
        return tuple(rows)
