"""Computing a region's facts from the agency's ledgers.

One pass checks each ledger (unparseable values, paid before submitted, duplicate ids, unknown
codes) and one computes its facts; both are Narwhals expressions, so they run unchanged on DuckDB
and on Spark. Rows with a problem are never dropped silently: they are left out of the facts they
would falsify, counted, and named by row number; `strict` turns any problem into an error.
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

import attrs
import narwhals as nw
import structlog

from ..errors import InputError
from ..evidence import Period
from ..facts import FACTS, Fact, ledger_of
from ..model import RuleSet
from ..workdays import Calendar, CalendarError
from .engines import Engine, normalise
from .progress import Progress
from .schema import CATEGORIES, LEDGERS, POSTS, VULNERABLE, Ledger

log = structlog.get_logger("jingban.ledgers")

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

    def line(self) -> str:
        what = {
            "unparseable": f"{self.count} rows with an unreadable {self.column!r}",
            "paid_before_submitted": f"{self.count} rows paid before they were submitted",
            "duplicate_id": f"{self.count} rows repeat a {self.column!r} used earlier",
            "unknown_code": f"{self.count} rows with an unknown {self.column!r}",
        }[self.kind]
        rows = ", ".join(map(str, self.rows))
        return f"{self.file}: {what} (rows {rows}{', …' if self.count > len(self.rows) else ''})"


@attrs.frozen
class Collection:
    facts: tuple[Fact, ...]
    problems: tuple[Problem, ...]
    missing_ledgers: tuple[str, ...]  # ledgers a wanted fact needs that the folder does not hold
    skipped: tuple[tuple[str, str], ...]  # (fact, why) facts that could not be computed


def find_ledger(folder: Path, name: str) -> Path | None:
    for suffix in (".parquet", ".csv"):
        p = folder / f"{name}{suffix}"
        if p.exists():
            return p
    return None


class _Run:
    def __init__(self, rs: RuleSet, folder: Path, period: Period, engine: Engine, calendar: Calendar, strict: bool):
        self.rs, self.folder, self.period, self.engine, self.cal, self.strict = rs, folder, period, engine, calendar, strict
        self.facts: list[Fact] = []
        self.scanning: Callable[[], None] = lambda: None  # called when the long scan of a ledger starts
        self.problems: list[Problem] = []
        self.skipped: list[tuple[str, str]] = []

    # ---------------------------------------------------------------------------- loading
    def load(self, ledger: Ledger, path: Path) -> nw.LazyFrame:
        present = self.engine.columns_of(path)
        for col in ledger.columns:
            if col.required and col.name not in present:
                raise InputError(str(path), f"column {col.name}",
                                 f"missing from the {ledger.name} ledger (docs/ledgers.md lists its columns)")
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
            if not n:
                continue
            first = self.engine.fetch(frame.filter(expr).select("_row").sort("_row").head(5))
            prob = Problem(ledger, str(path), kind, column, n, tuple(int(r["_row"]) for r in first))
            if self.strict:
                raise InputError(str(path), f"row {prob.rows[0]}", prob.line().split(": ", 1)[1] + " (--strict)")
            log.warning("ledger rows set aside", ledger=ledger, kind=kind, column=column, rows=n)
            self.problems.append(prob)

    def source(self, path: Path, rows: int, filter_: str, ledger: str) -> str:
        probs = [p for p in self.problems if p.ledger == ledger]
        aside = sum(p.count for p in probs)
        note = f"; {aside} problem rows set aside" if aside else ""
        return f"{path.name}: {rows} rows read, {filter_}{note}"

    def add(self, name: str, value, source: str, detail: str = "", sample: Iterable[str] = ()) -> None:
        sample = list(sample)
        if sample:
            detail = (detail + "; " if detail else "") + "e.g. " + ", ".join(sample)
        self.facts.append(Fact(name=name, value=Decimal(value), source=source, detail=detail or None))

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
        return self.engine.table((("date", "DATE"), *((f"_d{n}", "DATE") for n in days)), rows)

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


def _month_index(col: str) -> nw.Expr:
    return nw.col(col).dt.year().cast(nw.Int64) * 12 + nw.col(col).dt.month().cast(nw.Int64)


def _mi(d: dt.date) -> int:
    return d.year * 12 + d.month


def collect_facts(rs: RuleSet, folder: Path | str, period: Period, engine: Engine, calendar: Calendar, *,
                  strict: bool = False, wanted: Iterable[str] | None = None) -> Collection:
    """The facts the region's rules use (or `wanted`), computed from the ledgers in `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), None, "ledgers folder not found")
    want = set(wanted) if wanted is not None else set(rs.facts_used())
    want |= {d.fact for d in rs.ledger.claim_deadlines if d.fact in want}
    needed = sorted({ledger_of(f) for f in want} - {None})  # the fact catalog names each fact's ledger
    paths = {name: find_ledger(folder, name) for name in needed}
    missing = [name for name in needed if paths[name] is None]
    runs: dict[str, _Run] = {}

    def collect(names: list[str], eng: Engine, bar: Progress, scanning: threading.Event | None = None) -> None:
        for name in names:
            bar.step(name)
            runs[name] = run = _Run(rs, folder, period, eng, calendar, strict)
            if scanning is not None:
                run.scanning = scanning.set
            COLLECTORS[name](run, paths[name], want)
            bar.advance()

    present = [name for name in needed if paths[name] is not None]
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
    skipped = [(f, f"no {name}.parquet or {name}.csv in {folder}")
               for name in missing for f in sorted(want) if ledger_of(f) == name]
    facts, problems = [], []
    for name in present:  # in the order of the ledgers' names, whichever finished first
        facts += [f for f in runs[name].facts if f.name in want]
        problems += runs[name].problems
        skipped += runs[name].skipped
    return Collection(tuple(facts), tuple(problems), tuple(missing), tuple(skipped))


