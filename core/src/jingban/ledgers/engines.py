"""The engine adapter: the only engine-specific code. It loads a ledger file into a typed relation
(with a row number and a flag per unparseable value), makes small tables (the calendar), and
fetches results as Python values. Everything else is written once with Narwhals, against the
`Engine` protocol below.

DuckDB is embedded and needs no set-up; Spark runs the same collectors on a cluster or in local
mode (`pip install 'jingban[spark]'`). The SQL here is the common subset of both (TRY_CAST, ||).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

import narwhals as nw
import numpy as np  # imported with the engine: importing it inside a timed scan costs ~0.4 s there

from .readable import MAX_LINE, Readable, resolved
from .schema import Column, Ledger

BOOL_SPELLINGS = {True: ("true", "1", "是"), False: ("false", "0", "否")}  # any case; docs/ledgers.md
_TRUE, _FALSE = (", ".join(f"'{x}'" for x in BOOL_SPELLINGS[v]) for v in (True, False))
_SQL_TYPES = {"str": "STRING", "bool": "BOOLEAN", "date": "DATE", "month": "DATE", "decimal": "DECIMAL(18,2)"}
_names = itertools.count()
_UNITS = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40,
          "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}


def _parsed(ledger: Ledger, present: Sequence[str], native: dict[str, str | None]) -> frozenset[str]:
    """The ledger's columns that are read as text and parsed, so that a value can fail to parse:
    the others (text columns, columns the file stores typed, missing columns) have a `_bad_` flag
    that is always false."""
    return frozenset(col.name for col in ledger.columns if col.name in present and col.kind != "str"
                     and not (native.get(col.name) == col.kind and col.kind != "month"))


# Dates as agencies' exports write them (docs/ledgers.md): year first, so never ambiguous, with
# -, / or . or 年月日, and a time of day (an Excel date cell read as text) ignored; an Excel serial
# number (days since 1899-12-30, from 1900-03-01 on, where Excel's count is right). Patterns use
# [0-9] and [.] rather than backslashes, which DuckDB and Spark quote differently.
_DATE = ("^([0-9]{4})(?:[-/.]|年)([0-9]{1,2})(?:[-/.]|月)([0-9]{1,2})日?"
         "(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]+)?)?)?$")
_MONTH = "^([0-9]{4})(?:[-/.]|年)([0-9]{1,2})月?$"
_SERIAL = "^([0-9]{2,7})(?:[.][0-9]+)?$"
SERIAL_RANGE = (61, 2958465)  # 1900-03-01 .. 9999-12-31


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _from_parts(text: str, pattern: str, with_day: bool) -> str:
    """The date a pattern's groups (year, month, day) spell, or NULL: a text that does not match
    gives '-00-00', which no cast reads."""
    part = lambda i: f"regexp_extract({text}, '{pattern}', {i})"  # noqa: E731
    day = f"lpad({part(3)}, 2, '0')" if with_day else "'01'"
    return f"TRY_CAST({part(1)} || '-' || lpad({part(2)}, 2, '0') || '-' || {day} AS DATE)"


def date_sql(text: str) -> str:
    """SQL for the date a text spells (NULL where it spells none), the same on DuckDB and Spark.
    The plain forms are tried first (COALESCE looks no further for them): YYYY-MM-DD, and an Excel
    date cell's YYYY-MM-DD 00:00:00. A cast alone is not enough: Spark reads 45422 as that year."""
    iso = f"(length({text}) = 10 AND substr({text}, 5, 1) = '-' AND substr({text}, 8, 1) = '-')"
    cell = f"(length({text}) = 19 AND substr({text}, 11) = ' 00:00:00' AND substr({text}, 5, 1) = '-')"
    serial = f"TRY_CAST(regexp_extract({text}, '{_SERIAL}', 1) AS INTEGER)"
    lo, hi = SERIAL_RANGE
    return (f"COALESCE(CASE WHEN {iso} THEN TRY_CAST({text} AS DATE) "
            f"WHEN {cell} THEN TRY_CAST(substr({text}, 1, 10) AS DATE) END, "
            f"{_from_parts(text, _DATE, True)}, "
            f"CASE WHEN {serial} BETWEEN {lo} AND {hi} THEN DATE '1899-12-30' + {serial} END)")


