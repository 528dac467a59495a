"""An evidence skeleton for a region: every item, commented with its points, clauses and facts.

The parts every region has are written here; what belongs to one shape (dimension ratings, leaf
scores, checklist answers) is written by that shape (`Shape.template`), and an evidence section's
(the commitments) by the section (`Section.template`).
"""

from __future__ import annotations

from ..amounts import plain
from ..facts import spec_of
from ..kinds import SettlementKind
from ..messages import Message, pick
from ..model import RuleSet
from ..parts import parts
from .text import LINE, width, wrap


def render_template(rs: RuleSet, lang: str = "zh", *, needs_agreement: bool = False,
                    agreement: str | None = None) -> str:
    """The skeleton marks nothing as inspected, answered or rated: every entry an inspector fills
    is commented out, so a template with only its header filled assesses no item (all 未考核)."""
    m = lambda key: Message.of(f"template.{key}").render(lang)  # noqa: E731
    t = lambda zh, en: pick(zh, en, lang)  # noqa: E731
    reg = rs.region
    out = [
        f"# {t(reg.title_zh, reg.title_en)} — {reg.document.id}",
        f"# rules_version {reg.rules_version}; evidence format: docs/evidence-format.md",
        "# " + m("no_full_marks"),
        "schema = 1",
        f'region = "{reg.id}"',
        'agency = ""',
    ]
    if needs_agreement or agreement:
        out.append(f'agreement = "{_toml_str(agreement or "agreement.toml")}"')
    if rs.products:
        out.append(f'product = ""    # {" | ".join(f"{p.id} ({t(p.title_zh, p.title_en)})" for p in rs.products)}')
    if rs.settlement.kind is not SettlementKind.NONE:
        out.append(f'fee = "0.00"    # {t(rs.settlement.fee_title_zh, rs.settlement.fee_title_en)}')
    if rs.ledger.claim_deadlines or rs.ledger.hospital:
        out.append("# " + m("ledgers"))
        out.append('# ledgers = "ledgers/"                 # ' + m("ledgers_folder"))
        out.append('# include = ["facts-2024.toml"]       # ' + m("ledgers_include"))
    listed = [i for i in rs.items if parts().shapes[i.shape].lists_inspected]
    if listed:
        # a top-level key: it must come before the first [table], or TOML puts it inside [period]
        out.append("")
        out.append("# " + m("inspected"))
        out.append("inspected = [")
        for i in listed:
            out.append(f'#  "{i.id}",   # {t(i.title_zh, i.title_en)} ({plain(i.max)})')
        out.append("]")
    out += ["", "[period]", "from = 2024-01-01", "to = 2024-12-31", ""]
    out.append("# " + m("findings"))
    out += ["# [[findings]]", '# id = "F-01"', '# rules = ["…"]', "# count = 1", "# date = 2024-01-01",
            '# description = ""', '# location = ""', "# claims = []    # " + m("finding_claims"), ""]
    for i in rs.items:
        open_clauses = [c for c in i.clauses if not c.fact]
        if open_clauses:
            out.append(f"# {i.id} {t(i.title_zh, i.title_en)} ({plain(i.max)}): " + "; ".join(
                f"{c.id} −{plain(c.points)}/{c.per}" + (f" [{','.join(c.products)}]" if c.products else "")
                for c in open_clauses))
    out.append("")
    facts: dict[str, list[str]] = {}
    for name, owner, clause in rs.fact_readers():  # each fact with the clauses and items that read it
        facts.setdefault(name, []).append(clause or owner)
    if facts:
        out.append("[facts]")
        for name, users in facts.items():
            spec = spec_of(name)
            if spec.derived:  # counted from [commitments], never written under [facts]
                continue
            out.append(f"# {name} = 0    # {t(spec.title_zh, spec.title_en)} ({spec.kind}); {', '.join(users)}")
        out.append("")
    for shape in parts().shapes.values():
        items = tuple(i for i in rs.items if i.shape == shape.id)
        if items:
            out += shape.template(rs, items, lang)
    for section in parts().sections.values():
        out += section.template(rs, lang)
    if rs.bonus and any(k.computed is None for k in rs.bonus.kinds):  # computed kinds are never claimed
        out.append(f"# {m('bonus')} (cap {plain(rs.bonus.cap)}): " + ", ".join(
            k.id for k in rs.bonus.kinds if k.computed is None))
        out += ["# [[bonus]]", '# kind = ""', '# points = "1"', '# description = ""', ""]
    keep = (reg.document.id,)  # a document's id is one name
    return "\n".join(line for x in out for line in _fit(x, keep)) + "\n"


COMMENT = "    # "  # how the template puts a comment after a key


def _fit(line: str, keep: tuple[str, ...]) -> list[str]:
    """A template line within the page (text.LINE). Only comments wrap, each continuation a
    comment line of its own (valid TOML anywhere, arrays included) that starts under the comment it
    continues; a key and its value are never broken."""
    if width(line) <= LINE:
        return [line]
    # a list of "1.4b −0.5/case; ..." breaks between its entries, not inside one
    keep = keep + tuple(x for x in line.split("; ") if width(x) <= 40)
    code, sep, _ = line.partition(COMMENT)
    if not sep:
        if not line.startswith("# "):
            return [line]  # a key = value line, too long to break without changing it
        return wrap(line, LINE, "#   ", keep)
    col = min(width(code) + 4, 40)  # under the comment's "#", or at 40 when the key is long
    hang = ("#" + " " * (col - 1)) if code.startswith("#") else " " * col
    return wrap(line, LINE, hang + "#   ", keep)


def _toml_str(text: str) -> str:
    """A path inside a TOML basic string: backslashes (Windows paths) and quotes escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"')
