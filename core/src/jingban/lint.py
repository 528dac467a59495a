"""`assess rules lint`: every problem of a rules file at once, one line each (docs/writing-a-region.md).

The reader (`rulesfile.load_rules`) refuses a rules file at its first problem, which is right for
an assessment and slow for an integrator writing one. The lint reads the file as plain TOML and
checks it generically, over whatever tables it holds (so a shape added later is checked without
changes here), once under each reading its options select:

- grade and settlement bands cover [0, max + bonus cap] with no gap, overlap or empty band;
- the weights of every array of tables that carries weights add up to 1 (every level of a tree);
- every number is cited: its table, or a table around it, has a `citation` (the `[region]`
  table's numbers are its document's);
- ids are unique among the entries of one array, and items' and clauses' in the whole file;
- what is declared is used (a consequence, a category, an option) and no key is written where it
  takes no effect (a `reference` beside a flat `rate`, ...);

then loads the file under every value of every option with the reader itself, which adds its
refusals (an unknown key, each one, a wrong type, a fact outside the catalog, ...) as problems.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import attrs

from .errors import InputError
from .messages import Message, joined, say

# options the core reads by id (besides `when`): rulesfile.read_settlement (partial_step),
# read_ledger_rules (rest_day_submission), scoring.findings (same_issue_item), ledgers.collect
# (same_issue_rows)
CORE_SWITCHES = frozenset({"partial_step", "rest_day_submission", "same_issue_item", "same_issue_rows"})
# keys whose value is a name, a label or a date, never a number of the rules, though it may be
# written in digits (an item id "2", a rules version "2024.1")
_NOT_NUMBERS = re.compile(r"(^|_)(id|ids|zh|en|when|category|group|parent|rules_version|version|key|shape|fact|"
                          r"dimension|consequence|consequences|products|product|common|per|op|rows|kind)$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?(/\d+)?$")
# the reader's refusals the generic checks make in more detail (all of them, not the first)
_CHECKED = frozenset({"error.rules.duplicate_item", "error.rules.duplicate_clause", "error.rules.band_gap",
                      "error.rules.band_below", "error.rules.band_above", "error.rules.weights_sum"})
_MAX_UNKNOWN_KEYS = 100  # the reader is asked again after each unknown key; a file of only typos stops here


@attrs.frozen
class Problem:
    """One problem of a rules file: the file, the key path (as the reader writes it) and what is wrong;
    `reading` is the option reading it appears under when the file's own choices do not show it."""

    file: str = attrs.field(validator=attrs.validators.instance_of(str))
    where: Any
    message: Any
    reading: tuple[str, str] | None = None

    def line(self, lang: str = "en") -> str:
        text = InputError(self.file, self.where, self.message).line(lang)
        if self.reading is not None:
            text += say(Message.of("error.rules.under_option", option=self.reading[0], value=self.reading[1]), lang)
        return text


@attrs.frozen
class Table:
    """A table of the file as one reading keeps it, with its key path ("items[3].clauses[0]")."""

    path: str
    kind: str  # the path without indices ("items.clauses"): entries of one kind share an id space
    data: Mapping[str, Any]
    cited: bool  # it, or a table around it, has a citation


# ---------------------------------------------------------------- readings and tables


def readings(data: Mapping[str, Any]) -> list[tuple[dict[str, str], tuple[str, str] | None]]:
    """The file's own choices, then each other value of each option: (selected, the reading named)."""
    options = [o for o in data.get("options", ()) if isinstance(o, Mapping) and isinstance(o.get("id"), str)]
    base = {o["id"]: o.get("value") for o in options}
    out: list[tuple[dict[str, str], tuple[str, str] | None]] = [(base, None)]
    for o in options:
        for value in o.get("allowed", ()) or ():
            if value != base[o["id"]]:
                out.append(({**base, o["id"]: value}, (o["id"], value)))
    return out


def _kept(entry: Mapping[str, Any], selected: Mapping[str, str]) -> bool:
    when = entry.get("when")
    if not isinstance(when, str) or "=" not in when:
        return True  # no `when`, or a malformed one the reader refuses
    opt, _, value = when.partition("=")
    return selected.get(opt.strip()) == value.strip()