# ---------------------------------------------------------------------------------- claims
def _claims(run: _Run, path: Path, want: set[str]) -> None:
    """All claim facts from one aggregate over the ledger, while the duplicate-id screen scans it
    alongside: the ledger can hold tens of millions of rows, so every count the rules want is a
    column of the same pass.

    The pass is grouped by the ledger's code columns (product, claimant category). They take a
    handful of values, so unknown codes, the vulnerable share and per-product deadlines are read off
    the few groups instead of testing strings on every row."""
    led = LEDGERS["claims"]
    frame = run.load(led, path)
    late_facts = [d for d in run.rs.ledger.claim_deadlines if d.fact in want or (d.vulnerable_fact or "") in want]
    need_vul = any(d.vulnerable_fact and d.vulnerable_fact in want for d in late_facts)
    need = {"submitted"}
    if late_facts:
        need |= {"paid", "in_city"}
    if need_vul:
        need.add("claimant_category")
    if "first_review_coverage" in want:
        need.add("first_review")
    if "second_review_sample_share" in want:
        need |= {"second_review", "inpatient"}
    if "remote_cash_over_10k_verification_rate" in want:
        need |= {"remote", "cash", "amount", "verified"}
    products = run.rs.ledger.products or tuple(p.id for p in run.rs.products)
    if products or any(d.products for d in late_facts):
        need.add("product")
    keys = [c for c in ("product", "claimant_category") if c in need]

    # row checks are summed in the pass; code checks are decided per group (below)
    parsed = run.engine.parsed_columns(path, led)  # as in _Run.check: the others cannot be unreadable
    checks = {f"bad_{c}": ("unparseable", c, nw.col(f"_bad_{c}")) for c in sorted(need) if c in parsed}
    if late_facts:
        checks["paid_early"] = ("paid_before_submitted", "paid", nw.col("paid") < nw.col("submitted"))
    checks = {k: (kind, col, e.fill_null(False)) for k, (kind, col, e) in checks.items()}
    codes: dict[str, tuple[str, tuple[str, ...]]] = {}  # check -> (column, known values)
    if need_vul:
        codes["category"] = ("claimant_category", tuple(CATEGORIES))
    if products:
        codes["product"] = ("product", tuple(products))

    base = frame.select("_row", "claim_id", *sorted(need), *[f"_bad_{c}" for c in sorted(need)])
    if codes:
        base = run.engine.codes(base, {col: values for col, values in codes.values()})
    total = int(run.engine.fetch(base.select(nw.len().alias("n")))[0]["n"] or 0)

    # the calendar around the period; rows it does not reach are counted and named below
    known = set(run.cal.years)
    years = [y for y in range(run.start.year - 1, run.end.year + 2) if y in known]
    unknown_years = [y for y in range(run.start.year, run.end.year + 1) if y not in known]
    if late_facts and unknown_years:
        y = unknown_years[0]
        n = run.engine.fetch(base.filter((nw.col("submitted").dt.year() == y) | (nw.col("paid").dt.year() == y))
                             .select(nw.len().alias("n")))[0]["n"]
        raise CalendarError.for_rows(y, int(n or 0), str(path), known=run.cal.years)
    ok_codes = nw.lit(True)
    for c, (col, values) in codes.items():
        ok_codes = ok_codes & nw.col(col).is_in(list(values))

    # duplicate ids: every row after the first with the same id is set aside. The screen (no two
    # equal hashes proves there are none) starts first and runs beside the aggregate, and so do the
    # queries for the ids behind the counts; only when the screen finds equal hashes are the ids
    # grouped exactly and the aggregate and the samples run again without the repeats.
    # The aggregate runs on a thread of the pool too, so that the queries for the samples are put
    # together while it runs rather than before it starts.
    with run.engine.sharing(2), ThreadPoolExecutor(max_workers=3) as pool:
        screen = pool.submit(run.engine.duplicate_screen(base.select("claim_id"), "claim_id", total))
        cal = cal_span = None
        if late_facts:
            cal = run.deadlines(dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31),
                                [n for d in late_facts for n in (d.in_city_days, d.out_of_city_days)])
            # payments are judged on dates the calendar knows (a year it does not know is an error)
            cal_span = (dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31))
        scope, query = _claim_scope(run, base, checks, late_facts, want, keys, cal, dup=False)
        aggregate = pool.submit(run.engine.prepare(query))
        run.scanning()
        samples = _claim_samples(scope, late_facts, want, ok_codes)
        sampled = {k: pool.submit(run.engine.prepare(f.select("claim_id").head(SAMPLE))) for k, f in samples.items()}
        groups = _claim_groups(aggregate.result())
        dup_found = screen.result()
        ids = {k: sorted(str(x["claim_id"]) for x in job.result()) for k, job in sampled.items()}
    if dup_found:
        first = base.group_by("claim_id").agg(nw.col("_row").min().alias("_first"))
        flagged = base.join(first, on="claim_id").with_columns(_dup=nw.col("_row") > nw.col("_first"))
        dup_count = int(run.engine.fetch(flagged.select(nw.col("_dup").cast(nw.Int64).sum().alias("n")))[0]["n"])
        dup_rows = tuple(int(r["_row"]) for r in run.engine.fetch(
            flagged.filter(nw.col("_dup")).select("_row").sort("_row").head(5)))
        if run.strict:
            raise InputError(str(path), f"row {dup_rows[0]}",
                             f"{dup_count} rows repeat a 'claim_id' used earlier (--strict)")
        run.problems.append(Problem("claims", str(path), "duplicate_id", "claim_id", dup_count, dup_rows))
        base = flagged.drop("_first")
        scope, query = _claim_scope(run, base, checks, late_facts, want, keys, cal, dup=True)
        groups = _claim_groups(run.engine.fetch(query))
        ids = {k: _sample(run, f, "claim_id") for k, f in _claim_samples(scope, late_facts, want, ok_codes).items()}

    # codes: a group is usable when each of its codes is one the rules know
    def unknown(g: dict, check: str) -> bool:
        col, values = codes[check]
        return g[col] is None or g[col] not in values

    usable = [g for g in groups if not any(unknown(g, c) for c in codes)]
    r = {k: sum((g[k] or Decimal(0)) for g in groups) for k in checks}
    r.update({c: sum(g["rows"] for g in groups if unknown(g, c)) for c in codes})
    code_checks = {}
    for c, (col, values) in codes.items():
        code_checks[c] = ("unknown_code", col, ~nw.col(col).is_in(list(values)) | nw.col(col).is_null())
    run.report("claims", path, base, {**checks, **code_checks}, r)

    def total_of(key: str, where=lambda g: True) -> int:
        return int(sum((g[key] or 0) for g in usable if where(g)))

    if late_facts:
        first, last = cal_span
        lo = min((g["paid_min"] for g in usable if g["paid_min"] is not None), default=None)
        hi = max((g["paid_max"] for g in usable if g["paid_max"] is not None), default=None)
        if (lo is not None and lo < first) or (hi is not None and hi > last):
            paid = nw.col("paid")
            outside = (paid < nw.lit(first)) | (paid > nw.lit(last))
            _calendar_gap(run, scope.filter(nw.col("_ok") & ok_codes & outside), path)
    src = run.source(path, total, f"claims submitted {run.start}..{run.end}", "claims")
    for i, d in enumerate(late_facts):
        in_products = (lambda g, d=d: g["product"] in d.products) if d.products else (lambda g: True)
        rule = f"paid after the {d.in_city_days}th (in city) / {d.out_of_city_days}th (outside) working day" \
            if d.in_city_days != d.out_of_city_days else f"paid after the {d.in_city_days}th working day"
        prod = f", products {','.join(d.products)}" if d.products else ""
        run.add(d.fact, total_of(f"late{i}", in_products), src,
                f"{rule} after submission{prod} ({d.citation.short()})", ids[f"late{i}"])
        if d.vulnerable_fact and d.vulnerable_fact in want:
            vul = lambda g, f=in_products: f(g) and g["claimant_category"] in VULNERABLE  # noqa: E731
            run.add(d.vulnerable_fact, total_of(f"late{i}", vul), src, "of which wubao, dibao or severely disabled",
                    ids[f"vul{i}"])

    def rate(fact: str, part: str, whole: str, of_what: str, none: str) -> None:
        """A share of two counts of the pass (`part` of `whole`), or no fact when `whole` is 0."""
        if fact not in want:
            return
        num, den = total_of(part), total_of(whole)
        if den:
            run.add(fact, Decimal(num) / den, src, f"{num} of {den} {of_what}")
        else:
            # a rate of nothing is not 100%: leave the fact for the inspectors to state
            run.skipped.append((fact, none))

    rate("first_review_coverage", "first", "n", "claims", "no claims in the period")
    rate("second_review_sample_share", "second", "inpatient", "inpatient claims", "no inpatient claims in the period")
    rate("remote_cash_over_10k_verification_rate", "big_verified", "big", "remote cash claims of 10,000 yuan or more",
         "no remote cash claims of 10,000 yuan or more in the period")


