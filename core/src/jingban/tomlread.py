"""Strict reading of TOML files: typed getters that name the file and key on every error.

Every rules, agreement and evidence file goes through `Node`. A getter marks its key as read;
`Node.done()` then refuses any key nobody read, suggesting the nearest valid one, so a typo never
silently drops a finding or a rule.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Iterable, Mapping

from .amounts import parse_decimal
from .errors import InputError, os_reason, reason
from .limits import MAX_FILE_BYTES, MAX_TEXT_CHARS
from .messages import Message, joined

_MISSING = object()

# A parse handed on to the next load_toml of the same file and bytes (see `hand_on`).
_handed: dict[str, tuple[bytes, dict[str, Any]]] = {}


def hand_on(path: Path | str, raw: bytes, data: dict[str, Any]) -> None:
    """Let the next load_toml of `path` use `data`, parsed from `raw`, if the file still holds
    `raw`. A plugin's spec_from_rules parses its rules file for the region's id and titles, and
    load_rules reads the same file moments later: the file is parsed once. The caller must not
    keep or change `data`; the load that takes it over owns it alone."""
    _handed[str(Path(path))] = (raw, data)


def load_toml(path: Path | str) -> dict[str, Any]:
    """Parse a TOML file; a missing or malformed file is an InputError naming it."""
    p = Path(path)
    if "\x00" in str(p):  # the OS refuses such a name with a ValueError, not an OSError
        raise InputError(repr(str(p))[1:-1], None, Message.of("error.toml.nul_in_path"))
    try:
        with p.open("rb") as fh:
            # refused by its size before it is read: a file far larger than any evidence or rules
            # would take seconds to parse and end in a report as large (jingban.limits)
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_large(str(p), size)
            raw = fh.read(MAX_FILE_BYTES + 1)  # a pipe or device has no size to stat
            if len(raw) > MAX_FILE_BYTES:
                raise _too_large(str(p), None)
    except FileNotFoundError:
        raise InputError(str(p), None, Message.of("error.toml.file_not_found")) from None
    except IsADirectoryError:
        raise InputError(str(p), None, Message.of("error.toml.is_a_directory")) from None
    except PermissionError:
        raise InputError(str(p), None, Message.of("error.toml.no_permission")) from None
    except OSError as exc:
        # the system's own words, in the system's language
        raise InputError(str(p), None, Message.of("error.toml.cannot_read", reason=os_reason(exc))) from None
    handed = _handed.pop(str(p), None)
    if handed is not None and handed[0] == raw:
        return handed[1]
    return parse_toml(decode_utf8(raw, str(p)), str(p))


def _too_large(file: str, size: int | None) -> InputError:
    limit = Message.of("error.toml.limit_mb", mb=MAX_FILE_BYTES // (1024 * 1024))
    if size is None:
        return InputError(file, None, Message.of("error.toml.too_large_unknown", limit=limit))
    return InputError(file, None, Message.of("error.toml.too_large", size=size, limit=limit))


def decode_utf8(raw: bytes, file: str) -> str:
    """The text of a file that must be UTF-8. A byte-order mark (Windows Notepad writes one) is
    dropped; anything else that is not UTF-8 is refused, never decoded with replacement characters
    (a GBK file would otherwise score with every Chinese text garbled). Where the bytes read as GBK
    (GB18030), the message says so and how to save the file as UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(file, Message.of("error.where.line", line=line),
                             Message.of("error.toml.not_utf8")) from None
        raise InputError(file, Message.of("error.where.line", line=line), Message.of("error.toml.gbk")) from None


def parse_toml(text: str, file: str) -> dict[str, Any]:
    if len(text) > MAX_FILE_BYTES:  # text handed in directly (parse_evidence): at most as many characters
        raise _too_large(file, len(text.encode("utf-8")))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # the parser's own words (English, with the line and column) are a parameter
        raise InputError(file, None, Message.of("error.toml.malformed", detail=str(exc))) from None


