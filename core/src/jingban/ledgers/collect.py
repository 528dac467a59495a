"""Computing a region's facts from the agency's ledgers.

One pass checks each ledger (unparseable values, paid before submitted, duplicate ids, unknown
codes) and one computes its facts; both are Narwhals expressions, so they run unchanged on DuckDB
and on Spark. Rows with a problem are never dropped silently: they are left out of the facts they
would falsify, counted, and named by row number; `strict` turns any problem into an error.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import attrs
import narwhals as nw

from ..errors import InputError
from ..evidence import Period
from ..facts import FACTS, Fact, ledger_of
from ..kinds import SameIssueRows
from ..logsetup import get_logger
from ..messages import Message, Text, fact_name, joined
from ..model import ClaimDeadline, RuleSet
from ..workdays import Calendar, CalendarError
from .engines import Engine, normalise
from .progress import Progress
from .readable import Readable, prepare, refusal
from .schema import CATEGORIES, KINDS, LEDGERS, POSTS, VULNERABLE, Ledger

log = get_logger("jingban.ledgers")

SAMPLE = 20  # ids kept behind a count, for the inspector to check
AFTER_CALENDAR = dt.date(9999, 12, 31)  # a deadline beyond the last day the calendar knows

@attrs.frozen
class Problem:
    """Rows of a ledger that could not be used as they stand."""

    ledger: str
    file: str
    kind: str  # "unparseable", "paid_before_submitted", "duplicate_id", "unknown_code"
    column: str
    count: int
    rows: tuple[int, ...]  # the first few file row numbers (1 = first data row)

    def message(self) -> Message:
        """The problem in the reader's language: the file, how many rows, the first row numbers."""
        rows = ", ".join(map(str, self.rows)) + (", …" if self.count > len(self.rows) else "")
        return Message.of(f"ledger.problem.{self.kind}", file=self.file, count=self.count, column=self.column,
                          rows=rows)

    def line(self) -> str:
        """The problem for an error message or a warning on standard error."""
        return self.message().render("en")

    def without_file(self) -> Text:
        """The problem's message after its file name, in both languages, for an error that names
        the file itself (`--strict`): the message rendered, less the file it starts with."""
        def body(lang: str) -> str:
            text = self.message().render(lang)
            for sep in ("：", ": "):
                if text.startswith(self.file + sep):
                    return text[len(self.file) + len(sep):]
            return text

        return Text(body("zh"), body("en"))

    def strict_error(self) -> InputError:
        """With --strict a problem is an error, named by the file and its first row."""
        return InputError(self.file, Message.of("error.where.row", row=self.rows[0]),
                          Message.of("error.ledger.strict", problem=self.without_file()))


@attrs.frozen
class Collection:
    facts: tuple[Fact, ...]
    problems: tuple[Problem, ...]
    missing_ledgers: tuple[str, ...]  # ledgers a wanted fact needs that the folder does not hold
    skipped: tuple[tuple[str, str], ...]  # (fact, why) facts that could not be computed


def find_ledger(folder: Path, name: str) -> Path | None:
    # an .xls file is found so that it is refused with how to convert it, not taken as missing
    for suffix in (".parquet", ".csv", ".xlsx", ".xls"):
        p = folder / f"{name}{suffix}"
        if p.exists():
            return p
    return None