def _claim_scope(run: _Run, base: nw.LazyFrame, checks: dict, late_facts: list, want: set[str], keys: list[str],
                 cal: nw.LazyFrame | None, *, dup: bool) -> tuple[nw.LazyFrame, nw.LazyFrame]:
    """The claims aggregate, grouped by `keys`: per group the rows read, each row check, the usable
    claims of the period and every count the facts want. Returns the row-level frame (for the ids
    behind the counts) and the aggregate query."""
    # each check and the row's usability are computed once, as columns: aggregates that repeated
    # the expressions would evaluate them once per aggregate
    flags = {f"_chk_{k}": e for k, (_, _, e) in checks.items()}
    bad = nw.lit(False)
    for name in flags:
        bad = bad | nw.col(name)
    if dup:
        bad = bad | nw.col("_dup")
    scope = base.with_columns(**flags).with_columns(_ok=~bad & run.in_period("submitted").fill_null(False))
    ok = nw.col("_ok")

    def count(flag: nw.Expr) -> nw.Expr:
        # a 32-bit cast: DuckDB sums it in 64 bits, a 64-bit one in 128 (a tenth more for the pass);
        # the sum itself is never narrower than 64 bits on either engine
        return flag.cast(nw.Int32).sum()

    aggs = [nw.len().alias("rows"), count(ok).alias("n"), *[count(nw.col(f"_chk_{k}")).alias(k) for k in checks]]
    if late_facts:
        # one join on the submission date brings each deadline; an unpaid claim is judged at the
        # period's last day, so it is late once its deadline has passed by then
        scope = scope.join(cal.rename({"date": "submitted"}), on="submitted", how="left")
        # every year of the period is known (checked before), so each usable claim has its deadlines;
        # a payment the calendar cannot place shows in the earliest and latest payment dates. They
        # are taken over all the group's rows, which costs a fraction of taking them over the usable
        # ones; only when they reach outside the calendar are the usable rows looked at
        aggs += [nw.col("paid").min().alias("paid_min"), nw.col("paid").max().alias("paid_max")]
        paid_at = nw.col("paid").fill_null(nw.lit(run.end))
        for i, d in enumerate(late_facts):
            due = nw.col(f"_d{d.in_city_days}") if d.in_city_days == d.out_of_city_days else \
                nw.when(nw.col("in_city")).then(nw.col(f"_d{d.in_city_days}")).otherwise(nw.col(f"_d{d.out_of_city_days}"))
            # not null where it counts: a usable claim was submitted in the period, a day the
            # deadline table holds, and an unpaid one is judged at the period's end
            scope = scope.with_columns(**{f"_late{i}": ok & (paid_at > due)})
            aggs.append(count(nw.col(f"_late{i}")).alias(f"late{i}"))
    # a sum skips nulls, so an empty cell counts as no (the flags need no fill)
    if "first_review_coverage" in want:
        aggs.append(count(ok & nw.col("first_review")).alias("first"))
    if "second_review_sample_share" in want:
        aggs.append(count(ok & nw.col("inpatient")).alias("inpatient"))
        aggs.append(count(ok & nw.col("second_review") & nw.col("inpatient")).alias("second"))
    if "remote_cash_over_10k_verification_rate" in want:
        big = ok & nw.col("remote") & nw.col("cash") & (nw.col("amount") >= 10000)
        aggs.append(count(big).alias("big"))
        aggs.append(count(big & nw.col("verified")).alias("big_verified"))
    return scope, (scope.group_by(*keys).agg(*aggs) if keys else scope.select(*aggs))


