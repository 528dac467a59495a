"""Whether a file is a workbook: by its name or its first bytes. Imported on every assessment, so
it imports nothing (the TOML path stays as fast to start as before, tests/test_startup.py)."""

from __future__ import annotations

from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
SUFFIXES = (".xlsx", ".xlsm", ".xls")


def is_workbook(path: Path) -> bool:
    """A file to read as a workbook: by its name, or by its first bytes (a zip or an OLE file)."""
    if path.suffix.lower() in SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False  # the TOML reader says what is wrong with it
    return head.startswith(ZIP_MAGIC) or head == OLE_MAGIC