def month_sql(text: str) -> str:
    """SQL for the month a text spells, as its first day: YYYY-MM, 2024/5, 2024年5月, or a date
    on the first of a month (Excel turns a typed 2024-05 into the date 2024-05-01)."""
    day = date_sql(text)
    return f"COALESCE({_from_parts(text, _MONTH, False)}, CASE WHEN dayofmonth({day}) = 1 THEN {day} END)"


def _bool_sql(text: str, col: Column) -> str:
    words = {v: tuple(x.lower() for x in BOOL_SPELLINGS[v] + (col.yes if v else col.no)) for v in (True, False)}
    yes, no = (", ".join(_quoted(x) for x in words[v]) for v in (True, False))
    return f"CASE WHEN LOWER({text}) IN ({yes}) THEN TRUE WHEN LOWER({text}) IN ({no}) THEN FALSE END"


def _titled(raw: str, col: Column) -> str:
    """A code column with its titles written as their codes (五保 -> wubao); other values as they are."""
    if not col.titles:
        return raw
    cases = " ".join(f"WHEN {_quoted(title)} THEN {_quoted(code)}" for title, code in col.titles)
    return f"CASE TRIM({raw}) {cases} ELSE {raw} END"


def _typed_projection(ledger: Ledger, present: Sequence[str], row_expr: str,
                      native: dict[str, str | None] | None = None) -> str:
    """SELECT list: typed columns, `_row` (1-based file row), `_bad_<col>` for values that do not parse.

    `native` maps a column to its kind when the file already stores it with that type (Parquet):
    such a column is used as it is, which is what keeps a 10M-row scan under a second."""
    native = native or {}
    parsed = _parsed(ledger, present, native)
    parts = [f"{row_expr} AS _row"]
    for col in ledger.columns:
        if col.name not in present:
            parts.append(f"CAST(NULL AS {_SQL_TYPES[col.kind]}) AS {col.name}")
            parts.append(f"FALSE AS _bad_{col.name}")
            continue
        if col.name not in parsed:
            value = f"CAST({col.name} AS {_SQL_TYPES[col.kind]})"
            parts.append(f"{_titled(value, col) if col.kind == 'str' else value} AS {col.name}")
            parts.append(f"FALSE AS _bad_{col.name}")
            continue
        raw = f"CAST({col.name} AS STRING)"
        text = f"NULLIF(TRIM({raw}), '')"
        # a boolean is one of the documented spellings only (docs/ledgers.md): SQL's own cast also
        # takes yes, y, t, on..., which a ledger never means to say and --strict must report
        if col.kind == "bool":
            typed = _bool_sql(text, col)
        elif col.kind == "date":
            typed = date_sql(text)
        elif col.kind == "month":
            typed = month_sql(text)
        else:
            typed = f"TRY_CAST({text} AS {_SQL_TYPES[col.kind]})"
        parts.append(f"{typed} AS {col.name}")
        parts.append(f"({text} IS NOT NULL AND {typed} IS NULL) AS _bad_{col.name}")
    return ", ".join(parts)


def _renamed(renames: Sequence[tuple[str, str]]) -> str:
    """A DuckDB SELECT list taking each column by the file's name as the ledger's."""
    q = lambda name: '"' + name.replace('"', '""') + '"'  # noqa: E731
    return ", ".join(q(a) if a == b else f"{q(a)} AS {q(b)}" for a, b in renames)


def _kind_of(type_name: str) -> str | None:
    """The ledger kind a stored column type already is, if any (DuckDB and Spark type names)."""
    t = type_name.upper()
    if t.startswith("DATE"):
        return "date"
    if t.startswith("BOOL"):
        return "bool"
    if t.startswith("DECIMAL") or t in ("DOUBLE", "FLOAT", "INTEGER", "BIGINT", "INT", "SMALLINT", "HUGEINT"):
        return "decimal"
    if t in ("VARCHAR", "STRING"):
        return "str"
    return None