def _claim_groups(rows: list[dict]) -> list[dict]:
    groups = [{k: normalise(v) for k, v in g.items()} for g in rows]
    for g in groups:
        g["rows"] = int(g["rows"] or 0)
    return groups


def _claim_samples(scope: nw.LazyFrame, late_facts: list, want: set[str], ok_codes: nw.Expr) -> dict[str, nw.LazyFrame]:
    """The rows behind each late count (`late<i>`, `vul<i>`), for a few ids to show the inspector."""
    out = {}
    for i, d in enumerate(late_facts):
        late = nw.col(f"_late{i}") & ok_codes
        if d.products:
            late = late & nw.col("product").is_in(list(d.products))
        out[f"late{i}"] = scope.filter(late)
        if d.vulnerable_fact and d.vulnerable_fact in want:
            out[f"vul{i}"] = scope.filter(late & nw.col("claimant_category").is_in(list(VULNERABLE)))
    return out




def _calendar_gap(run: _Run, rows: nw.LazyFrame, path: Path) -> None:
    """Rows whose dates the calendar around the period does not reach: an unknown year is an error
    naming the year and its rows (never a guess). No rows: nothing to say."""
    known = set(run.cal.years)
    found = run.engine.fetch(rows.select(nw.col("submitted").dt.year().alias("s"), nw.col("paid").dt.year().alias("p"))
                             .unique())
    if not found:
        return
    years = sorted({y for x in found for y in (x["s"], x["p"]) if y is not None and int(y) not in known})
    if years:
        year = int(years[0])
        n = run.engine.fetch(rows.filter((nw.col("submitted").dt.year() == year) | (nw.col("paid").dt.year() == year))
                             .select(nw.len().alias("n")))[0]["n"]
        raise CalendarError.for_rows(year, int(n), str(path), known=run.cal.years)
    raise InputError(str(path), "submitted/paid", "dates more than a year away from the period; give a wider "
                     "--year/--from/--to or check the ledger")


