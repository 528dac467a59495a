"""The closed sets of the rules and evidence formats, each written once as an enum.

A rules file or an evidence file names these by their string value (``per = "once"``); readers turn
the string into the member once (``Node.choice(key, Per)``), and the rest of the code compares
members. Being ``StrEnum``s, members compare equal to their strings and print as them, so JSON and
reports show the same words the files use.

Rule *shapes* and *aggregations* are not here: they are open sets, registered by the core and by
plugins (``jingban.parts``).
"""

from __future__ import annotations

from enum import StrEnum


class Per(StrEnum):
    """How a deduction clause counts (docs/rules-format.md, clauses)."""

    CASE = "case"  # points x count
    ONCE = "once"  # the points once when the count is at least 1
    UNIT_BELOW = "unit_below"  # points x max(0, minimum - fact)


class Op(StrEnum):
    """A comparison a requirement or check states against a fact."""

    GE = ">="
    LE = "<="
    EQ = "=="
    GT = ">"
    LT = "<"

    def holds(self, actual, value) -> bool:
        return {
            Op.GE: actual >= value,
            Op.LE: actual <= value,
            Op.EQ: actual == value,
            Op.GT: actual > value,
            Op.LT: actual < value,
        }[self]


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    TERMINATION = "termination"


class SettlementKind(StrEnum):
    WITHHELD_SHARE = "withheld_share"  # a share of the fee is withheld and paid by the score
    NONE = "none"  # the region settles no money on the score


class PartialStep(StrEnum):
    """How a part of a score step counts in a stepped band."""

    FLOOR = "floor"
    CEIL = "ceil"
    EXACT = "exact"


class Proration(StrEnum):
    """How the fee of an agency that served part of the period is cut."""

    NONE = "none"
    DAYS = "days"
    MONTHS = "months"


class RestDayRule(StrEnum):
    """A submission on a rest day (docs/calendar.md)."""

    NOT_COUNTED = "not_counted"
    NEXT_WORKDAY_RECEIVED = "next_workday_received"


class SameIssueItem(StrEnum):
    """Which item takes the deduction of a finding that names clauses of several items, under the
    same-issue rule (docs/interpretations.md): never the order in which the inspector wrote them."""

    FIRST_IN_TABLE = "first_in_table"  # the item the scoring table lists first
    LARGEST = "largest"  # the item whose clauses deduct the most for the finding


class SameIssueRows(StrEnum):
    """Where a claim goes that a finding names and a count of claims also counts (late and wrongly
    paid), under the same-issue rule (docs/interpretations.md C1)."""

    FINDING = "finding"  # the finding deducts it; the count leaves it out
    COUNTED_FACT = "counted_fact"  # the count keeps it; the finding's cases drop by one


class HospitalDeadlineKind(StrEnum):
    END_OF_NEXT_MONTH = "end_of_next_month"
    WORKING_DAYS = "working_days"


class HospitalCount(StrEnum):
    BATCHES = "batches"
    MONTHS_LATE = "months_late"


class Answer(StrEnum):
    """A checklist point's self-inspection result."""

    COMPLIANT = "compliant"
    PARTLY = "partly"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"


class FactKind(StrEnum):
    COUNT = "count"  # a whole number of cases, >= 0
    NUMBER = "number"  # a decimal >= 0
    RATIO = "ratio"  # a decimal in [0, 1]
    FLAG = "flag"  # true or false


class Rounding(StrEnum):
    """How a shape's computed points are rounded to its `places` (docs/rules-format.md)."""

    HALF_UP = "half_up"  # 四舍五入
    DOWN = "down"  # cut (toward zero)
    UP = "up"  # any part counts as a whole (away from zero)

    def apply(self, value, places: int):
        from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

        mode = {Rounding.HALF_UP: ROUND_HALF_UP, Rounding.DOWN: ROUND_DOWN, Rounding.UP: ROUND_UP}[self]
        return value.quantize(Decimal(1).scaleb(-places), rounding=mode)


class Better(StrEnum):
    """Which way a ratio score's measure is good."""

    LOWER = "lower"  # points x min(1, target / actual): days to settle a bill
    HIGHER = "higher"  # points x min(1, actual / target): a review coverage


class Beyond(StrEnum):
    """Which side of its threshold a computed bonus rewards."""

    BELOW = "below"  # per unit the measure is below the threshold
    ABOVE = "above"  # per unit it is above


class ZeroDenominator(StrEnum):
    """What a share score makes of a denominator of 0 (nothing sampled)."""

    NOT_ASSESSED = "not_assessed"  # nothing to judge: not assessed, the result provisional
    FULL = "full"  # nothing sampled failed: full points
    ZERO = "zero"  # nothing verified: no points


class VetoEffect(StrEnum):
    """What a veto item (一票否决) does to the result when it is triggered."""

    ZERO = "zero"  # the total is 0
    LOWEST_GRADE = "lowest_grade"  # the total stands; the grade is the lowest


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


def values(kind: type[StrEnum]) -> tuple[str, ...]:
    """The strings a file may write for `kind`, in declaration order."""
    return tuple(m.value for m in kind)
