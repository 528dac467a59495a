"""`assess` starts quickly because it imports only what a command needs; these tests check the
imports, not the time (benchmarks/bench_startup.py measures that, docs/performance.md has it).

Each check runs a fresh interpreter: in this process pytest and other tests have imported
everything already.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from jingban import entrypoints

ROOT = Path(__file__).resolve().parents[1]
TAICANG = ["--region", "taicang", "--evidence", "examples/taicang/2024.toml"]

# the ledger engine, its numerics and structlog's asyncio: none is needed without ledgers or logs
NEVER = {"duckdb", "narwhals", "numpy", "pyarrow", "pandas", "pyspark", "asyncio", "structlog", "importlib.metadata"}
# what only an assessment needs: `assess --help` loads none of it
ASSESSING = {"attrs", "pluggy", "tomllib", "decimal", "jingban.engine", "jingban.registry", "jingban.model",
             "jingban.messages", "jingban.workdays"}
# what the Taicang example does not use: units its rules and evidence do not name (imported when a
# file first names them, jingban.parts.Deferred), the catalog of violations (only a clause tagged
# `common` needs it), the JSON document (only --format json) and what importlib.resources brings
UNUSED_BY_TAICANG = {"jingban.shapes.check", "jingban.shapes.rating", "jingban.shapes.deductions",
                     "jingban.aggregations.checklist", "jingban.sections.survey", "jingban.sections.commitments",
                     "jingban.violations", "jingban.report.jsondoc", "importlib.resources", "zipfile", "tempfile",
                     "hashlib", "_hashlib"}


def imported_by(*args: str) -> tuple[int, str, set[str]]:
    """Run `assess ARGS` in a fresh interpreter: its exit code, stdout and the modules it imported."""
    code = textwrap.dedent("""
        import sys
        from jingban.cli import main
        try:
            main(sys.argv[1:], prog_name="assess")
        except SystemExit as exc:
            status = exc.code
        sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
        sys.exit(status)
    """)
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
    marker = proc.stderr.rindex("\nMODULES ")
    return proc.returncode, proc.stdout, set(proc.stderr[marker + 9:].split())


def top_level(modules: set[str]) -> set[str]:
    return modules | {m.split(".")[0] for m in modules}


def test_help_imports_neither_the_engine_nor_the_ledgers():
    status, out, modules = imported_by("--help")
    assert status == 0 and "用法：assess" in out
    assert not NEVER & top_level(modules), sorted(NEVER & top_level(modules))
    assert not ASSESSING & modules, sorted(ASSESSING & modules)


def test_taicang_example_imports_no_ledger_engine_and_no_logging():
    status, out, modules = imported_by(*TAICANG)
    assert status == 0 and "91.64" in out
    assert "jingban.engine" in modules  # the check looks at a real assessment
    assert not NEVER & top_level(modules), sorted(NEVER & top_level(modules))
    assert not any(m.startswith("jingban.ledgers.") and m != "jingban.ledgers.schema" for m in modules)
    assert not UNUSED_BY_TAICANG & modules, sorted(UNUSED_BY_TAICANG & modules)
    assert {"jingban.shapes.dimensions", "jingban.aggregations.sums"} <= modules  # the units it uses


def test_a_unit_is_imported_when_a_file_names_it():
    """The Kaifeng checklist imports the checklist units the Taicang example leaves out."""
    status, _, modules = imported_by("--region", "kaifeng_checklist", "--evidence",
                                     "examples/kaifeng_checklist/2020-self-inspection.toml")
    assert status in (0, 1)
    assert {"jingban.shapes.check", "jingban.aggregations.checklist"} <= modules


def test_the_digest_is_hashlibs():
    """The evidence and inputs digest uses CPython's own SHA-256, not OpenSSL's through hashlib."""
    import hashlib

    from jingban.evidence import sha256

    for data in (b"", b"schema = 1\n", "太仓".encode() * 10_000):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_only_the_process_of_its_own_sets_the_garbage_collector():
    """`assess` (jingban.__main__.run) collects the youngest generation less often; a program
    that imports jingban keeps its own threshold."""
    code = "import gc; t = gc.get_threshold(); import jingban.cli, jingban.api; assert gc.get_threshold() == t"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60).returncode == 0
    (script,) = md.entry_points(group="console_scripts", name="assess")
    assert script.value == "jingban.__main__:run"
    code = ("import gc, sys, jingban.cli; jingban.cli.main = lambda: print(gc.get_threshold()[0]); "
            "from jingban.__main__ import run; run()")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "50000", out.stderr


def test_version_reads_the_installed_metadata():
    status, out, modules = imported_by("--version")
    assert status == 0
    assert out.strip() == f"assess, version {md.version('jingban')}"
    assert "jingban.engine" not in modules
    assert not (NEVER - {"importlib.metadata"}) & top_level(modules)  # the metadata is what it reads


def test_logs_are_written_in_a_fresh_process():
    """structlog is imported at the first line at a level that is on, and configured as asked."""
    proc = subprocess.run([sys.executable, "-m", "jingban", *TAICANG, "--log-level", "debug", "--log-format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stderr.splitlines() if line.strip()]
    assert [(e["event"], e["level"]) for e in events] == [("region loaded", "debug"), ("assessed", "info")]
    assert all(e["region"] == "taicang" and e["timestamp"].endswith("Z") for e in events)


def test_an_applications_own_structlog_configuration_wins():
    """Library use: jingban's quiet default yields to the application's configuration, made
    before or after jingban is imported."""
    for before in (True, False):
        configure = "structlog.configure(processors=[cap], wrapper_class=structlog.make_filtering_bound_logger(10))"
        code = "\n".join([
            "import structlog, structlog.testing",
            "cap = structlog.testing.LogCapture()",
            configure if before else "",
            "from jingban.api import assess",
            "" if before else configure,
            "assess('taicang', 'examples/taicang/2024.toml')",
            "print(sorted(e['event'] for e in cap.entries))",
        ])
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == "['assessed', 'region loaded']", (before, proc.stdout)


def _listed(eps) -> list[tuple]:
    return [(e.name, e.value, e.group, e.dist.name if e.dist else None, e.dist.version if e.dist else None)
            for e in eps]


def test_entry_points_are_those_importlib_metadata_lists():
    groups = {ep.group for dist in md.distributions() for ep in dist.entry_points}
    assert "jingban.regions" in groups and "console_scripts" in groups
    for group in sorted(groups):
        direct = entrypoints._scan(group)
        assert direct is not None  # this environment is the common case, read directly
        assert _listed(direct) == _listed(md.entry_points(group=group)), group


def _dist_info(site: Path, dist: str, version: str, region: str) -> None:
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n\nName: not this\n")
    (info / "entry_points.txt").write_text(f"# a comment\n[console_scripts]\nx = y:z\n\n[jingban.regions]\n"
                                           f"{region} = jingban_{region}.plugin:module [extra]\n")


def test_the_first_distribution_of_a_name_on_sys_path_wins(tmp_path, monkeypatch):
    _dist_info(tmp_path / "a", "jingban-city", "1.0", "city")
    _dist_info(tmp_path / "b", "jingban_City", "2.0", "city")  # the same name, normalised
    monkeypatch.syspath_prepend(str(tmp_path / "b"))
    monkeypatch.syspath_prepend(str(tmp_path / "a"))
    direct = entrypoints._scan("jingban.regions")
    assert direct is not None
    assert _listed(direct) == _listed(md.entry_points(group="jingban.regions"))
    city = [e for e in direct if e.name == "city"]
    assert [(e.dist.name, e.dist.version, e.value) for e in city] == [("jingban-city", "1.0",
                                                                       "jingban_city.plugin:module [extra]")]


def test_a_zip_on_sys_path_is_left_to_importlib_metadata(tmp_path, monkeypatch):
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("jingban_zipped-0.3.dist-info/METADATA", "Metadata-Version: 2.1\nName: jingban-zipped\nVersion: 0.3\n")
        zf.writestr("jingban_zipped-0.3.dist-info/entry_points.txt", "[jingban.regions]\nzipped = jingban_zipped.plugin\n")
    monkeypatch.syspath_prepend(str(archive))
    assert entrypoints._scan("jingban.regions") is None
    found = entrypoints.entry_points("jingban.regions")
    assert ("zipped", "jingban-zipped") in {(e.name, e.dist.name) for e in found}
    assert _listed(found) == _listed(md.entry_points(group="jingban.regions"))


@pytest.mark.parametrize("value, expected", [("json.decoder", "json.decoder"), ("json:dumps", "dumps"),
                                             ("json : JSONDecoder.decode", "decode")])
def test_an_entry_point_loads_like_importlib_metadatas(value, expected):
    ep = entrypoints.EntryPoint("x", value, "g", entrypoints.Distribution("/nonexistent"))
    assert ep.load() is md.EntryPoint("x", value, "g").load()
    assert getattr(ep.load(), "__name__", None) == expected
