"""Every report in the reader's language only: a Chinese report holds no English word and an
English report no Chinese character, outside ids, document numbers and citations, and the
evidence's own free text (issue 10, "Chinese throughout")."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.api import rules
from jingban.cli import main
from jingban.logsetup import configure

ROOT = Path(__file__).resolve().parents[1]
TJ_AGREEMENT = ROOT / "examples" / "tianjin_ltc" / "agreement-example.toml"
EXAMPLES = {
    "qinhuangdao": "examples/qinhuangdao/2024-resident.toml",
    "taicang": "examples/taicang/2024.toml",
    "tianjin_ltc": "examples/tianjin_ltc/2024-heping.toml",
    "tianjin_ltc-midyear": "examples/tianjin_ltc/2024-midyear.toml",
    "kaifeng_checklist": "examples/kaifeng_checklist/2020-self-inspection.toml",
}
HAN = re.compile(r"[\u4e00-\u9fff]")
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*")
# the evidence file's own keys, named where a value came from ("证据文件 [facts]")
EVIDENCE_KEYS = {"facts", "survey", "commitments", "ratings", "scores", "checklist", "findings", "inspected"}


@pytest.fixture(autouse=True)
def _restore_logging():
    yield
    configure()


def _strings(value) -> list[str]:
    """Every string an evidence file holds: its own free text, in whatever language it was written."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _ids(region: str) -> set[str]:
    """Words that are ids a reader types or looks up (items, clauses, facts, options, codes)."""
    rs = rules(region, agreement=TJ_AGREEMENT if region == "tianjin_ltc" else None)
    ids = {rs.region.id, rs.region.rules_version, *(p.id for p in rs.products), *(d.id for d in rs.dimensions)}
    for o in rs.options:
        ids |= {o.id, *o.allowed}
    for it in rs.items:
        ids |= {it.id, *it.id.split(":"), f"{it.id}.score", *(c.id for c in it.clauses)}
        ids |= {n for c in it.clauses for n in (c.fact, c.minus_fact) if n}
        ids |= {q.fact for q in it.requirements + it.checks} | {q.id for q in it.requirements}
        ids |= {f"{it.id}.{d.id}" for d in rs.dimensions} | {f"{it.id}.{d.id}.requirements" for d in rs.dimensions}
    return ids


def _report(name: str, lang: str) -> str:
    region = name.split("-")[0]
    res = CliRunner().invoke(main, ["--region", region, "--evidence", EXAMPLES[name], "--lang", lang,
                                    "--show-personal"])
    assert res.exit_code in (0, 1), res.stderr
    return res.stdout


def _without(text: str, pieces) -> str:
    text = re.sub(r"[0-9a-f]{64}", " ", text).replace("SHA-256", " ")  # the inputs' digest
    lines = {line.strip() for piece in pieces for line in piece.splitlines()}  # free text, also wrapped
    for piece in sorted(lines, key=len, reverse=True):
        if len(piece) > 1 and (HAN.search(piece) or " " in piece):  # free text, not a bare id
            # the report wraps long text (100 columns): the piece may run on over several lines
            loose = r"\s*".join(re.escape(ch) for ch in piece if not ch.isspace())
            text = re.sub(loose, " ", text)
    return re.sub(r"〔[^〕]*〕", " ", text)  # citations: document numbers and their articles


def _evidence_text(name: str) -> list[str]:
    data = tomllib.loads((ROOT / EXAMPLES[name]).read_text(encoding="utf-8"))
    rs = rules(name.split("-")[0], agreement=TJ_AGREEMENT if name.startswith("tianjin") else None)
    return _strings(data) + [rs.region.document.id, rs.region.document.title]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_english_report_holds_no_chinese(name):
    given = _evidence_text(name)
    rest = _without(_report(name, "en"), given)
    # what is left may be a part of the evidence's text that a table cell wrapped, beside the other
    # columns' lines (the checklist's reasons): each such word is a piece of some evidence string
    blob = "\n".join(re.sub(r"\s+", "", g) for g in given)
    found = [w for w in re.findall(r"\S*[\u4e00-\u9fff]\S*", rest) if w.strip(";,.:") not in blob]
    assert found == []


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_chinese_report_holds_no_english(name):
    data = tomllib.loads((ROOT / EXAMPLES[name]).read_text(encoding="utf-8"))
    ids = _ids(name.split("-")[0]) | {f["id"] for f in data.get("findings", [])}  # the inspector's own ids
    rest = _without(_report(name, "zh"), _evidence_text(name))
    tokens = {t.rstrip(".:-") for t in TOKEN.findall(rest)}
    found = sorted(t for t in tokens if re.search("[A-Za-z]", t) and t not in ids | EVIDENCE_KEYS)
    assert found == []