def tables(data: Mapping[str, Any], selected: Mapping[str, str] | None) -> list[Table]:
    """Every table of the file the reading keeps (entries of arrays whose `when` selects another
    value are left out; all of them for `selected=None`), outermost first; citation tables
    themselves are not listed."""
    out: list[Table] = []

    def walk(table: Mapping[str, Any], path: str, kind: str, cited: bool) -> None:
        cited = cited or isinstance(table.get("citation"), Mapping) or path == "region"
        out.append(Table(path=path, kind=kind, data=table, cited=cited))
        for key, value in table.items():
            if key == "citation" or not isinstance(key, str):
                continue
            sub = f"{path}.{key}" if path else key
            subkind = f"{kind}.{key}" if kind else key
            if isinstance(value, Mapping):
                walk(value, sub, subkind, cited)
            elif isinstance(value, list) and value and all(isinstance(x, Mapping) for x in value):
                for i, entry in enumerate(value):
                    if selected is None or _kept(entry, selected):
                        walk(entry, f"{sub}[{i}]", subkind, cited)

    walk(data, "", "", False)
    return out


def arrays(data: Mapping[str, Any], selected: Mapping[str, str]) -> Iterator[tuple[str, list[tuple[int, Mapping]]]]:
    """Every array of tables of the reading, as (key path, [(index, entry) kept])."""
    for t in tables(data, selected):
        for key, value in t.data.items():
            if key != "citation" and isinstance(value, list) and value and all(isinstance(x, Mapping) for x in value):
                kept = [(i, e) for i, e in enumerate(value) if _kept(e, selected)]
                yield (f"{t.path}.{key}" if t.path else key), kept