class _Run:
    def __init__(self, rs: RuleSet, folder: Path, period: Period, engine: Engine, calendar: Calendar, strict: bool,
                 named: Mapping[str, str] | None = None, readable: Readable | None = None):
        self.readable = readable
        self.rs, self.folder, self.period, self.engine, self.cal, self.strict = rs, folder, period, engine, calendar, strict
        self.named = dict(named) if named is not None else None  # claim id -> the finding that names it
        # which of the two deducts a named claim the count also counts (option same_issue_rows)
        self.keep_named = rs.option_value("same_issue_rows") == SameIssueRows.COUNTED_FACT
        self.facts: list[Fact] = []
        self.scanning: Callable[[], None] = lambda: None  # called when the long scan of a ledger starts
        self.problems: list[Problem] = []
        self.skipped: list[tuple[str, str]] = []

    # ---------------------------------------------------------------------------- loading
    def load(self, ledger: Ledger, path: Path) -> nw.LazyFrame:
        present = self.engine.columns_of(path)
        for col in ledger.columns:
            if col.required and col.name not in present:
                raise InputError(str(path), Message.of("error.where.column",
                                                       column=Text(f"{col.name}（{col.zh}）", col.name)),
                                 Message.of("error.ledger.missing_column",
                                            ledger=Text(f"{ledger.title_zh}（{ledger.name}）", ledger.name)))
        return self.engine.load(path, ledger)

    def check(self, ledger: Ledger, path: Path, frame: nw.LazyFrame, extra: dict[str, tuple[str, str, nw.Expr]]):
        """Count problems in one pass; return the frame of usable rows and the rows read.
        `extra`: name -> (kind, column, expr)."""
        # only a column parsed from text can hold an unreadable value: a sum of a flag that is
        # always false would cost as much as any other column of the pass
        parsed = self.engine.parsed_columns(path, ledger)
        checks = {f"bad_{c.name}": ("unparseable", c.name, nw.col(f"_bad_{c.name}"))
                  for c in ledger.columns if c.name in parsed}
        checks.update(extra)
        # SQL three-valued logic: a comparison with an empty cell is unknown, which is no problem
        checks = {k: (kind, col, expr.fill_null(False)) for k, (kind, col, expr) in checks.items()}
        bad_any = None
        for _, (_, _, expr) in checks.items():
            bad_any = expr if bad_any is None else (bad_any | expr)
        usable_n = (~bad_any).cast(nw.Int64).sum() if bad_any is not None else nw.len()
        counts = self.engine.fetch(frame.select(
            nw.len().alias("rows"), usable_n.alias("_usable"),
            *[e.cast(nw.Int64).sum().alias(k) for k, (_, _, e) in checks.items()]))[0]
        self.report(ledger.name, path, frame, checks, counts)
        usable = frame.filter(~bad_any) if bad_any is not None else frame
        return usable, int(counts["rows"] or 0)

    def report(self, ledger: str, path: Path, frame: nw.LazyFrame, checks: dict, counts: dict) -> None:
        """Name the first problem rows of each check that found any; with --strict, the first is an error."""
        for key, (kind, column, expr) in checks.items():
            n = int(counts[key] or 0)
            if n:
                self.set_aside(Problem(ledger, str(path), kind, column, n, self.first_rows(frame, expr)))

    def first_rows(self, frame: nw.LazyFrame, expr: nw.Expr) -> tuple[int, ...]:
        """The file row numbers of the first few rows of `frame` where `expr` holds."""
        return tuple(int(r["_row"]) for r in self.engine.fetch(frame.filter(expr).select("_row").sort("_row").head(5)))

    def set_aside(self, prob: Problem) -> None:
        """Rows left out of the facts, reported; with --strict, an error."""
        if self.strict:
            raise prob.strict_error()
        self.problems.append(prob)  # logged once the collection has succeeded: a refusal is one line

    def source(self, path: Path, rows: int, filter_: Message, ledger: str) -> Message:
        """Where a fact comes from, in the reader's language: the file, the rows read, what was
        counted, and how many problem rows were set aside."""
        aside = sum(p.count for p in self.problems if p.ledger == ledger)
        file: str | Message = path.name
        if self.readable is not None and self.readable.transcoded:  # say what it was read as
            file = Message.of("ledger.file_encoded", file=path.name, encoding=self.readable.shown_encoding)
        elif self.readable is not None and self.readable.xlsx:  # and which sheet
            file = Message.of("ledger.file_sheet", file=path.name, sheet=self.readable.sheet)
        if aside:
            return Message.of("ledger.source_aside", file=file, rows=rows, scope=filter_, aside=aside)
        return Message.of("ledger.source", file=file, rows=rows, scope=filter_)

    def add(self, name: str, value, source: Message, detail: Message | None = None, sample: Iterable[str] = (),
            left_out: Iterable[str] | None = None) -> None:
        """A fact counted here. `left_out`: the ids, among those it counted, that a finding names;
        they are taken off the count and said so (the same-issue rule)."""
        out, kept = None, ()
        if left_out is not None and self.named is not None:
            found = tuple(sorted((cid, self.named[cid]) for cid in set(left_out)))
            rows = Text("、".join(f"{c}（{f}）" for c, f in found), ", ".join(f"{c} ({f})" for c, f in found))
            if self.keep_named:  # the count deducts them; the findings' cases drop instead
                kept, out = found, ()
                if found:
                    detail = joined(detail, Message.of("ledger.kept_named", count=len(found), rows=rows))
            else:
                out = found
                if found:
                    value = Decimal(value) - len(found)
                    detail = joined(detail, Message.of("ledger.left_out", count=len(found), rows=rows))
                sample = [x for x in sample if x not in self.named]
        sample = list(sample)
        if sample:
            detail = joined(detail, Message.of("ledger.sample", ids=", ".join(sample)))
        self.facts.append(Fact(name=name, value=Decimal(value), source=source, detail=detail,
                               left_out=out if self.named is not None else None, kept=kept))

    def deadlines(self, first: dt.date, last: dt.date, days: Iterable[int]) -> nw.LazyFrame:
        """For each date first..last (a submission date), the last day to pay within each of `days`
        working days, under the region's rest-day rule: columns date, _d<N>. One join on the
        submission date then decides lateness by comparing dates.

        `first`..`last` are the known years around the period, so a deadline past `last` falls in a
        year the calendar does not know: it is AFTER_CALENDAR, and a claim paid on a day the calendar
        knows, or unpaid at the period's end, is then on time whatever that year's holidays turn out
        to be. A payment dated in an unknown year is reported, never guessed."""
        days = sorted(set(days))
        rows = self.cal.deadline_table(first, last, days, self.rs.ledger.rest_day_rule, beyond=AFTER_CALENDAR)
        return self.engine.table((("date", "DATE"), *((_deadline_column(n), "DATE") for n in days)), rows)

    def calendar(self, first: dt.date, last: dt.date) -> tuple[nw.LazyFrame, int]:
        """The working-day table first..last as an engine frame (date, idx, cidx), and the index of
        the as-of date (the period's last day) that unpaid items are judged at."""
        table = self.cal.table(first, last)
        frame = self.engine.table((("date", "DATE"), ("idx", "BIGINT"), ("cidx", "BIGINT")),
                                  [(d, i, c) for d, _, i, c in table])
        return frame, next(c for d, _, _, c in table if d == self.end)

    # ---------------------------------------------------------------------------- period helpers
    @property
    def start(self) -> dt.date:
        return self.period.start

    @property
    def end(self) -> dt.date:
        return self.period.end

    def in_period(self, col: str) -> nw.Expr:
        return (nw.col(col) >= nw.lit(self.start)) & (nw.col(col) <= nw.lit(self.end))


def _ledger(rs: RuleSet, name: str) -> Ledger:
    """The ledger as the region writes it: the claims' product titles come from its rules."""
    led = LEDGERS[name]
    if name != "claims":
        return led
    # the rules' [ledger] product_titles, and each product's own title (its [[products]] title_zh)
    titles = rs.ledger.product_titles + tuple((p.title_zh, p.id) for p in rs.products
                                              if not rs.ledger.products or p.id in rs.ledger.products)
    return led.with_titles("product", titles) if titles else led


def _month_index(col: str) -> nw.Expr:
    return nw.col(col).dt.year().cast(nw.Int64) * 12 + nw.col(col).dt.month().cast(nw.Int64)


def _mi(d: dt.date) -> int:
    return d.year * 12 + d.month


def collect_facts(rs: RuleSet, folder: Path | str, period: Period, engine: Engine, calendar: Calendar, *,
                  strict: bool = False, wanted: Iterable[str] | None = None,
                  named: Mapping[str, str] | None = None, encoding: str = "auto") -> Collection:
    """The facts the region's rules use (or `wanted`), computed from the ledgers in `folder`.
    `named`: claim id -> the finding that names it; a count of claims leaves those rows out (the
    finding deducts them) and says so. `encoding`: of the CSV ledgers (readable.ENCODINGS), or
    `auto` to detect it."""
    with tempfile.TemporaryDirectory(prefix="jingban-ledgers-") as work:
        return _collect_facts(rs, Path(folder), period, engine, calendar, strict, wanted, named, encoding, Path(work))


