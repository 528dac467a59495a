"""The conformance suite (jingban.testing.RegionContract) catches broken plugins.

Six copies of the demo city (DEMO-1, examples/third_party_region) are installed as distributions
of their own, each broken one way, and each runs the suite in its own pytest, exactly as its
package's tests/test_contract.py would. A correct copy passes every test; each broken one fails the
test that guards against what it does wrong (and the test says which).

The example's result, by hand (DEMO-1): 1 founded complaint costs 1 of item 1's 4 points (art. 1
item 1(1)), 2 late payments cost 2 each of item 2's 6 (art. 1 item 2(1)): 3 + 2 = 5 of 10, below 6
so "fail" (art. 2); 10% of the 100,000.00 fee is withheld and below 6 all of it is deducted, and
the contract ends (art. 3).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "third_party_region"

EXPECTED = """\
provisional = false
total = "5.00"
grade = "fail"
items = { "1" = "3.00", "2" = "2.00" }
[settlement]
kind = "withheld_share"
withheld = "10000.00"
deducted = "10000.00"
paid = "0.00"
consequences = ["terminate"]
"""

HEAD = '''
from pathlib import Path
import attrs
from jingban.plugin import ItemScore, Message, ZERO, hookimpl, spec_from_rules

REGION = "{region}"
RULES = Path(__file__).with_name("rules.toml")


@hookimpl
def jingban_region():
    return spec_from_rules(RULES)
'''

BROKEN = {
    # nothing wrong: every test of the suite passes
    "good_city": ("", None, None),
    # the hand-computed result stated next to the example is not what the rules give
    "lying_city": ("", EXPECTED.replace('total = "5.00"', 'total = "6.00"'), None),
    # the hook forgets `if region_id != REGION: return None`: it scores every region's item "2"
    # (Qinhuangdao has one), and reads a missing fact as 0, giving full marks to an item unseen
    "leaky_city": ('''
@hookimpl
def jingban_score_item(region_id, item, context):
    if item.id != "2":
        return None
    late = next((f.value for f in context.facts if f.name == "late_claims"), ZERO)
    return ItemScore.of(item, score=max(ZERO, item.max - 2 * late))
''', None, None),
    # a wrapper adjusts the core's settlement only on the `assess settle` path (no items): the
    # assessment and `assess settle` with its total pay different sums
    "twofaced_city": ('''
@hookimpl(wrapper=True)
def jingban_settle(region_id, ruleset, score, fee, evidence, items, provisional):
    s = yield
    if region_id != REGION or items or s.paid is None:
        return s
    paid = min(s.withheld, s.paid + 1000)  # "at least 1,000 yuan is paid", on this path only
    return attrs.evolve(s, paid=paid, deducted=s.withheld - paid)
''', None, None),
    # item 1 is given full marks when the evidence says nothing of it: silent full marks
    "generous_city": ('''
@hookimpl
def jingban_score_item(region_id, item, context):
    if region_id != REGION or item.id != "1":
        return None
    if not any(f.name == "complaints_verified" for f in context.facts):
        return ItemScore.of(item, score=item.max)
    return None
''', None, None),
    # the rules declare a consequence that nothing triggers (`assess rules lint`)
    "sloppy_city": ("", None, ('[[consequences]]', '[[consequences]]\nid = "warn"\ntitle_zh = "警告"\n'
                                                   'title_en = "Warning"\ncitation = { document = "DEMO-1" }\n\n'
                                                   '[[consequences]]')),
}

# what each broken copy must fail, and nothing else
MUST_FAIL = {
    "good_city": set(),
    "lying_city": {"test_example_gives_the_hand_computed_result"},
    "leaky_city": {"test_other_regions_unchanged_with_this_plugin_loaded",
                   "test_header_only_template_assesses_nothing"},
    "twofaced_city": {"test_settle_with_the_items_of_a_real_assessment"},
    "generous_city": {"test_header_only_template_assesses_nothing"},
    "sloppy_city": {"test_rules_lint_passes"},
}


def install(site: Path, region: str) -> Path:
    """The demo city as the distribution jingban-<region>: its module, rules and dist-info, and
    an example evidence file with its expected result beside it; returns the example."""
    body, expected, change = BROKEN[region]
    module = f"jingban_{region}"
    (site / module).mkdir(parents=True)
    (site / module / "__init__.py").write_text("")
    (site / module / "plugin.py").write_text(HEAD.format(region=region) + textwrap.dedent(body), encoding="utf-8")
    rules = (DEMO / "src" / "jingban_demo_city" / "rules.toml").read_text(encoding="utf-8")
    rules = rules.replace('id = "demo_city"', f'id = "{region}"')
    if change is not None:
        rules = rules.replace(*change, 1)
    (site / module / "rules.toml").write_text(rules, encoding="utf-8")
    info = site / f"jingban_{region}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: jingban-{region}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[jingban.regions]\n{region} = {module}.plugin\n")
    example = site.parent / region / "evidence.toml"
    example.parent.mkdir()
    example.write_text((DEMO / "evidence.toml").read_text(encoding="utf-8")
                       .replace('region = "demo_city"', f'region = "{region}"'), encoding="utf-8")
    (example.parent / "evidence.expected.toml").write_text(expected or EXPECTED, encoding="utf-8")
    return example


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("catches") / "site"
    for region in BROKEN:
        install(site, region)
    return site


@pytest.mark.parametrize("region", sorted(BROKEN))
def test_the_suite_fails_a_broken_plugin_where_it_is_broken(site, region):
    example = site.parent / region / "evidence.toml"
    test = site.parent / region / "test_contract.py"
    test.write_text(textwrap.dedent(f'''
        from jingban.testing import RegionContract

        class TestContract(RegionContract):
            region = "{region}"
            example = {str(example)!r}
    '''), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(test)],
                          capture_output=True, text=True, env=env, cwd=test.parent, timeout=600)
    outcomes = dict((name, state) for state, name in re.findall(r"^(PASSED|FAILED) \S+::TestContract::(\w+)",
                                                                 proc.stdout, re.M))
    assert len(outcomes) >= 11, proc.stdout[-3000:]
    failed = {name for name, state in outcomes.items() if state == "FAILED"}
    assert failed == MUST_FAIL[region], proc.stdout[-3000:]
