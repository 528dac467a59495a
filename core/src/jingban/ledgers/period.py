"""The assessment year when the operator does not name one: the year of the claims, if only one."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import narwhals as nw

from ..errors import InputError
from ..messages import Message
from .collect import find_ledger
from .readable import prepare, refusal
from .schema import LEDGERS

if TYPE_CHECKING:
    from .engines import Engine


def infer_year(folder: Path, engine: Engine, encoding: str = "auto") -> int:
    """The one year the claims ledger's submission dates fall in (the file read as collection reads it)."""
    path = find_ledger(Path(folder), "claims")
    if path is None:
        raise InputError(str(folder), "--year", Message.of("error.ledger.year.no_claims"))
    with tempfile.TemporaryDirectory(prefix="jingban-year-") as work:
        readable = prepare(path, encoding, Path(work))
        engine.use(readable)
        try:
            frame = engine.load(path, LEDGERS["claims"])
            r = engine.fetch(frame.select(nw.col("submitted").dt.year().min().alias("lo"),
                                          nw.col("submitted").dt.year().max().alias("hi")))[0]
        except engine.read_errors as exc:
            raise refusal(readable, exc) from None
    if r["lo"] is None:
        raise InputError(str(path), "--year", Message.of("error.ledger.year.no_dates"))
    if r["lo"] != r["hi"]:
        raise InputError(str(path), "--year", Message.of("error.ledger.year.several", first=int(r["lo"]),
                                                         last=int(r["hi"])))
    return int(r["lo"])
