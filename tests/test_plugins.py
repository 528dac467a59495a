"""Regions are found through the `jingban.regions` entry-point group, load lazily, and a broken or
duplicated plugin is reported by name without breaking other commands."""

from __future__ import annotations

import json
from decimal import Decimal
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from installed import install_target

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "third_party_region"


def run_assess(*args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, JINGBAN_LANG="en")  # the errors these tests read are the English ones
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
    return install_target(DEMO, tmp_path_factory.mktemp("site"))


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


def _row(listing: str, region: str) -> str:
    """A region's row of `assess regions`, with the lines its long cells wrap onto (they start
    blank: the first column, the region id, never wraps)."""
    lines = listing.splitlines()
    k = next(n for n, line in enumerate(lines) if line.startswith(region))
    rest = lines[k + 1:]
    more = next((n for n, line in enumerate(rest) if not line.startswith(" ")), len(rest))
    return " ".join(x.strip() for x in [lines[k]] + rest[:more])


def test_broken_plugin_is_reported_by_name_and_others_still_work(tmp_path):
    fake_distribution(tmp_path, "jingban-broken-city", "broken_city", "import no_such_module_anywhere\n")
    proc = run_assess("regions", pythonpath=tmp_path)
    assert proc.returncode == 0, proc.stderr
    line = _row(proc.stdout, "broken_city")
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
    line = _row(proc.stdout, "typo_city")
    assert "jingban_score_itme" in line


