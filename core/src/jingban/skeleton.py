"""`assess new-region ID`: a region plugin package that passes its own tests before it is changed.

What it writes (docs/writing-a-region.md):

    jingban-<id>/
      pyproject.toml                 distribution jingban-<id>, entry point <id> in `jingban.regions`
      README.md                      what to change first
      evidence.toml                  an example evidence file
      evidence.expected.toml         its result computed by hand (jingban.testing reads it)
      src/jingban_<id>/__init__.py
      src/jingban_<id>/plugin.py     jingban_region() from the rules file
      src/jingban_<id>/rules.toml    one item of each core shape, each explained
      tests/test_contract.py         the conformance suite (RegionContract)
      tests/test_rules.py            hand-computed checks citing the (placeholder) document

The files are written into a temporary directory beside the target and renamed into place, so a
failure leaves nothing behind; a target that exists already is refused.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import InputError
from .messages import Message

_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")

PYPROJECT = '''\
# The region plugin {id}: its own distribution, src layout, registered in the `jingban.regions`
# entry-point group under its region id (docs/writing-a-region.md).
[project]
name = "{dist}"
version = "0.1.0"
description = "jingban region {id}"
requires-python = ">=3.11"
dependencies = ["jingban"]

[project.entry-points."jingban.regions"]
{id} = "{package}.plugin"

[build-system]
requires = ["hatchling>=1.25"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["src/{package}"]
'''

README = '''\
# {dist}

The jingban region `{id}`, written by `assess new-region {id}`. As written it is a made-up
document (DOC-1) with one item of each of the core's rule shapes, and it passes its own tests:

```sh
uv pip install -e .            # from this directory, into the environment jingban runs in
uv run pytest tests            # the conformance suite and the hand-computed checks
uv run assess rules lint {id}  # every problem of the rules file, one line each
uv run assess -e evidence.toml
```

Then replace `src/{package}/rules.toml` with your document's table (docs/rules-format.md), the
example evidence with one of yours, and `evidence.expected.toml` with its result computed by hand.
'''

PLUGIN = '''\
"""Registration of the region {id}. Every number lives in rules.toml beside this file."""

from pathlib import Path

from jingban.plugin import hookimpl, spec_from_rules

RULES = Path(__file__).with_name("rules.toml")


@hookimpl
def jingban_region():
    return spec_from_rules(RULES)
'''

RULES = '''\
# The rules of {id}: every number of the document, each with its citation (docs/rules-format.md).
# As written: a made-up document DOC-1 with one item of each rule shape of the core; replace it.
# Check it with `assess rules lint {id}` after each change.

[region]
id = "{id}"
title_zh = "{id} 商保经办考核（示例，请改写）"
title_en = "{id} agency assessment (example: rewrite it)"
rules_version = "0.1"
effective_from = 2025-01-01        # from when these rules apply (a later version: a second file, see the docs)
# last_verified = 2025-01-01       # the day you last checked this file against the document
max = "100"
points_places = 2
aggregation = "sum"                # items add up to their category and to max

[region.document]
id = "DOC-1"
title = "Example rules (replace with the document's title)"

# Weights of a `dimensions` item's rating (they add up to 1).
[[dimensions]]
id = "system"
title_zh = "有制度"
title_en = "Rules in place"
weight = "0.6"
citation = {{ document = "DOC-1", article = "2" }}

[[dimensions]]
id = "practice"
title_zh = "有落实"
title_en = "Rules carried out"
weight = "0.4"
citation = {{ document = "DOC-1", article = "2" }}

[[categories]]
id = "service"
title_zh = "服务"
title_en = "Service"
max = "60"
citation = {{ document = "DOC-1", article = "1" }}

[[categories]]
id = "management"
title_zh = "管理"
title_en = "Management"
max = "40"
citation = {{ document = "DOC-1", article = "2" }}

# Shape `deductions`: points off the item's max for each case, never below 0 (扣完为止).
[[items]]
id = "1"
category = "service"
title_zh = "服务质量"
title_en = "Service quality"
max = "30"
shape = "deductions"
citation = {{ document = "DOC-1", article = "1", item = "1" }}

  # counted from findings: the evidence's [[findings]] name the clause (rules = ["1.1"])
  [[items.clauses]]
  id = "1.1"
  title_zh = "服务差错（每例）"
  title_en = "Service error (each)"
  points = "2"
  per = "case"
  citation = {{ document = "DOC-1", article = "1", item = "1(1)" }}

  # counted from a fact of the catalog (docs/evidence-format.md): [facts] late_claims = N
  [[items.clauses]]
  id = "1.2"
  title_zh = "超时限支付（每例）"
  title_en = "Late payment (each)"
  points = "1"
  per = "case"
  fact = "late_claims"
  citation = {{ document = "DOC-1", article = "1", item = "1(2)" }}

# Shape `dimensions`: the evidence rates each dimension 0..1 ([ratings."2"]); the item scores
# max x the weighted ratings; a requirement that fails caps its dimension's rating.
[[items]]
id = "2"
category = "management"
title_zh = "人员配备"
title_en = "Staffing"
max = "40"
shape = "dimensions"
citation = {{ document = "DOC-1", article = "2", item = "1" }}

  [[items.requirements]]
  id = "2.staff"
  title_zh = "经办人员月均不少于10人"
  title_en = "At least 10 staff on monthly average"
  fact = "staff_monthly_avg"
  op = ">="
  value = "10"
  dimension = "practice"
  share = "0.5"
  citation = {{ document = "DOC-1", article = "2", item = "1(1)" }}

# Shape `rating`: the evidence gives the score ([scores] "3" = "27"); clauses, if any, come off it.
[[items]]
id = "3"
category = "service"
title_zh = "满意度评价"
title_en = "Satisfaction rating"
max = "30"
shape = "rating"
citation = {{ document = "DOC-1", article = "1", item = "2" }}

# Shape `check` (a self-inspection checklist: the region's `aggregation = "checklist"`, every item
# a check, categories without points): the evidence answers each point in [checklist."4"].
# [[items]]
# id = "4"
# category = "management"
# title_zh = "建立内部稽核制度"
# title_en = "An internal audit procedure exists"
# max = "0"
# shape = "check"
# citation = {{ document = "DOC-1", article = "3" }}
#   [[items.checks]]                 # a number the point states, checked from a fact
#   title_zh = "经办人员月均不少于10人"
#   title_en = "At least 10 staff on monthly average"
#   fact = "staff_monthly_avg"
#   op = ">="
#   value = "10"
#   citation = {{ document = "DOC-1", article = "3" }}

# The shapes below are commented so the example's numbers stand; to use one, uncomment it and
# take its points from another item (items add up to their category and to max). Their keys:
# docs/rules-format.md; a short section per shape: docs/writing-a-region.md.
#
# Shape `scale`: the assessor picks exactly one level ([scale] "5" = "fair").
# [[items]]
# id = "5"
# category = "service"
# title_zh = "窗口服务评价"
# title_en = "Window service rating"
# max = "10"
# shape = "scale"
# citation = {{ document = "DOC-1", article = "1", item = "3" }}
#   [[items.levels]]
#   id = "good"
#   title_zh = "好"
#   title_en = "Good"
#   points = "10"
#   [[items.levels]]
#   id = "fair"
#   title_zh = "一般"
#   title_en = "Fair"
#   points = "4"
#
# Shape `ratio`: max x min(1, target / actual) (better = "lower") or x min(1, actual / target).
# [[items]]
# id = "6"
# category = "service"
# title_zh = "费用初审覆盖率"
# title_en = "First review coverage"
# max = "10"
# shape = "ratio"
# fact = "first_review_coverage"
# target = "0.95"
# better = "higher"
# places = 2
# citation = {{ document = "DOC-1", article = "1", item = "4" }}
#
# Shape `share`: max x numerator / denominator (facts). The two below are no catalog facts: declare
# them as the region's own first ([[facts]] with name, kind, titles, what counts; docs/rules-format.md).
# [[items]]
# id = "7"
# category = "service"
# title_zh = "抽查理赔准确率"
# title_en = "Sampled claims found correct"
# max = "10"
# shape = "share"
# numerator = "claims_verified"
# denominator = "claims_sampled"
# places = 2
# citation = {{ document = "DOC-1", article = "1", item = "5" }}
#
# Shape `veto` (一票否决): a finding on it makes the total 0 (or the grade the lowest) and brings
# its own consequences instead of the band's; list it in `inspected` when nothing was found.
# [[items]]
# id = "8"
# category = "service"
# title_zh = "骗取医保基金"
# title_en = "Defrauding the fund"
# max = "0"
# shape = "veto"
# effect = "zero"
# consequences = ["terminate"]
# citation = {{ document = "DOC-1", article = "6" }}

# Grades and settlement bands are [min, max) and cover 0 to max with no gap or overlap.
[[grades]]
id = "excellent"
title_zh = "优秀"
title_en = "excellent"
min = "90"
citation = {{ document = "DOC-1", article = "4" }}

[[grades]]
id = "pass"
title_zh = "合格"
title_en = "pass"
min = "60"
max = "90"
citation = {{ document = "DOC-1", article = "4" }}

[[grades]]
id = "fail"
title_zh = "不合格"
title_en = "fail"
max = "60"
citation = {{ document = "DOC-1", article = "4" }}

# 10% of the fee is withheld; 2% of it is deducted per whole point below 90; below 60, all of it.
[settlement]
kind = "withheld_share"
withheld_rate = "0.10"
step = "1"
citation = {{ document = "DOC-1", article = "5" }}

  [[settlement.bands]]
  min = "90"
  rate = "0"
  citation = {{ document = "DOC-1", article = "5" }}

  [[settlement.bands]]
  min = "60"
  max = "90"
  reference = "90"
  rate_per_step = "0.02"
  citation = {{ document = "DOC-1", article = "5" }}

  [[settlement.bands]]
  max = "60"
  rate = "1"
  consequences = ["terminate"]
  citation = {{ document = "DOC-1", article = "5" }}

[[consequences]]
id = "terminate"
title_zh = "终止委托协议"
title_en = "Commission ended"
severity = "termination"
citation = {{ document = "DOC-1", article = "5" }}
'''

EVIDENCE = '''\
# An example evidence file for {id}; its result, computed by hand, is in evidence.expected.toml.
schema = 1
region = "{id}"
agency = "示例经办机构"
fee = "1000000.00"
inspected = ["1"]

[period]
from = 2025-01-01
to = 2025-12-31

[facts]
late_claims = 3
staff_monthly_avg = 8

[[findings]]
id = "F-01"
rules = ["1.1"]
count = 2
date = 2025-06-30
description = "两例服务差错"

[ratings."2"]
system = "1"
practice = "1"

[scores]
"3" = "27"
'''

EXPECTED = '''\
# The example's result, by hand (DOC-1):
# item 1: 2 service errors x 2 (art. 1 item 1(1)) + 3 late payments x 1 (1(2)) = 7 off 30 -> 23;
# item 2: 8 staff < 10 (art. 2 item 1(1)) caps "practice" at 1 - 0.5 = 0.5: 40 x (0.6 x 1 + 0.4 x 0.5) = 32;
# item 3: scored 27 of 30 (art. 1 item 2). Total 82: pass, 60 <= 82 < 90 (art. 4).
# Withheld 10% of 1,000,000.00 = 100,000.00; 90 - 82 = 8 whole points x 2% = 16% deducted =
# 16,000.00, paid 84,000.00 (art. 5).
provisional = false
total = "82.00"
grade = "pass"
items = {{ "1" = "23.00", "2" = "32.00", "3" = "27.00" }}

[settlement]
kind = "withheld_share"
withheld = "100000.00"
deduction_rate = "0.16"
deducted = "16000.00"
paid = "84000.00"
consequences = []
'''

TEST_CONTRACT = '''\
"""{id} passes jingban's conformance suite."""

