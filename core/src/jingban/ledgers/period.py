"""The assessment year when the operator does not name one: the year of the claims, if only one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import narwhals as nw

from ..errors import InputError
from .collect import find_ledger
from .schema import LEDGERS

if TYPE_CHECKING:
    from .engines import Engine


def infer_year(folder: Path, engine: Engine) -> int:
    path = find_ledger(Path(folder), "claims")
    if path is None:
        raise InputError(str(folder), "--year", "no claims ledger to take the year from; give --year")
    frame = engine.load(path, LEDGERS["claims"])
    r = engine.fetch(frame.select(nw.col("submitted").dt.year().min().alias("lo"),
                                  nw.col("submitted").dt.year().max().alias("hi")))[0]
    if r["lo"] is None:
        raise InputError(str(path), "--year", "no readable submission dates; give --year")
    if r["lo"] != r["hi"]:
        raise InputError(str(path), "--year", f"claims were submitted from {r['lo']} to {r['hi']}; give --year")
    return int(r["lo"])
