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
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

import narwhals as nw
import numpy as np  # imported with the engine: importing it inside a timed scan costs ~0.4 s there

from .readable import MAX_LINE, Readable
from .schema import Ledger

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
            parts.append(f"CAST({col.name} AS {_SQL_TYPES[col.kind]}) AS {col.name}")
            parts.append(f"FALSE AS _bad_{col.name}")
            continue
        raw = f"CAST({col.name} AS STRING)"
        text = f"NULLIF(TRIM({raw}), '')"
        source = f"{text} || '-01'" if col.kind == "month" else text
        # a boolean is one of the documented spellings only (docs/ledgers.md): SQL's own cast also
        # takes yes, y, t, on..., which a ledger never means to say and --strict must report
        typed = (f"CASE WHEN LOWER({text}) IN ({_TRUE}) THEN TRUE WHEN LOWER({text}) IN ({_FALSE}) THEN FALSE END"
                 if col.kind == "bool" else f"TRY_CAST({source} AS {_SQL_TYPES[col.kind]})")
        parts.append(f"{typed} AS {col.name}")
        parts.append(f"({text} IS NOT NULL AND {typed} IS NULL) AS _bad_{col.name}")
    return ", ".join(parts)


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
        self._readables: dict[str, Readable] = {}
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")

    def worker(self) -> "DuckDBEngine":
        """An engine on a cursor of this database, for collecting from another thread at the same
        time (one connection runs one query at a time). Close it when done."""
        other = DuckDBEngine.__new__(DuckDBEngine)
        other.con = self.con.cursor()
        other.read_errors = self.read_errors
        other._schemas = {}
        other._readables = self._readables  # the files made readable for this run, shared
        return other

    def use(self, readable: Readable) -> None:
        self._readables[str(readable.path)] = readable
        self._schemas.pop(str(readable.path), None)  # read from the new copy, not a removed one

    def _source(self, path: Path, row_number: bool = False) -> str:
        """The table function reading the ledger at `path`. A CSV file is read with the columns of
        its header (readable.py read it) and a fixed dialect: a guessed one would read a file whose
        rows have a field too many as one column; this way such a row is an error naming its line."""
        readable = self._readables.get(str(path)) or Readable(path, path, "utf-8")
        p = str(readable.read).replace("'", "''")
        if path.suffix == ".parquet":
            return f"read_parquet('{p}'{', file_row_number = true' if row_number else ''})"
        if readable.columns is None:  # a file not prepared (tests of the engine alone)
            return f"read_csv('{p}', all_varchar = true, header = true)"
        cols = ", ".join("'{}': 'VARCHAR'".format(c.replace("'", "''")) for c in readable.columns)
        return (f"read_csv('{p}', header = true, auto_detect = false, delim = ',', quote = '\"', "
                f"escape = '\"', max_line_size = {MAX_LINE}, columns = {{{cols}}})")

    def columns_of(self, path: Path) -> list[str]:
        return [name for name, _ in self._schema(path)]

    def _schema(self, path: Path) -> list[tuple[str, str]]:
        """The file's columns and stored types, read once per file (each read opens the file)."""
        key = str(path)
        if key not in self._schemas:
            readable = self._readables.get(key)
            if readable is not None and readable.columns is not None:  # a CSV file's header, read already
                self._schemas[key] = [(c, "VARCHAR") for c in readable.columns]
            else:
                raw = self.con.sql(f"SELECT * FROM {self._source(path)}")
                self._schemas[key] = [(c, str(t)) for c, t in zip(raw.columns, raw.types)]
        return self._schemas[key]

    def _native(self, path: Path) -> dict[str, str | None]:
        """The stored kind of each column of a Parquet file (a CSV file stores only text)."""
        return {c: _kind_of(t) for c, t in self._schema(path)} if path.suffix == ".parquet" else {}

    def parsed_columns(self, path: Path, ledger: Ledger) -> frozenset[str]:
        """The columns of `ledger` that `load` parses from text: only their `_bad_` flags can be true."""
        return _parsed(ledger, self.columns_of(path), self._native(path))

    def load(self, path: Path, ledger: Ledger) -> nw.LazyFrame:
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
        from pyspark.errors import PySparkException

        try:
            from py4j.protocol import Py4JJavaError
        except ImportError:  # pragma: no cover — py4j comes with PySpark
            Py4JJavaError = PySparkException  # noqa: N806
        self.read_errors = (PySparkException, Py4JJavaError)

    def use(self, readable: Readable) -> None:
        self._readables[str(readable.path)] = readable
        self._raws.pop(str(readable.path), None)  # read from the new copy, not a removed one

    def _raw(self, path: Path):
        """The file as Spark reads it, once per file: each read lists the file and infers its schema
        in a job of its own (a second or more the first time)."""
        key = str(path)
        if key not in self._raws:
            reader = self.spark.read
            parquet = path.suffix == ".parquet"
            readable = self._readables.get(key)
            read = str(readable.read) if readable is not None else key
            self._raws[key] = reader.parquet(read) if parquet else reader.option("header", True).csv(read)
        return self._raws[key]

    def columns_of(self, path: Path) -> list[str]:
        return list(self._raw(path).columns)

    def _native(self, path: Path) -> dict[str, str | None]:
        return {c: _kind_of(t) for c, t in self._raw(path).dtypes} if path.suffix == ".parquet" else {}

    def parsed_columns(self, path: Path, ledger: Ledger) -> frozenset[str]:
        """As DuckDBEngine's."""
        return _parsed(ledger, self.columns_of(path), self._native(path))

    def load(self, path: Path, ledger: Ledger) -> nw.LazyFrame:
        raw = self._raw(path)
        present = list(raw.columns)
        if path.suffix == ".parquet":
            # Parquet carries its own row index (Spark 4): no pass through Python
            df = raw.selectExpr("*", "_metadata.row_index + 1 AS _file_row")
        else:
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