def _dec(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


# ---------------------------------------------------------------- the checks


def check_bands(file: str, data: Mapping[str, Any], top: Decimal | None) -> list[Problem]:
    """Grades and settlement bands, each [min, max): together they cover 0 to `top` once."""
    out: list[Problem] = []
    settlement = data.get("settlement") if isinstance(data.get("settlement"), Mapping) else {}
    for where, bands in (("grades", data.get("grades")), ("settlement.bands", settlement.get("bands"))):
        if not isinstance(bands, list) or not bands:
            continue
        bounds = [(_dec(b.get("min")), _dec(b.get("max"))) for b in bands if isinstance(b, Mapping)]
        for i, (lo, hi) in enumerate(bounds):
            if lo is not None and hi is not None and lo >= hi:
                out.append(Problem(file, f"{where}[{i}]", Message.of("error.lint.band_empty", band=_shown((lo, hi)))))
        ordered = sorted((b for b in bounds if not (b[0] is not None and b[1] is not None and b[0] >= b[1])),
                         key=lambda b: b[0] if b[0] is not None else Decimal("-Infinity"))
        if not ordered:
            continue
        if ordered[0][0] is not None and ordered[0][0] > 0:
            out.append(Problem(file, where, Message.of("error.rules.band_below", score=ordered[0][0])))
        for a, b in zip(ordered, ordered[1:]):
            if a[1] is not None and b[0] is not None and a[1] < b[0]:
                out.append(Problem(file, where, Message.of("error.lint.band_gap", low=a[1], high=b[0])))
            elif a[1] is None or b[0] is None or a[1] > b[0]:
                out.append(Problem(file, where, Message.of("error.lint.band_overlap", a=_shown(a), b=_shown(b))))
        last = max((b[1] for b in ordered), key=lambda x: x if x is not None else Decimal("Infinity"))
        if top is not None and last is not None and last <= top:
            out.append(Problem(file, where, Message.of("error.rules.band_above", score=last, top=top)))
    return out


def _shown(band: tuple[Decimal | None, Decimal | None]) -> str:
    return ", ".join(f"{k} = {format(v, 'f')}" for k, v in zip(("min", "max"), band) if v is not None) or "—"


def check_weights(file: str, data: Mapping[str, Any], selected: Mapping[str, str]) -> list[Problem]:
    """Entries of one array that carry weights are the parts of one whole: their weights add up to 1."""
    out: list[Problem] = []
    for path, entries in arrays(data, selected):
        weighted = [(i, e) for i, e in entries if "weight" in e]
        if not weighted:
            continue
        for i, e in entries:
            if "weight" not in e:
                out.append(Problem(file, f"{path}[{i}]", Message.of("error.lint.weight_missing")))
        weights = [_dec(e["weight"]) for _, e in weighted]
        if all(w is not None for w in weights):
            total = sum(weights, Decimal(0))  # type: ignore[arg-type]
            if total != 1:
                out.append(Problem(file, path, Message.of("error.rules.weights_sum", total=total)))
    return out


def check_citations(file: str, data: Mapping[str, Any], selected: Mapping[str, str]) -> list[Problem]:
    """Every number of the rules comes with where it is written."""
    out: list[Problem] = []
    for t in tables(data, selected):
        if t.cited or t.path == "":
            continue
        for key, value in t.data.items():
            if _is_number(key, value):
                where = f"{t.path}.{key}"
                out.append(Problem(file, where, Message.of("error.lint.not_cited", key=key, value=_raw(value))))
    return out


def _is_number(key: Any, value: Any) -> bool:
    if not isinstance(key, str) or _NOT_NUMBERS.search(key) or key in ("title", "note", "description"):
        return False
    if isinstance(value, list):
        return any(_is_number(key, v) for v in value)
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(_NUMBER.match(value.strip()))


def _raw(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def check_ids(file: str, data: Mapping[str, Any], selected: Mapping[str, str]) -> list[Problem]:
    """Ids are unique among the entries of one array, and items' and clauses' in the whole file
    (a finding names a clause by its id alone: rules-format.md)."""
    out: list[Problem] = []
    first: dict[tuple[str, str], str] = {}
    for t in tables(data, selected):
        ident = t.data.get("id")
        if not isinstance(ident, str) or not t.kind:
            continue
        if t.kind == "items" or t.kind.endswith(".clauses"):
            space = "clauses" if t.kind.endswith(".clauses") else "items"
        else:  # the entries of this array only (a rating scale's levels repeat from item to item)
            space = re.sub(r"\[\d+\]$", "", t.path)
        seen = first.setdefault((space, ident), t.path)
        if seen != t.path:
            out.append(Problem(file, f"{t.path}.id", Message.of("error.lint.duplicate_id", id=ident, first=seen)))
    return out


def check_unused(file: str, data: Mapping[str, Any], selected: Mapping[str, str],
                 also: tuple[Mapping[str, Any], ...] = (), catalog: bool = False) -> list[Problem]:
    """What is declared is used, and no key is written where it has no effect. `also`: the other
    files of the rule set (an agreement), whose references count. With `catalog`, the file's
    consequences are a catalog another file (the agreement) picks from, not each one used."""
    out: list[Problem] = []
    every = [t for d in (data, *also) for t in tables(d, selected)]
    # an option is used by any entry's `when`, whichever reading keeps the entry
    whens = {t.data["when"].partition("=")[0].strip() for d in (data, *also) for t in tables(d, None)
             if isinstance(t.data.get("when"), str)}
    named: dict[str, set[str]] = {"consequence": set(), "category": set()}
    for t in every:
        for key, value in t.data.items():
            if not isinstance(key, str):
                continue
            for what in named:
                if key == what or key.endswith("_" + what) or key in (what + "s",) or key.endswith("_" + what + "s"):
                    named[what].update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
            if key == "parent" and isinstance(value, str):
                named["category"].add(value)
    for i, e in _entries(data, "consequences", selected) if not catalog else ():
        if isinstance(e.get("id"), str) and e["id"] not in named["consequence"]:
            out.append(Problem(file, f"consequences[{i}]", Message.of("error.lint.unused_consequence", id=e["id"])))
    for i, e in _entries(data, "categories", selected):
        if isinstance(e.get("id"), str) and e["id"] not in named["category"]:
            out.append(Problem(file, f"categories[{i}]", Message.of("error.lint.unused_category", id=e["id"])))
    if "region" in data:  # a rules file's options (an agreement's are its rules file's)
        for i, e in _entries(data, "options", selected):
            oid = e.get("id")
            if isinstance(oid, str) and oid not in whens and oid not in CORE_SWITCHES:
                out.append(Problem(file, f"options[{i}]", Message.of("error.lint.unused_option", id=oid)))
    # a fact of the region's own is read by some rule: any value naming it (fact, numerator, ...)
    own = _entries(data, "facts", selected)
    if own:
        values = {v for t in every if t.kind != "facts" for v in _strings(t.data)}
        for i, e in own:
            if isinstance(e.get("name"), str) and e["name"] not in values:
                out.append(Problem(file, f"facts[{i}]", Message.of("error.lint.unused_fact", name=e["name"])))
    out.extend(_without_effect(file, data, selected))
    return out


def _strings(table: Mapping[str, Any]) -> Iterator[str]:
    """The string values of a table's own keys, lists included (not its sub-tables)."""
    for value in table.values():
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str):
                yield v


def _entries(data: Mapping[str, Any], key: str, selected: Mapping[str, str]) -> list[tuple[int, Mapping]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, e) for i, e in enumerate(value) if isinstance(e, Mapping) and _kept(e, selected)]