def _collect_facts(rs: RuleSet, folder: Path, period: Period, engine: Engine, calendar: Calendar,
                   strict: bool, wanted: Iterable[str] | None, named: Mapping[str, str] | None,
                   encoding: str, work: Path) -> Collection:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), None, Message.of("error.ledger.folder_not_found"))
    want = set(wanted) if wanted is not None else set(rs.facts_used())
    want |= {d.fact for d in rs.ledger.claim_deadlines if d.fact in want}
    needed = sorted({ledger_of(f) for f in want} - {None})  # the fact catalog names each fact's ledger
    paths = {name: find_ledger(folder, name) for name in needed}
    missing = [name for name in needed if paths[name] is None]
    runs: dict[str, _Run] = {}
    present = [name for name in needed if paths[name] is not None]
    # every file checked (and transcoded if need be) before any is read: a folder named claims.csv
    # or a GBK survey is refused before the long scan of the claims starts
    readables = {name: prepare(paths[name], encoding, work, _ledger(rs, name)) for name in present}
    # the special audits are counted against the institutions the settlements name (_audits): that
    # file is read too, prepared like the others (its header may be Chinese, or it a workbook)
    if "special_audits" in present and "hospital_settlements" not in readables:
        hpath = find_ledger(folder, "hospital_settlements")
        if hpath is not None:
            readables["hospital_settlements"] = prepare(hpath, encoding, work, _ledger(rs, "hospital_settlements"))
    for r in readables.values():
        engine.use(r)

    def collect(names: list[str], eng: Engine, bar: Progress, scanning: threading.Event | None = None) -> None:
        for name in names:
            bar.step(name)
            runs[name] = run = _Run(rs, folder, period, eng, calendar, strict, named, readables[name])
            if scanning is not None:
                run.scanning = scanning.set
            try:
                COLLECTORS[name](run, paths[name], want)
            except eng.read_errors as exc:
                # the engine's words quote the file's lines (personal data): only ours go out
                raise refusal(readables[name], exc) from None
            bar.advance()

    small = [name for name in present if name != "claims"]
    with Progress(len(present), "台账 ledgers") as bar:
        if "claims" in present and small:
            # the small ledgers are counted on a second connection while the claims ledger, which
            # keeps the engine busy for most of the collection, is scanned. They start once that scan
            # has: before it, their Python would only slow the claims collector's (one GIL)
            worker = engine.worker()
            scanning = threading.Event()

            def rest_of_ledgers() -> None:
                scanning.wait()
                collect(small, worker, bar)

            try:
                with ThreadPoolExecutor(max_workers=1) as pool:
                    rest = pool.submit(rest_of_ledgers)
                    try:
                        collect(["claims"], engine, bar, scanning)
                    finally:
                        scanning.set()
                    rest.result()
            finally:
                worker.close()
        else:
            collect(present, engine, bar)
    skipped = [(f, Message.of("ledger.none.file", name=name, folder=str(folder)))
               for name in missing for f in sorted(want) if ledger_of(f) == name]
    facts, problems = [], []
    for name in present:  # in the order of the ledgers' names, whichever finished first
        facts += [f for f in runs[name].facts if f.name in want]
        problems += runs[name].problems
        skipped += runs[name].skipped
    for prob in problems:
        log.warning("ledger rows set aside", ledger=prob.ledger, kind=prob.kind, column=prob.column, rows=prob.count)
    return Collection(tuple(facts), tuple(problems), tuple(missing), tuple(skipped))


# ---------------------------------------------------------------------------------- claims
# The claims ledger can hold tens of millions of rows, so every claim fact is a column of one
# aggregate over it. The collector is three steps: a plan (from the rules and the wanted facts: the
# columns, checks and counts of the pass, as records, with no engine), its execution (every query:
# the aggregate, the duplicate screen beside it, the ids behind the counts, the rows to name), and
# the interpretation of the rows that come back (facts, problems, facts that cannot be computed).
# Each aggregate column is named once, by the record it counts.

_ROWS, _PAID_MIN, _PAID_MAX = "rows", "paid_min", "paid_max"  # columns of every group of the pass
_ALIAS = re.compile(r"[a-z][a-z0-9_]*")  # a group's column; the row-level columns start with "_"


def _alias(inst, attribute, value: str) -> None:
    if not _ALIAS.fullmatch(value) or value in (_ROWS, _PAID_MIN, _PAID_MAX):
        raise ValueError(f"{attribute.name}: {value!r} cannot name a column of the claims aggregate")


def _claims_column(*kinds: str):
    """A validator: the value names a column of the claims ledger of one of `kinds`."""
    def check(inst, attribute, value: str) -> None:
        col = next((c for c in LEDGERS["claims"].columns if c.name == value), None)
        if col is None or col.kind not in kinds:
            raise ValueError(f"{attribute.name}: {value!r} is no {'/'.join(kinds)} column of the claims ledger")
    return check


def _deadline_column(days: int) -> str:
    """The column of the deadline table holding the last day to pay within `days` working days."""
    return f"_d{days}"


def _count(flag: nw.Expr) -> nw.Expr:
    # a 32-bit cast: DuckDB sums it in 64 bits, a 64-bit one in 128 (a tenth more for the pass);
    # the sum itself is never narrower than 64 bits on either engine
    return flag.cast(nw.Int32).sum()


@attrs.frozen
class Term:
    """One condition of a count: a flag column that is true, or an amount column of at least `at_least`."""

    column: str = attrs.field(validator=_claims_column("bool", "decimal"))
    at_least: int | None = attrs.field(default=None)

    @at_least.validator
    def _amount_only(self, attribute, value) -> None:
        if (value is not None) != (LEDGERS["claims"].column(self.column).kind == "decimal"):
            raise ValueError(f"{self.column}: a flag is counted when true, an amount from a threshold")

    def expr(self) -> nw.Expr:
        return nw.col(self.column) if self.at_least is None else nw.col(self.column) >= self.at_least


@attrs.frozen
class Count:
    """A column of the aggregate: the usable claims of the period (no problem, submitted in the
    period) that meet every term."""

    alias: str = attrs.field(validator=_alias)
    where: tuple[Term, ...] = ()

    def expr(self, ok: nw.Expr) -> nw.Expr:
        # a sum skips nulls, so an empty cell counts as no (the flags need no fill)
        for term in self.where:
            ok = ok & term.expr()
        return ok


def _from_claims(inst, attribute, fact: str) -> None:
    if ledger_of(fact) != "claims":
        raise ValueError(f"{fact!r} is not counted from the claims ledger (facts.toml)")


@attrs.frozen
class Rate:
    """A share of two counts of the pass, `part` of `whole`; no fact when `whole` is 0 (a rate of
    nothing is not 100%: the inspectors state it)."""

    fact: str = attrs.field(validator=_from_claims)
    part: Count
    whole: Count = attrs.field()
    of_what: str  # what `whole` counts, for the fact's detail: message ledger.of.<of_what>
    none: str  # why there is no fact when `whole` is 0: message ledger.none.<none>

    @whole.validator
    def _part_of_whole(self, attribute, value: Count) -> None:
        if not set(value.where) <= set(self.part.where):
            raise ValueError(f"{self.fact}: {self.part.alias} is not a part of {value.alias}")


CLAIMS_N = Count("n")  # every usable claim of the period
_REMOTE_CASH_10K = (Term("remote"), Term("cash"), Term("amount", at_least=10000))  # 以上 includes 10,000
RATES = (
    # of_what / none: message ids (ledger.of.*, ledger.none.*) for the detail and the reason for no fact
    Rate("first_review_coverage", Count("first", (Term("first_review"),)), CLAIMS_N, "claims", "claims"),
    Rate("second_review_sample_share", Count("second", (Term("second_review"), Term("inpatient"))),
         Count("inpatient", (Term("inpatient"),)), "inpatient", "inpatient"),
    Rate("remote_cash_over_10k_verification_rate", Count("big_verified", (*_REMOTE_CASH_10K, Term("verified"))),
         Count("big", _REMOTE_CASH_10K), "remote_cash_10k", "remote_cash_10k"),
)