from pathlib import Path

from jingban.testing import RegionContract

HERE = Path(__file__).resolve().parent


class TestContract(RegionContract):
    region = "{id}"
    example = str(HERE.parent / "evidence.toml")  # hand-computed result in evidence.expected.toml
'''

TEST_RULES = '''\
"""{id} (DOC-1): hand-computed checks; every expected number cites the document."""

from decimal import Decimal

from jingban.api import assess_toml, settle

HEAD = """
schema = 1
region = "{id}"
agency = "test"
fee = "1000000.00"
[period]
from = 2025-01-01
to = 2025-12-31
"""


def test_each_point_below_90_costs_two_percent_of_what_is_withheld():
    # DOC-1 art. 5: 10% withheld; 89.5 is 0.5 below 90, no whole point: nothing deducted; 88 is 2 points: 4%
    assert settle("{id}", "89.5", "1000000").deducted == Decimal("0.00")
    s = settle("{id}", "88", "1000000")
    assert (s.withheld, s.deducted, s.paid) == (Decimal("100000.00"), Decimal("4000.00"), Decimal("96000.00"))


def test_below_60_everything_withheld_is_deducted_and_the_commission_ends():
    # DOC-1 art. 5
    s = settle("{id}", "59.99", "1000000")
    assert (s.deducted, s.paid) == (Decimal("100000.00"), Decimal("0.00"))
    assert [c.id for c in s.consequences] == ["terminate"]


