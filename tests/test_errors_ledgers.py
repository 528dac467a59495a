"""Errors about ledgers (the folder, a ledger's columns and rows, --strict, the period, the engines,
demo-data) read in Chinese by default and in English on request, never the two mixed in one line."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from jingban.api import rules
from jingban.errors import InputError
from jingban.evidence import Period
from jingban.ledgers.collect import Problem, collect_facts
from jingban.ledgers.demo import write_demo
from jingban.ledgers.engines import DuckDBEngine
from jingban.ledgers.period import infer_year
from jingban.workdays import load_calendar

YEAR = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
HEAD = ("claim_id,product,in_city,claimant_category,submitted,paid,amount,remote,cash,verified,inpatient,"
        "first_review,second_review\n")


def claim(cid: str, submitted: str, paid: str) -> str:
    return f"{cid},resident,true,other,{submitted},{paid},100.00,false,false,false,false,true,false\n"


def ledgers(folder: Path, claims: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "claims.csv").write_text(claims, encoding="utf-8")
    return folder


def refused(fn) -> InputError:
    with pytest.raises(InputError) as e:
        fn()
    return e.value


def chinese(line: str, *allowed: str) -> None:
    """The zh line is Chinese: once the ids, keys, file names and option names are taken out, no
    word in Latin letters is left."""
    rest = line
    for word in sorted(allowed, key=len, reverse=True):
        rest = rest.replace(word, "")
    assert re.search("[\u4e00-\u9fff]", rest), line
    assert re.search("[A-Za-z]{2,}", rest) is None, line


@pytest.fixture(scope="module")
def cal():
    return load_calendar()


@pytest.fixture
def engine():
    eng = DuckDBEngine()
    yield eng
    eng.close()


def test_a_missing_column(tmp_path, cal, engine):
    folder = ledgers(tmp_path / "l", (HEAD + claim("C1", "2024-02-05", "2024-02-06")).replace(
        "claimant_category", "category"))
    e = refused(lambda: collect_facts(rules("qinhuangdao"), folder, YEAR, engine, cal))
    path = str(folder / "claims.csv")
    assert e.line("en") == (f"{path}: column claimant_category: missing from the claims ledger "
                            "(docs/ledgers.md lists its columns)")
    zh = e.line("zh")
    assert zh.startswith(f"{path}: 列 claimant_category（人员类别）：") and "理赔结算台账（claims）缺少该列" in zh
    chinese(zh, path, "claimant_category", "claims", "docs/ledgers.md")


def test_no_ledgers_folder(tmp_path, cal, engine):
    e = refused(lambda: collect_facts(rules("qinhuangdao"), tmp_path / "none", YEAR, engine, cal))
    assert e.line("en") == f"{tmp_path / 'none'}: ledgers folder not found"
    assert e.line("zh") == f"{tmp_path / 'none'}：找不到台账文件夹"


def test_strict_names_the_first_row_in_the_readers_language(tmp_path, cal, engine):
    """--strict: the problem's own message, after the file the error names already."""
    folder = ledgers(tmp_path / "l", HEAD + claim("C1", "2024-02-05", "2024-02-06")
                     + claim("C2", "2024-05-10", "2024-05-01") + claim("C3", "2024-05-10", "2024-05-02"))
    e = refused(lambda: collect_facts(rules("qinhuangdao"), folder, YEAR, engine, cal, strict=True))
    path = str(folder / "claims.csv")
    assert e.line("en") == f"{path}: row 2: 2 rows paid before they were submitted (rows 2, 3) (--strict)"
    zh = e.line("zh")
    assert zh == f"{path}: 第 2 行：2 行支付日期早于申请日期（第 2, 3 行）；使用了 --strict，有问题的行即为错误"
    chinese(zh, path, "--strict")
    assert path not in zh[len(path):]  # the file once


