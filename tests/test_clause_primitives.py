"""The clause primitives (scoring/clauses.py) in the cases no shipped rules file reaches: a fact
counted `per = "once"`, a consequence on a clause whose fact is missing, a cap reached exactly.
Written against mutants that survived the mutation run (docs/testing.md, "Mutation testing"); the
rules are Qinhuangdao's with one clause changed, read through a registry of the test's own."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from jingban.api import assess_toml
from jingban.engine import assess_evidence
from jingban.evidence import parse_evidence
from jingban.registry import Registry

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
QHD_RULES = ROOT / "plugins" / "qinhuangdao" / "src" / "jingban_qinhuangdao" / "rules.toml"
HEAD = ('schema = 1\nregion = "qinhuangdao"\nagency = "x"\nproduct = "resident"\nfee = "1000000.00"\n'
        'inspected = {inspected}\n[period]\nfrom = 2024-01-01\nto = 2024-12-31\n')


def _assess(tmp_path, old: str, new: str, evidence: str):
    text = QHD_RULES.read_text(encoding="utf-8")
    assert text.count(old) == 1
    rules = tmp_path / "rules.toml"
    rules.write_text(text.replace(old, new), encoding="utf-8")
    reg = Registry()
    loaded = reg.load("qinhuangdao")
    reg._loaded["qinhuangdao"] = attrs.evolve(loaded, spec=attrs.evolve(loaded.spec, rules_file=rules))
    return assess_evidence(reg, "qinhuangdao", parse_evidence(evidence, str(tmp_path / "ev.toml"), str(tmp_path)))


R141 = 'points = "0.5"\nper = "case"\nfact = "monthly_reports_late"\n'


@pytest.mark.parametrize(("late", "deducted"), [(0, "0"), (1, "0.5"), (3, "0.5")])
def test_a_fact_counted_once_deducts_once_for_any_positive_count(tmp_path, late, deducted):
    """附件2 14(1) (0.5 a late report) made `per = "once"`: 0 late reports deduct nothing, 1 or 3
    deduct 0.5 once (item 14, 3 points: 3 - 0.5 = 2.5)."""
    r = _assess(tmp_path, R141, R141.replace('"case"', '"once"'),
                HEAD.format(inspected='["14"]') + f"[facts]\nmonthly_reports_late = {late}\n")
    item = next(i for i in r.items if i.id == "14")
    assert item.score == D(3) - D(deducted)


def test_a_missing_fact_triggers_no_consequence(tmp_path):
    """14(1) given the consequence warning_talk (第八条（二）): without the fact monthly_reports_late
    the clause counts no case, so the consequence does not follow (the item is not assessed); with
    1 late report it follows."""
    new = R141 + 'consequence = "warning_talk"\n'
    r = _assess(tmp_path, R141, new, HEAD.format(inspected='["14"]'))
    assert "warning_talk" not in {h.consequence.id for h in r.settlement.consequences}
    r = _assess(tmp_path, R141, new, HEAD.format(inspected='["14"]') + "[facts]\nmonthly_reports_late = 1\n")
    assert "warning_talk" in {h.consequence.id for h in r.settlement.consequences}


def test_a_missing_minus_fact_triggers_no_consequence(tmp_path):
    """7(1) counts late_claims minus late_claims_vulnerable; given a consequence, with
    late_claims = 3 but no late_claims_vulnerable it counts no case: no consequence."""
    old = 'fact = "late_claims"\nminus_fact = "late_claims_vulnerable"\n'
    r = _assess(tmp_path, old, old + 'consequence = "warning_talk"\n',
                HEAD.format(inspected='["7"]') + "[facts]\nlate_claims = 3\n")
    assert "warning_talk" not in {h.consequence.id for h in r.settlement.consequences}


def test_a_cap_reached_exactly_is_not_marked_capped(tmp_path):
    """附件2 item 13: 13(1)-13(4), 2 points each, once = 8 = the item's 8 points: item 13 scores 0
    and no deduction line is cut by the cap (扣完为止 cuts only what goes beyond)."""
    ev = HEAD.format(inspected='["13"]') + "".join(
        f'[[findings]]\nid = "F-{n}"\nrules = ["13.{n}"]\ncount = 1\ndate = 2024-11-01\ndescription = "测试"\n'
        for n in range(1, 5))
    r = assess_toml("qinhuangdao", ev, base_dir=tmp_path)
    item = next(i for i in r.items if i.id == "13")
    assert item.score == D(0)
    assert [d.points for d in item.deductions] == [D(2)] * 4
    assert not any(d.capped for d in item.deductions)


def test_a_cap_exceeded_marks_the_line_it_cuts(tmp_path):
    """附件2 item 5 (10 points): 5(1) 4 cases x 2 = 8, then 5(3) 3 cases x 1 = 3; 8 + 3 = 11 > 10, so
    the 5(3) line is cut to 10 - 8 = 2 and marked capped (扣完标准分为止); the 5(1) line is whole."""
    ev = HEAD.format(inspected='["5"]') + "".join(
        f'[[findings]]\nid = "F-{c}"\nrules = ["{c}"]\ncount = {n}\ndate = 2024-11-01\ndescription = "测试"\n'
        for c, n in (("5.1", 4), ("5.3", 3)))
    r = assess_toml("qinhuangdao", ev, base_dir=tmp_path)
    item = next(i for i in r.items if i.id == "5")
    assert [(d.clause_id, d.points, d.capped) for d in item.deductions] == [("5.1", D(8), False), ("5.3", D(2), True)]
    assert item.score == D(0)


def test_a_same_issue_repeat_cites_the_same_issue_rule(tmp_path):
    """附件2 说明 各考核项目属于同一问题时不重复扣分: one finding under 2(1) and 6(3) deducts under item
    2; its 0-point line under item 6 cites the note under the table (the region's same-issue
    citation), not clause 6(3)."""
    from jingban.api import rules

    ev = HEAD.format(inspected='["2", "6"]') + (
        '[facts]\nhospital_settlements_unreviewed = 0\n'
        '[[findings]]\nid = "F-1"\nrules = ["2.1", "6.3"]\ncount = 1\ndate = 2024-11-01\ndescription = "测试"\n')
    r = assess_toml("qinhuangdao", ev, base_dir=tmp_path)
    again = next(d for d in next(i for i in r.items if i.id == "6").deductions if d.finding_id == "F-1")
    assert again.deducted_again_elsewhere and again.points == D(0)
    cited = rules("qinhuangdao").region.same_issue_citation
    assert cited is not None and again.citation == cited


def test_a_bonus_claim_where_the_rules_have_no_bonus_names_the_claim(tmp_path):
    """秦医保〔2023〕91号 has no bonus points (附件2 is deductions only): a single [[bonus]] claim in a
    Qinhuangdao evidence file is bad input naming that claim, not an internal error."""
    from jingban.errors import InputError

    ev = HEAD.format(inspected='["16"]') + (
        '[[bonus]]\nkind = "featured_service"\npoints = "3"\ndescription = "测试"\ndate = 2024-09-20\n')
    with pytest.raises(InputError) as exc:
        assess_toml("qinhuangdao", ev, base_dir=tmp_path)
    assert exc.value.where == "bonus[0]"


def test_a_clause_named_the_forms_way_is_found_by_its_number_product_and_kind():
    """秦医保〔2023〕91号 附件2 numbers its points 5(3), 1(3), 1(4). The form's numbering, in any of the
    spellings inspectors write, finds the rules file's clause: 5(3) is 5.3; 1(3) has one clause per
    product (居民 / 职工 service outlets), the evidence's product picks it; 1(4) has a clause counted
    from a fact (1.4a, posts vacant) and one deducted per finding (1.4b), and a finding counts for
    the second. A number no item has, or no number at all, finds nothing."""
    from jingban.api import rules
    from jingban.scoring.findings import find_clause

    rs = rules("qinhuangdao")
    found = lambda written, product="resident": (find_clause(rs, written, product) or attrs_none).id  # noqa: E731
    assert [found(w) for w in ("5(3)", "5（3）", "第5项第3条", "5.3")] == ["5.3"] * 4
    assert found("1(3)", "resident") == "1.3-resident" and found("1(3)", "employee") == "1.3-employee"
    assert found("1(4)") == "1.4b"
    assert found("99(1)") is None and found("abc") is None


class _NoClause:
    id = None


attrs_none = _NoClause()


def _finding_naming_items(items: str) -> str:
    return (HEAD.format(inspected='["2", "4"]') + f'[[findings]]\nid = "F-01"\nitems = {items}\ncount = 1\n'
            'date = 2024-05-10\ndescription = "示例"\n')


def test_a_finding_may_name_an_item_whose_one_clause_then_deducts():
    """附件2 item 2 (8 points) has one clause, 2.1 (因收不抵支拒赔、延赔或拖欠医院: 8 points, once): a finding
    naming the item is deducted under it, item 2 = 8 - 8 = 0; item 4, inspected with no finding, keeps
    its 10."""
    from jingban.errors import InputError

    r = assess_toml("qinhuangdao", _finding_naming_items('["2"]'))
    two = next(i for i in r.items if i.id == "2")
    assert two.score == D("0") and [(d.clause_id, d.points, d.finding_id) for d in two.deductions] == [("2.1", D("8"), "F-01")]
    assert next(i for i in r.items if i.id == "4").score == D("10")
    # item 4 has two clauses (4.1, 4.2): the finding must say which; an item no table has is named
    with pytest.raises(InputError) as e:
        assess_toml("qinhuangdao", _finding_naming_items('["4"]'))
    assert e.value.line("en").endswith("findings[F-01].items: item 4 has several clauses; name one in rules = [...] (4.1, 4.2)")
    with pytest.raises(InputError) as e:
        assess_toml("qinhuangdao", _finding_naming_items('["99"]'))
    assert "findings[F-01].items: unknown item '99'" in e.value.line("en")


def test_a_finding_naming_an_item_counted_from_facts_says_to_state_the_fact():
    """附件2 item 8 (满意度) is counted from the survey only (8.1: 0.5 a dissatisfied answer, a fact):
    a finding naming item 8 cannot deduct under it, and the error says so and names the clause,
    rather than asking for one of "several" clauses."""
    from jingban.errors import InputError

    ev = HEAD.format(inspected='["8"]') + ('[[findings]]\nid = "F-01"\nitems = ["8"]\ncount = 1\n'
                                            'date = 2024-05-10\ndescription = "示例"\n')
    with pytest.raises(InputError) as e:
        assess_toml("qinhuangdao", ev)
    assert e.value.line("en").endswith(
        "findings[F-01].items: item 8 is counted from facts only (8.1); a finding cannot deduct under it: "
        "state the fact in [facts]")


@pytest.mark.parametrize("written", ["5.9", "5(9)", "5.x"])
def test_an_unknown_clause_of_a_known_item_lists_that_items_clauses(written):
    """附件2 item 5 has points (1)..(4) and (6); "5.9", "5(9)" (numbers the form does not have) and
    "5.x" (no number at all) seem to mean item 5, so the error lists item 5's clauses (not item 9's,
    nor a guess over every clause of the table)."""
    from jingban.errors import InputError

    ev = HEAD.format(inspected='["5"]') + (f'[[findings]]\nid = "F-01"\nrules = ["{written}"]\ncount = 1\n'
                                            'date = 2024-05-10\ndescription = "示例"\n')
    with pytest.raises(InputError) as e:
        assess_toml("qinhuangdao", ev)
    assert e.value.line("en").endswith(
        f"findings[F-01].rules: unknown clause '{written}'; item 5 has 5.1, 5.2, 5.3, 5.4, 5.6")


def test_without_the_same_issue_rule_a_finding_deducts_under_every_item_it_names(tmp_path):
    """The same-issue rule is Qinhuangdao's (附件2 说明); a region whose document has none
    (`same_issue_once = false`, as Taicang, Tianjin, Kaifeng) deducts a finding naming 2(1) and 6(3)
    under both items: item 2 = 8 - 8 = 0 (2.1, 8 points once), item 6 = 10 - 1 = 9 (6.3, 1 a case)."""
    ev = HEAD.format(inspected='["2", "6"]') + (
        '[facts]\nhospital_settlements_unreviewed = 0\n'
        '[[findings]]\nid = "F-1"\nrules = ["2.1", "6.3"]\ncount = 1\ndate = 2024-11-01\ndescription = "测试"\n')
    citation = next(line for line in QHD_RULES.read_text(encoding="utf-8").splitlines()
                    if line.startswith("same_issue_citation"))
    r = _assess(tmp_path, f"same_issue_once = true\n{citation}\n", "same_issue_once = false\n", ev)
    scores = {i.id: i.score for i in r.items if i.id in ("2", "6")}
    assert scores == {"2": D(0), "6": D(9)}
    six = next(i for i in r.items if i.id == "6")
    assert [(d.clause_id, d.points, d.deducted_again_elsewhere) for d in six.deductions if d.finding_id == "F-1"] == [
        ("6.3", D(1), False)]

