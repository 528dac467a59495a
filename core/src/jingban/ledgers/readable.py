"""A ledger file made readable by an engine, before the engine touches it.

Agencies export ledgers from Excel or their own systems: UTF-8 (with or without a byte-order mark),
UTF-16 (Excel's "Unicode text"), or GBK/GB18030 (Excel on Chinese Windows). The engines read
UTF-8 only, and what they say about a file they cannot read quotes its lines, personal data
included. So every ledger passes through here first:

- a folder where a file should be, an empty file, a Parquet file without Parquet's magic bytes are
  refused with our own message;
- a CSV file's encoding is taken from `--encoding` or detected from its first bytes (a byte-order
  mark; else UTF-8 if the bytes are UTF-8; else GB18030 if they are that), and a file not in UTF-8
  is transcoded once into a UTF-8 copy the engine reads, so the error of a bad byte names its line;
- the CSV header is read here, so the engine is told the columns (and does not guess the
  delimiter: a row with a field too many or too few is then an error naming its line, not a file
  read as one column);
- what an engine raises while reading is turned into one line of our catalog (`refusal`), keeping
  only the line number of its message and never the line it quotes;
- a header's names are the ledger's English or Chinese column names (`Ledger.resolve`): a column
  named twice, or a header mixing the two languages, is refused here;
- an XLSX ledger (`<name>.xlsx`, agencies' systems export to Excel) is checked (a zip, not an
  encrypted or old .xls file), its sheet chosen (one named for the ledger, else the first) and read
  by fastexcel (calamine, in Rust) into Arrow, every cell as text, which the engine then takes in
  (DuckDB straight from Arrow, Spark from a Parquet copy): the values are parsed as a CSV file's are.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import attrs

from ..errors import InputError, os_reason
from ..messages import Message
from .schema import HeaderError, Ledger

# the spellings --encoding accepts, and the codec each stands for; GBK and GB2312 files are read as
# GB18030, which contains both (a GBK file is a valid GB18030 file)
ENCODINGS = {
    "auto": "auto", "utf-8": "utf-8", "utf8": "utf-8", "utf-8-sig": "utf-8",
    "utf-16": "utf-16", "utf16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
    "gbk": "gb18030", "gb2312": "gb18030", "gb18030": "gb18030", "cp936": "gb18030",
}
# how each codec is named to the operator (the report says which encoding a ledger was read in)
SHOWN = {"utf-8": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE",
         "gb18030": "GB18030"}
SNIFF = 64 * 1024  # bytes read to detect an encoding
MAX_LINE = 2 * 1024 * 1024  # DuckDB's longest line (max_line_size); a ledger row is never near it
_CHUNK = 1024 * 1024


def codec_of(spelling: str) -> str:
    """The codec an `--encoding` spelling stands for; `auto` for detection. Unknown: ValueError."""
    try:
        return ENCODINGS[spelling.strip().lower()]
    except KeyError:
        raise ValueError(spelling) from None


@attrs.frozen
class Readable:
    """A ledger file as named (for every message) and the file the engine reads (itself, or a
    UTF-8 copy), with the encoding it was read in and, for CSV, its header's column names."""

    path: Path
    read: Path
    encoding: str  # a codec of SHOWN
    columns: tuple[str, ...] | None = None  # None for Parquet: the file states its own
    ledger: Ledger | None = None  # whose column names the header may use, in English or Chinese
    names: tuple[str, ...] | None = None  # the ledger's name of each of `columns`
    sheet: str | None = None  # of an XLSX ledger: the sheet read
    # of an XLSX ledger: the sheet as Arrow (fastexcel's, through the PyCapsule interface), every
    # cell as text; the engine takes it in once (`Engine.use`)
    # (a list, so that the engine takes it and the memory goes with it: `take_arrow`)
    arrow: list = attrs.field(factory=list, eq=False, repr=False)
    workdir: Path | None = None  # where an engine may write a copy (Spark: the XLSX as Parquet)

    @property
    def transcoded(self) -> bool:
        return self.encoding != "utf-8"

    @property
    def xlsx(self) -> bool:
        return self.sheet is not None

    def take_arrow(self) -> object:
        """The sheet's Arrow data, handed over once: the engine keeps its own copy."""
        return self.arrow.pop()

    def renames(self) -> tuple[tuple[str, str], ...]:
        """(the file's name, the ledger's) of each column: the same unless the header is Chinese."""
        if self.columns is None or self.names is None:
            return ()
        return tuple(zip(self.columns, self.names))

    @property
    def shown_encoding(self) -> str:
        return SHOWN[self.encoding]


def _refuse(path: Path, message: Message, where: Message | None = None) -> InputError:
    return InputError(str(path), where, message)


def _line(n: int) -> Message:
    return Message.of("error.where.line", line=n)


def resolved(path: Path, ledger: Ledger | None, names: tuple[str, ...]) -> tuple[str, ...]:
    """The ledger's names of a header's columns (Chinese or English); a column named twice or a
    header mixing the languages is refused, naming the two columns."""
    if ledger is None:
        return names
    try:
        return ledger.resolve(names)
    except HeaderError as exc:
        first, second = exc.names
        message = (Message.of("error.ledger.file.header_twice", first=first, second=second) if exc.kind == "twice"
                   else Message.of("error.ledger.file.header_mixed", first=first, second=second))
        raise _refuse(path, message) from None