@attrs.frozen
class RowCheck:
    """A check of each claim, summed in the pass: a value that did not parse, or a payment dated
    before the submission."""

    kind: str = attrs.field(validator=attrs.validators.in_(("unparseable", "paid_before_submitted")))
    column: str = attrs.field()

    @column.validator
    def _column(self, attribute, value: str) -> None:
        _claims_column(*(("date",) if self.kind == "paid_before_submitted" else KINDS))(self, attribute, value)

    @property
    def alias(self) -> str:
        return f"bad_{self.column}" if self.kind == "unparseable" else "paid_early"

    def expr(self) -> nw.Expr:
        if self.kind == "unparseable":
            found = nw.col(f"_bad_{self.column}")
        else:
            found = nw.col(self.column) < nw.col("submitted")
        # SQL three-valued logic: a comparison with an empty cell is unknown, which is no problem
        return found.fill_null(False)

    def found_in(self, groups: Iterable[dict]) -> int:
        return int(sum((g[self.alias] or 0) for g in groups))


@attrs.frozen
class CodeCheck:
    """A code column whose values must be codes the rules know. It is a key of the pass's groups,
    so the check is decided per group, not per row."""

    column: str = attrs.field(validator=_claims_column("str"))
    known: tuple[str, ...] = attrs.field(validator=attrs.validators.min_len(1))
    kind = "unknown_code"

    def unknown(self, group: dict) -> bool:
        return group[self.column] is None or group[self.column] not in self.known

    def expr(self) -> nw.Expr:
        return ~nw.col(self.column).is_in(list(self.known)) | nw.col(self.column).is_null()

    def found_in(self, groups: Iterable[dict]) -> int:
        return sum(g[_ROWS] for g in groups if self.unknown(g))


@attrs.frozen
class LateCount:
    """The claims paid after one of the region's deadlines: the aggregate column `alias`, decided
    per row in the column `flag`. `vulnerable`: the deadline's vulnerable share is wanted too."""

    deadline: ClaimDeadline
    alias: str = attrs.field(validator=_alias)
    vulnerable: bool = attrs.field(default=False)

    @vulnerable.validator
    def _has_share(self, attribute, value: bool) -> None:
        if value and not self.deadline.vulnerable_fact:
            raise ValueError(f"{self.deadline.fact}: the rules name no vulnerable share of it")

    @property
    def flag(self) -> str:
        return f"_{self.alias}"

    def due(self) -> nw.Expr:
        """The row's deadline: the column of its days in the city or outside, from the deadline table."""
        d = self.deadline
        if d.in_city_days == d.out_of_city_days:
            return nw.col(_deadline_column(d.in_city_days))
        return nw.when(nw.col("in_city")).then(nw.col(_deadline_column(d.in_city_days))) \
            .otherwise(nw.col(_deadline_column(d.out_of_city_days)))

    def counts(self, group: dict, vulnerable: bool = False) -> bool:
        """Whether the group's claims count towards the fact (or its vulnerable share)."""
        if self.deadline.products and group["product"] not in self.deadline.products:
            return False
        return not vulnerable or group["claimant_category"] in VULNERABLE


@attrs.frozen
class ClaimsPlan:
    """What one pass over the claims ledger computes, decided from the rules and the wanted facts."""

    columns: tuple[str, ...]  # the ledger's columns the pass reads, besides _row and claim_id (sorted)
    checks: tuple[RowCheck, ...]  # summed over every row
    codes: tuple[CodeCheck, ...]  # decided per group
    keys: tuple[str, ...]  # the code columns the pass is grouped by
    claims: Count  # the usable claims of the period
    lates: tuple[LateCount, ...]
    counts: tuple[Count, ...]  # what the rates need besides `claims`, in the order of the pass
    rates: tuple[Rate, ...]
    deadline_days: tuple[int, ...]  # the deadlines, in working days, the table of due dates holds
    # the known years around the period, January 1 to December 31, when lateness is counted
    calendar_span: tuple[dt.date, dt.date] | None
    unknown_year: int | None  # the first year of the period the calendar does not know, when it matters

    def __attrs_post_init__(self) -> None:
        aliases = [self.claims.alias, *(c.alias for c in self.checks), *(l.alias for l in self.lates),
                   *(c.alias for c in self.counts)]
        if len(set(aliases) | set(self.keys)) != len(aliases) + len(self.keys):
            raise ValueError(f"claims aggregate: columns named twice in {aliases + list(self.keys)}")
        counted = {self.claims, *self.counts}
        if any(r.part not in counted or r.whole not in counted for r in self.rates):
            raise ValueError("claims aggregate: a rate's counts are not in the pass")
        read = {t.column for c in counted for t in c.where} | {c.column for c in self.codes} | set(self.keys)
        if not read <= set(self.columns):
            raise ValueError(f"claims aggregate: {sorted(read - set(self.columns))} counted but not read")
        if self.lates and self.calendar_span is None and self.unknown_year is None:
            raise ValueError("claims aggregate: lateness needs the calendar's span")

    def usable(self, group: dict) -> bool:
        """A group of claims whose codes are all codes the rules know."""
        return not any(c.unknown(group) for c in self.codes)

    def known_codes(self) -> nw.Expr:
        """A row's codes are all codes the rules know (the rows of the usable groups)."""
        ok = nw.lit(True)
        for c in self.codes:
            ok = ok & nw.col(c.column).is_in(list(c.known))
        return ok


