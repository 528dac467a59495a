"""The plain structure of an evidence (what a TOML file parses to) written as TOML text, for
`assess convert FILE.xlsx -o FILE.toml`: decimals stay the strings they are, dates TOML dates,
tables after the keys of their parent, arrays of tables as [[...]]."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..messages import say

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def toml_text(data: dict[str, Any], comment: Any = None, lang: str = "zh") -> str:
    out: list[str] = [f"# {say(comment, lang)}"] if comment is not None else []
    _table(out, data, ())
    return "\n".join(out).strip("\n") + "\n"


def _key(k: str) -> str:
    return k if _BARE.fullmatch(k) else _string(k)


def _string(s: str) -> str:
    body = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    body = "".join(c if ord(c) >= 0x20 and c != "\x7f" else f"\\u{ord(c):04x}" for c in body)
    return f'"{body}"'


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return _string(str(v))


def _is_tables(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _table(out: list[str], t: dict[str, Any], path: tuple[str, ...]) -> None:
    for k, v in t.items():
        if not isinstance(v, dict) and not _is_tables(v):
            out.append(f"{_key(k)} = {_value(v)}")
    for k, v in t.items():
        name = ".".join(_key(x) for x in path + (k,))
        if isinstance(v, dict):
            out += ["", f"[{name}]"]
            _table(out, v, path + (k,))
        elif _is_tables(v):
            for row in v:
                out += ["", f"[[{name}]]"]
                _table(out, row, path + (k,))