def test_an_item_the_evidence_leaves_out_is_not_assessed():
    # item 1 neither inspected nor named by a finding, and its fact clause counts 0 late payments:
    # items 2 and 3 are not in the evidence at all -> not assessed, the result provisional
    r = assess_toml("{id}", 'inspected = ["1"]\\n' + HEAD + '[facts]\\nlate_claims = 0\\n')
    assert r.item("1").score == Decimal("30")
    assert r.provisional and set(r.not_assessed) == {{"2", "3"}}
'''


def files(region_id: str) -> dict[str, str]:
    """The skeleton's files (path relative to the package directory -> text)."""
    package = f"jingban_{region_id}"
    values = dict(id=region_id, package=package, dist="jingban-" + region_id.replace("_", "-"))
    return {
        "pyproject.toml": PYPROJECT.format(**values),
        "README.md": README.format(**values),
        "evidence.toml": EVIDENCE.format(**values),
        "evidence.expected.toml": EXPECTED.format(**values),
        f"src/{package}/__init__.py": f'"""The jingban region {region_id}."""\n',
        f"src/{package}/plugin.py": PLUGIN.format(**values),
        f"src/{package}/rules.toml": RULES.format(**values),
        "tests/test_contract.py": TEST_CONTRACT.format(**values),
        "tests/test_rules.py": TEST_RULES.format(**values),
    }


def write_skeleton(region_id: str, target: Path) -> list[Path]:
    """Write the package for `region_id` into `target` (which must not exist); the files written."""
    if not _ID.match(region_id):
        raise InputError(None, region_id, Message.of("error.skeleton.bad_id"))
    target = Path(target)
    if target.exists():
        raise InputError(str(target), "--output", Message.of("error.skeleton.exists"))
    parent = target.resolve().parent
    if not parent.is_dir():
        raise InputError(str(target), "--output", Message.of("error.skeleton.no_parent"))
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=".new-region-"))
    try:
        for rel, text in files(region_id).items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; a package directory is ordinary
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [target / rel for rel in files(region_id)]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