def plan_claims(rs: RuleSet, want: set[str], parsed: frozenset[str], period: Period,
                known_years: Iterable[int]) -> ClaimsPlan:
    """The pass for the claim facts in `want`; `parsed`: the columns the engine parses from text
    (only they can hold an unreadable value, `Engine.parsed_columns`)."""
    deadlines = [d for d in rs.ledger.claim_deadlines if d.fact in want or (d.vulnerable_fact or "") in want]
    lates = tuple(LateCount(d, f"late{i}", vulnerable=bool(d.vulnerable_fact) and d.vulnerable_fact in want)
                  for i, d in enumerate(deadlines))
    rates = tuple(r for r in RATES if r.fact in want)
    counts = tuple(dict.fromkeys(c for r in rates for c in (r.whole, r.part) if c != CLAIMS_N))
    need = {"submitted"} | {t.column for c in counts for t in c.where}
    if lates:
        need |= {"paid", "in_city"}
    if any(late.vulnerable for late in lates):
        need.add("claimant_category")
    products = rs.ledger.products or tuple(p.id for p in rs.products)
    if products or any(d.products for d in deadlines):
        need.add("product")
    codes = []
    if "claimant_category" in need:
        codes.append(CodeCheck("claimant_category", CATEGORIES))
    if products:
        codes.append(CodeCheck("product", tuple(products)))
    # only a column parsed from text can hold an unreadable value: a sum of a flag that is always
    # false would cost as much as any other column of the pass
    checks = [RowCheck("unparseable", c) for c in sorted(need) if c in parsed]
    if lates:
        checks.append(RowCheck("paid_before_submitted", "paid"))
    # the calendar around the period: deadlines of the known years; a payment it does not reach is
    # looked at after the pass
    known = set(known_years)
    years = [y for y in range(period.start.year - 1, period.end.year + 2) if y in known]
    unknown = [y for y in range(period.start.year, period.end.year + 1) if y not in known]
    return ClaimsPlan(
        columns=tuple(sorted(need)), checks=tuple(checks), codes=tuple(codes),
        keys=tuple(c for c in ("product", "claimant_category") if c in need), claims=CLAIMS_N, lates=lates,
        counts=counts, rates=rates,
        deadline_days=tuple(sorted({n for d in deadlines for n in (d.in_city_days, d.out_of_city_days)})),
        calendar_span=(dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)) if lates and not unknown else None,
        unknown_year=unknown[0] if lates and unknown else None)


@attrs.frozen
class LateIds:
    """The ids behind one late count, and behind its vulnerable share when that is wanted."""

    count: LateCount
    late: tuple[str, ...]
    vulnerable: tuple[str, ...] = ()


@attrs.frozen
class CalendarGap:
    """Usable claims paid on days the calendar around the period does not reach."""

    year: int | None  # the first of those years the calendar does not know; None: more than a year away
    rows: int  # the rows with a date in `year`

    def error(self, path: str, known: Iterable[int]) -> Exception:
        """An unknown year is an error naming the year and its rows, never a guess."""
        if self.year is not None:
            return CalendarError.for_rows(self.year, self.rows, path, known=tuple(known))
        return InputError(path, "submitted/paid", Message.of("error.ledger.dates_far"))


@attrs.frozen
class ClaimsResult:
    """What the engine returned for a plan."""

    rows_read: int
    groups: tuple[dict, ...]  # one row per group of the pass: its keys and each column the plan names
    samples: tuple[LateIds, ...]  # one per late count of the plan
    named: tuple[LateIds, ...] | None  # per late count, the claims a finding names among those it counts
    duplicates: Problem | None  # rows repeating an earlier claim id, counted exactly
    set_aside: tuple[Problem, ...]  # what the checks found, in the plan's order, with their first rows
    gap: CalendarGap | None


def _claims(run: _Run, path: Path, want: set[str]) -> None:
    """All claim facts from one aggregate over the ledger, while the duplicate-id screen scans it
    alongside: the ledger can hold tens of millions of rows, so every count the rules want is a
    column of the same pass.

    The pass is grouped by the ledger's code columns (product, claimant category). They take a
    handful of values, so unknown codes, the vulnerable share and per-product deadlines are read off
    the few groups instead of testing strings on every row."""
    led = _ledger(run.rs, "claims")
    frame = run.load(led, path)
    plan = plan_claims(run.rs, want, run.engine.parsed_columns(path, led), run.period, run.cal.years)
    _interpret_claims(run, plan, _execute_claims(run, plan, frame, path), path)


def _execute_claims(run: _Run, plan: ClaimsPlan, frame: nw.LazyFrame, path: Path) -> ClaimsResult:
    """Every query the plan needs: the pass, the duplicate screen beside it, the ids behind the late
    counts, and afterwards the first rows of each problem and any payment the calendar cannot place."""
    base = frame.select("_row", "claim_id", *plan.columns, *[f"_bad_{c}" for c in plan.columns])
    if plan.codes:
        base = run.engine.codes(base, {c.column: c.known for c in plan.codes})
    total = int(run.engine.fetch(base.select(nw.len().alias("n")))[0]["n"] or 0)
    if plan.unknown_year is not None:  # no deadline in that year can be decided
        y = plan.unknown_year
        n = run.engine.fetch(base.filter((nw.col("submitted").dt.year() == y) | (nw.col("paid").dt.year() == y))
                             .select(nw.len().alias("n")))[0]["n"]
        raise CalendarError.for_rows(y, int(n or 0), str(path), known=run.cal.years)
    scope, groups, samples, dup_found, cal = _claims_pass(run, plan, base, total)
    duplicates = None
    if dup_found:
        base, duplicates = _duplicates(run, base, path)
        scope, query = _claim_scope(run, plan, base, cal, dup=True)
        groups = _claim_groups(run.engine.fetch(query))
        samples = _late_ids(plan, {k: _sample(run, f, "claim_id") for k, f in _claim_samples(plan, scope)})
    set_aside = tuple(Problem("claims", str(path), check.kind, check.column, n, run.first_rows(base, check.expr()))
                      for check in (*plan.checks, *plan.codes) if (n := check.found_in(groups)))
    named = None
    if run.named is not None:  # the claims the findings name, among the rows behind each count: a few ids
        wanted = sorted(run.named)
        named = _late_ids(plan, {k: sorted(str(x["claim_id"]) for x in run.engine.fetch(
            f.filter(nw.col("claim_id").is_in(wanted)).select("claim_id"))) for k, f in _claim_samples(plan, scope)})
    return ClaimsResult(total, groups, samples, named, duplicates, set_aside, _calendar_gap(run, plan, scope, groups))


def _claims_pass(run: _Run, plan: ClaimsPlan, base: nw.LazyFrame, total: int) \
        -> tuple[nw.LazyFrame, tuple[dict, ...], tuple[LateIds, ...], int, nw.LazyFrame | None]:
    """The aggregate and the duplicate screen, at the same time; returns the row-level frame, the
    groups, the ids behind the late counts, whether the screen found equal hashes, and the table of
    deadlines (for a second pass)."""
    # duplicate ids: every row after the first with the same id is set aside. The screen (no two
    # equal hashes proves there are none) starts first and runs beside the aggregate, and so do the
    # queries for the ids behind the counts; only when the screen finds equal hashes are the ids
    # grouped exactly and the aggregate and the samples run again without the repeats.
    # The aggregate runs on a thread of the pool too, so that the queries for the samples are put
    # together while it runs rather than before it starts.
    with run.engine.sharing(2), ThreadPoolExecutor(max_workers=3) as pool:
        screen = pool.submit(run.engine.duplicate_screen(base.select("claim_id"), "claim_id", total))
        cal = run.deadlines(*plan.calendar_span, plan.deadline_days) if plan.lates else None
        scope, query = _claim_scope(run, plan, base, cal, dup=False)
        aggregate = pool.submit(run.engine.prepare(query))
        run.scanning()
        sampled = {key: pool.submit(run.engine.prepare(f.select("claim_id").head(SAMPLE)))
                   for key, f in _claim_samples(plan, scope)}
        groups = _claim_groups(aggregate.result())
        dup_found = screen.result()
        ids = {key: sorted(str(x["claim_id"]) for x in job.result()) for key, job in sampled.items()}
    return scope, groups, _late_ids(plan, ids), dup_found, cal