# C0 controls but tab, line feed and carriage return (multi-line descriptions), and DEL
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Node:
    """A TOML table being read, with the file and the dotted key path for messages."""

    def __init__(
        self,
        data: Mapping[str, Any],
        file: str,
        path: str = "",
        options: Mapping[str, str] | None = None,
        option_ids: frozenset[str] | None = None,
        allow_when: bool = False,
        allowed: Mapping[str, tuple[str, ...]] | None = None,
        whens: dict[tuple[str, str], dict[str, str]] | None = None,
    ) -> None:
        if not isinstance(data, Mapping):
            raise InputError(file, path or None, Message.of("error.toml.not_a_table"))
        self.data = data
        self.file = file
        self.path = path
        self.options = dict(options or {})
        self.option_ids = option_ids
        # only rules and agreement files select entries by option; in evidence `when` is a typo
        self.allow_when = allow_when
        # the values each option allows: a `when` naming another value could never be kept
        self.allowed = allowed
        # every `when` met while reading, with the options in force where it was met: the entries
        # a reading leaves out are read under their own (rulesfile.every_reading)
        self.whens = whens
        self._read: set[str] = set()

    # -- messages -------------------------------------------------------------------------------
    def key_path(self, key: str | None = None) -> str:
        if key is None:
            return self.path or "(top level)"
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str | None, message: Any) -> InputError:
        """An InputError at `key` of this table (the table itself for None); `message` is a
        catalog Message (or a plugin's plain string)."""
        if key is None and not self.path:
            return InputError(self.file, Message.of("error.where.top_level"), message)
        return InputError(self.file, self.key_path(key), message)

    # -- presence -------------------------------------------------------------------------------
    def has(self, key: str) -> bool:
        return key in self.data

    def keys(self) -> list[str]:
        return list(self.data.keys())

    def _get(self, key: str, required: bool) -> Any:
        self._read.add(key)
        if key not in self.data:
            if required:
                # a misspelt required key is reported here, before done() could name it as unknown
                import difflib  # here: only a file with a mistake needs it

                near = difflib.get_close_matches(key, [k for k in self.data if isinstance(k, str)], n=1, cutoff=0.6)
                hint = Message.of("error.toml.found_near", found=near[0], key=key) if near else ""
                raise self.error(key, Message.of("error.toml.missing_key", hint=hint))
            return _MISSING
        return self.data[key]

    # -- typed getters --------------------------------------------------------------------------
    def str(self, key: str, default: Any = _MISSING) -> Any:
        v = self._get(key, default is _MISSING)
        if v is _MISSING:
            return default
        if not isinstance(v, str):
            raise self.error(key, Message.of("error.toml.expected_string", got=_type_name(v)))
        return self._text(key, v)

    def _text(self, key: str, v: str) -> str:
        _check_length(self, key, v)
        # TOML lets "\u0000" through as an escape; a NUL or another control character in a name or
        # a description is a paste accident, and would reach reports, forms and file names
        bad = _CONTROL.search(v)
        if bad:
            raise self.error(key, Message.of("error.toml.control_character", code=f"U+{ord(bad[0]):04X}",
                                             at=bad.start() + 1))
        return v

    def decimal(self, key: str, default: Any = _MISSING, *, minimum: Decimal | None = None,
                maximum: Decimal | None = None, places: int | None = None) -> Any:
        v = self._get(key, default is _MISSING)
        if v is _MISSING:
            return default
        try:
            d = parse_decimal(v)
        except ValueError as exc:
            raise self.error(key, reason(exc)) from None
        if minimum is not None and d < minimum:
            raise self.error(key, Message.of("error.toml.below_minimum", value=d, minimum=minimum))
        if maximum is not None and d > maximum:
            raise self.error(key, Message.of("error.toml.above_maximum", value=d, maximum=maximum))
        if places is not None and d != d.quantize(Decimal(1).scaleb(-places)):  # 1.100 is 1.10
            raise self.error(key, Message.of("error.toml.too_many_places", value=v, places=places))
        return d

    def int(self, key: str, default: Any = _MISSING, *, minimum: int | None = 0) -> Any:
        v = self._get(key, default is _MISSING)
        if v is _MISSING:
            return default
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.error(key, Message.of("error.toml.expected_whole_number", got=_type_name(v)))
        if minimum is not None and v < minimum:
            raise self.error(key, Message.of("error.toml.below_minimum", value=v, minimum=minimum))
        return v

    def bool(self, key: str, default: Any = _MISSING) -> Any:
        v = self._get(key, default is _MISSING)
        if v is _MISSING:
            return default
        if not isinstance(v, bool):
            raise self.error(key, Message.of("error.toml.expected_bool", got=_type_name(v)))
        return v

    def date(self, key: str, default: Any = _MISSING) -> Any:
        v = self._get(key, default is _MISSING)
        if v is _MISSING:
            return default
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v)
            except ValueError:
                pass
        raise self.error(key, Message.of("error.toml.expected_date", value=repr(v)))

    def strs(self, key: str, default: Any = _MISSING) -> Any:
        v = self._get(key, default is _MISSING)
        if v is _MISSING:
            return default
        if isinstance(v, str):
            return (self._text(key, v),)
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self.error(key, Message.of("error.toml.expected_strings"))
        return tuple(self._text(f"{key}[{i}]", x) for i, x in enumerate(v))

    def choice(self, key: str, allowed: Iterable[str] | type[Enum], default: Any = _MISSING) -> Any:
        """One of `allowed`: a tuple of strings, or a StrEnum whose member is returned."""
        kind = allowed if isinstance(allowed, type) and issubclass(allowed, Enum) else None
        names = tuple(m.value for m in kind) if kind else tuple(allowed)  # type: ignore[union-attr]
        v = self.str(key, default)
        if v is default:
            return default
        if v not in names:
            raise self.error(key, Message.of("error.toml.not_one_of", value=v, allowed=joined(*names, zh="、", en=", "),
                                             hint=_suggest(v, names)))
        return kind(v) if kind else v

    def raw(self, key: str, default: Any = _MISSING) -> Any:
        v = self._get(key, default is _MISSING)
        return default if v is _MISSING else v

    # -- nesting --------------------------------------------------------------------------------
    def child(self, data: Mapping[str, Any], path: str) -> "Node":
        return Node(data, self.file, path, self.options, self.option_ids, self.allow_when, self.allowed, self.whens)

    def table(self, key: str, default: Any = _MISSING) -> Any:
        v = self._get(key, default is _MISSING)
        if v is _MISSING:
            return default
        if not isinstance(v, Mapping):
            raise self.error(key, Message.of("error.toml.expected_table", got=_type_name(v)))
        return self.child(v, self.key_path(key))

    def tables(self, key: str) -> list["Node"]:
        """An array of tables, keeping only entries whose `when` matches the selected options."""
        v = self._get(key, False)
        if v is _MISSING:
            return []
        if not isinstance(v, list) or not all(isinstance(x, Mapping) for x in v):
            raise self.error(key, Message.of("error.toml.expected_tables"))
        out = []
        for i, entry in enumerate(v):
            node = self.child(entry, f"{self.key_path(key)}[{i}]")
            if not self.allow_when or node.applies():
                out.append(node)
        return out

    def applies(self) -> bool:
        """False when this entry's `when = "option=value"` does not match the selected options."""
        when = self.str("when", None)
        if when is None:
            return True
        opt, sep, value = when.partition("=")
        opt, value = opt.strip(), value.strip()
        if not sep or not opt:
            raise self.error("when", Message.of("error.toml.when_form", value=when))
        if self.option_ids is not None and opt not in self.option_ids:
            raise self.error("when", Message.of("error.toml.unknown_option", option=opt,
                                                hint=_suggest(opt, self.option_ids)))
        if self.allowed is not None and opt in self.allowed and value not in self.allowed[opt]:
            raise self.error("when", Message.of("error.toml.when_value", option=opt, value=value,
                                                allowed=joined(*self.allowed[opt], zh="、", en=", ")))
        if self.whens is not None:
            self.whens.setdefault((opt, value), dict(self.options))
        return self.options.get(opt) == value

    def items_of(self) -> list[tuple[str, Any]]:
        """All key/value pairs, marking them read (for free-form tables such as [facts])."""
        self._read.update(self.data.keys())
        return list(self.data.items())

    def done(self) -> None:
        """Refuse keys nobody read, naming the nearest valid key."""
        for key in self.data:
            if key not in self._read:
                raise self.error(key, Message.of("error.toml.unknown_key", hint=_suggest(key, self._read)))