def _without_effect(file: str, data: Mapping[str, Any], selected: Mapping[str, str]) -> list[Problem]:
    out: list[Problem] = []
    for t in tables(data, selected):
        if t.kind == "settlement.bands" and "rate" in t.data:
            for key in ("reference", "base_rate", "rate_per_step"):
                if key in t.data:
                    out.append(Problem(file, f"{t.path}.{key}", Message.of("error.lint.no_effect_flat_rate")))
        if t.kind.endswith("clauses") and "minimum" in t.data and t.data.get("per") != "unit_below":
            out.append(Problem(file, f"{t.path}.minimum", Message.of("error.lint.no_effect_minimum")))
        if t.kind == "settlement" and t.data.get("kind") == "none":
            for key in ("withheld_rate", "bands", "step", "partial_step", "returned_to_fund", "proration"):
                if key in t.data:
                    out.append(Problem(file, f"{t.path}.{key}", Message.of("error.lint.no_effect_no_settlement")))
    return out


# ---------------------------------------------------------------- the reader's own refusals


def reader_problems(file: str, data: Mapping[str, Any], options: Mapping[str, str],
                    load: Callable[[Mapping[str, Any], Mapping[str, str]], object]) -> list[Problem]:
    """Load the file's data under `options` with `load`; an unknown key is taken out and the file
    loaded again, so each one is a problem; any other refusal is one problem and ends the reading."""
    work = copy.deepcopy(dict(data))
    out: list[Problem] = []
    for _ in range(_MAX_UNKNOWN_KEYS):
        try:
            load(work, options)
            return out
        except InputError as exc:
            out.append(Problem(exc.file or file, exc.where, exc.message))
            if not (isinstance(exc.message, Message) and exc.message.id == "error.toml.unknown_key"
                    and isinstance(exc.where, str) and _remove(work, exc.where)):
                return out
    return out


def _remove(data: dict, path: str) -> bool:
    """Delete the key at a reader's key path ("items[3].clauses[0].pionts"); False if not found."""
    node: Any = data
    steps = [s for s in re.split(r"\.(?![^\[]*\])", path) if s]
    for step in steps[:-1]:
        m = re.fullmatch(r"(.+?)((?:\[\d+\])*)", step)
        if m is None or not isinstance(node, Mapping) or m.group(1) not in node:
            return False
        node = node[m.group(1)]
        for idx in re.findall(r"\[(\d+)\]", m.group(2)):
            if not isinstance(node, list) or int(idx) >= len(node):
                return False
            node = node[int(idx)]
    if not isinstance(node, dict) or steps[-1] not in node:
        return False
    del node[steps[-1]]
    return True


# ---------------------------------------------------------------- one file


def lint_data(file: str, data: Mapping[str, Any], *, load: Callable | None = None,
              also: tuple[Mapping[str, Any], ...] = (), top: Decimal | None = None,
              catalog: bool = False) -> list[Problem]:
    """Every problem of one file's data, each once: the generic checks under each reading, then the
    reader's refusals (`load(data, options)`) under each option value, less those the checks name."""
    region = data.get("region") if isinstance(data.get("region"), Mapping) else {}
    if top is None and _dec(region.get("max")) is not None:
        bonus = data.get("bonus") if isinstance(data.get("bonus"), Mapping) else {}
        top = _dec(region.get("max")) + (_dec(bonus.get("cap")) or Decimal(0))  # type: ignore[operator]
    found: list[Problem] = []
    seen: set[str] = set()

    def add(p: Problem, reading) -> None:
        """Once: a problem of the file's own reading is not repeated under another reading."""
        plain = p.line("en")
        p = attrs.evolve(p, reading=reading) if reading is not None else p
        full = p.line("en")
        if plain not in seen and full not in seen:
            seen.update((plain, full))
            found.append(p)

    for selected, reading in readings(data):
        checks = (check_bands(file, _kept_data(data, selected), top) + check_weights(file, data, selected)
                  + check_citations(file, data, selected) + check_ids(file, data, selected)
                  + check_unused(file, data, selected, also, catalog))
        for p in checks:
            add(p, reading)
    if load is not None:
        named = [str(p.where) for p in found]
        for selected, reading in readings(data):
            for p in reader_problems(file, data, dict(reading and [reading] or []), load):
                where = p.where if isinstance(p.where, str) else ""
                said = where and any(_related(where, n) for n in named)
                if said or (named and isinstance(p.message, Message) and p.message.id in _CHECKED):
                    continue  # the generic checks said it already, in more detail
                add(p, reading)
    return found


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or a.startswith(b + "[") or b.startswith(a + ".") or b.startswith(a + "[")