def _claim_scope(run: _Run, plan: ClaimsPlan, base: nw.LazyFrame, cal: nw.LazyFrame | None, *,
                 dup: bool) -> tuple[nw.LazyFrame, nw.LazyFrame]:
    """The claims aggregate, grouped by the plan's keys: per group the rows read, each row check,
    the usable claims of the period and every count the plan names. Returns the row-level frame (for
    the ids behind the counts) and the aggregate query."""
    # each check and the row's usability are computed once, as columns: aggregates that repeated
    # the expressions would evaluate them once per aggregate
    flags = {f"_chk_{c.alias}": c.expr() for c in plan.checks}
    bad = nw.lit(False)
    for name in flags:
        bad = bad | nw.col(name)
    if dup:
        bad = bad | nw.col("_dup")
    scope = base.with_columns(**flags).with_columns(_ok=~bad & run.in_period("submitted").fill_null(False))
    ok = nw.col("_ok")
    aggs = [nw.len().alias(_ROWS), _count(plan.claims.expr(ok)).alias(plan.claims.alias),
            *[_count(nw.col(f"_chk_{c.alias}")).alias(c.alias) for c in plan.checks]]
    if plan.lates:
        # one join on the submission date brings each deadline; an unpaid claim is judged at the
        # period's last day, so it is late once its deadline has passed by then
        scope = scope.join(cal.rename({"date": "submitted"}), on="submitted", how="left")
        # every year of the period is known (checked before), so each usable claim has its deadlines;
        # a payment the calendar cannot place shows in the earliest and latest payment dates. They
        # are taken over all the group's rows, which costs a fraction of taking them over the usable
        # ones; only when they reach outside the calendar are the usable rows looked at
        aggs += [nw.col("paid").min().alias(_PAID_MIN), nw.col("paid").max().alias(_PAID_MAX)]
        paid_at = nw.col("paid").fill_null(nw.lit(run.end))
        for late in plan.lates:
            # not null where it counts: a usable claim was submitted in the period, a day the
            # deadline table holds, and an unpaid one is judged at the period's end
            scope = scope.with_columns(**{late.flag: ok & (paid_at > late.due())})
            aggs.append(_count(nw.col(late.flag)).alias(late.alias))
    aggs += [_count(c.expr(ok)).alias(c.alias) for c in plan.counts]
    return scope, (scope.group_by(*plan.keys).agg(*aggs) if plan.keys else scope.select(*aggs))


def _claim_groups(rows: list[dict]) -> tuple[dict, ...]:
    groups = tuple({k: normalise(v) for k, v in g.items()} for g in rows)
    for g in groups:
        g[_ROWS] = int(g[_ROWS] or 0)
    return groups


def _claim_samples(plan: ClaimsPlan, scope: nw.LazyFrame) -> Iterator[tuple[tuple[LateCount, bool], nw.LazyFrame]]:
    """The rows behind each late count (and its vulnerable share), keyed (count, vulnerable), for a
    few ids to show the inspector."""
    for late in plan.lates:
        rows = nw.col(late.flag) & plan.known_codes()
        if late.deadline.products:
            rows = rows & nw.col("product").is_in(list(late.deadline.products))
        yield (late, False), scope.filter(rows)
        if late.vulnerable:
            yield (late, True), scope.filter(rows & nw.col("claimant_category").is_in(list(VULNERABLE)))


def _late_ids(plan: ClaimsPlan, ids: dict[tuple[LateCount, bool], list[str]]) -> tuple[LateIds, ...]:
    return tuple(LateIds(late, tuple(ids[late, False]), tuple(ids.get((late, True), ()))) for late in plan.lates)


def _duplicates(run: _Run, base: nw.LazyFrame, path: Path) -> tuple[nw.LazyFrame, Problem]:
    """The rows that repeat an earlier claim id, grouped exactly: `base` with them flagged (`_dup`),
    and how many there are, with the first."""
    first = base.group_by("claim_id").agg(nw.col("_row").min().alias("_first"))
    flagged = base.join(first, on="claim_id").with_columns(_dup=nw.col("_row") > nw.col("_first"))
    n = int(run.engine.fetch(flagged.select(nw.col("_dup").cast(nw.Int64).sum().alias("n")))[0]["n"])
    rows = tuple(int(r["_row"]) for r in run.engine.fetch(
        flagged.filter(nw.col("_dup")).select("_row").sort("_row").head(5)))
    return flagged.drop("_first"), Problem("claims", str(path), "duplicate_id", "claim_id", n, rows)


def _calendar_gap(run: _Run, plan: ClaimsPlan, scope: nw.LazyFrame, groups: tuple[dict, ...]) -> CalendarGap | None:
    """Usable claims paid on a day outside the calendar around the period, if the groups' payment
    dates reach that far: the first such year the calendar does not know, and its rows."""
    if not plan.lates:
        return None
    first, last = plan.calendar_span
    usable = [g for g in groups if plan.usable(g)]
    lo = min((g[_PAID_MIN] for g in usable if g[_PAID_MIN] is not None), default=None)
    hi = max((g[_PAID_MAX] for g in usable if g[_PAID_MAX] is not None), default=None)
    if not ((lo is not None and lo < first) or (hi is not None and hi > last)):
        return None
    paid = nw.col("paid")
    rows = scope.filter(nw.col("_ok") & plan.known_codes() & ((paid < nw.lit(first)) | (paid > nw.lit(last))))
    found = run.engine.fetch(rows.select(nw.col("submitted").dt.year().alias("s"), nw.col("paid").dt.year().alias("p"))
                             .unique())
    if not found:
        return None
    known = set(run.cal.years)
    years = sorted({y for x in found for y in (x["s"], x["p"]) if y is not None and int(y) not in known})
    if not years:
        return CalendarGap(None, 0)
    year = int(years[0])
    n = run.engine.fetch(rows.filter((nw.col("submitted").dt.year() == year) | (nw.col("paid").dt.year() == year))
                         .select(nw.len().alias("n")))[0]["n"]
    return CalendarGap(year, int(n))


