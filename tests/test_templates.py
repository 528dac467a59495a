"""A template marks nothing inspected: with only its header filled it assesses no item, in every
region (docs/evidence-format.md; issue 10). A template made with --agreement names that file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.api import rules
from jingban.cli import main
from jingban.logsetup import configure

ROOT = Path(__file__).resolve().parents[1]
AGREEMENT = ROOT / "examples" / "tianjin_ltc" / "agreement-example.toml"
REGIONS = ("qinhuangdao", "taicang", "tianjin_ltc", "kaifeng_checklist")


@pytest.fixture(autouse=True)
def _restore_logging():
    yield
    configure()


def _template(region: str, lang: str) -> str:
    extra = ["--agreement", str(AGREEMENT)] if region == "tianjin_ltc" else []
    res = CliRunner().invoke(main, ["template", "--region", region, "--lang", lang, *extra])
    assert res.exit_code == 0, res.stderr
    return res.stdout


def _fill_header(text: str, region: str) -> str:
    rs = rules(region, agreement=AGREEMENT if region == "tianjin_ltc" else None)
    text = text.replace('agency = ""', 'agency = "某保险公司"', 1)
    if rs.products:
        text = text.replace('product = ""', f'product = "{rs.products[0].id}"', 1)
    return text.replace('fee = "0.00"', 'fee = "1000000.00"', 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("region", REGIONS)
def test_header_only_template_assesses_no_item(region, lang, tmp_path):
    ev = tmp_path / "2025.toml"
    ev.write_text(_fill_header(_template(region, lang), region), encoding="utf-8")
    res = CliRunner().invoke(main, ["--region", region, "--evidence", str(ev), "--format", "json"])
    assert res.exit_code == 1, res.stderr  # provisional
    doc = json.loads(res.stdout)
    assert doc["provisional"] is True
    assert [i["id"] for i in doc["items"] if i["assessed"]] == []
    assert len(doc["not_assessed"]) == len(doc["items"]) > 0
    # nothing assessed decides nothing: no grade, no consequence as a fact, the payout as a range
    assert doc["grade"] is None
    if doc["settlement"]["kind"] != "none":
        assert doc["settlement"]["consequences"] == []
        # what the final score decides is not stated as a fact: no floor passed off as the payout
        assert [doc["settlement"][k] for k in ("deduction_rate", "deducted", "paid", "band_citation")] == [None] * 4
        o = doc["outlook"]
        assert o["total"]["min"] == "0.00" and o["certain"] == []
        assert o["settlement"]["paid"]["min"] == "0.00"
        assert o["settlement"]["paid"]["max"] == doc["settlement"]["withheld"]


@pytest.mark.parametrize("region", ["qinhuangdao", "taicang", "tianjin_ltc"])
def test_nothing_assessed_never_reads_as_termination(region, tmp_path):
    ev = tmp_path / "2025.toml"
    ev.write_text(_fill_header(_template(region, "zh"), region), encoding="utf-8")
    res = CliRunner().invoke(main, ["--region", region, "--evidence", str(ev)])
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    certain = next(line for line in lines if line.startswith("后续处理"))
    assert certain.endswith("：无"), certain
    assert "可能的考核结果" in res.stdout


def test_template_names_the_agreement_it_was_made_with():
    text = _template("tianjin_ltc", "zh")
    assert f'agreement = "{AGREEMENT}"' in text


def test_a_consequence_several_bands_bring_reads_as_their_union(tmp_path):
    """The example agreement (examples/tianjin_ltc/agreement-example.toml, settlement.bands): a talk
    (约谈) follows every score below 80 (bands 70-80, 60-70, below 60), rectification below 70,
    termination below 60. With nothing assessed each is possible over its whole stretch; until
    2026-12 the talk read "between 70 and 60" (the intersection of its bands' ends)."""
    agreement = ROOT / "examples" / "tianjin_ltc" / "agreement-example.toml"
    ev = tmp_path / "2025.toml"
    ev.write_text(_fill_header(_template("tianjin_ltc", "zh"), "tianjin_ltc"), encoding="utf-8")
    res = CliRunner().invoke(main, ["--evidence", str(ev), "--agreement", str(agreement)])
    assert res.exit_code == 1, res.stderr
    lines = [x.strip() for x in res.stdout.splitlines()]
    assert "- 约谈（得分低于 80 分时）" in " ".join(lines)
    assert any(x.startswith("- 责令限期整改（得分低于 70 分时）") for x in lines)
    assert any(x.startswith("- 终止合作协议（得分低于 60 分时）") for x in lines)
    assert "70～60" not in res.stdout and "60～60" not in res.stdout
