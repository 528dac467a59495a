"""Facts computed from hand-built ledgers, with answers worked out by hand on the 2024 calendar,
on DuckDB and on Spark (local mode).

2024 Spring Festival (国务院办公厅关于2024年部分节假日安排的通知): off Feb 10-17; Sunday Feb 4 and
Sunday Feb 18 are working days. So from Monday 2024-02-05 the working days run Feb 6, 7, 8, 9, 18,
19-23, 26-29, Mar 1 (15th), Mar 4-8 (20th = Fri Mar 8), Mar 11-15, Mar 18-22 (30th = Fri Mar 22).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from jingban.api import rules
from jingban.messages import say
from jingban.errors import InputError
from jingban.evidence import Period
from jingban.ledgers.collect import collect_facts
from jingban.ledgers.engines import DuckDBEngine
from jingban.workdays import CalendarError, load_calendar

ROOT = Path(__file__).resolve().parents[1]
YEAR = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))

CLAIMS = """claim_id,product,in_city,claimant_category,submitted,paid,amount,remote,cash,verified,inpatient,first_review,second_review
C1,resident,true,other,2024-02-05,2024-03-08,800.00,false,false,false,true,true,false
C2,resident,true,other,2024-02-05,2024-03-09,900.00,false,false,false,true,true,true
C3,resident,false,other,2024-02-05,2024-03-22,12000.00,true,true,true,true,true,false
C4,resident,false,dibao,2024-02-05,2024-03-25,15000.00,true,true,false,false,true,false
C5,resident,true,wubao,2024-06-03,2024-06-05,300.00,false,false,false,false,false,false
C6,resident,true,other,2024-12-02,,500.00,false,false,false,true,true,false
C7,resident,true,other,2023-12-28,2024-01-05,100.00,false,false,false,false,true,false
C1,resident,true,other,2024-02-06,2024-02-07,100.00,false,false,false,false,true,false
C9,resident,true,other,2024-05-10,2024-05-01,100.00,false,false,false,false,true,false
C10,resident,true,other,2024-05-10,2024-13-01,100.00,false,false,false,false,true,false
"""

SURVEY = """file_no,name,id_number,phone,is_self,received_payment,attitude,improvement,satisfied
A-1,甲某,130302195001011234,13800000001,true,true,好,,true
A-2,乙某,130302195001011235,13800000002,true,true,一般,到账慢,false
A-3,丙某,130302195001011236,13800000003,false,true,好,,true
"""

STAFF = """month,staff_id,post,full_time,medical
2024-01,S1,payout,true,true
2024-01,S2,payout,true,true
2024-01,S3,other,false,false
2024-02,S1,payout,true,true
2024-02,S3,other,false,false
"""

HOSPITALS = """institution,month,declared,reviewed,paid
H1,2024-01,2024-02-01,true,2024-02-29
H2,2024-01,2024-02-05,false,2024-04-10
H3,2024-11,2024-12-02,true,
"""

AUDITS = """institution,date
H1,2024-05-01
H2,2023-11-01
"""

REPORTS = """month,submitted
2024-01,2024-02-20
2024-02,2024-04-02
2024-03,
2024-11,2024-12-15
2024-12,
"""


def write(folder: Path, **ledgers: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ledgers.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=["duckdb", "spark"])
def engine(request):
    if request.param == "duckdb":
        eng = DuckDBEngine()
        yield eng
        eng.close()
        return
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    from jingban.ledgers.engines import SparkEngine

    eng = SparkEngine("local[1]")
    yield eng


@pytest.fixture(scope="module")
def cal():
    return load_calendar()


@pytest.fixture
def all_ledgers(tmp_path):
    return write(tmp_path / "ledgers", claims=CLAIMS, survey=SURVEY, staff=STAFF, hospital_settlements=HOSPITALS,
                 special_audits=AUDITS, monthly_reports=REPORTS)


def facts_of(col):
    return {f.name: f.value for f in col.facts}


def test_qinhuangdao_facts(engine, cal, all_ledgers):
    """秦医保〔2023〕91号 附件2 item 7: 20 working days in the city, 30 outside.
    C1 paid on its 20th working day (Mar 8): on time. C2 paid Saturday Mar 9, the rest day after the
    deadline: late. C3 (outside) paid Mar 22, its 30th: on time. C4 (outside, dibao) Mar 25: late and
    vulnerable. C5 on time. C6 submitted Dec 2, unpaid; its 20th working day is Mon Dec 30, so it is
    late by Dec 31. C7 was submitted in 2023: out of the period. The repeated C1, C9 (paid before
    submitted) and C10 (month 13) are problem rows, set aside and reported."""
    col = collect_facts(rules("qinhuangdao"), all_ledgers, YEAR, engine, cal)
    f = facts_of(col)
    assert f["late_claims"] == 3
    assert f["late_claims_vulnerable"] == 1
    late = next(x for x in col.facts if x.name == "late_claims")
    detail = say(late.detail, "en")
    assert "C2" in detail and "C4" in detail and "C6" in detail and "C1," not in detail
    # annex 1 survey: one of three dissatisfied; no names in what is written
    assert f["survey_dissatisfied"] == 1
    surv = next(x for x in col.facts if x.name == "survey_dissatisfied")
    assert "A-2" in say(surv.detail, "en") and "乙某" not in say(surv.detail, "zh")
    # item 12: full-time medical staff, monthly average 3 person-months / 2 months = 1.5 -> 1 whole person
    assert f["staff_medical_fulltime"] == 1
    # item 6(1): institutions paid without review: H2
    assert f["hospital_settlements_unreviewed"] == 1
    # item 14(1): due by the end of the next month: Feb (sent Apr 2) and Mar (never) late, Apr-Oct never
    # recorded (7 months, all due by Dec 31), Dec not yet due: 2 + 7 = 9
    assert f["monthly_reports_late"] == 9
    kinds = sorted((p.kind, p.column, p.count, p.rows) for p in col.problems)
    assert kinds == [
        ("duplicate_id", "claim_id", 1, (8,)),
        ("paid_before_submitted", "paid", 1, (9,)),
        ("unparseable", "paid", 1, (10,)),
    ]


def test_claims_a_finding_names_are_left_out_of_the_counts(engine, cal, all_ledgers):
    """秦医保〔2023〕91号 附件2 说明: 各考核项目属于同一问题时不重复扣分. Finding F-02 names C4 (late
    and vulnerable, above) and C5 (on time): C4 is deducted under the finding, so the late counts
    leave it out: late_claims 3 - 1 = 2, late_claims_vulnerable 1 - 1 = 0; C5 was not counted, so
    nothing changes for it. The facts say which rows they left out and why."""
    col = collect_facts(rules("qinhuangdao"), all_ledgers, YEAR, engine, cal, named={"C4": "F-02", "C5": "F-02"})
    f = facts_of(col)
    assert (f["late_claims"], f["late_claims_vulnerable"]) == (2, 0)
    late = next(x for x in col.facts if x.name == "late_claims")
    assert late.left_out == (("C4", "F-02"),)
    assert "不计入发现已扣分的 1 件（同一问题不重复扣分）：C4（F-02）" in say(late.detail, "zh")
    assert "leaving out 1 claims a finding deducts already (one issue is deducted once): C4 (F-02)" \
        in say(late.detail, "en")
    assert "C4" not in say(late.detail, "en").split("C4 (F-02)")[1]  # nor among the sample ids
    # counted without findings: nothing left out, and the fact says it was not checked against any
    plain_col = collect_facts(rules("qinhuangdao"), all_ledgers, YEAR, engine, cal)
    assert next(x for x in plain_col.facts if x.name == "late_claims").left_out is None


def test_taicang_15_working_days(engine, cal, all_ledgers):
    """太人社医[2018]3号 附件 大病保险金兑付 3: within 15 working days. From Feb 5 the 15th working day
    is Fri Mar 1 (the issue's worked example), so C1 (Mar 8), C2, C3, C4 are late; C6 (Dec 2, 15th
    working day Dec 23, unpaid) too: 5. Remote cash claims of 10,000 yuan or more: C3 (verified) and
    C4 (not): 1 of 2 = 0.5."""
    col = collect_facts(rules("taicang"), all_ledgers, YEAR, engine, cal)
    f = facts_of(col)
    assert f["late_claims"] == 5
    assert f["remote_cash_over_10k_verification_rate"] == Decimal("0.5")
    # staff: 5 person-months over 2 months = 2.50; medical 3 of 5 = 0.6; payout 3/2 -> 1 whole person
    assert f["staff_monthly_avg"] == Decimal("2.50")
    assert f["staff_medical_share"] == Decimal("0.6")
    assert f["staff_by_post_payout"] == 1


def test_kaifeng_facts(engine, cal, all_ledgers):
    """开封 清单 3.2 first review of every claim: C1..C6 in the period, C5 not reviewed: 5/6.
    3.4 second review of inpatient claims: C2 of C1, C2, C3, C6 = 1/4. 4.2 institutions paid within 30
    working days of declaring: H1 (declared Feb 1, due Mar 19) paid Feb 29 on time; H2 (declared Feb 5,
    due Mar 22) paid Apr 10 late; H3 unpaid but not yet due. 5.4 one special audit a year: H2's was in
    2023 and H3 has none: 2."""
    rs = rules("kaifeng_checklist")
    claims = CLAIMS.replace(",resident,", ",basic,")
    folder = write(all_ledgers.parent / "kf", claims=claims, hospital_settlements=HOSPITALS,
                   special_audits=AUDITS)
    col = collect_facts(rs, folder, YEAR, engine, cal)
    f = facts_of(col)
    assert f["first_review_coverage"] == Decimal(5) / Decimal(6)
    assert f["second_review_sample_share"] == Decimal("0.25")
    assert f["hospital_settlements_late"] == 1
    assert f["institutions_without_special_audit"] == 2
    # 4.3 manual reimbursements within 30 working days: only C4 (Mar 25 > Mar 22) and C6? C6's 30th
    # working day falls in 2025, so it is not yet late on Dec 31: 1
    assert f["late_claims"] == 1
    assert f["late_maternity_claims"] == 0


def test_catalog_names_the_ledger_of_each_fact(cal, all_ledgers):
    """The fact catalog (`ledger` in facts.toml) decides which ledgers a collection reads and which
    facts a damaged ledger makes provisional: every fact a collector computes is counted from the
    ledger the catalog names (its source is that file), every fact the catalog gives a ledger is
    computed for some region, and the staff-by-post facts cover every post but "other"."""
    from jingban.facts import FACTS, ledger_of
    from jingban.ledgers.schema import POSTS

    from_ledgers = {name for name, spec in FACTS.items() if spec.ledger is not None}
    assert {f"staff_by_post_{p}" for p in POSTS if p != "other"} <= {n for n in from_ledgers if ledger_of(n) == "staff"}
    kaifeng = write(all_ledgers.parent / "kf", claims=CLAIMS.replace(",resident,", ",basic,"),
                    hospital_settlements=HOSPITALS, special_audits=AUDITS)
    computed: dict[str, set[str]] = {}
    for region, folder in (("qinhuangdao", all_ledgers), ("taicang", all_ledgers), ("kaifeng_checklist", kaifeng)):
        for f in collect_facts(rules(region), folder, YEAR, DuckDBEngine(), cal, wanted=from_ledgers).facts:
            computed.setdefault(f.name, set()).add(say(f.source, "en").split(".", 1)[0])
    assert computed == {name: {ledger_of(name)} for name in from_ledgers}
    assert ledger_of("complaints_verified") is None and ledger_of("no_such_fact") is None


def test_a_derived_fact_names_no_ledger():
    from jingban.facts import FactSpec

    with pytest.raises(ValueError, match="comes from no ledger"):
        FactSpec(name="commitment_x", kind="count", title_zh="x", title_en="x", derived=True, ledger="staff")
    with pytest.raises(ValueError):
        FactSpec(name="x", kind="count", title_zh="x", title_en="x", ledger="no_such_ledger")


def test_claims_plan_reads_and_counts_only_what_the_wanted_facts_need(cal):
    """The claims pass is planned from the rules and the wanted facts alone, before any query: its
    columns, checks, group keys and counts, each count named once by its record."""
    import attrs

    from jingban.ledgers.collect import CLAIMS_N, Count, plan_claims

    plan = plan_claims(rules("kaifeng_checklist"), {"first_review_coverage"}, frozenset({"submitted", "first_review"}),
                       YEAR, cal.years)
    assert plan.columns == ("first_review", "product", "submitted")  # product: the rules name the products
    assert [(c.kind, c.column) for c in plan.checks] == [("unparseable", "first_review"), ("unparseable", "submitted")]
    assert [c.column for c in plan.codes] == ["product"] and plan.keys == ("product",)
    assert [(r.fact, r.part.alias, r.whole) for r in plan.rates] == [("first_review_coverage", "first", CLAIMS_N)]
    assert not plan.lates and plan.calendar_span is None and plan.unknown_year is None
    # lateness: the deadline of the vulnerable share's fact too, grouped by claimant category
    plan = plan_claims(rules("qinhuangdao"), {"late_claims_vulnerable"}, frozenset({"paid"}), YEAR, cal.years)
    lates = [(late.deadline.fact, late.alias, late.vulnerable) for late in plan.lates]
    assert lates == [("late_claims", "late0", True)]
    assert plan.keys == ("product", "claimant_category") and plan.deadline_days == (20, 30)
    assert [(c.kind, c.column) for c in plan.checks] == [("unparseable", "paid"), ("paid_before_submitted", "paid")]
    assert plan.calendar_span == (dt.date(2023, 1, 1), dt.date(2025, 12, 31)) and not plan.rates
    # a period the calendar does not know: the plan says so, the execution counts its rows and stops
    year_2040 = Period(dt.date(2040, 1, 1), dt.date(2040, 12, 31))
    far = plan_claims(rules("taicang"), {"late_claims"}, frozenset(), year_2040, cal.years)
    assert far.unknown_year == 2040 and far.calendar_span is None
    # the remote-cash rate reads what its two counts test, the whole counted before its part
    plan = plan_claims(rules("taicang"), {"remote_cash_over_10k_verification_rate"}, frozenset(), YEAR, cal.years)
    assert [c.alias for c in plan.counts] == ["big", "big_verified"]
    assert {"remote", "cash", "amount", "verified"} <= set(plan.columns)
    with pytest.raises(ValueError, match="named twice"):
        attrs.evolve(plan, counts=(*plan.counts, Count("n")))
    with pytest.raises(ValueError, match="not in the pass"):
        attrs.evolve(plan, counts=plan.counts[:1])


def test_months_of_delay_count_once_each(cal, tmp_path):
    """秦医保〔2023〕91号 附件2 item 6(3) counts one delay per month late (默认延时一月算一次): H2's
    January batch was due by the end of February and paid on April 10: two months late."""
    import attrs

    from jingban.model import Citation, HospitalDeadline

    rs = rules("qinhuangdao")
    rule = HospitalDeadline(fact="hospital_settlements_late", deadline="end_of_next_month",
                            citation=Citation("秦医保〔2023〕91号", "附件2", "6(3)"), count="months_late")
    rs = attrs.evolve(rs, ledger=attrs.evolve(rs.ledger, hospital=rule))
    folder = write(tmp_path / "l", hospital_settlements=HOSPITALS)
    col = collect_facts(rs, folder, YEAR, DuckDBEngine(), cal, wanted={"hospital_settlements_late"})
    assert facts_of(col)["hospital_settlements_late"] == 2


def test_duplicate_screen_in_duckdb_when_numpy_would_not_fit(cal, all_ledgers, monkeypatch):
    """The screen sorts hashes in NumPy only when they fit in DuckDB's memory_limit; otherwise DuckDB
    sorts them. Both find the repeated C1 (row 8) and set it aside."""
    eng = DuckDBEngine()
    monkeypatch.setattr(eng, "memory_limit", lambda: 0)
    col = collect_facts(rules("qinhuangdao"), all_ledgers, YEAR, eng, cal)
    assert [(p.kind, p.count, p.rows) for p in col.problems if p.kind == "duplicate_id"] == [("duplicate_id", 1, (8,))]
    assert facts_of(col)["late_claims"] == 3


def test_strict_makes_a_problem_an_error(cal, all_ledgers):
    with pytest.raises(InputError) as e:
        collect_facts(rules("qinhuangdao"), all_ledgers, YEAR, DuckDBEngine(), cal, strict=True)
    assert "claims.csv" in str(e.value) and "row" in str(e.value)


def test_missing_column_is_named(cal, tmp_path):
    folder = write(tmp_path / "l", claims=CLAIMS.replace("claimant_category", "category"))
    with pytest.raises(InputError) as e:
        collect_facts(rules("qinhuangdao"), folder, YEAR, DuckDBEngine(), cal)
    assert "claims.csv" in str(e.value) and "claimant_category" in str(e.value)


def test_unknown_product_is_a_problem(cal, tmp_path):
    folder = write(tmp_path / "l", claims=CLAIMS.replace("C5,resident", "C5,dental"))
    col = collect_facts(rules("qinhuangdao"), folder, YEAR, DuckDBEngine(), cal)
    assert any(p.kind == "unknown_code" and p.column == "product" and p.rows == (5,) for p in col.problems)


def test_unknown_codes_are_set_aside_on_both_engines(engine, cal, tmp_path):
    """秦医保〔2023〕91号 附件2 item 7 with two unknown codes. C4 (late, outside, dibao in the
    reference ledger) now has the category "Dibao", which is not a code the rules know, and C2 (late)
    the product "dental": both rows are set aside and named (rows 4 and 2), never counted as late or
    as vulnerable. Of the three late claims of test_qinhuangdao_facts only C6 is left, and no
    vulnerable one. (DuckDB groups the codes as an ENUM of the known values; an unknown value
    becomes null there, and must still be counted as unknown.)"""
    claims = CLAIMS.replace("C4,resident,false,dibao", "C4,resident,false,Dibao") \
                   .replace("C2,resident,true,other", "C2,dental,true,other")
    folder = write(tmp_path / "l", claims=claims)
    col = collect_facts(rules("qinhuangdao"), folder, YEAR, engine, cal)
    f = facts_of(col)
    assert (f["late_claims"], f["late_claims_vulnerable"]) == (1, 0)
    unknown = sorted((p.column, p.count, p.rows) for p in col.problems if p.kind == "unknown_code")
    assert unknown == [("claimant_category", 1, (4,)), ("product", 1, (2,))]


def test_a_severely_disabled_claimant_is_vulnerable_on_both_engines(engine, cal, tmp_path):
    """秦医保〔2023〕91号 附件2 item 7: a late payment to a 五保、低保 or 重度残疾 claimant costs 1 point
    (7.2), any other 0.5 (7.1); docs/ledgers.md spells 重度残疾 `severe_disability`. C2 (late, see
    test_qinhuangdao_facts) is here a severely disabled claimant: late_claims stays 3 (C2, C4, C6),
    late_claims_vulnerable is 2 (C2 and the dibao C4), and the code is known (no row set aside)."""
    claims = CLAIMS.replace("C2,resident,true,other", "C2,resident,true,severe_disability")
    folder = write(tmp_path / "l", claims=claims)
    col = collect_facts(rules("qinhuangdao"), folder, YEAR, engine, cal)
    f = facts_of(col)
    assert (f["late_claims"], f["late_claims_vulnerable"]) == (3, 2)
    assert [p for p in col.problems if p.kind == "unknown_code"] == []


def test_a_late_claim_of_a_severely_disabled_claimant_costs_one_point(tmp_path):
    """附件2 item 7 scored from that ledger: 7.1 (late_claims - late_claims_vulnerable) x 0.5 =
    (3 - 2) x 0.5 = 0.5; 7.2 late_claims_vulnerable x 1 = 2 x 1 = 2; item 7 = 20 - 2.5 = 17.5 (with
    severe_disability not counted as vulnerable it would be 20 - (2 x 0.5 + 1) = 18)."""
    from jingban.api import registry
    from jingban.engine import assess_evidence
    from jingban.evidence import parse_evidence
    from jingban.ledgers.sources import Sources

    text = ('schema = 1\nregion = "qinhuangdao"\nagency = "x"\nproduct = "resident"\nfee = "1500000.00"\n'
            'inspected = ["7"]\n[period]\nfrom = 2024-01-01\nto = 2024-12-31\n')
    ev = parse_evidence(text, str(tmp_path / "ev.toml"), str(tmp_path))
    led = write(tmp_path / "ledgers",
                claims=CLAIMS.replace("C2,resident,true,other", "C2,resident,true,severe_disability"))
    r = assess_evidence(registry(), "qinhuangdao", ev, {}, sources=Sources(folder=led))
    seven = next(i for i in r.items if i.id == "7")
    assert {d.clause_id: d.points for d in seven.deductions} == {"7.1": Decimal("0.5"), "7.2": Decimal("2")}
    assert seven.score == Decimal("17.5")


def test_code_columns_as_enum_keep_their_values():
    """DuckDBEngine.codes: known codes come back as the same strings (a quote in a code is escaped),
    an unknown code and an empty cell become null, the other columns are untouched."""
    import narwhals as nw

    eng = DuckDBEngine()
    rows = [("a", "o'k", 1), ("b", "x", 2), ("c", None, 3), ("d", "plain", 4)]
    frame = eng.table((("id", "VARCHAR"), ("code", "VARCHAR"), ("n", "INTEGER")), rows)
    out = eng.fetch(eng.codes(frame, {"code": ["plain", "o'k", "plain"]}).sort("id"))
    assert [(r["id"], r["code"], r["n"]) for r in out] == [("a", "o'k", 1), ("b", None, 2), ("c", None, 3),
                                                           ("d", "plain", 4)]
    nulls = eng.codes(frame, {"code": ["plain"]}).select(nw.col("code").is_null().sum().alias("k"))
    assert eng.fetch(nulls)[0]["k"] == 3
    eng.close()


def _engine_calls() -> set[str]:
    """The methods called on an engine outside the adapter: `<x>.engine.m(...)`, `engine.m(...)`,
    `eng.m(...)`, `worker.m(...)` in the ledger modules and the CLI."""
    import ast

    src = ROOT / "core" / "src" / "jingban"
    files = [f for f in (src / "ledgers").glob("*.py") if f.name != "engines.py"] + [src / "cli.py"]
    names = set()
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if (isinstance(owner, ast.Name) and owner.id in ("engine", "eng", "worker")) or \
                        (isinstance(owner, ast.Attribute) and owner.attr == "engine"):
                    names.add(node.func.attr)
    return names


def test_engine_protocol_is_what_the_collectors_use_and_both_engines_provide():
    """`Engine` names exactly the methods the collectors call on an engine, and DuckDBEngine and
    SparkEngine (its module imports no PySpark until an engine is made) each define every one with
    the protocol's parameters."""
    import inspect

    from jingban.ledgers.engines import Engine, SparkEngine

    members = {n for n, v in vars(Engine).items() if callable(v) and not n.startswith("_")}
    assert members == _engine_calls()
    assert {"load", "fetch", "duplicate_screen", "worker", "close"} <= members  # the scan found the calls
    for cls in (DuckDBEngine, SparkEngine):
        for name in sorted(members):
            impl = getattr(cls, name, None)
            assert callable(impl), f"{cls.__name__} has no {name}"
            want = list(inspect.signature(getattr(Engine, name)).parameters)
            assert list(inspect.signature(impl).parameters) == want, f"{cls.__name__}.{name}"


