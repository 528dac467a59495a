"""Mainland China working days: statutory holidays, weekend make-up days (调休上班), deadlines.

    from jingban.workdays import load_calendar
    cal = load_calendar()                      # built-in data, 2004-2026 (cn_mainland.toml)
    cal.deadline(date(2024, 2, 5), 15)         # date(2024, 3, 1)
    cal.is_late(submitted, paid, 20)           # paid after the 20th working day after submission

The data, its sources, the counting convention and the override files are described in
docs/calendar.md; `build_data.py` (a maintainer script, never imported) regenerates the data.
"""

from .model import REST_DAY_RULES, Calendar, CalendarError, Layer, YearData
from .loader import load_calendar

__all__ = ["REST_DAY_RULES", "Calendar", "CalendarError", "Layer", "YearData", "load_calendar"]
