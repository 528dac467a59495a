"""The entry points of one group, read from the installed distributions' metadata.

`importlib.metadata.entry_points(group=...)` answers the same question, but importing it (it brings
the email parser, zipfile, csv and more) takes longer than the rest of an assessment's start-up.
In the common case every distribution on `sys.path` is a `<name>-<version>.dist-info` (or
`.egg-info`) directory in a directory of `sys.path`, with its entry points in `entry_points.txt`;
that case is read here directly, in the order importlib.metadata reads it (path by path, the first
distribution of a name winning), with the same parsing. Anything else — a zip or an egg on
`sys.path`, a finder of distributions other than the standard path finder — is left to
importlib.metadata, so the answer is the same either way (tests/test_startup.py compares them).
"""

from __future__ import annotations

import functools
import importlib
import importlib.machinery
import os
import re
import sys

# importlib.metadata's own syntax of an entry point's value (EntryPoint.pattern)
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
_INFO = (".dist-info", ".egg-info")


class Distribution:
    """The name and version of an installed distribution, from its METADATA (or PKG-INFO) header."""

    __slots__ = ("name", "version")

    def __init__(self, info_dir: str) -> None:
        self.name: str | None = None
        self.version: str | None = None
        for fname in ("METADATA", "PKG-INFO"):
            text = _read(os.path.join(info_dir, fname))
            if text:
                self.name, self.version = _header(text, "name"), _header(text, "version")
                return


class EntryPoint:
    """One entry point: `name = module[:attr]` in a group of a distribution's entry_points.txt."""

    __slots__ = ("name", "value", "group", "dist")

    def __init__(self, name: str, value: str, group: str, dist: Distribution) -> None:
        self.name, self.value, self.group, self.dist = name, value, group, dist

    def load(self):
        """The module the value names, or the attribute of it after the colon (as importlib.metadata)."""
        match = _VALUE.match(self.value)
        module = importlib.import_module(match.group("module"))
        return functools.reduce(getattr, filter(None, (match.group("attr") or "").split(".")), module)


def entry_points(group: str) -> list:
    """Every entry point of `group`, as importlib.metadata.entry_points(group=group) lists them."""
    found = _scan(group)
    if found is None:
        import importlib.metadata as md

        return list(md.entry_points(group=group))
    return found


def _scan(group: str) -> list[EntryPoint] | None:
    """The entry points read directly, or None when importlib.metadata must look."""
    finders = [f for f in sys.meta_path if getattr(f, "find_distributions", None) is not None]
    if finders != [importlib.machinery.PathFinder]:
        return None  # another finder may know distributions that no directory holds
    out: list[EntryPoint] = []
    seen: set[str] = set()
    for entry in sys.path:
        root = entry or "."
        if root.lower().endswith(".egg"):
            return None
        try:
            children = os.listdir(root)
        except NotADirectoryError:
            return None  # a zip file: importlib.metadata reads inside it
        except OSError:
            continue  # a directory that is not there holds nothing
        for child in children:
            low = child.lower()
            if not low.endswith(_INFO):
                continue
            name = _normalize(low.rpartition(".")[0].partition("-")[0])
            if name in seen:  # the first distribution of a name on sys.path is the one installed
                continue
            seen.add(name)
            info = os.path.join(root, child)
            text = _read(os.path.join(info, "entry_points.txt"))
            if text:
                pairs = list(_pairs(text, group))
                if pairs:
                    dist = Distribution(info)
                    out.extend(EntryPoint(n, v, group, dist) for n, v in pairs)
    return out


def _normalize(name: str) -> str:
    """PEP 503 normalisation with underscores, as importlib.metadata.Prepared.normalize."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None


def _pairs(text: str, group: str):
    """(name, value) of the group's section, parsed as importlib.metadata.Sectioned does."""
    section = None
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
        elif section == group:
            name, _, value = line.partition("=")
            yield name.strip(), value.strip()


def _header(text: str, key: str) -> str | None:
    """The first header field `key` (case-insensitive) of an RFC 822 style metadata file."""
    for line in text.splitlines():
        if not line:
            break  # the body (the long description) begins
        if line[0] in " \t":
            continue  # a folded continuation of the previous field
        field, sep, value = line.partition(":")
        if sep and field.strip().lower() == key:
            return value.lstrip(" \t").rstrip("\r\n")
    return None