def _check_length(node: Node, key: str, value: str) -> None:
    """A text value is at most MAX_TEXT_CHARS characters (jingban.limits)."""
    if len(value) > MAX_TEXT_CHARS:
        raise node.error(key, Message.of("error.toml.text_too_long", length=len(value), limit=MAX_TEXT_CHARS))


def _suggest(word: str, candidates: Iterable[str]) -> Any:
    import difflib  # here: only a mistake needs it

    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return Message.of("error.suggest", word=close[0]) if close else ""


def suggest(word: str, candidates: Iterable[str]) -> Any:
    """The nearest candidate as a message (' (did you mean 'x'?)', '（是否想写“x”？）'), or '';
    a parameter of the error's message (``hint=suggest(...)``), never glued to a string."""
    return _suggest(word, candidates)


def _type_name(v: Any) -> Any:
    """What a TOML value is, as a message ("the number 5", "数字 5") for "expected ..., got ..."."""
    if isinstance(v, bool):
        return Message.of("error.toml.type.bool")
    if isinstance(v, Mapping):
        return Message.of("error.toml.type.table")
    if isinstance(v, list):
        return Message.of("error.toml.type.list")
    if isinstance(v, float):
        return Message.of("error.toml.type.float", value=v)
    if isinstance(v, int):
        return Message.of("error.toml.type.number", value=v)
    if isinstance(v, str):
        return Message.of("error.toml.type.string", value=v)
    if isinstance(v, (dt.date, dt.datetime)):
        return Message.of("error.toml.type.date", value=v)
    if isinstance(v, dt.time):
        return Message.of("error.toml.type.time", value=v)
    return type(v).__name__  # not a TOML value: a plugin handed the reader a Python object