def _sample(run: _Run, frame: nw.LazyFrame, column: str) -> list[str]:
    """A few ids behind a count, for the inspector. Without a sort the scan stops at the first few."""
    return sorted(str(x[column]) for x in run.engine.fetch(frame.select(column).head(SAMPLE)))


def _interpret_claims(run: _Run, plan: ClaimsPlan, done: ClaimsResult, path: Path) -> None:
    """The facts, problems and skipped facts of an executed plan. No query: with --strict the first
    problem is an error here, once the engine has counted them all."""
    if done.duplicates is not None:
        dup = done.duplicates
        if run.strict:
            raise dup.strict_error()
        run.problems.append(dup)
    for problem in done.set_aside:
        run.set_aside(problem)
    if done.gap is not None:
        raise done.gap.error(str(path), run.cal.years)
    if done.rows_read == 0:  # a header and no row: nothing was counted, so nothing is known (not "0 late")
        facts = [f for late in plan.lates for f in (late.deadline.fact, late.vulnerable and late.deadline.vulnerable_fact)
                 if f] + [rate.fact for rate in plan.rates]
        run.skipped.extend((f, Message.of("ledger.none.empty")) for f in facts)
        return
    usable = [g for g in done.groups if plan.usable(g)]
    src = run.source(path, done.rows_read, Message.of("ledger.scope.claims", start=run.start, end=run.end), "claims")
    for i, ids in enumerate(done.samples):
        _late_facts(run, ids, usable, src, done.named[i] if done.named is not None else None)
    for rate in plan.rates:
        _rate(run, rate, usable, src)


def _total(groups: Iterable[dict], alias: str, where: Callable[[dict], bool] = lambda g: True) -> int:
    return int(sum((g[alias] or 0) for g in groups if where(g)))


def _late_facts(run: _Run, ids: LateIds, usable: list[dict], src: Message, named: LateIds | None) -> None:
    late, d = ids.count, ids.count.deadline
    rule = Message.of("ledger.late_split", in_city=d.in_city_days, outside=d.out_of_city_days) \
        if d.in_city_days != d.out_of_city_days else Message.of("ledger.late", days=d.in_city_days)
    prod = Message.of("ledger.products", products=",".join(d.products)) if d.products else None
    run.add(d.fact, _total(usable, late.alias, late.counts), src,
            joined(rule, prod, Message.of("ledger.cited", citation=d.citation.short()), zh="", en=""), ids.late,
            left_out=named.late if named is not None else None)
    if late.vulnerable:
        run.add(d.vulnerable_fact, _total(usable, late.alias, lambda g: late.counts(g, vulnerable=True)), src,
                Message.of("ledger.vulnerable"), ids.vulnerable, left_out=named.vulnerable if named is not None else None)


def _rate(run: _Run, rate: Rate, usable: list[dict], src: Message) -> None:
    num, den = _total(usable, rate.part.alias), _total(usable, rate.whole.alias)
    if den:
        run.add(rate.fact, Decimal(num) / den, src, Message.of(f"ledger.of.{rate.of_what}", part=num, whole=den))
    else:
        run.skipped.append((rate.fact, Message.of(f"ledger.none.{rate.none}")))


# ---------------------------------------------------------------------------------- survey
def _survey(run: _Run, path: Path, want: set[str]) -> None:
    led = LEDGERS["survey"]
    usable, total = run.check(led, path, run.load(led, path), {})
    r = run.engine.fetch(usable.select(nw.len().alias("n"),
                                       (~nw.col("satisfied")).cast(nw.Int64).sum().alias("no")))[0]
    src = run.source(path, total, Message.of("ledger.scope.every_answer"), "survey")
    files = [x["file_no"] for x in run.engine.fetch(
        usable.filter(~nw.col("satisfied")).select("file_no", "_row").sort("_row").head(SAMPLE))]
    run.add("survey_answers", r["n"] or 0, src, Message.of("ledger.answers"))
    run.add("survey_dissatisfied", r["no"] or 0, src, Message.of("ledger.dissatisfied"), files)


# ---------------------------------------------------------------------------------- staff
def _staff(run: _Run, path: Path, want: set[str]) -> None:
    led = LEDGERS["staff"]
    extra = {"post": ("unknown_code", "post", ~nw.col("post").is_in(list(POSTS)) | nw.col("post").is_null())}
    usable, total = run.check(led, path, run.load(led, path), extra)
    scope = usable.filter(run.in_period("month"))
    aggs = [nw.col("month").n_unique().alias("months"), nw.len().alias("n"),
            nw.col("medical").cast(nw.Int64).sum().alias("medical"),
            (nw.col("medical") & nw.col("full_time")).cast(nw.Int64).sum().alias("med_ft")]
    aggs += [(nw.col("post") == p).cast(nw.Int64).sum().alias(p) for p in POSTS if p != "other"]
    r = {k: normalise(v) for k, v in run.engine.fetch(scope.select(*aggs))[0].items()}
    months = int(r["months"] or 0)
    src = run.source(path, total, _months(run), "staff")
    if not months:
        for f in ("staff_monthly_avg", "staff_medical_share", "staff_medical_fulltime"):
            run.skipped.append((f, Message.of("ledger.none.roster")))
        return
    n = r["n"] or Decimal(0)
    run.add("staff_monthly_avg", (n / months).quantize(Decimal("0.01")), src,
            Message.of("ledger.person_months", n=int(n), months=months))
    if n:
        run.add("staff_medical_share", (r["medical"] / n).quantize(Decimal("0.0001")), src,
                Message.of("ledger.medical_share", medical=int(r["medical"]), n=int(n)))
    # whole persons: a monthly average of 9.5 is 9 people on the job, not 10
    run.add("staff_medical_fulltime", int(r["med_ft"] / months), src,
            Message.of("ledger.medical_fulltime", n=int(r["med_ft"]), months=months))
    for p in POSTS:
        if p != "other":
            run.add(f"staff_by_post_{p}", int(r[p] / months), src, Message.of("ledger.in_post", post=p))


