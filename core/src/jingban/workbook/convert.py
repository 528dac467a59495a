"""`assess convert`: one evidence from TOML to the workbook and back, checked equal both ways.

The converted file is read back before it is written, and the two evidences compared as records
(`same_evidence`): a file whose evidence the other form could not hold is refused, never written
with something missing. Paths the evidence names (agreement, ledgers, included fact files) are
relative to the evidence file, so they are rewritten relative to where the converted file goes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs

from ..errors import InputError
from ..messages import Message


def canonical(ev):
    """The evidence as a record with what the form of the file cannot carry left out: the file's
    name, digest, folder and cells, and the order of keyed entries (inspected items, facts, ratings,
    scores, answers), which the result never depends on."""
    from ..shapes import ById

    def keyed(record):
        return attrs.evolve(record, entries=tuple(sorted(record.entries, key=lambda e: e[0]))) \
            if isinstance(record, ById) else record

    def where(rel: str | None) -> str | None:  # a path the evidence names, wherever the file is
        return None if rel is None else str((Path(ev.base_dir) / rel).resolve())

    return attrs.evolve(ev, file="", sha256="", cells=(), base_dir="", inspected=tuple(sorted(ev.inspected)),
                        agreement=where(ev.agreement), ledgers=where(ev.ledgers),
                        facts=tuple(sorted(ev.facts, key=lambda f: f.name)),
                        # facts outside the catalog (a region's own), as read, whichever file held them
                        own_facts=tuple(sorted((attrs.evolve(o, file="") for o in ev.own_facts), key=lambda o: o.name)),
                        sections=tuple(sorted(((k, keyed(r)) for k, r in ev.sections), key=lambda e: e[0])))


def difference(a, b) -> str | None:
    """The first field in which two evidences differ (canonically), None when they are the same."""
    ca, cb = canonical(a), canonical(b)
    for f in attrs.fields(type(ca)):
        if getattr(ca, f.name) != getattr(cb, f.name):
            return f.name
    return None


def _rebase(data: dict[str, Any], src: Path, dst: Path) -> None:
    """Relative paths of `data`, written relative to `src`'s folder, made relative to `dst`'s."""
    a, b = src.parent.resolve(), dst.parent.resolve()
    if a == b:
        return

    def move(p: str) -> str:
        if os.path.isabs(p):
            return p
        return Path(os.path.relpath(a / p, b)).as_posix()

    for key in ("agreement", "ledgers"):
        if isinstance(data.get(key), str):
            data[key] = move(data[key])
    if isinstance(data.get("include"), list):
        data["include"] = [move(p) if isinstance(p, str) else p for p in data["include"]]


def _scores_grouped(data: dict[str, Any]) -> None:
    """`"city:D1.1" = "92"` at the top of [scores] is the leaf [scores.city] "D1.1": the workbook's
    row of the leaf reads one spelling (the template's, grouped)."""
    scores = data.get("scores")
    if not isinstance(scores, dict):
        return
    for key in [k for k, v in scores.items() if ":" in k and not isinstance(v, dict)]:
        group, leaf = key.split(":", 1)
        scores.setdefault(group, {})[leaf] = scores.pop(key)


def toml_to_workbook(src: Path, dst: Path, lang: str, region: str | None, agreement: Path | None) -> bytes:
    from ..api import registry
    from ..engine import check_evidence, ruleset_for
    from ..evidence import load_evidence
    from ..tomlread import load_toml
    from .layout import layout_for
    from .read import Book, located
    from .write import render_workbook

    ev = load_evidence(src)
    region = region or ev.region
    if not region:
        raise InputError(str(src), "--region", Message.of("error.cli.no_region"))
    reg = registry()
    loaded = reg.load(region)
    rs = ruleset_for(reg, region, {}, ev, agreement)
    check_evidence(rs, ev, ev.region is not None and ev.region != region)
    data = load_toml(src)
    data["region"] = region
    _scores_grouped(data)
    _rebase(data, src, dst)
    if agreement is not None and "agreement" not in data:
        data["agreement"] = Path(os.path.relpath(agreement.resolve(), dst.parent.resolve())).as_posix()
    layout = layout_for(rs, lang, needs_agreement=loaded.spec.needs_agreement, present=frozenset(data))
    # the facts the file states first, in its order: the result lists them in the evidence's order
    stated = list(data.get("facts", {}))
    layout = attrs.evolve(layout, facts=tuple(sorted(layout.facts, key=lambda f: (
        stated.index(f[0]) if f[0] in stated else len(stated)))))
    raw = render_workbook(layout, data)
    book = Book(str(dst), raw)
    plain, where = book.plain(agreement)
    from ..evidence import read_plain

    try:
        back = read_plain(plain, str(dst), raw, str(dst.parent))
    except InputError as exc:
        raise located(exc, str(dst), where) from None
    _same(ev, back, src)
    return raw


def workbook_to_toml(src: Path, dst: Path, agreement: Path | None) -> str:
    from ..evidence import load_evidence, parse_evidence
    from .read import plain_of
    from .totoml import toml_text

    ev = load_evidence(src, agreement)
    data, _, _ = plain_of(src, agreement)
    _rebase(data, src, dst)
    text = toml_text(data, Message.of("form.workbook.converted_from", file=src.name))
    _same(ev, parse_evidence(text, str(dst), str(dst.parent)), src)
    return text


def _same(a, b, src: Path) -> None:
    what = difference(a, b)
    if what is not None:
        raise InputError(str(src), None, Message.of("error.workbook.convert_lossy", what=what))