class Engine(Protocol):
    """What the collectors ask of an engine: every method they call, and nothing else. DuckDBEngine and
    SparkEngine provide it (a test checks both, and that the collectors call nothing more)."""

    read_errors: tuple[type[BaseException], ...]  # what the engine raises on a file it cannot read

    def use(self, readable: Readable) -> None:
        """Read the ledger at `readable.path` from `readable.read` (itself, or its UTF-8 copy), with
        the columns its header names; every later call names the ledger by `readable.path`."""
        ...

    def columns_of(self, path: Path) -> list[str]:
        """The column names of the ledger file at `path`, as stored (a required one may be missing)."""
        ...

    def parsed_columns(self, path: Path, ledger: Ledger) -> frozenset[str]:
        """The columns of `ledger` that `load` parses from text: only their `_bad_` flags can be true,
        so only theirs are worth summing."""
        ...

    def load(self, path: Path, ledger: Ledger) -> nw.LazyFrame:
        """The file as a lazy frame: each column of `ledger` typed (NULL when the file lacks it), `_row`
        (1 = first data row) and `_bad_<column>` (a value that did not parse)."""
        ...

    def table(self, columns: Sequence[tuple[str, str]], rows: Sequence[tuple]) -> nw.LazyFrame:
        """A small table from Python rows, `columns` as (name, SQL type): deadlines, the calendar."""
        ...

    def codes(self, frame: nw.LazyFrame, known: dict[str, Sequence[str]]) -> nw.LazyFrame:
        """`frame` with the code columns in `known` (column -> the codes the rules know) in the type the
        engine groups fastest; a code not in `known` may become null (the collectors count both alike)."""
        ...

    def duplicate_screen(self, frame: nw.LazyFrame, column: str, rows: int) -> Callable[[], int]:
        """A screen for repeated values of `column` in `frame` (of `rows` rows), prepared now and run by
        calling it, from any thread, beside other queries: rows that repeat an earlier 64-bit hash
        (0 is certain; otherwise the caller counts exactly)."""
        ...

    def sharing(self, queries: int) -> contextlib.AbstractContextManager[None]:
        """A context in which `queries` queries run at once, from several threads, each with its share
        of the engine's threads."""
        ...

    def prepare(self, frame: nw.LazyFrame) -> Callable[[], list[dict[str, Any]]]:
        """`fetch(frame)` prepared now and run by calling it, from any thread, also while this engine
        runs another query."""
        ...

    def worker(self) -> "Engine":
        """An engine for collecting on another thread at the same time as this one; close it when done."""
        ...

    def fetch(self, frame: nw.LazyFrame) -> list[dict[str, Any]]:
        """Run the query, its rows as dicts (values as the engine returns them: see `normalise`)."""
        ...

    def close(self) -> None:
        """Release the engine (a worker: its cursor)."""
        ...