def test_strict_on_a_repeated_claim_id(tmp_path, cal, engine):
    folder = ledgers(tmp_path / "l", HEAD + claim("C1", "2024-02-05", "2024-02-06")
                     + claim("C1", "2024-02-06", "2024-02-07"))
    e = refused(lambda: collect_facts(rules("qinhuangdao"), folder, YEAR, engine, cal, strict=True))
    path = str(folder / "claims.csv")
    assert e.line("en") == f"{path}: row 2: 1 rows repeat a 'claim_id' used earlier (rows 2) (--strict)"
    chinese(e.line("zh"), path, "claim_id", "--strict")


def test_a_problem_without_its_file_in_both_languages():
    p = Problem("claims", "/data/claims.csv", "unparseable", "paid", 7, (3, 4, 5, 6, 9))
    body = p.without_file()
    assert body.en == "7 rows with an unreadable 'paid' (rows 3, 4, 5, 6, 9, …)"
    assert body.zh == "7 行的 'paid' 无法识别（第 3, 4, 5, 6, 9, … 行）"
    assert p.strict_error().line("en") == f"/data/claims.csv: row 3: {body.en} (--strict)"


def test_dates_more_than_a_year_away(tmp_path, cal, engine):
    folder = ledgers(tmp_path / "l", HEAD + claim("D3", "2024-11-04", "2026-01-05"))
    e = refused(lambda: collect_facts(rules("taicang"), folder, YEAR, engine, cal, wanted={"late_claims"}))
    path = str(folder / "claims.csv")
    assert e.line("en") == (f"{path}: submitted/paid: dates more than a year away from the period; give a wider "
                            "--year/--from/--to or check the ledger")
    chinese(e.line("zh"), path, "submitted/paid", "--year/--from/--to")


def test_the_year_cannot_be_inferred(tmp_path, engine):
    e = refused(lambda: infer_year(tmp_path / "none", engine))
    assert e.line("en") == f"{tmp_path / 'none'}: --year: no claims ledger to take the year from; give --year"
    chinese(e.line("zh"), str(tmp_path / "none"), "--year", "claims")
    folder = ledgers(tmp_path / "l", HEAD + claim("C1", "2023-12-28", "2024-01-05")
                     + claim("C2", "2024-02-05", "2024-02-06"))
    path = str(folder / "claims.csv")
    e = refused(lambda: infer_year(folder, engine))
    assert e.line("en") == f"{path}: --year: claims were submitted from 2023 to 2024; give --year"
    assert e.line("zh") == f"{path}: --year：理赔申请日期从 2023 年到 2024 年；请用 --year 指定年度"
    folder = ledgers(tmp_path / "m", HEAD + claim("C1", "2024-13-01", "2024-01-05"))
    e = refused(lambda: infer_year(folder, engine))
    assert e.line("en").endswith("--year: no readable submission dates; give --year")
    chinese(e.line("zh"), str(folder / "claims.csv"), "--year", "submitted")


def test_ledger_facts_need_a_period():
    from types import SimpleNamespace

    from jingban.ledgers.collect import collect_batch

    ev = SimpleNamespace(period=None, file="evidence.toml", facts=())
    e = refused(lambda: collect_batch(rules("taicang"), ev, None))
    assert e.line("en") == "evidence.toml: period: ledger facts are counted over a period: give [period] from/to"
    chinese(e.line("zh"), "evidence.toml", "period", "[period]", "from/to")


def test_spark_is_not_installed(monkeypatch):
    from jingban.ledgers.engines import SparkEngine

    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    e = refused(lambda: SparkEngine())
    assert e.line("en") == "--engine spark: PySpark is not installed: pip install 'jingban[spark]'"
    chinese(e.line("zh"), "--engine spark", "PySpark", "pip install 'jingban[spark]'")


def test_demo_data_arguments(tmp_path):
    e = refused(lambda: write_demo(tmp_path / "d", -1, 1))
    assert (e.line("en"), e.line("zh")) == ("--claims: must not be negative", "--claims：不能为负数")
    e = refused(lambda: write_demo(tmp_path / "d", 1, 1, compression="zip"))
    assert e.line("en") == "--compression: unknown Parquet compression 'zip'"
    assert e.line("zh") == "--compression：未知的 Parquet 压缩方式“zip”"
    chinese(e.line("zh"), "--compression", "Parquet", "zip")