def prepare(path: Path, encoding: str, workdir: Path, ledger: Ledger | None = None) -> Readable:
    """The ledger at `path`, checked and, if it is not UTF-8, transcoded into `workdir`; its
    header's names resolved to `ledger`'s (a Parquet file's by the engine, which reads its schema)."""
    if path.is_dir():
        raise _refuse(path, Message.of("error.ledger.file.folder"))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _refuse(path, Message.of("error.toml.cannot_read", reason=os_reason(exc))) from None
    if size == 0:
        raise _refuse(path, Message.of("error.ledger.file.empty"))
    if path.suffix == ".parquet":
        with path.open("rb") as fh:
            head = fh.read(4)
            fh.seek(max(size - 4, 0))
            tail = fh.read(4)
        # a Parquet file starts and ends with PAR1 around at least a footer length
        if size < 12 or head != b"PAR1" or tail != b"PAR1":
            raise _refuse(path, Message.of("error.ledger.file.not_parquet"))
        return Readable(path, path, "utf-8", ledger=ledger)
    if path.suffix in (".xlsx", ".xls"):
        from .workbook import read_sheet

        return read_sheet(path, ledger, workdir)
    codec = codec_of(encoding)
    with path.open("rb") as fh:
        head = fh.read(SNIFF)
    if codec == "auto":
        codec = detect(head)
    if codec == "utf-8":
        # the engine reads a UTF-8 file itself (a byte-order mark included); a bad byte in the
        # first bytes is named here, with the GBK hint, one further on by the engine's line number
        header = _header(path, _decoded(path, head, "utf-8", final=len(head) < SNIFF))
        return Readable(path, path, "utf-8", header, ledger, resolved(path, ledger, header))
    target = workdir / f"{len(list(workdir.iterdir()))}-{path.stem}.csv"
    _transcode(path, codec, target)
    with target.open("rb") as fh:
        header = _header(path, fh.read(SNIFF).decode("utf-8", errors="ignore"))
    return Readable(path, target, codec, header, ledger, resolved(path, ledger, header))


def detect(head: bytes) -> str:
    """The encoding of a CSV file from its first bytes: a byte-order mark decides; UTF-8 if they
    are UTF-8 (a character cut at the end of the sample is allowed); GB18030 if they are that and
    hold some non-ASCII text; else UTF-8, whose error then names the line."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        return "utf-8"


def _decoded(path: Path, raw: bytes, codec: str, final: bool = True) -> str:
    try:
        return codecs.getincrementaldecoder(codec)().decode(raw, final=final)
    except UnicodeDecodeError as exc:
        raise _not_in(path, codec, raw[:exc.start].count(b"\n") + 1, raw) from None


def _not_in(path: Path, codec: str, line: int, sample: bytes) -> InputError:
    """A byte that is not of the encoding: the line, and for UTF-8 whether the file reads as GBK."""
    if codec == "utf-8":
        try:
            sample.decode("gb18030")
        except UnicodeDecodeError:
            return _refuse(path, Message.of("error.ledger.file.not_utf8"), _line(line))
        return _refuse(path, Message.of("error.ledger.file.gbk"), _line(line))
    return _refuse(path, Message.of("error.ledger.file.not_encoding", encoding=SHOWN[codec]), _line(line))


def _transcode(path: Path, codec: str, target: Path) -> None:
    """Copy `path` into `target` as UTF-8, chunk by chunk; a byte not of `codec` names its line."""
    decoder = codecs.getincrementaldecoder(codec)()
    lines = 1
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as out:
        first = True
        while True:
            chunk = src.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                # the line of the bad byte: lines before this chunk, plus those in it before the byte
                if codec.startswith("utf-16"):
                    at = chunk[:exc.start].decode(codec, errors="replace").count("\n")
                else:
                    at = chunk[:exc.start].count(b"\n")
                raise _refuse(path, Message.of("error.ledger.file.not_encoding", encoding=SHOWN[codec]),
                              _line(lines + at)) from None
            if first and text.startswith("\ufeff"):
                text = text[1:]
            first = False
            lines += text.count("\n")
            out.write(text)
            if not chunk:
                break


def _header(path: Path, text: str) -> tuple[str, ...]:
    """The column names of a CSV file's first line; a name given twice is refused (which of the
    two columns would the rules read?); an empty one gets DuckDB's name for it (never a column
    the rules read)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        raise _refuse(path, Message.of("error.ledger.file.no_header"))
    names = next(csv.reader(io.StringIO(first)))
    out: list[str] = []
    for i, name in enumerate(names, start=1):
        name = name.strip()
        if not name:
            name = f"column{i - 1}"
        if name in out:
            raise _refuse(path, Message.of("error.ledger.file.duplicate_column"),
                          Message.of("error.where.column", column=name))
        out.append(name)
    return tuple(out)


# What an engine says of a file it cannot read, sorted into our messages. Only the line number is
# taken from its text; the rest of it (which quotes the line, personal data included) is dropped.
_LINE = re.compile(r"CSV Error on Line: (\d+)")
_FIELDS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def refusal(readable: Readable, exc: BaseException) -> InputError:
    """The one-line error for an engine's failure to read `readable`."""
    text = str(exc)
    path = readable.path
    if readable.columns is None:
        return _refuse(path, Message.of("error.ledger.file.parquet_unreadable"))
    found = _LINE.search(text)
    where = _line(int(found.group(1))) if found else None
    fields = _FIELDS.search(text)
    if fields:
        return _refuse(path, Message.of("error.ledger.file.fields", expected=int(fields.group(1)),
                                        found=int(fields.group(2))), where)
    if "Maximum line size" in text or "maximum line size" in text:
        return _refuse(path, Message.of("error.ledger.file.line_too_long", mb=MAX_LINE // (1024 * 1024)), where)
    if "unterminated quote" in text:
        return _refuse(path, Message.of("error.ledger.file.quote"), where)
    if "Invalid unicode" in text or "not utf-8" in text:
        return _refuse(path, Message.of("error.ledger.file.not_utf8"), where)
    return _refuse(path, Message.of("error.ledger.file.unreadable"), where)
