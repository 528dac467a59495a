"""The message catalog (core/src/jingban/messages.toml): every text jingban writes for operators
has both languages with the same placeholders, and every id the code names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jingban.errors import _OS_REASONS
from jingban.kinds import Answer, Better, Beyond, PartialStep, SameIssueItem, VetoEffect
from jingban.messages import Message, Text, catalog, placeholders, say
from jingban.shapes.check import REPORT_GIVEN
from jingban.violations import VIOLATIONS

CORE = Path(__file__).resolve().parents[1] / "core" / "src" / "jingban"
# the built-in regions' plugins name ids of the core's catalog too (their error messages)
PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
# ids looked up with a key computed at run time: a checklist answer, the report's five sections
DYNAMIC = {f"label.{a.value}" for a in Answer} | {f"label.{k}" for k in (*REPORT_GIVEN, "problems", "causes",
                                                                          "rectification")}
DYNAMIC |= {f"same_issue.{r.value}" for r in SameIssueItem}
# ledger problems by kind, rates' details and reasons by rate (ledgers/collect.py)
DYNAMIC |= {f"ledger.problem.{k}" for k in ("unparseable", "paid_before_submitted", "duplicate_id", "unknown_code")}
DYNAMIC |= {f"ledger.{w}.{r}" for w in ("of", "none") for r in ("claims", "inpatient", "remote_cash_10k")}
DYNAMIC |= {"ledger.months_late", "ledger.late_batches"}
DYNAMIC |= {"needs.findings", "needs.ratings", "needs.scores", "needs.checklist"}  # report/compare.py _NEEDS
DYNAMIC |= {f"violation.{v}" for v in VIOLATIONS}  # violations.py: each common violation's title
# what is at stake (report/stakes.py, stakes.py): by direction, by what changes, by the partial-step rule
DYNAMIC |= {"label.stakes_up", "label.stakes_down"} | {f"label.stakes_change_{w}" for w in ("rate", "band", "grade")}
DYNAMIC |= {f"stakes.steps.{p.value}" for p in PartialStep}
# the system's reasons by errno (errors.py os_reason)
DYNAMIC |= {f"error.os.{k}" for k in _OS_REASONS.values()}
# the evidence workbook (workbook/): the refusal of an OLE file by kind, column titles named in
# tuples of keys, the period fields and fact kinds by name, the numbered instructions
DYNAMIC |= {"error.workbook.encrypted", "error.workbook.xls"}
DYNAMIC |= {f"form.workbook.col.{k}" for k in ("field", "entry", "note", "item_id", "item_title", "item_max",
                                               "fact_code", "fact_title", "fact_kind", "fact_used_by", "detail",
                                               "is_self", "received_payment")}
DYNAMIC |= {f"form.workbook.field.{p}_{e}" for p in ("period", "service_period") for e in ("from", "to")}
DYNAMIC |= {f"form.workbook.kind.{k}" for k in ("count", "number", "ratio", "flag")}
DYNAMIC |= {f"form.workbook.instructions.{n}" for n in range(1, 9)}
# the shapes of issue 14: by the way a ratio is good, a veto's effect, a computed bonus's side
DYNAMIC |= {f"{m}.ratio_{b.value}" for m in ("deduction", "evidence", "standard") for b in Better}
DYNAMIC |= {f"{m}_{e.value}" for m in ("deduction.veto", "standard.veto", "notice.veto", "notice.veto_open")
            for e in VetoEffect}
DYNAMIC |= {f"bonus.beyond_{b.value}" for b in Beyond}
PATTERNS = {
    r"""Message\.of\(\s*f?["']([a-z_.0-9]+)["']""": "",
    r"""(?:\bL|\blabel)\(\s*["']([a-z_0-9]+)["']""": "label.",
    r"""\b_l\(\s*["']([a-z_0-9]+)["']""": "calendar.",
    r"""\bm\(\s*["']([a-z_0-9]+)["']""": "template.",
    r"""\b_t\(\s*["']([a-z_0-9]+)["']""": "form.",  # forms/: a form's words
    r"""\bword\(\s*["']([a-z_.0-9]+)["']""": "form.workbook.",  # workbook/: the evidence workbook's words
    r"""\b(?:_m|say_now)\(\s*["']([a-z_.0-9]+)["']""": "",  # cli.py, cli_lang.py: errors of the command line
}


def _ids_in_code() -> set[str]:
    found = set()
    for path in [*CORE.rglob("*.py"), *PLUGINS.glob("*/src/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        for pattern, prefix in PATTERNS.items():
            found |= {prefix + m for m in re.findall(pattern, text)}
    return found


@pytest.mark.parametrize("mid", sorted(catalog()))
def test_both_languages_with_the_same_placeholders(mid):
    zh, en = catalog()[mid]
    assert zh.strip() and en.strip()
    assert placeholders(zh) == placeholders(en), mid


def test_every_id_the_code_names_exists():
    used = _ids_in_code()
    assert len(used) > 80
    assert sorted(used - set(catalog())) == []


def test_every_id_in_the_catalog_is_used():
    unused = set(catalog()) - _ids_in_code() - DYNAMIC
    assert sorted(unused) == []


def test_a_message_renders_in_the_chosen_language_with_decimals_plain():
    from decimal import Decimal

    m = Message.of("notice.provisional", count=3, points=Decimal("22.0"), low=Decimal("70.50"), high=Decimal("92.50"))
    assert m.render("zh").startswith("临时结果：3 项未考核（共 22.0 分）；最终得分可能在 70.50～92.50 分之间")
    assert m.render("en").startswith("provisional: 3 items not assessed (22.0 points); the final total can lie"
                                     " anywhere from 70.50 to 92.50")
    title = Text("覆盖率", "coverage")
    assert Message.of("deduction.requirements_title", title=title).render("zh") == "覆盖率（量化要求未达标）"
    assert say(Message.of("deduction.requirements_title", title=title), "en") == "coverage (numeric requirement not met)"


def test_an_unknown_id_is_refused_when_the_message_is_made():
    with pytest.raises(KeyError):
        Message.of("notice.no_such_thing")