def test_loading_one_region_imports_no_other():
    code = (
        "import sys; from jingban.api import registry; registry().load('taicang'); "
        "print(sorted(m for m in sys.modules if m.startswith('jingban_')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['jingban_taicang', 'jingban_taicang.plugin']"


def _jingban_imports(path: Path) -> list[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "jingban":
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names if a.name.split(".")[0] == "jingban"]
    return names


def test_builtin_regions_import_only_the_plugin_api():
    """A built-in region is packaged as a third party's would be, and uses only `jingban.plugin`."""
    sources = sorted((ROOT / "plugins").glob("*/src/**/*.py")) + sorted((DEMO / "src").glob("**/*.py"))
    assert len(sources) >= 10
    used = {str(p.relative_to(ROOT)): _jingban_imports(p) for p in sources}
    wrong = {p: [m for m in mods if m != "jingban.plugin"] for p, mods in used.items()}
    assert {p: m for p, m in wrong.items() if m} == {}
    assert used["plugins/tianjin_ltc/src/jingban_tianjin_ltc/plugin.py"] == ["jingban.plugin"]


def test_every_name_of_the_plugin_api_is_documented_with_the_compatibility_promise():
    import jingban.plugin as api

    undocumented = [n for n in api.__all__ if f"``{n}``" not in api.__doc__]
    assert undocumented == []
    assert "semantic versioning" in api.__doc__


def test_plugin_api_exports_what_it_lists():
    import jingban.plugin as api

    assert len(api.__all__) == len(set(api.__all__))
    missing = [n for n in api.__all__ if not hasattr(api, n)]
    assert missing == []
    assert {"hookimpl", "Shape", "Section", "Aggregation", "ItemScore", "load_rules", "Message"} <= set(api.__all__)


FLAT_PLUGIN = '''
    """A city with a shape of its own: an item met (full points) or not met (0), said by [met]."""
    from pathlib import Path
    import attrs
    from jingban.plugin import ItemScore, Message, Section, Shape, ZERO, hookimpl, spec_from_rules

    RULES = Path(__file__).with_name("rules.toml")

    @attrs.frozen
    class Met:
        items: tuple

    class MetSection(Section):
        key = "met"

        def read(self, top):
            return None if not top.has("met") else Met(top.strs("met"))

    class MetShape(Shape):
        id = "met_or_not"

        def sections(self):
            return (MetSection(),)

        def score(self, item, ctx):
            met = ctx.section("met")
            if met is None:
                return ItemScore.of(item, score=None, why=Message.of("why.not_in_evidence"))
            return ItemScore.of(item, score=item.max if item.id in met.items else ZERO)

        def template(self, rs, items, lang):
            return ["# met = [" + ", ".join(f'"{i.id}"' for i in items) + "]"]

    @hookimpl
    def jingban_region():
        return spec_from_rules(RULES)

    @hookimpl
    def jingban_register_shapes(register):
        register(MetShape())
'''

FLAT_RULES = '''
[region]
id = "flat_city"
title_zh = "平级市"
title_en = "Flat city"
rules_version = "0.1"
effective_from = 2024-01-01
max = "10"
aggregation = "sum"
[region.document]
id = "FLAT-1"
title = "Test rules"

[[categories]]
id = "all"
title_zh = "全部"
title_en = "All"
max = "10"
citation = { document = "FLAT-1" }

[[items]]
id = "a"
category = "all"
title_zh = "甲"
title_en = "A"
max = "4"
shape = "met_or_not"
citation = { document = "FLAT-1", article = "1" }

[[items]]
id = "b"
category = "all"
title_zh = "乙"
title_en = "B"
max = "6"
shape = "met_or_not"
citation = { document = "FLAT-1", article = "2" }

[[grades]]
id = "any"
title_zh = "全部"
title_en = "any"
citation = { document = "FLAT-1" }

[settlement]
kind = "none"
citation = { document = "FLAT-1" }
'''


def test_a_plugins_own_shape_goes_through_the_same_door(tmp_path):
    """One module and one registration: the plugin's shape reads its items and its evidence
    section, scores, and writes its template lines; the core knows nothing of it beforehand."""
    site = tmp_path / "site"
    fake_distribution(site, "jingban-flat-city", "flat_city", FLAT_PLUGIN)
    (site / "jingban_flat_city_fake" / "rules.toml").write_text(FLAT_RULES, encoding="utf-8")
    ev = tmp_path / "ev.toml"
    ev.write_text('schema = 1\nregion = "flat_city"\nagency = "A"\nmet = ["b"]\n', encoding="utf-8")
    proc = run_assess("--region", "flat_city", "--evidence", str(ev), "--format", "json", pythonpath=site)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    # a is not met (0 of 4), b is met (6 of 6)
    assert [(i["id"], i["score"]) for i in doc["items"]] == [("a", "0.00"), ("b", "6.00")]
    assert doc["total"] == "6.00"
    tpl = run_assess("template", "--region", "flat_city", pythonpath=site)
    assert tpl.returncode == 0, tpl.stderr
    assert '# met = ["a", "b"]' in tpl.stdout
    # without the section's key the items are not assessed, never full marks
    ev.write_text('schema = 1\nregion = "flat_city"\nagency = "A"\n', encoding="utf-8")
    none = run_assess("--region", "flat_city", "--evidence", str(ev), "--format", "json", pythonpath=site)
    assert none.returncode == 1
    assert json.loads(none.stdout)["not_assessed"] == ["a", "b"]
    # another region does not load the plugin, so its key is unknown there
    ev.write_text('schema = 1\nregion = "taicang"\nagency = "A"\nmet = ["b"]\n', encoding="utf-8")
    other = run_assess("--region", "taicang", "--evidence", str(ev), pythonpath=site)
    assert other.returncode == 2
    assert "met" in other.stderr and "unknown key" in other.stderr


def test_two_shapes_with_one_id_are_refused_naming_both(tmp_path):
    body = '''
        from jingban.plugin import Shape, hookimpl, spec_from_rules, RegionSpec

        class Impostor(Shape):
            id = "deductions"

        @hookimpl
        def jingban_region():
            return RegionSpec(id="clash_city", title_zh="冲突", title_en="clash", rules_file="none.toml")

        @hookimpl
        def jingban_register_shapes(register):
            register(Impostor())
    '''
    fake_distribution(tmp_path, "jingban-clash-city", "clash_city", body)
    proc = run_assess("regions", pythonpath=tmp_path)
    assert proc.returncode == 0
    line = _row(proc.stdout, "clash_city")
    assert "deductions" in line and "DeductionsShape" in line and "Impostor" in line


QHD_RULES = ROOT / "plugins" / "qinhuangdao" / "src" / "jingban_qinhuangdao" / "rules.toml"
FAULTS = {
    "wrong_type": ("jingban_score_item(region_id, item, context)", "return {'score': 1}",
                   "returned dict from jingban_score_item, expected ItemScore or None"),
    "raises": ("jingban_weigh(region_id, ruleset, items, bonus_total, provisional)", "raise KeyError('level')",
               "failed in jingban_weigh: KeyError: 'level'"),
    "wrong_facts": ("jingban_collect_facts(region_id, ruleset, evidence, sources)", "return ['late_claims']",
                    "returned list from jingban_collect_facts, expected a list of Fact or a FactBatch or None"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_in_a_plugins_hook_names_the_plugin_and_its_distribution(tmp_path, fault):
    """A hook returning the wrong type ended as "internal error ... please report this" (exit 4), and
    an exception in one as a traceback's last line: nobody could tell which plugin to report it to."""
    signature, body, says = FAULTS[fault]
    fake_distribution(tmp_path, "jingban-faulty-city", "faulty_city", f"""
        from jingban.plugin import RegionSpec, hookimpl

        @hookimpl
        def jingban_region():
            return RegionSpec(id="faulty_city", title_zh="故障市", title_en="Faulty city", rules_file={str(QHD_RULES)!r})

        @hookimpl
        def {signature}:
            if region_id != "faulty_city":
                return None
            {body}
    """)
    ev = tmp_path / "ev.toml"
    text = (ROOT / "examples" / "qinhuangdao" / "2024-resident.toml").read_text(encoding="utf-8")
    ev.write_text(text.replace('region = "qinhuangdao"\n', ""), encoding="utf-8")
    proc = run_assess("--region", "faulty_city", "--evidence", str(ev), pythonpath=tmp_path)
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "region plugin 'faulty_city' (distribution jingban-faulty-city 0.1)" in lines[0], lines[0]
    assert says in lines[0], lines[0]
    # the other regions still assess in the same installation
    ok = run_assess("--region", "qinhuangdao", "--evidence", "examples/qinhuangdao/2024-resident.toml",
                    pythonpath=tmp_path)
    assert ok.returncode in (0, 1), ok.stderr


def test_bad_input_a_plugin_reports_is_still_bad_input(tmp_path):
    """A plugin's InputError (its agreement file is wrong) is the operator's to fix: exit 2, not 3."""
    fake_distribution(tmp_path, "jingban-picky-city", "picky_city", f"""
        from jingban.plugin import InputError, RegionSpec, hookimpl

        @hookimpl
        def jingban_region():
            return RegionSpec(id="picky_city", title_zh="挑剔市", title_en="Picky city", rules_file={str(QHD_RULES)!r})

        @hookimpl
        def jingban_ruleset(region_id, spec, options, evidence, agreement):
            if region_id == "picky_city":
                raise InputError("picky.toml", "levels", "no levels")
    """)
    proc = run_assess("settle", "--region", "picky_city", "--score", "90", pythonpath=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "picky.toml: levels: no levels" in proc.stderr


def test_a_fault_in_a_plugins_own_shape_names_the_plugin(tmp_path):
    """The core's jingban_score_item asks the item's shape: a plugin's shape that raises is the
    plugin's fault, named as one in its own hook is."""
    site = tmp_path / "site"
    fake_distribution(site, "jingban-flat-city", "flat_city",
                      FLAT_PLUGIN.replace("met = ctx.section(\"met\")", "met = ctx.section(\"met\").nothing"))
    (site / "jingban_flat_city_fake" / "rules.toml").write_text(FLAT_RULES, encoding="utf-8")
    ev = tmp_path / "ev.toml"
    ev.write_text('schema = 1\nregion = "flat_city"\nagency = "A"\nmet = ["b"]\n', encoding="utf-8")
    proc = run_assess("--region", "flat_city", "--evidence", str(ev), pythonpath=site)
    assert proc.returncode == 3, proc.stderr
    assert "region plugin 'flat_city' (distribution jingban-flat-city 0.1) failed in jingban_score_item:" \
           " AttributeError" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


HALVES_PLUGIN = '''
    """A city whose document rounds every item's score down to half points (a made-up rule, DEMO-1
    with art. 4 added): the core scores the item, the plugin's wrapper adjusts what it answered."""
    from decimal import ROUND_FLOOR
    from pathlib import Path

    import attrs
    from jingban.plugin import hookimpl, spec_from_rules

    REGION = "halves_city"
    RULES = Path(__file__).with_name("rules.toml")


    @hookimpl
    def jingban_region():
        return spec_from_rules(RULES)


    @hookimpl(wrapper=True)
    def jingban_score_item(region_id, item, context):
        score = yield                      # the core's answer (or another plugin's)
        if region_id != REGION or score.score is None:
            return score                   # another region's item, or one not assessed: as it is
        halves = (score.score * 2).to_integral_value(rounding=ROUND_FLOOR) / 2
        return attrs.evolve(score, score=halves)
'''


def test_a_wrapper_adjusts_the_cores_answer_for_its_region_only(tmp_path, monkeypatch):
    """docs/writing-a-region.md, "Adjusting the core's answer": the hook wrapper gets the core's
    ItemScore and returns it adjusted; another region's items pass through unchanged."""
    site = tmp_path / "site"
    fake_distribution(site, "jingban-halves-city", "halves_city", HALVES_PLUGIN)
    rules = (DEMO / "src" / "jingban_demo_city" / "rules.toml").read_text(encoding="utf-8")
    rules = rules.replace('id = "demo_city"', 'id = "halves_city"').replace('points = "1"', 'points = "0.3"')
    (site / "jingban_halves_city_fake" / "rules.toml").write_text(rules, encoding="utf-8")
    ev = tmp_path / "ev.toml"
    ev.write_text((DEMO / "evidence.toml").read_text(encoding="utf-8").replace("demo_city", "halves_city"),
                  encoding="utf-8")
    proc = run_assess("-e", str(ev), "--format", "json", pythonpath=site)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    # item 1: 4 - 1 complaint x 0.3 = 3.7, down to the half point: 3.5; item 2: 6 - 2 x 2 = 2 (whole already)
    assert [(i["id"], i["score"]) for i in doc["items"]] == [("1", "3.50"), ("2", "2.00")]
    assert doc["total"] == "5.50"
    # Taicang's example assessed with the wrapper loaded in the same registry: as without it
    from jingban.api import assess
    from jingban.engine import assess_evidence
    from jingban.evidence import load_evidence
    from jingban.registry import Registry

    taicang = ROOT / "examples" / "taicang" / "2024.toml"
    # assessed before the fake site is on sys.path: the process's own registry (jingban.api) is
    # made once and must not list halves_city for the tests that run after this one
    alone = assess("taicang", taicang)
    monkeypatch.syspath_prepend(str(site))
    both = Registry()
    both.load("halves_city")
    both.load("taicang")
    assert "jingban_score_item" in both.load("halves_city").hooks
    wrapped = assess_evidence(both, "taicang", load_evidence(taicang))
    assert [(i.id, i.score) for i in wrapped.items] == [(i.id, i.score) for i in alone.items]
    assert wrapped.total == alone.total
    # and the wrapper does run in that registry: halves_city's item 1 is rounded there too
    assert assess_evidence(both, "halves_city", load_evidence(ev)).item("1").score == Decimal("3.5")
