"""An XLSX ledger, read into Arrow for the engine (docs/ledgers.md, "XLSX ledgers").

Agencies' systems export to Excel. The sheet is read by fastexcel (calamine, in Rust), which hands
it over as Arrow through the PyCapsule interface: no pandas, no pyarrow, nothing to download (DuckDB's
own excel extension is fetched from the internet on first use, which a bureau's offline machine
cannot do). Every cell is read as text, so a value is parsed by the same rules as in a CSV ledger
(an Excel date cell reads as `2024-05-10 00:00:00`, a number as `1234.5`, TRUE as `true`).

Which sheet: one named for the ledger (`claims` or its Chinese title 理赔结算台账) if the workbook
has one, else the first. The header is the sheet's first row; rows above it that are wholly empty
are skipped (Excel does not store them), a title row above it is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..messages import Message
from .readable import Readable, resolved
from .schema import Ledger

ZIP = b"PK\x03\x04"  # an XLSX file is a zip archive
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls workbook, or an encrypted XLSX, is an OLE file
# the stream an encrypted OOXML file holds inside its OLE container, as its directory names it
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_CHUNK = 1024 * 1024
_RENAMED = re.compile(r"(.+)_(\d+)")  # fastexcel's name for the second column of one name


def _refuse(path: Path, message: Message, sheet: str | None = None, row: int | None = None,
            column: str | None = None) -> InputError:
    where = None
    if sheet is not None:
        where = (Message.of("error.where.ledger_sheet_row", sheet=sheet, row=row) if row is not None
                 else Message.of("error.where.ledger_sheet_column", sheet=sheet, column=column) if column is not None
                 else Message.of("error.where.ledger_sheet", sheet=sheet))
    return InputError(str(path), where, message)


def _encrypted(path: Path) -> bool:
    """An OLE file holding an EncryptionInfo stream: an XLSX saved with a password."""
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            if _ENCRYPTED in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED):]
    return False


def sheet_for(names: list[str], ledger: Ledger | None) -> str:
    """The sheet a ledger is read from: one named for it, else the first."""
    if ledger is not None:
        for wanted in (ledger.name, ledger.title_zh):
            for name in names:
                if name.strip() == wanted:
                    return name
    return names[0]


def read_sheet(path: Path, ledger: Ledger | None, workdir: Path) -> Readable:
    """The XLSX ledger at `path`, checked, its sheet chosen and read as Arrow (every cell as text)."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == CFB:
        if _encrypted(path):
            raise _refuse(path, Message.of("error.ledger.xlsx.encrypted"))
        raise _refuse(path, Message.of("error.ledger.xlsx.xls"))
    if path.suffix == ".xls":  # an .xls name on something else: say what to save it as all the same
        raise _refuse(path, Message.of("error.ledger.xlsx.xls"))
    if head[:4] != ZIP:
        raise _refuse(path, Message.of("error.ledger.xlsx.not_zip"))
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
        names = list(reader.sheet_names)
    except fastexcel.FastExcelError:
        # calamine's words may quote cells: only ours go out
        raise _refuse(path, Message.of("error.ledger.xlsx.unreadable")) from None
    if not names:
        raise _refuse(path, Message.of("error.ledger.xlsx.unreadable"))
    sheet = sheet_for(names, ledger)
    seen: list[str] = []
    known = set() if ledger is None else {n for c in ledger.columns for n in (c.name, c.zh) if n}

    def wanted(column) -> bool:
        # every header cell passes here: record them all, load only the ledger's columns
        seen.append(column.name)
        return ledger is None or column.name.strip() in known or _twice(column.name, known) is not None

    try:
        data = reader.load_sheet(sheet, dtypes="string", use_columns=wanted, skip_whitespace_tail_rows=True)
    except fastexcel.FastExcelError:
        raise _refuse(path, Message.of("error.ledger.xlsx.unreadable"), sheet) from None
    if not seen:
        raise _refuse(path, Message.of("error.ledger.xlsx.empty_sheet"), sheet)
    for name in seen:
        first = _twice(name, known)
        if first is not None and first in seen:
            raise _refuse(path, Message.of("error.ledger.file.duplicate_column"), sheet, column=first)
    columns = tuple(c.name for c in data.selected_columns)
    if ledger is not None and not any(n.strip() in known for n in seen):
        # no name of the ledger on row 1: a title or blank row above the header, or no header
        raise _refuse(path, Message.of("error.ledger.xlsx.no_header"), sheet, 1)
    return Readable(path, path, "utf-8", columns, ledger, resolved(path, ledger, columns), sheet=sheet,
                    arrow=[data], workdir=workdir)


def _twice(name: str, known: set[str]) -> str | None:
    """The name a column repeats, when fastexcel renamed the second of two columns of one name
    (claim_id, claim_id_1) and that name is one of the ledger's."""
    m = _RENAMED.fullmatch(name)
    return m.group(1) if m and m.group(1).strip() in known else None
