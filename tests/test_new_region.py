"""`assess new-region ID` writes a region plugin package that passes its own tests as written.

The skeleton's example (DOC-1, made up; its evidence.expected.toml says the same): item 1 loses
2 x 2 + 3 x 1 = 7 of 30 -> 23; item 2 is 40 x (0.6 x 1 + 0.4 x 0.5) = 32 (8 staff fail the
requirement of 10, capping "practice" at 0.5); item 3 is scored 27. Total 82, pass; 8 whole points
below 90 at 2% each: 16% of the 100,000.00 withheld, 16,000.00 deducted, 84,000.00 paid.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from installed import install_target
from click.testing import CliRunner

from jingban.cli import main
from jingban.parts import parts
from jingban.registry import Registry
from jingban.testing import assert_bad_input

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("new-region") / "jingban-river-city"
    res = run("new-region", "river_city", "-o", str(target), "--lang", "en")
    assert res.exit_code == 0, res.output
    return target


@pytest.fixture(scope="module")
def site(package, tmp_path_factory) -> Path:
    return install_target(package, tmp_path_factory.mktemp("new-region-site"))


def env_with(site: Path) -> dict:
    return dict(os.environ, JINGBAN_LANG="en", PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def test_the_package_has_the_entry_point_and_the_src_layout(package):
    got = sorted(str(p.relative_to(package)) for p in package.rglob("*") if p.is_file())
    assert got == ["README.md", "evidence.expected.toml", "evidence.toml", "pyproject.toml",
                   "src/jingban_river_city/__init__.py", "src/jingban_river_city/plugin.py",
                   "src/jingban_river_city/rules.toml", "tests/test_contract.py", "tests/test_rules.py"]
    project = tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "jingban-river-city"
    assert project["project"]["entry-points"]["jingban.regions"] == {"river_city": "jingban_river_city.plugin"}
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["src/jingban_river_city"]
    rules = tomllib.loads((package / "src/jingban_river_city/rules.toml").read_text(encoding="utf-8"))
    assert rules["region"]["id"] == "river_city"


def test_its_plugin_imports_only_the_plugin_api(package):
    import ast

    tree = ast.parse((package / "src/jingban_river_city/plugin.py").read_text(encoding="utf-8"))
    mods = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("jingban")]
    mods += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names if a.name.startswith("jingban")]
    assert mods == ["jingban.plugin"]


def test_the_rules_hold_one_item_of_each_shape_of_the_core(package):
    """A shape added to the core is added to the skeleton too (active, or commented where it needs
    another aggregation, as `check` needs `checklist`)."""
    Registry()  # the core's units registered
    text = (package / "src/jingban_river_city/rules.toml").read_text(encoding="utf-8")
    written = set(re.findall(r'^#? ?shape = "([a-z_]+)"', text, re.M))
    core = {s for s in parts().shapes if not s.startswith("met_")}  # a test's plugin may add its own
    assert core <= written, sorted(core - written)


def test_it_passes_its_own_tests_and_the_lint_before_anything_is_changed(package, site):
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(package / "tests")],
                          capture_output=True, text=True, env=env_with(site), cwd=package, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert proc.stdout.count("PASSED") >= 14  # the contract's 11 and the 3 hand-computed checks
    lint = subprocess.run([sys.executable, "-m", "jingban", "rules", "lint", "river_city"], capture_output=True,
                          text=True, env=env_with(site), cwd=package, timeout=120)
    assert lint.returncode == 0, lint.stdout
    assert lint.stdout.strip().endswith("rules.toml: no problems found")


def test_its_example_gives_the_result_computed_by_hand(package, site):
    proc = subprocess.run([sys.executable, "-m", "jingban", "-e", str(package / "evidence.toml"), "--format", "json"],
                          capture_output=True, text=True, env=env_with(site), cwd=package, timeout=120)
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert [(i["id"], i["score"]) for i in d["items"]] == [("1", "23.00"), ("2", "32.00"), ("3", "27.00")]
    assert (d["total"], d["grade"]) == ("82.00", "pass")
    s = d["settlement"]
    assert (s["withheld"], s["deducted"], s["paid"]) == ("100000.00", "16000.00", "84000.00")


def test_a_bad_id_or_an_existing_directory_is_refused_and_nothing_is_written(tmp_path):
    assert_bad_input(run("new-region", "River City", "-o", str(tmp_path / "x"), "--lang", "en"), "River City",
                     "lowercase letters")
    assert not (tmp_path / "x").exists()
    (tmp_path / "there").mkdir()
    assert_bad_input(run("new-region", "river_city", "-o", str(tmp_path / "there"), "--lang", "en"), "there",
                     "exists already")
    assert list((tmp_path / "there").iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["there"]  # no temporary directory left behind
