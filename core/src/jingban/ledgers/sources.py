"""Where ledger facts come from in one run: the folder, the engine, the calendar, strictness."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:  # the engines import NumPy: only when one is made
    from .engines import Engine


@attrs.frozen
class Sources:
    folder: Path | None = None
    engine: str = attrs.field(default="duckdb", validator=attrs.validators.in_(("duckdb", "spark")))
    strict: bool = False
    calendar_files: tuple[Path, ...] = ()
    calendar_layer: str | None = None
    encoding: str = "auto"  # of CSV ledgers: readable.ENCODINGS

    def make_engine(self) -> Engine:
        from .engines import DuckDBEngine, SparkEngine

        return DuckDBEngine() if self.engine == "duckdb" else SparkEngine()
