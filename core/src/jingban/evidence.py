"""The evidence file (docs/evidence-format.md): what inspectors saw, read strictly into frozen records.

Reading checks shape and types only; whether an id belongs to the region is checked when scoring,
against the region's rule set (`engine.check_evidence`), so the same file can serve `compare`.

`Evidence` holds what every region's evidence has (agency, product, fee, period, inspected items,
findings, facts, bonus claims, fund losses). The top-level keys only some regions use (dimension
ratings, leaf scores, checklist answers, the survey, commitments) are evidence sections
(`jingban.parts.Section`), each read by its own unit and kept in `Evidence.sections`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
from attrs import validators as v

try:
    # CPython's own SHA-256, hashlib's fallback where there is no OpenSSL: importing hashlib loads
    # OpenSSL's libcrypto, 3 ms of every start (docs/performance.md), to hash a few kB of evidence
    # and rules. The digest is the same (tests/test_startup.py).
    from _sha256 import sha256  # Python 3.11
except ImportError:
    try:
        from _sha2 import sha256  # 3.12 on
    except ImportError:
        from hashlib import sha256

from .amounts import MAX_AMOUNT, MONEY_PLACES, ZERO
from .errors import BadValue, InputError, reason
from .facts import FACTS, Fact
from .kinds import FactKind
from .messages import Message
from .tomlread import Node, load_toml, parse_toml, suggest


def optional_text(value: str | None) -> str | None:
    """An optional text left empty is no text: `location = ""` in TOML and an empty cell of the
    workbook are the same evidence (every report prints both as nothing)."""
    return value or None


@attrs.frozen
class Period:
    start: dt.date
    end: dt.date

    def __attrs_post_init__(self):
        if self.end < self.start:
            raise BadValue(Message.of("error.evidence.period_order", start=self.start, end=self.end))

    def days(self) -> int:
        return (self.end - self.start).days + 1


@attrs.frozen
class Finding:
    """Something the inspectors saw, charged against one or more clauses (or items)."""

    id: str
    rules: tuple[str, ...]
    items: tuple[str, ...]
    count: int = attrs.field(validator=v.ge(0))
    description: str
    date: dt.date | None = None
    location: str | None = attrs.field(default=None, converter=optional_text)
    reference: str | None = attrs.field(default=None, converter=optional_text)
    key: str = ""  # where in the evidence file, for messages
    # the ledger rows (claim ids) the finding concerns: counts of claims for other items leave them
    # out, so one claim is deducted once (the same-issue rule; docs/interpretations.md C1)
    claims: tuple[str, ...] = ()


@attrs.frozen
class BonusClaim:
    kind: str
    points: Decimal
    description: str
    date: dt.date | None = None
    key: str = ""


@attrs.frozen
class FundLoss:
    amount: Decimal
    description: str
    reference: str | None = attrs.field(default=None, converter=optional_text)
    date: dt.date | None = None


@attrs.frozen
class OwnFact:
    """A fact the catalog does not have, as the evidence wrote it: the region assessed decides
    (`resolve_own_facts`) whether it is one of its own facts, of which kind, or an unknown name."""

    name: str
    raw: object  # the TOML value: a number, a bool, or the long form's table
    file: str


@attrs.frozen
class Evidence:
    file: str
    sha256: str
    region: str | None
    agency: str
    product: str | None
    fee: Decimal | None
    period: Period | None
    service_period: Period | None
    inspected: tuple[str, ...]
    findings: tuple[Finding, ...]
    facts: tuple[Fact, ...]
    bonus: tuple[BonusClaim, ...]
    fund_losses: tuple[FundLoss, ...]
    sections: tuple[tuple[str, object], ...] = ()  # evidence section key -> its unit's record
    agreement: str | None = None  # path relative to the evidence file
    base_dir: str = "."
    ledgers: str | None = None  # folder of the agency's ledgers, relative to the evidence file
    # an evidence workbook's cells: key path -> "sheet!cell", so an error found while scoring
    # names the cell (`located`); empty for TOML
    cells: tuple[tuple[str, str], ...] = ()

    def located(self, exc: InputError) -> InputError:
        """`exc` naming the workbook cell its key came from (unchanged for a TOML file)."""
        if not self.cells:
            return exc
        from .workbook.read import located

        return located(exc, self.file, dict(self.cells))
    # facts outside the catalog, left to the region assessed: its own facts, or refused
    own_facts: tuple[OwnFact, ...] = ()

    def fact(self, name: str) -> Fact | None:
        return next((f for f in self.facts if f.name == name), None)

    def section(self, key: str):
        """The record an evidence section read (None when the file has no such key)."""
        return dict(self.sections).get(key)

    def agreement_path(self) -> Path | None:
        return None if self.agreement is None else Path(self.base_dir) / self.agreement


def load_evidence(path: Path | str, agreement: Path | None = None, calendar_files: tuple = ()) -> Evidence:
    """The evidence of a TOML file, or of an evidence workbook (.xlsx, docs/evidence-format.md "The
    workbook"); `agreement` (--agreement) lays out a workbook that names none, and a workbook's dates
    must fall in the years of the working-day calendar, with `calendar_files` (--calendar)."""
    p = Path(path)
    from .workbook.sniff import is_workbook  # a few bytes' test; openpyxl is imported only for a workbook

    if is_workbook(p):
        from .workbook.read import load_workbook_evidence

        return load_workbook_evidence(p, agreement, calendar_files)
    data = load_toml(p)
    return _read(data, str(p), p.read_bytes(), str(p.parent))


def read_plain(data: dict, file: str, raw: bytes, base_dir: str) -> Evidence:
    """The evidence of the plain structure a TOML file parses to (a workbook's, `jingban.workbook`)."""
    return _read(data, file, raw, base_dir)


def parse_evidence(text: str, file: str = "<evidence>", base_dir: str = ".") -> Evidence:
    return _read(parse_toml(text, file), file, text.encode("utf-8"), base_dir)


def _read(data: dict, file: str, raw: bytes, base_dir: str) -> Evidence:
    top = Node(data, file)
    schema = top.int("schema", 1)
    if schema != 1:
        raise top.error("schema", Message.of("error.evidence.schema", schema=schema))
    own: list[OwnFact] = []
    facts = _read_facts(top, own)
    digest = sha256(raw)
    for i, inc in enumerate(top.strs("include", ())):
        if not inc.strip():  # Path(base_dir) / "" is the folder itself: say which key is empty instead
            raise top.error(f"include[{i}]", Message.of("error.evidence.empty_path"))
        path = Path(base_dir) / inc
        inc_own: list[OwnFact] = []
        inc_facts, inc_raw = _read_fragment(path, top.str("region", None), inc_own)
        digest.update(inc_raw)
        have = {f.name for f in facts} | {f.name for f in own}
        for f in inc_facts + inc_own:
            if f.name in have:
                raise InputError(file, f"facts.{f.name}", Message.of("error.evidence.also_included", path=path))
        facts.extend(inc_facts)
        own.extend(inc_own)
    from .parts import parts  # the registered sections, the core's and the loaded plugins'

    sections = []
    units = parts().sections
    for key in units:
        if units.deferred(key) and not top.has(key):
            continue  # a section not yet imported reads nothing from a file without its key
        record = units[key].read(top)
        if record is not None:
            sections.append((key, record))
    facts = _merge_derived(top, facts, sections)
    ev = Evidence(
        file=file,
        sha256=digest.hexdigest(),
        region=top.str("region", None),
        agency=top.str("agency"),
        product=top.str("product", None),
        fee=top.decimal("fee", None, minimum=ZERO, maximum=MAX_AMOUNT, places=MONEY_PLACES),
        period=_read_period(top, "period", required=False),
        service_period=_read_period(top, "service_period", required=False),
        inspected=_unique(top, "inspected"),
        findings=_read_findings(top),
        facts=facts,
        bonus=_read_bonus(top),
        fund_losses=_read_fund_losses(top),
        sections=tuple(sections),
        agreement=_path(top, "agreement"),
        base_dir=base_dir,
        ledgers=_path(top, "ledgers"),
        own_facts=tuple(own),
    )
    if ev.period and ev.service_period and not (
        ev.period.start <= ev.service_period.start and ev.service_period.end <= ev.period.end
    ):
        raise top.error("service_period", Message.of("error.evidence.service_period_outside"))
    top.done()
    return ev


def _read_fragment(path: Path, region: str | None, own: list[OwnFact]) -> tuple[list[Fact], bytes]:
    """An included file (such as `assess collect` writes): facts only, for the same region."""
    data = load_toml(path)
    node = Node(data, str(path))
    node.int("schema", 1)
    inc_region = node.str("region", None)
    if region and inc_region and inc_region != region:
        raise node.error("region", Message.of("error.evidence.fragment_region", collected=inc_region, region=region))
    _read_period(node, "period", required=False)
    node.str("generated_by", None)
    facts = _read_facts(node, own)
    node.done()
    return facts, path.read_bytes()


def _read_period(top: Node, key: str, required: bool) -> Period | None:
    t = top.table(key, None)
    if t is None:
        if required:
            raise top.error(key, Message.of("error.evidence.missing_table"))
        return None
    start, end = t.date("from"), t.date("to")
    t.done()
    try:
        return Period(start, end)
    except ValueError as exc:
        raise t.error(None, reason(exc)) from None


def _path(top: Node, key: str) -> str | None:
    """A file or folder the evidence names, relative to it; an empty one is refused by its key."""
    value = top.str(key, None)
    if value is not None and not value.strip():
        raise top.error(key, Message.of("error.evidence.empty_path"))
    return value


def _unique(top: Node, key: str) -> tuple[str, ...]:
    vals = top.strs(key, ())
    seen = set()
    for x in vals:
        if x in seen:
            raise top.error(key, Message.of("error.evidence.listed_twice", value=x))
        seen.add(x)
    return vals


def _read_findings(top: Node) -> tuple[Finding, ...]:
    out = []
    ids = set()
    named: dict[str, str] = {}  # claim id -> the finding that names it
    for f in top.tables("findings"):
        fid = f.str("id")
        if fid in ids:
            raise f.error("id", Message.of("error.evidence.duplicate_finding", id=fid))
        ids.add(fid)
        f.path = f"findings[{fid}]"  # messages name the finding by its id, not its position
        rules, items = f.strs("rules", ()), f.strs("items", ())
        if not rules and not items:
            raise f.error("rules", Message.of("error.evidence.finding_unattached"))
        claims = _unique(f, "claims")
        for cid in claims:
            if cid in named:  # one claim, one finding: otherwise which of the two deducts it is a guess
                raise f.error("claims", Message.of("error.evidence.claim_twice", claim=cid, other=named[cid]))
            named[cid] = fid
        # the named claims are the cases of the finding: their number is its count unless it says more
        count = f.int("count", max(1, len(claims)))
        if count < len(claims):
            raise f.error("count", Message.of("error.evidence.count_below_claims", count=count, claims=len(claims)))
        out.append(Finding(
            id=fid, rules=rules, items=items, count=count, description=f.str("description"), claims=claims,
            date=f.date("date", None), location=f.str("location", None), reference=f.str("reference", None),
            key=f.key_path(),
        ))
        f.done()
    return tuple(out)


def _fact_value(node: Node, key: str, raw, spec) -> Decimal:
    """The value of fact `spec`, found at `key` of `node`, checked against the fact's kind."""
    if spec.kind is FactKind.FLAG:
        if not isinstance(raw, bool):
            raise node.error(key, Message.of("error.evidence.expected_bool"))
        return Decimal(int(raw))
    if spec.kind is FactKind.COUNT:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise node.error(key, Message.of("error.evidence.expected_count", value=repr(raw)))
        if raw < 0:
            raise node.error(key, Message.of("error.evidence.negative_count", value=raw))
        return Decimal(raw)
    value = node.decimal(key, minimum=ZERO)
    if spec.kind is FactKind.RATIO and value > 1:
        raise node.error(key, Message.of("error.evidence.ratio_range", value=value))
    return value


def _read_facts(top: Node, own: list[OwnFact]) -> list[Fact]:
    """The catalog's facts; a name outside the catalog goes to `own`, for the region to decide."""
    t = top.table("facts", None)
    if t is None:
        return []
    out = []
    for name, raw in t.items_of():
        if name not in FACTS:
            t.raw(name)  # read here; whether it is the region's own is decided with its rules
            own.append(OwnFact(name=name, raw=raw, file=t.file))
            continue
        if FACTS[name].derived:
            raise t.error(name, Message.of("error.evidence.derived_fact"))
        out.append(_fact(t, name, raw, FACTS[name]))
    return out


def _fact(t: Node, name: str, raw, spec) -> Fact:
    """One fact of the `[facts]` table `t`, short (`name = 3`) or long form (value and source)."""
    if isinstance(raw, dict):  # long form: value plus where it came from
        sub = t.child(raw, t.key_path(name))
        value = _fact_value(sub, "value", sub.raw("value"), spec)
        source = sub.str("source", None) or Message.of("source.evidence_facts")
        detail = optional_text(sub.str("detail", None))
        sub.done()
    else:
        value = _fact_value(t, name, raw, spec)
        source, detail = Message.of("source.evidence_facts"), None
    return Fact(name=name, value=value, source=source, detail=detail)


def resolve_own_facts(rs, ev: Evidence, foreign: bool) -> Evidence:
    """The evidence with the facts outside the catalog read as the region's own facts (`rs.facts`,
    its rules file's `[[facts]]`), each checked against its kind. A name the region does not
    declare is refused as unknown, as every other region refuses it; evidence written for another
    region (`compare`) counts only the catalog's facts, so its own facts are set aside."""
    if not ev.own_facts:
        return ev
    if foreign:
        return attrs.evolve(ev, own_facts=())
    facts = list(ev.facts)
    for own in ev.own_facts:
        t = Node({own.name: own.raw}, own.file, "facts")
        spec = rs.own_fact(own.name)
        if spec is None:
            names = list(FACTS) + [f.name for f in rs.facts]
            raise t.error(own.name, Message.of("error.evidence.unknown_fact", hint=suggest(own.name, names)))
        facts.append(_fact(t, own.name, own.raw, spec))
    return attrs.evolve(ev, facts=tuple(facts), own_facts=())


def _merge_derived(top: Node, facts: list[Fact], sections: list[tuple[str, object]]) -> tuple[Fact, ...]:
    """Add the facts evidence sections derive (survey rows, commitments); refuse a stated fact that
    contradicts them."""
    from .parts import parts

    by_name = {f.name: f for f in facts}
    derived: list[Fact] = []
    for key, record in sections:
        derived.extend(parts().sections[key].facts(record))
    for d in derived:
        stated = by_name.get(d.name)
        if stated is not None and stated.value != d.value:
            raise InputError(top.file, f"facts.{d.name}", Message.of(
                "error.evidence.contradicts_derived", stated=stated.value, source=d.source, derived=d.value))
        by_name[d.name] = d
    return tuple(by_name.values())


def _read_bonus(top: Node) -> tuple[BonusClaim, ...]:
    out = []
    for b in top.tables("bonus"):
        out.append(BonusClaim(kind=b.str("kind"), points=b.decimal("points", minimum=ZERO),
                              description=b.str("description"), date=b.date("date", None), key=b.key_path()))
        b.done()
    return tuple(out)


def _read_fund_losses(top: Node) -> tuple[FundLoss, ...]:
    out = []
    for f in top.tables("fund_losses"):
        amount = f.decimal("amount", minimum=ZERO, maximum=MAX_AMOUNT, places=MONEY_PLACES)
        out.append(FundLoss(amount=amount, description=f.str("description"),
                            reference=f.str("reference", None), date=f.date("date", None)))
        f.done()
    return tuple(out)