def _kept_data(data: Mapping[str, Any], selected: Mapping[str, str]) -> Mapping[str, Any]:
    """The file's top tables with the entries of `grades` and `settlement.bands` the reading keeps."""
    out = dict(data)
    if isinstance(data.get("grades"), list):
        out["grades"] = [e for e in data["grades"] if not isinstance(e, Mapping) or _kept(e, selected)]
    s = data.get("settlement")
    if isinstance(s, Mapping) and isinstance(s.get("bands"), list):
        out["settlement"] = {**s, "bands": [e for e in s["bands"] if not isinstance(e, Mapping) or _kept(e, selected)]}
    return out


def lint_rules_file(path: Path | str, *, agreement: Path | str | None = None,
                    ruleset: Callable[[Mapping[str, str]], object] | None = None) -> list[Problem]:
    """Every problem of a region's rules file (and of the agreement it is joined with): the checks,
    the core reader's refusals, and with `ruleset(options)` (the region's own rule-set hook) those
    of the rule set the region builds, under each option value."""
    from .rulesfile import load_rules_data
    from .tomlread import load_toml

    file = str(path)
    data = load_toml(path)
    extra: list[tuple[str, Mapping[str, Any]]] = []
    if agreement is not None:
        extra.append((str(agreement), load_toml(agreement)))
    # joined with an agreement, the rules file's consequences are the catalog the agreement picks from
    problems = lint_data(file, data, load=lambda d, o: load_rules_data(d, file, o),
                         also=tuple(d for _, d in extra), catalog=bool(extra))
    region = data.get("region") if isinstance(data.get("region"), Mapping) else {}
    top = _dec(region.get("max"))
    for afile, adata in extra:
        # an agreement's own entries: its references are the rule set's, its options the rules file's
        problems += lint_data(afile, {**adata, "options": data.get("options", [])}, also=(data,), top=top)
    if ruleset is not None and not problems:
        for selected, reading in readings(data):
            try:
                ruleset(dict(reading and [reading] or []))
            except InputError as exc:
                problems.append(Problem(exc.file or file, exc.where, exc.message, reading))
    return problems


def clean_line(files: list[str], lang: str) -> str:
    return say(Message.of("lint.clean", files=joined(*files, zh="、", en=", ")), lang)


def lint_region_files(path: str, agreement: Path | None = None) -> tuple[list[Problem], list[str]]:
    """`assess rules lint PATH`: PATH a rules file, or an installed region's id (every rules file
    it ships). The region is loaded first when installed, so the shapes its plugin registers are
    known; a region that needs an agreement is checked joined with `agreement`, through its own
    rule-set hook. Returns the problems and the files checked."""
    from .api import registry
    from .engine import ruleset_for
    from .errors import RegionNotFound
    from .tomlread import load_toml

    reg = registry()
    file = Path(path)
    if file.is_file():
        region = load_toml(file).get("region")
        region_id = region.get("id") if isinstance(region, Mapping) else None
        if isinstance(region_id, str) and region_id in reg.names():
            reg.load(region_id)
        else:
            region_id = None
        files = [file]
    else:
        if path.endswith(".toml") or "/" in path:
            raise InputError(path, None, Message.of("error.lint.no_such_rules"))
        try:
            loaded = reg.load(path)
        except RegionNotFound as exc:
            raise RegionNotFound(None, path, exc.message) from None
        region_id = path
        files = list(rule_files(loaded.spec))
    needs = region_id is not None and reg.load(region_id).spec.needs_agreement
    if needs and agreement is None:
        raise InputError(None, "--agreement", Message.of("error.evidence.needs_agreement", region=region_id))
    if agreement is not None and not needs:
        raise InputError(None, "--agreement", Message.of("error.cli.no_agreement_taken", region=region_id or path))
    problems: list[Problem] = []
    for f in files:
        hook = None
        if needs:
            hook = lambda options: ruleset_for(reg, region_id, options, None, agreement)  # noqa: E731
        problems += lint_rules_file(f, agreement=agreement, ruleset=hook)
    return problems, [str(f) for f in files] + ([str(agreement)] if agreement else [])


def rule_files(spec) -> tuple[Path, ...]:
    """Every rules file a region ships: its current one and its dated versions."""
    return (Path(spec.rules_file), *(Path(p) for p in getattr(spec, "versions", ())))
