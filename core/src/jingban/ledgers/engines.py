"""The engine adapter: the only engine-specific code. It loads a ledger file into a typed relation
(with a row number and a flag per unparseable value), makes small tables (the calendar), and
fetches results as Python values. Everything else is written once with Narwhals.

DuckDB is embedded and needs no set-up; Spark runs the same collectors on a cluster or in local
mode (`pip install 'jingban[spark]'`). The SQL here is the common subset of both (TRY_CAST, ||).
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

import narwhals as nw

from .schema import Ledger

_SQL_TYPES = {"str": "STRING", "bool": "BOOLEAN", "date": "DATE", "month": "DATE", "decimal": "DECIMAL(18,2)"}
_names = itertools.count()


def _typed_projection(ledger: Ledger, present: Sequence[str], row_expr: str) -> str:
    """SELECT list: typed columns, `_row` (1-based file row), `_bad_<col>` for values that do not parse."""
    parts = [f"{row_expr} AS _row"]
    for col in ledger.columns:
        if col.name not in present:
            parts.append(f"CAST(NULL AS {_SQL_TYPES[col.kind]}) AS {col.name}")
            parts.append(f"FALSE AS _bad_{col.name}")
            continue
        raw = f"CAST({col.name} AS STRING)"
        if col.kind == "str":
            parts.append(f"{raw} AS {col.name}")
            parts.append(f"FALSE AS _bad_{col.name}")
            continue
        text = f"NULLIF(TRIM({raw}), '')"
        source = f"{text} || '-01'" if col.kind == "month" else text
        typed = f"TRY_CAST({source} AS {_SQL_TYPES[col.kind]})"
        parts.append(f"{typed} AS {col.name}")
        parts.append(f"({text} IS NOT NULL AND {typed} IS NULL) AS _bad_{col.name}")
    return ", ".join(parts)


class DuckDBEngine:
    """Embedded DuckDB: zero set-up, reads Parquet and CSV directly."""

    name = "duckdb"

    def __init__(self, threads: int | None = None) -> None:
        import duckdb

        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")

    def columns_of(self, path: Path) -> list[str]:
        return list(self._raw(path).columns)

    def _raw(self, path: Path):
        p = str(path).replace("'", "''")
        if path.suffix == ".parquet":
            return self.con.sql(f"SELECT * FROM read_parquet('{p}')")
        return self.con.sql(f"SELECT * FROM read_csv('{p}', all_varchar = true, header = true)")

    def load(self, path: Path, ledger: Ledger) -> nw.LazyFrame:
        present = self.columns_of(path)
        p = str(path).replace("'", "''")
        if path.suffix == ".parquet":
            src = f"read_parquet('{p}', file_row_number = true)"
            row = "file_row_number + 1"
        else:
            src = f"read_csv('{p}', all_varchar = true, header = true)"
            # insertion order is preserved, so this numbers rows as they stand in the file
            row = "row_number() OVER ()"
        rel = self.con.sql(f"SELECT {_typed_projection(ledger, present, row)} FROM {src}")
        return nw.from_native(rel)

    def table(self, columns: Sequence[tuple[str, str]], rows: Sequence[tuple]) -> nw.LazyFrame:
        """A small table from Python rows; columns are (name, SQL type)."""
        name = f"jingban_t{next(_names)}"
        cols = ", ".join(f"{n} {t}" for n, t in columns)
        self.con.execute(f"CREATE TEMP TABLE {name} ({cols})")
        if rows:
            self.con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in columns)})", list(rows))
        return nw.from_native(self.con.table(name))

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
            raise InputError(None, "--engine spark", "PySpark is not installed: pip install 'jingban[spark]'") from None
        self.spark = session or (
            SparkSession.builder.master(master).appName("jingban")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )

    def _raw(self, path: Path):
        reader = self.spark.read
        if path.suffix == ".parquet":
            return reader.parquet(str(path))
        return reader.option("header", True).csv(str(path))

    def columns_of(self, path: Path) -> list[str]:
        return list(self._raw(path).columns)

    def load(self, path: Path, ledger: Ledger) -> nw.LazyFrame:
        from pyspark.sql import functions as F

        raw = self._raw(path)
        present = list(raw.columns)
        # a stable 1-based row number in file order (zipWithIndex keeps the read order)
        indexed = raw.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1] + 1))
        df = indexed.toDF(present + ["_file_row"])
        view = f"jingban_raw{next(_names)}"
        df.createOrReplaceTempView(view)
        out = self.spark.sql(f"SELECT {_typed_projection(ledger, present, '_file_row')} FROM {view}")
        del F
        return nw.from_native(out)

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
