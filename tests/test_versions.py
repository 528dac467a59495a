"""Dated rule versions (jingban.versions): the evidence's period picks a region's rule set,
`--rules-version` overrides, and a period outside the version's dates or past its last check is
said on every report.

The dated example is the demo city (examples/third_party_region): DEMO-1 (rules.toml, version 0.1,
from 2024-01-01, a late payment costs 2 points) and DEMO-0 (rules-2023.toml, version 0.0, 2023-01-01
to 2023-12-31, 3 points). Both last checked on 2026-11-23. The evidence: 1 founded complaint (item 1,
1 point each, of 4) and 2 late payments (item 2, of 6).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from installed import install_target
from hypothesis import given
from hypothesis import strategies as st

from jingban.errors import InputError
from jingban.versions import Version, choose

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "third_party_region"


def v(name: str, start: str, end: str | None = None) -> Version:
    return Version(file=Path(name), rules_version=name, effective_from=dt.date.fromisoformat(start),
                   effective_to=dt.date.fromisoformat(end) if end else None)


OLD, NEW = v("0.0", "2023-01-01", "2023-12-31"), v("0.1", "2024-01-01")


def test_the_period_picks_the_version_in_force_on_its_last_day():
    assert choose((NEW, OLD), dt.date(2023, 12, 31)) is OLD
    assert choose((NEW, OLD), dt.date(2024, 12, 31)) is NEW
    # a period before every version: the earliest (the result says the period is outside its dates)
    assert choose((NEW, OLD), dt.date(2022, 12, 31)) is OLD
    # a gap between versions: the latest begun before the period's end
    assert choose((v("a", "2020-01-01", "2020-12-31"), v("b", "2022-01-01")), dt.date(2021, 6, 30)).rules_version == "a"
    # no period (assess settle, template): the latest
    assert choose((OLD, NEW), None) is NEW


def test_rules_version_overrides_and_an_unknown_one_names_those_there_are():
    assert choose((NEW, OLD), dt.date(2024, 12, 31), "0.0") is OLD
    with pytest.raises(InputError) as exc:
        choose((NEW, OLD), None, "0.2", region="demo_city")
    assert exc.value.line("en") == ("--rules-version: region demo_city has no rules version '0.2' (did you mean"
                                    " '0.1'?) (it has: 0.0, 0.1)")


dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31))


@st.composite
def version_sets(draw):
    n = draw(st.integers(1, 5))
    out = []
    for i in range(n):
        start = draw(dates)
        end = draw(st.none() | st.dates(min_value=start, max_value=dt.date(2036, 12, 31)))
        out.append(Version(file=Path(f"r{i}.toml"), rules_version=f"v{i}", effective_from=start, effective_to=end))
    return out


@given(version_sets(), dates, st.randoms())
def test_the_choice_does_not_depend_on_the_order_and_is_in_force_when_one_is(found, day, rnd):
    chosen = choose(tuple(found), day)
    shuffled = list(found)
    rnd.shuffle(shuffled)
    assert choose(tuple(shuffled), day) == chosen
    if any(x.in_force(day) for x in found):
        assert chosen.in_force(day)
        assert chosen.effective_from == max(x.effective_from for x in found if x.in_force(day))


# ---------------------------------------------------------------- the dated example, installed


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return install_target(DEMO, tmp_path_factory.mktemp("versions-site"))


def assess(site: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess:
    env = dict(os.environ, JINGBAN_LANG=lang, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "jingban", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


def doc(site: Path, *args: str) -> dict:
    proc = assess(site, *args, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_a_2023_period_is_assessed_under_the_2023_rules(site):
    # DEMO-0 art. 1 item 2(1): 3 points a late payment: 2 x 3 = 6 of 6 -> 0; item 1: 4 - 1 = 3; total 3
    d = doc(site, "-e", str(DEMO / "evidence-2023.toml"))
    assert (d["rules_version"], d["total"]) == ("0.0", "3.00")
    assert [(i["id"], i["score"]) for i in d["items"]] == [("1", "3.00"), ("2", "0.00")]
    # DEMO-1 art. 1 item 2(1): 2 points: 6 - 4 = 2; total 5
    d = doc(site, "-e", str(DEMO / "evidence.toml"))
    assert (d["rules_version"], d["total"]) == ("0.1", "5.00")
    assert d["notices"] == []


def test_rules_version_overrides_and_the_period_outside_its_dates_is_on_every_report(site, tmp_path):
    ev = str(DEMO / "evidence-2023.toml")
    d = doc(site, "-e", ev, "--rules-version", "0.1")
    assert (d["rules_version"], d["total"]) == ("0.1", "5.00")
    said = "the period 2023-01-01..2023-12-31 lies outside the rules' effective dates (from 2024-01-01)"
    assert said in d["notices"] or any(said in n for n in d["notices"]), d["notices"]
    table = assess(site, "-e", ev, "--rules-version", "0.1")
    assert table.returncode == 0 and said in " ".join(table.stdout.split())
    html = tmp_path / "f.html"
    assert assess(site, "-e", ev, "--rules-version", "0.1", "--format", "html", "-o", str(html)).returncode == 0
    assert "Rules' dates: " + said in html.read_text(encoding="utf-8").replace("&#x27;", "'")
    zh = tmp_path / "zh.html"
    assert assess(site, "-e", ev, "--rules-version", "0.1", "--format", "html", "-o", str(zh), lang="zh").returncode == 0
    zh_said = "规则适用：考核期间 2023-01-01～2023-12-31 超出规则有效期（2024-01-01 起）"
    assert zh_said in zh.read_text(encoding="utf-8")
    # the workbook's settlement sheet and the document's cover letter say it too
    import zipfile

    for fmt, part in (("xlsx", "xl/sharedStrings.xml"), ("docx", "word/document.xml")):
        out = tmp_path / f"f.{fmt}"
        assert assess(site, "-e", ev, "--rules-version", "0.1", "--format", fmt, "-o", str(out), lang="zh").returncode == 0
        assert zh_said in zipfile.ZipFile(out).read(part).decode("utf-8"), fmt


def test_a_period_past_the_last_check_is_said_on_every_report(site, tmp_path):
    ev = tmp_path / "2027.toml"
    ev.write_text((DEMO / "evidence.toml").read_text(encoding="utf-8").replace("2024-", "2027-"), encoding="utf-8")
    d = doc(site, "-e", str(ev))
    assert d["rules_version"] == "0.1"  # in force from 2024 with no end
    said = ("the period ends on 2027-12-31, after the rules (version 0.1) were last checked against the document"
            " on 2026-11-23: make sure the document has not changed for this period")
    assert said in d["notices"]
    assert said in " ".join(assess(site, "-e", str(ev)).stdout.split())
    out = tmp_path / "f.html"
    assert assess(site, "-e", str(ev), "--format", "html", "-o", str(out)).returncode == 0
    assert said in out.read_text(encoding="utf-8").replace("&#x27;", "'")


def test_an_unknown_rules_version_is_bad_input(site):
    proc = assess(site, "-e", str(DEMO / "evidence.toml"), "--rules-version", "2.0")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        "assess: error: --rules-version: region demo_city has no rules version '2.0' (did you mean '0.0'?)"
        " (it has: 0.0, 0.1)"]


def test_settle_and_template_take_a_version(site):
    # DEMO-0 and DEMO-1 settle alike (art. 3): 10% withheld, all of it deducted below 6
    proc = assess(site, "settle", "-r", "demo_city", "-s", "5", "-f", "100000", "--rules-version", "0.0",
                  "--format", "json")
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)
    assert (s["withheld"], s["deducted"], s["paid"]) == ("10000.00", "10000.00", "0.00")
    tpl = assess(site, "template", "-r", "demo_city", "--rules-version", "0.0")
    assert tpl.returncode == 0, tpl.stderr
    assert "0.0" in tpl.stdout


def test_the_lint_checks_every_version_and_the_demos_own_tests_pass(site):
    lint = assess(site, "rules", "lint", "demo_city")
    assert lint.returncode == 0, lint.stdout
    assert "rules.toml, " in lint.stdout and "rules-2023.toml: no problems found" in lint.stdout
    env = dict(os.environ, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA",
                           str(DEMO / "tests")], capture_output=True, text=True, env=env, cwd=site, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert proc.stdout.count("PASSED") >= 22  # both examples' contracts


def test_the_regions_listing_names_every_version_a_region_ships(site):
    """`assess regions` lists the demo city's two dated rule sets, the default (DEMO-1, 0.1) first,
    in the table and in the JSON."""
    table = assess(site, "regions")
    assert table.returncode == 0, table.stderr
    row = next(line for line in table.stdout.splitlines() if line.startswith("demo_city"))
    assert row.rstrip().endswith("0.1, 0.0")
    listing = doc(site, "regions")
    demo = next(d for d in listing["regions"] if d["region"] == "demo_city")
    assert (demo["rules_version"], demo["rules_versions"]) == ("0.1", ["0.1", "0.0"])