def _sample(run: _Run, frame: nw.LazyFrame, column: str) -> list[str]:
    """A few ids behind a count, for the inspector. Without a sort the scan stops at the first few."""
    return sorted(str(x[column]) for x in run.engine.fetch(frame.select(column).head(SAMPLE)))


# ---------------------------------------------------------------------------------- survey
def _survey(run: _Run, path: Path, want: set[str]) -> None:
    led = LEDGERS["survey"]
    usable, total = run.check(led, path, run.load(led, path), {})
    r = run.engine.fetch(usable.select(nw.len().alias("n"),
                                       (~nw.col("satisfied")).cast(nw.Int64).sum().alias("no")))[0]
    src = run.source(path, total, "every answer", "survey")
    files = [x["file_no"] for x in run.engine.fetch(
        usable.filter(~nw.col("satisfied")).select("file_no", "_row").sort("_row").head(SAMPLE))]
    run.add("survey_answers", r["n"] or 0, src, "answers")
    run.add("survey_dissatisfied", r["no"] or 0, src, "answered 不满意 (file numbers)", files)


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
    src = run.source(path, total, f"months {run.start:%Y-%m}..{run.end:%Y-%m}", "staff")
    if not months:
        for f in ("staff_monthly_avg", "staff_medical_share", "staff_medical_fulltime"):
            run.skipped.append((f, "no roster months in the period"))
        return
    n = r["n"] or Decimal(0)
    run.add("staff_monthly_avg", (n / months).quantize(Decimal("0.01")), src, f"{int(n)} person-months / {months} months")
    if n:
        run.add("staff_medical_share", (r["medical"] / n).quantize(Decimal("0.0001")), src,
                f"{int(r['medical'])} of {int(n)} person-months with a medical background")
    # whole persons: a monthly average of 9.5 is 9 people on the job, not 10
    run.add("staff_medical_fulltime", int(r["med_ft"] / months), src,
            f"monthly average of full-time medical staff, whole persons ({int(r['med_ft'])} / {months})")
    for p in POSTS:
        if p != "other":
            run.add(f"staff_by_post_{p}", int(r[p] / months), src, f"monthly average in post {p}, whole persons")