# ---------------------------------------------------------------------------------- hospitals
def _hospital(run: _Run, path: Path, want: set[str]) -> None:
    led = LEDGERS["hospital_settlements"]
    usable, total = run.check(led, path, run.load(led, path),
                              {"paid_early": ("paid_before_submitted", "paid", nw.col("paid") < nw.col("declared"))})
    scope = usable.filter(run.in_period("month"))
    src = run.source(path, total, Message.of("ledger.scope.batches", months=_months(run)), "hospital_settlements")
    inst = [x["institution"] for x in run.engine.fetch(
        scope.filter(~nw.col("reviewed")).select("institution").unique().sort("institution").head(SAMPLE))]
    n_inst = run.engine.fetch(scope.filter(~nw.col("reviewed")).select(nw.col("institution").n_unique().alias("n")))
    run.add("hospital_settlements_unreviewed", n_inst[0]["n"] or 0, src, Message.of("ledger.unreviewed"), inst)
    rule = run.rs.ledger.hospital
    if rule is None:
        if "hospital_settlements_late" in want:
            run.skipped.append(("hospital_settlements_late", Message.of("ledger.none.deadline")))
        return
    if rule.deadline == "end_of_next_month":
        paid_mi = nw.when(nw.col("paid").is_null()).then(nw.lit(_mi(run.end))).otherwise(_month_index("paid"))
        over = paid_mi - (_month_index("month") + 1)
        late = over > 0
        value = nw.when(late).then(over).otherwise(nw.lit(0)) if rule.count == "months_late" else late.cast(nw.Int64)
        scope = scope.with_columns(_late=late, _value=value)
        how = Message.of("ledger.hospital_next_month")
    else:
        cal, asof = run.calendar(dt.date(run.start.year, 1, 1), dt.date(run.end.year, 12, 31))
        scope = (scope.join(cal.select(nw.col("date").alias("declared"), nw.col("idx").alias("_s")), on="declared",
                            how="left")
                 .join(cal.select(nw.col("date").alias("paid"), nw.col("cidx").alias("_p")), on="paid", how="left")
                 .with_columns(_p=nw.when(nw.col("paid").is_null()).then(nw.lit(asof)).otherwise(nw.col("_p"))))
        late = nw.col("_p") > nw.col("_s") + rule.days
        scope = scope.with_columns(_late=late, _value=late.cast(nw.Int64))
        how = Message.of("ledger.hospital_days", days=rule.days)
    r = run.engine.fetch(scope.select(nw.col("_value").sum().alias("v")))[0]
    ids = [f"{x['institution']} {x['month']:%Y-%m}" for x in run.engine.fetch(
        scope.filter(nw.col("_late")).select("institution", "month", "_row").sort("_row").head(SAMPLE))]
    count = Message.of("ledger.months_late" if rule.count == "months_late" else "ledger.late_batches")
    run.add(rule.fact, r["v"] or 0, src,
            joined(count, how, Message.of("ledger.cited", citation=rule.citation.short()), zh="", en=""), ids)


def _audits(run: _Run, path: Path, want: set[str]) -> None:
    led = LEDGERS["special_audits"]
    usable, total = run.check(led, path, run.load(led, path), {})
    hpath = find_ledger(run.folder, "hospital_settlements")
    if hpath is None:
        run.skipped.append(("institutions_without_special_audit", Message.of("ledger.none.hospital_ledger")))
        return
    # the institutions are those settled in the period; problem rows there are reported by _hospital
    hosp = run.load(LEDGERS["hospital_settlements"], hpath).filter(~nw.col("_bad_month"))
    institutions = hosp.filter(run.in_period("month")).select("institution").unique()
    audited = usable.filter(run.in_period("date")).select("institution").unique().with_columns(_a=nw.lit(True))
    without = institutions.join(audited, on="institution", how="left").filter(nw.col("_a").is_null())
    n = run.engine.fetch(without.select(nw.len().alias("n")))[0]["n"]
    ids = [x["institution"] for x in run.engine.fetch(without.sort("institution").head(SAMPLE))]
    src = run.source(path, total, Message.of("ledger.scope.audits", start=run.start, end=run.end), "special_audits")
    run.add("institutions_without_special_audit", n or 0, src, Message.of("ledger.no_audit"), ids)


def _reports(run: _Run, path: Path, want: set[str]) -> None:
    led = LEDGERS["monthly_reports"]
    usable, total = run.check(led, path, run.load(led, path), {})
    scope = usable.filter(run.in_period("month"))
    asof = _mi(run.end)
    sent_mi = nw.when(nw.col("submitted").is_null()).then(nw.lit(asof + 1)).otherwise(_month_index("submitted"))
    # due by the end of the next month; one not sent by then is late, one not yet due is not
    late = (sent_mi > _month_index("month") + 1) & (_month_index("month") + 1 <= asof)
    rows = run.engine.fetch(scope.with_columns(_late=late).select("month", "_late"))
    months_seen = {r["month"].replace(day=1) for r in rows}
    late_months = sorted({r["month"] for r in rows if r["_late"]})
    m, due_by = dt.date(run.start.year, run.start.month, 1), asof
    missing = []
    while _mi(m) <= _mi(run.end):
        if m not in months_seen and _mi(m) + 1 <= due_by:
            missing.append(m)
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    src = run.source(path, total, _months(run), "monthly_reports")
    sample = [f"{d:%Y-%m}" for d in sorted(late_months + missing)]
    run.add("monthly_reports_late", len(late_months) + len(missing), src,
            Message.of("ledger.reports_late", missing=len(missing)), sample)


def _months(run: _Run) -> Message:
    return Message.of("ledger.scope.months", start=f"{run.start:%Y-%m}", end=f"{run.end:%Y-%m}")


COLLECTORS = {"claims": _claims, "survey": _survey, "staff": _staff, "hospital_settlements": _hospital,
              "monthly_reports": _reports, "special_audits": _audits}

__all__ = ["collect_facts", "Collection", "Problem", "FACTS"]


def collect_batch(rs: RuleSet, evidence, sources) -> "FactBatch":
    """The core's collector hook: ledger facts for an assessment, with notices about their making."""
    from ..facts import FactBatch
    from ..workdays import load_calendar

    if evidence.period is None:
        raise InputError(evidence.file, "period", Message.of("error.ledger.no_period"))
    stated = {f.name for f in evidence.facts}
    wanted = set(rs.facts_used()) - stated
    engine = sources.make_engine()
    # the claims the findings name: under a same-issue rule (Qinhuangdao 附件2 说明) counts of claims
    # leave them out; a region without one deducts a claim under each item it falls under
    named = ({cid: f.id for f in evidence.findings for cid in f.claims} or None) if rs.region.same_issue_once else None
    try:
        col = collect_facts(rs, sources.folder, evidence.period, engine,
                            load_calendar(sources.calendar_files, sources.calendar_layer),
                            strict=sources.strict, wanted=wanted, named=named, encoding=sources.encoding)
    finally:
        engine.close()
    damaged = {p.ledger for p in col.problems}
    facts = tuple(attrs.evolve(f, complete=ledger_of(f.name) not in damaged) for f in col.facts)
    notices = [Message.of("ledger.notice.problem", problem=p.message()) for p in col.problems]
    notices += [Message.of("ledger.notice.skipped", fact=fact_name(name), why=why) for name, why in col.skipped]
    notices += [Message.of("ledger.notice.stated", fact=fact_name(name))
                for name in sorted(n for n in stated & set(rs.facts_used()) if ledger_of(n) is not None)]
    return FactBatch(facts, tuple(notices))
