"""Regions are found through the `jingban.regions` entry-point group, load lazily, and a broken or
duplicated plugin is reported by name without breaking other commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "third_party_region"


def run_assess(*args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "jingban", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


def fake_distribution(site: Path, dist: str, region: str, module_body: str) -> None:
    """A distribution as an installer leaves it: a module and a dist-info with its entry point."""
    module = f"jingban_{region}_fake"
    (site / module).mkdir(parents=True)
    (site / module / "__init__.py").write_text("")
    (site / module / "plugin.py").write_text(textwrap.dedent(module_body))
    info = site / f"{dist.replace('-', '_')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[jingban.regions]\n{region} = {module}.plugin\n")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    """The demo city installed from its own directory, as an integrator's package would be."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH (the README installs it); cannot install the demo plugin")
    site = tmp_path_factory.mktemp("site")
    proc = subprocess.run([uv, "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(DEMO)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return site


def test_third_party_region_installed_from_its_own_directory_is_listed(demo_site):
    proc = run_assess("regions", "--format", "json", pythonpath=demo_site)
    assert proc.returncode == 0, proc.stderr
    regions = {r["region"]: r for r in json.loads(proc.stdout)["regions"]}
    assert regions["demo_city"]["distribution"] == "jingban-demo-city"
    assert regions["demo_city"]["rules_version"] == "0.1"
    assert {"qinhuangdao", "taicang", "tianjin_ltc", "kaifeng_checklist"} <= set(regions)


def test_third_party_region_assesses_its_evidence(demo_site):
    # Demo rules: item 1 loses 1 point per founded complaint (1), item 2 loses 2 per late claim (2):
    # 10 - 1 - 4 = 5, below the pass mark of 6, so the whole 10% of 100000.00 withheld is deducted.
    proc = run_assess("--region", "demo_city", "--evidence", str(DEMO / "evidence.toml"), "--format", "json",
                      pythonpath=demo_site)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["total"] == "5.00"
    assert doc["grade"] == "fail"
    assert doc["settlement"]["withheld"] == "10000.00"
    assert doc["settlement"]["deducted"] == "10000.00"
    assert doc["settlement"]["paid"] == "0.00"
    assert [c["id"] for c in doc["settlement"]["consequences"]] == ["terminate"]


def test_broken_plugin_is_reported_by_name_and_others_still_work(tmp_path):
    fake_distribution(tmp_path, "jingban-broken-city", "broken_city", "import no_such_module_anywhere\n")
    proc = run_assess("regions", pythonpath=tmp_path)
    assert proc.returncode == 0, proc.stderr
    line = next(l for l in proc.stdout.splitlines() if l.startswith("broken_city"))
    assert "no_such_module_anywhere" in line
    assert any(l.startswith("taicang") for l in proc.stdout.splitlines())
    # assessing another region is untouched: only the region asked for is imported
    ok = run_assess("--region", "taicang", "--evidence", "examples/taicang/2024.toml", pythonpath=tmp_path)
    assert ok.returncode in (0, 1), ok.stderr
    assert "Traceback" not in ok.stderr
    # asking for the broken one gives one line and exit 3
    bad = run_assess("--region", "broken_city", "--evidence", "examples/taicang/2024.toml", pythonpath=tmp_path)
    assert bad.returncode == 3
    assert "broken_city" in bad.stderr and "Traceback" not in bad.stderr
    assert bad.stdout == ""


def test_two_distributions_claiming_one_region_is_an_error(tmp_path):
    body = """
        from jingban.hookspecs import hookimpl
        from jingban.registry import RegionSpec

        @hookimpl
        def jingban_region():
            return RegionSpec(id="taicang", title_zh="冒名", title_en="impostor", rules_file="none.toml")
    """
    fake_distribution(tmp_path, "jingban-impostor", "taicang", body)
    proc = run_assess("--region", "taicang", "--evidence", "examples/taicang/2024.toml", pythonpath=tmp_path)
    assert proc.returncode == 3
    assert "jingban-impostor" in proc.stderr and "jingban-taicang" in proc.stderr


def test_misspelled_hook_is_refused(tmp_path):
    body = """
        from pathlib import Path
        from jingban.hookspecs import hookimpl
        from jingban.registry import RegionSpec

        @hookimpl
        def jingban_region():
            return RegionSpec(id="typo_city", title_zh="错", title_en="typo", rules_file="none.toml")

        @hookimpl
        def jingban_score_itme(region_id, item, context):
            return None
    """
    fake_distribution(tmp_path, "jingban-typo-city", "typo_city", body)
    proc = run_assess("regions", pythonpath=tmp_path)
    assert proc.returncode == 0
    line = next(l for l in proc.stdout.splitlines() if l.startswith("typo_city"))
    assert "jingban_score_itme" in line


def test_loading_one_region_imports_no_other():
    code = (
        "import sys; from jingban.api import registry; registry().load('taicang'); "
        "print(sorted(m for m in sys.modules if m.startswith('jingban_')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['jingban_taicang', 'jingban_taicang.plugin']"