# ---------------------------------------------------------------------------------- hospitals
def _hospital(run: _Run, path: Path, want: set[str]) -> None:
    led = LEDGERS["hospital_settlements"]
    usable, total = run.check(led, path, run.load(led, path),
                              {"paid_early": ("paid_before_submitted", "paid", nw.col("paid") < nw.col("declared"))})
    scope = usable.filter(run.in_period("month"))
    src = run.source(path, total, f"batches for months {run.start:%Y-%m}..{run.end:%Y-%m}", "hospital_settlements")
    inst = [x["institution"] for x in run.engine.fetch(
        scope.filter(~nw.col("reviewed")).select("institution").unique().sort("institution").head(SAMPLE))]
    n_inst = run.engine.fetch(scope.filter(~nw.col("reviewed")).select(nw.col("institution").n_unique().alias("n")))
    run.add("hospital_settlements_unreviewed", n_inst[0]["n"] or 0, src, "institutions paid without review", inst)
    rule = run.rs.ledger.hospital
    if rule is None:
        if "hospital_settlements_late" in want:
            run.skipped.append(("hospital_settlements_late", "the region's rules give no payment deadline"))
        return
    if rule.deadline == "end_of_next_month":
        paid_mi = nw.when(nw.col("paid").is_null()).then(nw.lit(_mi(run.end))).otherwise(_month_index("paid"))
        over = paid_mi - (_month_index("month") + 1)
        late = over > 0
        value = nw.when(late).then(over).otherwise(nw.lit(0)) if rule.count == "months_late" else late.cast(nw.Int64)
        scope = scope.with_columns(_late=late, _value=value)
        how = "paid after the end of the month after the services"
    else:
        cal, asof = run.calendar(dt.date(run.start.year, 1, 1), dt.date(run.end.year, 12, 31))
        scope = (scope.join(cal.select(nw.col("date").alias("declared"), nw.col("idx").alias("_s")), on="declared",
                            how="left")
                 .join(cal.select(nw.col("date").alias("paid"), nw.col("cidx").alias("_p")), on="paid", how="left")
                 .with_columns(_p=nw.when(nw.col("paid").is_null()).then(nw.lit(asof)).otherwise(nw.col("_p"))))
        late = nw.col("_p") > nw.col("_s") + rule.days
        scope = scope.with_columns(_late=late, _value=late.cast(nw.Int64))
        how = f"paid after the {rule.days}th working day after declaration"
    r = run.engine.fetch(scope.select(nw.col("_value").sum().alias("v")))[0]
    ids = [f"{x['institution']} {x['month']:%Y-%m}" for x in run.engine.fetch(
        scope.filter(nw.col("_late")).select("institution", "month", "_row").sort("_row").head(SAMPLE))]
    count = "months of delay" if rule.count == "months_late" else "late batches"
    run.add(rule.fact, r["v"] or 0, src, f"{count}: {how} ({rule.citation.short()})", ids)


