"""A clause's `consequence` follows the same way on every shape whose items carry clauses (issue 11):
on a `deductions` item and on a `rating` leaf (Tianjin's indicators), whether the clause is counted
from findings or from a fact. A clause counted from a fact used to trigger nothing at all, which is
every clause of Tianjin's example agreement, so the key was silently dropped there."""

from __future__ import annotations

from pathlib import Path

import attrs

from jingban.api import registry
from jingban.engine import assess_evidence
from jingban.evidence import load_evidence
from jingban.registry import Registry

ROOT = Path(__file__).resolve().parents[1]
QHD_RULES = ROOT / "plugins" / "qinhuangdao" / "src" / "jingban_qinhuangdao" / "rules.toml"
QHD_EVIDENCE = ROOT / "examples" / "qinhuangdao" / "2024-resident.toml"
TIANJIN = ROOT / "examples" / "tianjin_ltc"


def _with_rules(region: str, rules: Path) -> Registry:
    """A registry whose region reads `rules` instead of its own rules file."""
    reg = Registry()
    loaded = reg.load(region)
    reg._loaded[region] = attrs.evolve(loaded, spec=attrs.evolve(loaded.spec, rules_file=rules))
    return reg


def _ids(result) -> list[str]:
    return [h.id for h in result.settlement.consequences]


def test_a_fact_clause_on_a_deductions_item_triggers_its_consequence(tmp_path):
    """Qinhuangdao 附件2 7: late payments counted from the fact late_claims (9, of which 2 vulnerable)."""
    text = QHD_RULES.read_text(encoding="utf-8")
    old = 'minus_fact = "late_claims_vulnerable"\ncitation'
    assert old in text
    rules = tmp_path / "rules.toml"
    rules.write_text(text.replace(old, 'minus_fact = "late_claims_vulnerable"\nconsequence = "rectification"\n'
                                       'citation', 1), encoding="utf-8")
    r = assess_evidence(_with_rules("qinhuangdao", rules), "qinhuangdao", load_evidence(QHD_EVIDENCE))
    item = next(i for i in r.items if i.id == "7")
    assert item.consequences == ("rectification",)
    assert "rectification" in _ids(r)
    # no late claim, no consequence
    ev = tmp_path / "ev.toml"
    ev.write_text(QHD_EVIDENCE.read_text(encoding="utf-8").replace("late_claims = 9 ", "late_claims = 2 ", 1),
                  encoding="utf-8")
    r0 = assess_evidence(_with_rules("qinhuangdao", rules), "qinhuangdao", load_evidence(ev))
    assert next(i for i in r0.items if i.id == "7").consequences == ()


def _agreement(tmp_path: Path, old: str, new: str) -> Path:
    text = (TIANJIN / "agreement-example.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "agreement.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _tianjin(tmp_path: Path, agreement: Path, extra: str = "", without_city: bool = False):
    text = (TIANJIN / "2024-heping.toml").read_text(encoding="utf-8")
    text = text.replace('agreement = "agreement-example.toml"', f"agreement = {str(agreement)!r}")
    if without_city:  # the city centre's scores not in yet
        text = text[:text.index("[scores.city]")] + text[text.index("# Bid promises"):]
    ev = tmp_path / "ev.toml"
    ev.write_text(text + extra, encoding="utf-8")
    return assess_evidence(registry(), "tianjin_ltc", load_evidence(ev))


def test_a_fact_clause_on_a_rating_leaf_triggers_its_consequence(tmp_path):
    """Tianjin 第十一条 / 第二十条: a promised post left vacant (commitment_posts_vacant = 1 in the
    example evidence) under an agreement that orders rectification for it, at every level's leaf."""
    agr = _agreement(tmp_path, 'fact = "commitment_posts_vacant"',
                     'fact = "commitment_posts_vacant"\n    consequence = "rectification"')
    r = _tianjin(tmp_path, agr)
    assert [i.id for i in r.items if i.consequences] == ["agency:D6.2", "district:D6.2", "city:D6.2"]
    assert "rectification" in _ids(r)


def test_a_finding_clause_on_a_rating_leaf_triggers_its_consequence_as_on_deductions(tmp_path):
    agr = _agreement(tmp_path, '    [[dimensions.indicators.clauses]]\n    id = "D6.2.1"',
                     '    [[dimensions.indicators.clauses]]\n    id = "D6.2.9"\n    title_zh = "x"\n'
                     '    title_en = "x"\n    points = "3"\n    per = "case"\n    consequence = "interview"\n'
                     '    citation = { document = "x" }\n\n'
                     '    [[dimensions.indicators.clauses]]\n    id = "D6.2.1"')
    finding = '\n[[findings]]\nid = "F1"\nrules = ["city:D6.2.9"]\ndescription = "x"\n'
    r = _tianjin(tmp_path, agr, finding)
    assert next(i for i in r.items if i.id == "city:D6.2").consequences == ("interview",)
    assert "interview" in _ids(r)
    # provisional (the city centre's scores not in, so the total can fall below 80, where the bands
    # bring an interview too): the finding's interview follows whatever the score, so it is certain,
    # not "possible"; before, it was shown as possible only
    p = _tianjin(tmp_path, agr, finding, without_city=True)
    assert p.provisional and p.outlook is not None and p.outlook.low < 80
    assert "interview" in [h.id for h in p.outlook.certain]
    assert "interview" not in [h.id for h in p.outlook.possible]