class DuckDBEngine:
    """Embedded DuckDB: zero set-up, reads Parquet and CSV directly."""

    name = "duckdb"

    def __init__(self, threads: int | None = None) -> None:
        import duckdb

        self.con = duckdb.connect()
        self.read_errors = (duckdb.Error,)
        self._schemas: dict[str, list[tuple[str, str]]] = {}
        self._renames: dict[str, list[tuple[str, str]]] = {}
        self._readables: dict[str, Readable] = {}
        self._tables: dict[str, str] = {}  # an XLSX ledger -> the table it was taken into
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")

    def worker(self) -> "DuckDBEngine":
        """An engine on a cursor of this database, for collecting from another thread at the same
        time (one connection runs one query at a time). Close it when done."""
        other = DuckDBEngine.__new__(DuckDBEngine)
        other.con = self.con.cursor()
        other.read_errors = self.read_errors
        other._schemas = {}
        other._renames = {}
        other._readables = self._readables  # the files made readable for this run, shared
        other._tables = self._tables
        return other

    def use(self, readable: Readable) -> None:
        key = str(readable.path)
        self._readables[key] = readable
        self._schemas.pop(key, None)  # read from the new copy, not a removed one
        if readable.xlsx:
            # the sheet's Arrow data taken into a table of the in-memory database once, parsed: the
            # typed columns, `_row` and the `_bad_` flags `load` gives, so that the run's queries
            # (the pass, the duplicate screen, the samples, the rows named) do not parse the text
            # again each, and dates and flags take less memory than their text. A table, not a
            # view of the Python object: the queries run on cursors, which see the database's tables
            name = f"jingban_x{next(_names)}"
            rel = self.con.from_arrow(readable.take_arrow()).project(_renamed(readable.renames()))
            # insertion order is preserved, so this numbers rows as they stand in the sheet
            typed = _typed_projection(readable.ledger, list(readable.names or ()), "row_number() OVER ()")
            rel.project(typed).create(name)
            del rel  # fastexcel's copy of the sheet goes with it
            self._tables[key] = name

    def _source(self, path: Path, row_number: bool = False) -> str:
        """The table function reading the ledger at `path`. A CSV file is read with the columns of
        its header (readable.py read it) and a fixed dialect: a guessed one would read a file whose
        rows have a field too many as one column; this way such a row is an error naming its line."""
        readable = self._readables.get(str(path)) or Readable(path, path, "utf-8")
        p = str(readable.read).replace("'", "''")
        if path.suffix == ".parquet":
            source = f"read_parquet('{p}'{', file_row_number = true' if row_number else ''})"
            self._schema(path)
            renames = self._renames.get(str(path), [])
            if all(a == b for a, b in renames):
                return source
            # a Chinese header: the ledger's names, so that the queries name columns one way
            return f"(SELECT {_renamed(renames)}{', file_row_number' if row_number else ''} FROM {source})"
        if readable.columns is None:  # a file not prepared (tests of the engine alone)
            return f"read_csv('{p}', all_varchar = true, header = true)"
        # the ledger's names for the header's columns: read_csv names them as it is told
        cols = ", ".join("'{}': 'VARCHAR'".format(c.replace("'", "''")) for c in (readable.names or readable.columns))
        return (f"read_csv('{p}', header = true, auto_detect = false, delim = ',', quote = '\"', "
                f"escape = '\"', max_line_size = {MAX_LINE}, columns = {{{cols}}})")

    def columns_of(self, path: Path) -> list[str]:
        return [name for name, _ in self._schema(path)]

    def _schema(self, path: Path) -> list[tuple[str, str]]:
        """The file's columns and stored types, read once per file (each read opens the file)."""
        key = str(path)
        if key not in self._schemas:
            readable = self._readables.get(key)
            if readable is not None and readable.columns is not None:  # a CSV or XLSX header, read already
                self._schemas[key] = [(c, "VARCHAR") for c in (readable.names or readable.columns)]
            else:
                p = str(readable.read if readable is not None else path).replace("'", "''")
                raw = self.con.sql(f"SELECT * FROM read_parquet('{p}')")
                names = tuple(raw.columns)
                ledger = readable.ledger if readable is not None else None
                canonical = resolved(path, ledger, names)
                self._renames[key] = list(zip(names, canonical))
                self._schemas[key] = [(c, str(t)) for c, t in zip(canonical, raw.types)]
        return self._schemas[key]

    def _native(self, path: Path) -> dict[str, str | None]:
        """The stored kind of each column of a Parquet file (a CSV file stores only text)."""
        return {c: _kind_of(t) for c, t in self._schema(path)} if path.suffix == ".parquet" else {}

    def parsed_columns(self, path: Path, ledger: Ledger) -> frozenset[str]:
        """The columns of `ledger` that `load` parses from text: only their `_bad_` flags can be true."""
        return _parsed(ledger, self.columns_of(path), self._native(path))

    def load(self, path: Path, ledger: Ledger) -> nw.LazyFrame:
        if str(path) in self._tables:  # a workbook, parsed once when it was taken in (`use`)
            return nw.from_native(self.con.table(self._tables[str(path)]))
        present = self.columns_of(path)
        native = {}
        src = self._source(path, row_number=True)
        if path.suffix == ".parquet":
            row = "file_row_number + 1"
            native = self._native(path)
        else:
            # insertion order is preserved, so this numbers rows as they stand in the file
            row = "row_number() OVER ()"
        rel = self.con.sql(f"SELECT {_typed_projection(ledger, present, row, native)} FROM {src}")
        return nw.from_native(rel)

    def table(self, columns: Sequence[tuple[str, str]], rows: Sequence[tuple]) -> nw.LazyFrame:
        """A small table from Python rows; columns are (name, SQL type). Passed as one list per
        column and unnested, which is much faster than inserting row by row."""
        name = f"jingban_t{next(_names)}"
        lists = [list(col) for col in zip(*rows)] if rows else [[] for _ in columns]
        select = ", ".join(f"unnest(${i + 1}::{t}[]) AS {n}" for i, (n, t) in enumerate(columns))
        # a table of the in-memory database, not TEMP: queries prepared on cursors see it too
        self.con.execute(f"CREATE TABLE {name} AS SELECT {select}", lists)
        return nw.from_native(self.con.table(name))

    def codes(self, frame: nw.LazyFrame, known: dict[str, Sequence[str]]) -> nw.LazyFrame:
        """`frame` with the code columns in `known` (column -> the codes the rules know) in the type
        the engine groups fastest. A code not in `known` may become null here: the collector counts
        an unknown code and an empty cell alike. DuckDB holds them as an ENUM, which it groups by a
        small integer instead of hashing strings (the claims aggregate: ~14% fewer instructions;
        docs/performance.md)."""
        rel = frame.to_native()

        def quoted(text: str, mark: str) -> str:
            return mark + text.replace(mark, mark * 2) + mark

        parts = []
        for col in rel.columns:
            name = quoted(col, '"')
            if col in known:
                values = ", ".join(quoted(v, "'") for v in dict.fromkeys(known[col]))
                parts.append(f"TRY_CAST({name} AS ENUM({values})) AS {name}")
            else:
                parts.append(name)
        return nw.from_native(rel.project(", ".join(parts)))

    def duplicate_screen(self, frame: nw.LazyFrame, column: str, rows: int) -> Callable[[], int]:
        """A screen for repeated values of `column` in `frame` (of `rows` rows), prepared here and run
        by calling it, from any thread, also while this engine runs another query (it runs on a
        cursor of its own, which sees the files and the tables this engine made). The call returns
        how many rows repeat an earlier 64-bit hash: 0 is certain; otherwise the caller counts exactly.

        The hashes are sorted in NumPy (the screen then takes a third of the time and half the memory
        of a window over DuckDB's sort) when DuckDB's result and NumPy's copy together fit in half
        of DuckDB's `memory_limit`; otherwise DuckDB sorts them within its limit, spilling to disk."""
        sql = frame.to_native().project(f"hash({column}) AS h").sql_query()
        in_numpy = rows * 16 <= self.memory_limit() // 2
        cur = self.con.cursor()

        def run() -> int:
            try:
                if in_numpy:
                    # as signed integers: NumPy sorts int64 with its SIMD sort, uint64 without (~30% slower)
                    h = cur.sql(sql).fetchnumpy()["h"].view(np.int64)
                    h.sort()
                    return int(np.count_nonzero(h[1:] == h[:-1]))
                return int(cur.sql(f"SELECT count(*) FROM (SELECT h, lead(h) OVER (ORDER BY h) AS n FROM ({sql})) "
                                   f"WHERE h = n").fetchall()[0][0])
            finally:
                cur.close()

        return run

    @contextlib.contextmanager
    def sharing(self, queries: int) -> Iterator[None]:
        """While `queries` queries run at once (from several threads), each gets an equal share of
        DuckDB's threads: more threads than cores buys no speed, only the buffers of each thread
        (at 10M claims the duplicate screen beside the aggregate then peaks ~80 MiB lower)."""
        threads = int(self.con.sql("SELECT current_setting('threads')").fetchall()[0][0])
        share = max(1, threads // queries)
        if share == threads:
            yield
            return
        self.con.execute(f"SET threads = {share}")
        try:
            yield
        finally:
            self.con.execute(f"SET threads = {threads}")

    def prepare(self, frame: nw.LazyFrame) -> Callable[[], list[dict[str, Any]]]:
        """`fetch(frame)`, prepared here and run by calling it, from any thread, also while this
        engine runs another query: it runs on a cursor of its own."""
        rel = frame.to_native()
        sql, names = rel.sql_query(), list(rel.columns)
        cur = self.con.cursor()

        def run() -> list[dict[str, Any]]:
            try:
                return [dict(zip(names, row)) for row in cur.sql(sql).fetchall()]
            finally:
                cur.close()

        return run

    def memory_limit(self) -> int:
        """DuckDB's `memory_limit` in bytes (it reports it as e.g. '18.8 GiB')."""
        text = str(self.con.sql("SELECT current_setting('memory_limit')").fetchall()[0][0]).strip()
        number, _, unit = text.partition(" ")
        return int(float(number) * _UNITS.get(unit.strip(), 1))

    def fetch(self, frame: nw.LazyFrame) -> list[dict[str, Any]]:
        rel = frame.to_native()
        names = rel.columns
        return [dict(zip(names, row)) for row in rel.fetchall()]

    def close(self) -> None:
        self.con.close()


class SparkEngine:
    """Apache Spark through PySpark: the same collectors, on a cluster or `local[*]`."""

    name = "spark"

    def __init__(self, master: str = "local[2]", session=None) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:  # the extra is optional
            from ..errors import InputError
            from ..messages import Message

            raise InputError(None, "--engine spark", Message.of("error.ledger.no_pyspark")) from None
        self.spark = session or (
            SparkSession.builder.master(master).appName("jingban")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        self._raws: dict[str, Any] = {}
        self._readables: dict[str, Readable] = {}
        self._xlsx: dict[str, Path] = {}  # an XLSX ledger -> its Parquet copy
        from pyspark.errors import PySparkException

        try:
            from py4j.protocol import Py4JJavaError
        except ImportError:  # pragma: no cover — py4j comes with PySpark
            Py4JJavaError = PySparkException  # noqa: N806
        self.read_errors = (PySparkException, Py4JJavaError)

    def use(self, readable: Readable) -> None:
        key = str(readable.path)
        self._readables[key] = readable
        self._raws.pop(key, None)  # read from the new copy, not a removed one
        if readable.xlsx:
            # Spark reads no Arrow object of another process's making: the sheet goes to a
            # Parquet copy in the run's working folder, written by DuckDB from the Arrow data and
            # parsed as it is written, with the same SQL `load` runs (the typed columns, `_row`, the
            # `_bad_` flags), so that Spark's queries do not parse the text again each (1M claims:
            # docs/performance.md)
            import duckdb

            target = (readable.workdir or Path(tempfile.mkdtemp(prefix="jingban-xlsx-"))) / \
                f"{next(_names)}-{readable.path.stem}.parquet"
            con = duckdb.connect()
            try:
                rel = con.from_arrow(readable.take_arrow()).project(_renamed(readable.renames()))
                typed = _typed_projection(readable.ledger, list(readable.names or ()), "row_number() OVER ()")
                rel.project(typed).write_parquet(str(target))
            finally:
                con.close()
            self._xlsx[key] = target

    def _raw(self, path: Path):
        """The file as Spark reads it, once per file: each read lists the file and infers its schema
        in a job of its own (a second or more the first time)."""
        key = str(path)
        if key not in self._raws:
            reader = self.spark.read
            readable = self._readables.get(key)
            read = str(readable.read) if readable is not None else key
            if key in self._xlsx:
                self._raws[key] = reader.parquet(str(self._xlsx[key]))
            elif path.suffix == ".parquet":
                self._raws[key] = reader.parquet(read)
            else:
                self._raws[key] = reader.option("header", True).csv(read)
        return self._raws[key]

    def _names(self, path: Path) -> list[str]:
        """The ledger's name of each column of the file (a Chinese header read as the English)."""
        readable = self._readables.get(str(path))
        if readable is not None and readable.names is not None:  # a CSV or XLSX header, resolved already
            return list(readable.names)
        raw = list(self._raw(path).columns)
        if readable is None:
            return raw
        return list(resolved(path, readable.ledger, tuple(raw)))

    def columns_of(self, path: Path) -> list[str]:
        return self._names(path)

    def _native(self, path: Path) -> dict[str, str | None]:
        if path.suffix != ".parquet":
            return {}
        return {c: _kind_of(t) for c, (_, t) in zip(self._names(path), self._raw(path).dtypes)}

    def parsed_columns(self, path: Path, ledger: Ledger) -> frozenset[str]:
        """As DuckDBEngine's."""
        return _parsed(ledger, self.columns_of(path), self._native(path))

    def load(self, path: Path, ledger: Ledger) -> nw.LazyFrame:
        if str(path) in self._xlsx:  # a workbook, parsed when its copy was written (`use`)
            return nw.from_native(self.spark.read.parquet(str(self._xlsx[str(path)])))
        raw = self._raw(path)
        present = self._names(path)
        if path.suffix == ".parquet":
            # Parquet carries its own row index (Spark 4): no pass through Python; the columns are
            # renamed after it is taken, while the file's metadata is still in reach
            df = raw.selectExpr("*", "_metadata.row_index + 1 AS _file_row").toDF(*present, "_file_row")
        else:
            raw = raw.toDF(*present)
            # a 1-based row number in file order, on the JVM: monotonically_increasing_id grows with
            # the partition (the file's splits, in order) and the position within it, so numbering
            # rows in its order gives the file order without a pass through Python workers
            from pyspark.sql import Window
            from pyspark.sql import functions as F

            df = raw.withColumn("_file_row", F.row_number().over(Window.orderBy(F.monotonically_increasing_id())))
        view = f"jingban_raw{next(_names)}"
        df.createOrReplaceTempView(view)
        native = self._native(path)
        out = self.spark.sql(f"SELECT {_typed_projection(ledger, present, '_file_row', native)} FROM {view}")
        return nw.from_native(out)

    def duplicate_screen(self, frame: nw.LazyFrame, column: str, rows: int) -> Callable[[], int]:
        """As DuckDBEngine's: rows beyond the distinct 64-bit hashes, 0 is certain. A SparkSession
        takes jobs from several threads at once."""
        from pyspark.sql import functions as F

        df = frame.to_native().select(F.count(F.lit(1)), F.countDistinct(F.xxhash64(column)))

        def run() -> int:
            row = df.collect()[0]
            return int(row[0]) - int(row[1])

        return run

    def codes(self, frame: nw.LazyFrame, known: dict[str, Sequence[str]]) -> nw.LazyFrame:
        """Spark groups the strings as they are: `frame` unchanged."""
        return frame

    def prepare(self, frame: nw.LazyFrame) -> Callable[[], list[dict[str, Any]]]:
        """As DuckDBEngine's: a fetch to run later, from any thread."""
        df = frame.to_native()
        return lambda: [row.asDict() for row in df.collect()]

    def worker(self) -> "SparkEngine":
        """A SparkSession takes jobs from several threads at once: the same engine, closed as a no-op."""
        return self

    def sharing(self, queries: int) -> contextlib.AbstractContextManager[None]:
        """Spark schedules the jobs of several threads itself."""
        return contextlib.nullcontext()

    def table(self, columns: Sequence[tuple[str, str]], rows: Sequence[tuple]) -> nw.LazyFrame:
        schema = ", ".join(f"{n} {t}" for n, t in columns)
        return nw.from_native(self.spark.createDataFrame(list(rows), schema=schema))

    def fetch(self, frame: nw.LazyFrame) -> list[dict[str, Any]]:
        return [row.asDict() for row in frame.to_native().collect()]

    def close(self) -> None:
        pass


def normalise(value: Any) -> Any:
    """Engines return different Python types for the same result; facts want Decimal or date."""
    if value is None or isinstance(value, (bool, dt.date, str)):
        return value
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return value