def _audits(run: _Run, path: Path, want: set[str]) -> None:
    led = LEDGERS["special_audits"]
    usable, total = run.check(led, path, run.load(led, path), {})
    hpath = find_ledger(run.folder, "hospital_settlements")
    if hpath is None:
        run.skipped.append(("institutions_without_special_audit",
                            "the institutions come from the hospital_settlements ledger, which is missing"))
        return
    # the institutions are those settled in the period; problem rows there are reported by _hospital
    hosp = run.load(LEDGERS["hospital_settlements"], hpath).filter(~nw.col("_bad_month"))
    institutions = hosp.filter(run.in_period("month")).select("institution").unique()
    audited = usable.filter(run.in_period("date")).select("institution").unique().with_columns(_a=nw.lit(True))
    without = institutions.join(audited, on="institution", how="left").filter(nw.col("_a").is_null())
    n = run.engine.fetch(without.select(nw.len().alias("n")))[0]["n"]
    ids = [x["institution"] for x in run.engine.fetch(without.sort("institution").head(SAMPLE))]
    src = run.source(path, total, f"audits dated {run.start}..{run.end}; institutions settled in the period",
                     "special_audits")
    run.add("institutions_without_special_audit", n or 0, src, "institutions with no special audit in the period", ids)


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
    src = run.source(path, total, f"months {run.start:%Y-%m}..{run.end:%Y-%m}", "monthly_reports")
    sample = [f"{d:%Y-%m}" for d in sorted(late_months + missing)]
    run.add("monthly_reports_late", len(late_months) + len(missing), src,
            f"sent after the end of the next month or not at all ({len(missing)} never recorded)", sample)


COLLECTORS = {"claims": _claims, "survey": _survey, "staff": _staff, "hospital_settlements": _hospital,
              "monthly_reports": _reports, "special_audits": _audits}

__all__ = ["collect_facts", "Collection", "Problem", "FACTS"]


def collect_batch(rs: RuleSet, evidence, sources) -> "FactBatch":
    """The core's collector hook: ledger facts for an assessment, with notices about their making."""
    from ..facts import FactBatch
    from ..workdays import load_calendar

    if evidence.period is None:
        raise InputError(evidence.file, "period", "ledger facts are counted over a period: give [period] from/to")
    stated = {f.name for f in evidence.facts}
    wanted = set(rs.facts_used()) - stated
    engine = sources.make_engine()
    try:
        col = collect_facts(rs, sources.folder, evidence.period, engine,
                            load_calendar(sources.calendar_files, sources.calendar_layer),
                            strict=sources.strict, wanted=wanted)
    finally:
        engine.close()
    damaged = {p.ledger for p in col.problems}
    facts = tuple(attrs.evolve(f, complete=ledger_of(f.name) not in damaged) for f in col.facts)
    zh, en = [], []
    for p in col.problems:
        zh.append(f"台账问题（已剔除，结果为临时结果）：{p.line()}")
        en.append(f"ledger problem (rows set aside, result provisional): {p.line()}")
    for name, why in col.skipped:
        zh.append(f"未能从台账计算 {name}：{why}")
        en.append(f"{name} not computed from the ledgers: {why}")
    for name in sorted(n for n in stated & set(rs.facts_used()) if ledger_of(n) is not None):
        zh.append(f"{name} 以证据文件所载为准，未按台账重算")
        en.append(f"{name} is taken as stated in the evidence, not recomputed from the ledgers")
    return FactBatch(facts, tuple(zh), tuple(en))
