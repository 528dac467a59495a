"""Every shipped example, template, settlement and comparison gives exactly what it gave before.

The outputs under tests/golden/ were written by the code before the shape refactoring (issue 9);
a change of the core's structure must not change a byte of them. A deliberate change of output
regenerates them with ``JINGBAN_REGEN_GOLDEN=1 uv run pytest tests/test_golden.py`` and the diff
is reviewed in the commit.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.cli import main
from jingban.logsetup import configure

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).with_name("golden")
EX = "examples"
TJ_AGREEMENT = f"{EX}/tianjin_ltc/agreement-example.toml"

EXAMPLES = {
    "qinhuangdao": f"{EX}/qinhuangdao/2024-resident.toml",
    "taicang": f"{EX}/taicang/2024.toml",
    "tianjin_ltc": f"{EX}/tianjin_ltc/2024-heping.toml",
    "tianjin_ltc-midyear": f"{EX}/tianjin_ltc/2024-midyear.toml",
    "kaifeng_checklist": f"{EX}/kaifeng_checklist/2020-self-inspection.toml",
}

CASES: dict[str, list[str]] = {}
for name, path in EXAMPLES.items():
    region = name.split("-")[0]
    for fmt in ("json", "table"):
        for lang in ("zh", "en"):
            CASES[f"assess-{name}-{fmt}-{lang}"] = ["--region", region, "--evidence", path, "--format", fmt,
                                                   "--lang", lang]
CASES["assess-qinhuangdao-from80-json-zh"] = ["--region", "qinhuangdao", "--evidence", EXAMPLES["qinhuangdao"],
                                              "--format", "json", "--option", "pass_band_reference=from_80"]
CASES["assess-qinhuangdao-show-personal-table-zh"] = ["--region", "qinhuangdao", "--evidence",
                                                      EXAMPLES["qinhuangdao"], "--show-personal"]
for region in ("qinhuangdao", "taicang", "tianjin_ltc", "kaifeng_checklist"):
    extra = ["--agreement", TJ_AGREEMENT] if region == "tianjin_ltc" else []
    for lang in ("zh", "en"):
        CASES[f"template-{region}-{lang}"] = ["template", "--region", region, "--lang", lang, *extra]
CASES["settle-qinhuangdao-table"] = ["settle", "--region", "qinhuangdao", "--score", "79.5", "--fee", "1500000"]
CASES["settle-qinhuangdao-json-en"] = ["settle", "--region", "qinhuangdao", "--score", "79.5", "--fee", "1500000",
                                       "--format", "json", "--lang", "en"]
CASES["settle-taicang-ceil-table-en"] = ["settle", "--region", "taicang", "--score", "94.7", "--fee", "3200000",
                                         "--option", "partial_step=ceil", "--lang", "en"]
CASES["settle-tianjin-json"] = ["settle", "--region", "tianjin_ltc", "--score", "77.3", "--fee", "240000",
                                "--agreement", TJ_AGREEMENT, "--format", "json"]
CASES["settle-kaifeng-table"] = ["settle", "--region", "kaifeng_checklist"]
for fmt in ("json", "table"):
    for lang in ("zh", "en"):
        CASES[f"compare-qhd-evidence-{fmt}-{lang}"] = [
            "compare", "--regions", "qinhuangdao,taicang,kaifeng_checklist", "--evidence", EXAMPLES["qinhuangdao"],
            "--format", fmt, "--lang", lang]
CASES["regions-json"] = ["regions", "--format", "json"]

# header-only evidence: every item not assessed (English: the reasons are English today)
HEADERS = {
    "qinhuangdao": 'schema = 1\nregion = "qinhuangdao"\nagency = "A"\nproduct = "resident"\nfee = "1500000"\n'
                   "[period]\nfrom = 2024-01-01\nto = 2024-12-31\n",
    "taicang": 'schema = 1\nregion = "taicang"\nagency = "A"\nfee = "3200000"\n'
               "[period]\nfrom = 2024-01-01\nto = 2024-12-31\n",
    "kaifeng_checklist": 'schema = 1\nregion = "kaifeng_checklist"\nagency = "A"\n'
                         "[period]\nfrom = 2020-01-01\nto = 2020-12-31\n",
    "tianjin_ltc": 'schema = 1\nregion = "tianjin_ltc"\nagency = "A"\nfee = "240000"\n'
                   'agreement = "agreement-example.toml"\n[period]\nfrom = 2024-01-01\nto = 2024-12-31\n',
}


@pytest.fixture(autouse=True)
def _restore_logging():
    yield
    configure()


def _run(args: list[str]) -> str:
    res = CliRunner().invoke(main, args)
    stderr = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z", "<time>", res.stderr)  # log lines' stamps
    return f"exit {res.exit_code}\n--- stdout\n{res.stdout}--- stderr\n{stderr}"


def _check(name: str, got: str) -> None:
    path = GOLDEN / f"{name}.out"
    if os.environ.get("JINGBAN_REGEN_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden output {path.name}; regenerate with JINGBAN_REGEN_GOLDEN=1"
    assert got == path.read_text(encoding="utf-8"), f"{name}: output changed"


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_unchanged(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    _check(name, _run(CASES[name]))


@pytest.mark.parametrize("region", sorted(HEADERS))
def test_header_only_unchanged(region, tmp_path, monkeypatch):
    ev = tmp_path / "header.toml"
    ev.write_text(HEADERS[region], encoding="utf-8")
    if region == "tianjin_ltc":
        (tmp_path / "agreement-example.toml").write_bytes((ROOT / TJ_AGREEMENT).read_bytes())
    monkeypatch.chdir(tmp_path)
    _check(f"header-only-{region}-json-en",
           _run(["--region", region, "--evidence", "header.toml", "--format", "json", "--lang", "en"]))


def test_ledger_facts_unchanged(tmp_path, monkeypatch):
    """Facts counted from demo ledgers (seeded, so the same every run), collected and assessed."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["demo-data", "--claims", "3000", "--seed", "7", "-o", "led"]).exit_code == 0
    _check("collect-qinhuangdao", _run(["collect", "--region", "qinhuangdao", "--ledgers", "led", "--year", "2024"]))
    _check("collect-kaifeng", _run(["collect", "--region", "kaifeng_checklist", "--ledgers", "led",
                                    "--year", "2024"]))
    _check("collect-taicang", _run(["collect", "--region", "taicang", "--ledgers", "led", "--year", "2024"]))
    ev = (ROOT / EXAMPLES["qinhuangdao"]).read_text(encoding="utf-8")
    Path("ev.toml").write_text(ev, encoding="utf-8")
    _check("assess-qinhuangdao-ledgers-json-zh",
           _run(["--region", "qinhuangdao", "--evidence", "ev.toml", "--ledgers", "led", "--format", "json"]))