def test_year_the_calendar_does_not_know_is_an_error(cal, tmp_path):
    """A payment dated in 2027, a year no State Council notice has fixed yet: an error naming the
    year and the rows it affects, never a guess."""
    claims = CLAIMS.replace("2024-12-02,,", "2024-12-02,2027-03-01,")
    folder = write(tmp_path / "l", claims=claims)
    with pytest.raises(CalendarError) as e:
        collect_facts(rules("taicang"), folder, YEAR, DuckDBEngine(), cal)
    assert "2027" in str(e.value) and "(1 row" in str(e.value)
    period = Period(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    with pytest.raises(CalendarError) as e:
        collect_facts(rules("taicang"), folder, period, DuckDBEngine(), cal)
    assert "2027" in str(e.value) and "(1 row" in str(e.value)


def test_deadline_in_an_unknown_year_needs_no_guess(engine, cal, tmp_path):
    """Assessing 2026 before the 2027 holidays are published: a claim submitted on 2026-12-28 has its
    15th working day in January 2027, which the calendar cannot place. Unpaid at 2026-12-31, or paid
    on 2026-12-31, it is on time whatever 2027's holidays turn out to be, so no error. A claim
    submitted Mon 2026-11-02 and unpaid: its 15th working day is Mon 2026-11-23 (no holiday between),
    passed by 2026-12-31: late. (太人社医[2018]3号 附件 大病保险金兑付 3: 15 working days.)"""
    claims = (CLAIMS.splitlines()[0] + "\n"
              "D1,resident,true,other,2026-12-28,,100.00,false,false,false,false,true,false\n"
              "D2,resident,true,other,2026-12-28,2026-12-31,100.00,false,false,false,false,true,false\n"
              "D3,resident,true,other,2026-11-02,,100.00,false,false,false,false,true,false\n")
    folder = write(tmp_path / "l", claims=claims)
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert cal.deadline(dt.date(2026, 11, 2), 15) == dt.date(2026, 11, 23)
    col = collect_facts(rules("taicang"), folder, period, engine, cal, wanted={"late_claims"})
    assert facts_of(col)["late_claims"] == 1
    assert "D3" in say(col.facts[0].detail, "en") and not col.problems


def test_payments_far_from_the_period(engine, cal, tmp_path):
    """The calendar around a 2024 assessment spans 2023-2025. A claim submitted and paid in 2021 is
    outside the period and decides nothing, so its payment date needs no calendar: the facts are
    those of the other claims (D2: submitted Mon 2024-11-04, paid the same week, on time). A claim
    of the period paid in 2026 is more than a year away: an error that names the columns, not a
    count that quietly leaves it out."""
    head = CLAIMS.splitlines()[0] + "\n"
    old = "D1,resident,true,other,2021-03-01,2021-03-02,100.00,false,false,false,false,true,false\n"
    ok = "D2,resident,true,other,2024-11-04,2024-11-06,100.00,false,false,false,false,true,false\n"
    folder = write(tmp_path / "a", claims=head + old + ok)
    col = collect_facts(rules("taicang"), folder, YEAR, engine, cal, wanted={"late_claims"})
    assert facts_of(col)["late_claims"] == 0 and not col.problems
    far = "D3,resident,true,other,2024-11-04,2026-01-05,100.00,false,false,false,false,true,false\n"
    folder = write(tmp_path / "b", claims=head + old + ok + far)
    with pytest.raises(InputError) as e:
        collect_facts(rules("taicang"), folder, YEAR, engine, cal, wanted={"late_claims"})
    assert "submitted/paid" in str(e.value) and "more than a year away" in str(e.value)


def test_collect_cli_writes_an_includable_fragment(tmp_path, all_ledgers):
    out = tmp_path / "facts.toml"
    proc = subprocess.run([sys.executable, "-m", "jingban", "collect", "--region", "taicang", "--ledgers",
                           str(all_ledgers), "--year", "2024", "--output", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1, proc.stderr  # problem rows were set aside: not a clean collection
    assert "支付日期早于申请日期" in proc.stderr and "assess：警告：" in proc.stderr  # Chinese by default
    # DuckDB 2's bindings print sixty lines of "nanobind: leaked ..." at exit if the process
    # freezes its objects (cli.run used to): stderr holds the warnings and nothing else
    assert "nanobind" not in proc.stderr and "leaked" not in proc.stderr
    ev = tmp_path / "ev.toml"
    ev.write_text('schema = 1\nregion = "taicang"\nagency = "x"\ninclude = ["facts.toml"]\n'
                  '[period]\nfrom = 2024-01-01\nto = 2024-12-31\n', encoding="utf-8")
    from jingban.api import assess

    r = assess("taicang", ev)
    assert dict((n, v) for n, v, _, _ in r.facts_used)["late_claims"] == 5


def test_assess_with_ledgers_in_one_run(tmp_path, all_ledgers):
    """Inspectors' evidence plus the ledgers: Taicang's late_claims (5, above) is counted from the
    claims ledger; the problem rows make the result provisional, and the notices name them."""
    ev = tmp_path / "ev.toml"
    ev.write_text('schema = 1\nregion = "taicang"\nagency = "x"\nfee = "1000000.00"\n'
                  '[period]\nfrom = 2024-01-01\nto = 2024-12-31\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "jingban", "--region", "taicang", "--evidence", str(ev),
                           "--ledgers", str(all_ledgers), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "nanobind" not in proc.stderr and "leaked" not in proc.stderr
    import json

    doc = json.loads(proc.stdout)
    facts = {f["name"]: f for f in doc["facts"]}
    assert facts["late_claims"]["value"] == "5"
    assert "claims.csv" in facts["late_claims"]["source"]
    assert any("支付日期早于申请日期" in n for n in doc["notices"])  # the notices in the report's language
    # the survey ledger holds names, ID and phone numbers: none reach the report
    assert "乙某" not in proc.stdout and "130302195001011235" not in proc.stdout


def test_demo_data_is_reproducible(tmp_path):
    """The same seed gives the same ledgers, whatever the number of threads."""
    import duckdb

    from jingban.ledgers.demo import write_demo

    a, b = tmp_path / "a", tmp_path / "b"
    write_demo(a, 5000, 42)
    write_demo(b, 5000, 42)
    con = duckdb.connect()
    for name in ("claims", "survey", "staff", "hospital_settlements", "monthly_reports", "special_audits"):
        q = "SELECT * FROM read_parquet('{}') ORDER BY ALL"
        assert con.sql(q.format(a / f"{name}.parquet")).fetchall() == con.sql(q.format(b / f"{name}.parquet")).fetchall()
    rows = con.sql(f"SELECT count(*), count(DISTINCT claim_id) FROM read_parquet('{a / 'claims.parquet'}')").fetchall()
    assert rows == [(5000, 5000)]


def _qhd_with_finding(tmp_path, facts: str = "") -> "Result":
    from jingban.api import registry
    from jingban.engine import assess_evidence
    from jingban.evidence import parse_evidence
    from jingban.ledgers.sources import Sources

    text = ('schema = 1\nregion = "qinhuangdao"\nagency = "x"\nproduct = "resident"\nfee = "1500000.00"\n'
            'inspected = ["5", "7"]\n[period]\nfrom = 2024-01-01\nto = 2024-12-31\n'
            '[[findings]]\nid = "F-09"\nrules = ["5.3"]\nclaims = ["C4"]\n'
            'description = "大病保险二次报销漏付，且超时限支付"\n' + facts)
    ev = parse_evidence(text, str(tmp_path / "ev.toml"), str(tmp_path))
    led = write(tmp_path / "ledgers", claims=CLAIMS)
    return assess_evidence(registry(), "qinhuangdao", ev, {}, sources=Sources(folder=led))


def test_a_claim_late_and_wrongly_paid_is_deducted_once(tmp_path):
    """秦医保〔2023〕91号 附件2 说明 (同一问题不重复扣分), items 5 and 7. The ledger's late claims are
    C2, C4 (dibao) and C6 (test_qinhuangdao_facts). Finding F-09 charges C4 under 5.3 (1 point a
    case: -1). Item 7 counts late claims without C4: 7.1 (0.5 a case, the vulnerable ones apart)
    (2 - 0) x 0.5 = 1; 7.2 (1 a vulnerable case) 0 x 1 = 0; so item 7 loses 1, not 2 (which it would
    lose counting C4: (3 - 1) x 0.5 + 1 x 1). Both items say where C4 went."""
    r = _qhd_with_finding(tmp_path)
    by_id = {i.id: i for i in r.items}
    assert by_id["5"].max - by_id["5"].score == 1
    assert by_id["7"].max - by_id["7"].score == 1
    facts = {name: value for name, value, _source, _detail in r.facts_used}
    assert (facts["late_claims"], facts["late_claims_vulnerable"]) == (2, 0)
    from jingban.messages import say

    five = next(d for d in by_id["5"].deductions if d.finding_id == "F-09")
    assert say(five.note, "zh") == ("所列理赔 C4 在此扣分，已从 超时限支付的理赔件数（按本地区时限）（late_claims）、"
                                    "其中五保、低保、重度残疾对象的超时件数（late_claims_vulnerable） 的计数中剔除"
                                    "（同一问题不重复扣分）")
    seven = next(d for d in by_id["7"].deductions if d.clause_id == "7.1")
    assert "C4（F-09）" in say(seven.evidence, "zh") + say(seven.note, "zh")


def test_claims_named_against_a_stated_count_are_flagged_not_guessed(tmp_path):
    """The same finding, with late_claims stated by hand: jingban cannot know whether the 3 include
    C4, so it deducts as stated and says the claim may be deducted twice."""
    r = _qhd_with_finding(tmp_path, "[facts]\nlate_claims = 3\nlate_claims_vulnerable = 1\n")
    from jingban.messages import say

    texts = [say(n.text, "zh") for n in r.notices]
    assert any(t.startswith("发现 F-09 列出了理赔 C4，但 超时限支付的理赔件数（按本地区时限）（late_claims） 不是本次由台账计数")
               for t in texts), texts


def test_without_a_same_issue_rule_a_named_claim_still_counts(tmp_path):
    """Taicang's document (太人社医[2018]3号) has no same-issue rule: the collector does not leave
    a named claim out of its counts (late_claims = 5, test_assess_with_ledgers_in_one_run). Taicang
    scores no findings itself; the collector is asked directly, as the engine would."""
    from jingban.evidence import parse_evidence
    from jingban.ledgers.collect import collect_batch
    from jingban.ledgers.sources import Sources

    text = ('schema = 1\nregion = "taicang"\nagency = "x"\nfee = "1000000.00"\n'
            '[period]\nfrom = 2024-01-01\nto = 2024-12-31\n'
            '[[findings]]\nid = "F-01"\nitems = ["benefit_payout"]\nclaims = ["C4"]\ndescription = "示例"\n')
    ev = parse_evidence(text, str(tmp_path / "ev.toml"), str(tmp_path))
    batch = collect_batch(rules("taicang"), ev, Sources(folder=write(tmp_path / "led", claims=CLAIMS)))
    late = next(f for f in batch.facts if f.name == "late_claims")
    assert (late.value, late.left_out) == (5, None)


def test_the_other_reading_keeps_the_claim_in_the_count(tmp_path):
    """Option same_issue_rows = counted_fact (docs/interpretations.md C1): C4 stays among the late
    claims, so item 7 loses (3 - 1) x 0.5 + 1 x 1 = 2, and F-09 under 5.3 has 1 - 1 = 0 cases left:
    item 5 loses nothing. Either way the claim is deducted once."""
    from jingban.api import registry
    from jingban.engine import assess_evidence
    from jingban.evidence import parse_evidence
    from jingban.ledgers.sources import Sources
    from jingban.messages import say

    text = ('schema = 1\nregion = "qinhuangdao"\nagency = "x"\nproduct = "resident"\nfee = "1500000.00"\n'
            'inspected = ["5", "7"]\n[period]\nfrom = 2024-01-01\nto = 2024-12-31\n'
            '[[findings]]\nid = "F-09"\nrules = ["5.3"]\nclaims = ["C4"]\n'
            'description = "大病保险二次报销漏付，且超时限支付"\n')
    ev = parse_evidence(text, str(tmp_path / "ev.toml"), str(tmp_path))
    r = assess_evidence(registry(), "qinhuangdao", ev, {"same_issue_rows": "counted_fact"},
                        sources=Sources(folder=write(tmp_path / "ledgers", claims=CLAIMS)))
    by_id = {i.id: i for i in r.items}
    assert by_id["5"].max - by_id["5"].score == 0
    assert by_id["7"].max - by_id["7"].score == 2
    assert dict((n, v) for n, v, _, _ in r.facts_used)["late_claims"] == 3
    five = next(d for d in by_id["5"].deductions if d.finding_id == "F-09")
    assert (five.points, five.count) == (0, 0)
    assert say(five.note, "zh").startswith("所列理赔 C4 已在 超时限支付的理赔件数（按本地区时限）（late_claims）")


@pytest.mark.parametrize("spelling", ["yes", "y", "T", "on", "真"])
def test_a_boolean_is_one_of_the_documented_spellings(engine, cal, tmp_path, spelling):
    """docs/ledgers.md: true/false (any case), 1/0, 是/否. SQL's cast took yes, y, t silently, even
    with --strict; now they are unreadable values, set aside and reported."""
    text = CLAIMS.replace("C5,resident,true,wubao", f"C5,resident,{spelling},wubao")
    col = collect_facts(rules("qinhuangdao"), write(tmp_path / "l", claims=text), YEAR, engine, cal)
    assert ("unparseable", "in_city", 1, (5,)) in [(p.kind, p.column, p.count, p.rows) for p in col.problems]
    clean = "\n".join(text.splitlines()[:8]) + "\n"  # C1-C7: no other problem row comes first
    with pytest.raises(InputError, match="row 5"):
        collect_facts(rules("qinhuangdao"), write(tmp_path / "s", claims=clean), YEAR, engine, cal, strict=True)


@pytest.mark.parametrize(("yes", "no"), [("TRUE", "FALSE"), ("1", "0"), ("是", "否")])
def test_the_documented_boolean_spellings_read_alike(engine, cal, tmp_path, yes, no):
    """The same ledger in Excel's TRUE/FALSE, 1/0 and 是/否: the same facts as true/false."""
    header, *rows = CLAIMS.splitlines()
    spelled = "\n".join([header] + [",".join(yes if v == "true" else no if v == "false" else v for v in r.split(","))
                                    for r in rows]) + "\n"
    a = collect_facts(rules("qinhuangdao"), write(tmp_path / "a", claims=CLAIMS), YEAR, engine, cal)
    b = collect_facts(rules("qinhuangdao"), write(tmp_path / "b", claims=spelled), YEAR, engine, cal)
    assert facts_of(a) == facts_of(b)


def test_a_claims_ledger_with_a_header_only_counts_nothing(engine, cal, tmp_path):
    """A header and no row is no evidence of zero late claims: the facts are not computed, and the
    items that need them stay not assessed."""
    header = CLAIMS.splitlines()[0] + "\n"
    col = collect_facts(rules("qinhuangdao"), write(tmp_path / "l", claims=header), YEAR, engine, cal)
    assert "late_claims" not in facts_of(col) and "late_claims_vulnerable" not in facts_of(col)
    skipped = dict(col.skipped)
    assert say(skipped["late_claims"], "zh") == "理赔台账只有表头、没有任何理赔行：无从计数（不是 0 件）"
