"""`assess rules lint`: every built-in region's rules are clean, and each check fires on a broken copy.

The broken copies are the demo city's rules (examples/third_party_region, DEMO-1) and Taicang's
with one thing changed; each test says what, and which line the lint must print for it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.cli import main
from jingban.lint import lint_rules_file

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "third_party_region" / "src" / "jingban_demo_city" / "rules.toml"
TAICANG = ROOT / "plugins" / "taicang" / "src" / "jingban_taicang" / "rules.toml"
TJ_AGREEMENT = ROOT / "examples" / "tianjin_ltc" / "agreement-example.toml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def broken(tmp_path: Path, source: Path, *changes: tuple[str, str], name: str = "rules.toml") -> Path:
    """A copy of `source` with each (old, new) replaced once; the old text must be there."""
    text = source.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return out


def lines(path: Path, **kw) -> list[str]:
    return [p.line("en") for p in lint_rules_file(path, **kw)]


# ---------------------------------------------------------------- the built-in regions are clean


@pytest.mark.parametrize("region", ["qinhuangdao", "taicang", "kaifeng_checklist"])
def test_every_builtin_region_is_clean(region):
    res = run("rules", "lint", region, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert res.output.strip().endswith("rules.toml: no problems found")


def test_tianjin_is_clean_joined_with_its_example_agreement_and_needs_one():
    res = run("rules", "lint", "tianjin_ltc", "--agreement", str(TJ_AGREEMENT), "--lang", "en")
    assert res.exit_code == 0, res.output
    assert res.output.strip().endswith("agreement-example.toml: no problems found")
    alone = run("rules", "lint", "tianjin_ltc")
    assert alone.exit_code == 2
    assert "--agreement" in alone.stderr


def test_the_demo_city_is_clean_and_the_clean_line_is_chinese_by_default():
    res = run("rules", "lint", str(DEMO))
    assert res.exit_code == 0, res.output
    assert res.output.strip() == f"{DEMO}：未发现问题"


# ---------------------------------------------------------------- each check fires


def test_a_gap_between_grades(tmp_path):
    # DEMO-1 art. 2 as written: pass from 6, fail below 6. Pass from 7 leaves 6..7 ungraded.
    f = broken(tmp_path, DEMO, ('min = "6"\ncitation = { document = "DEMO-1", article = "2" }',
                                'min = "7"\ncitation = { document = "DEMO-1", article = "2" }'))
    assert lines(f) == [f"{f}: grades: scores from 6 to 7 fall in no band"]


def test_an_overlap_and_an_empty_band_in_settlement(tmp_path):
    # the paying band from 5 overlaps the terminating band below 6; a band from 8 to 7 holds nothing
    f = broken(tmp_path, DEMO, ('min = "6"\n  rate = "0"', 'min = "5"\n  rate = "0"'),
               ('consequences = ["terminate"]\n  citation = { document = "DEMO-1", article = "3" }\n',
                'consequences = ["terminate"]\n  citation = { document = "DEMO-1", article = "3" }\n'
                '  [[settlement.bands]]\n  min = "8"\n  max = "7"\n  rate = "1"\n'
                '  citation = { document = "DEMO-1", article = "3" }\n'))
    got = lines(f)
    assert f"{f}: settlement.bands[2]: the band (min = 8, max = 7) is empty: min must be below max" in got
    assert f"{f}: settlement.bands: the bands (max = 6) and (min = 5) overlap" in got


def test_bands_that_stop_below_the_maximum(tmp_path):
    # the paying band ends at 9: a score of 9 or 10 (the demo's max is 10) falls in no band
    f = broken(tmp_path, DEMO, ('min = "6"\n  rate = "0"', 'min = "6"\n  max = "9"\n  rate = "0"'))
    assert lines(f) == [f"{f}: settlement.bands: no band covers scores from 9 up to 10"]


def test_weights_that_do_not_add_up_to_one(tmp_path):
    # 太人社医[2018]3号 附件: 50% / 30% / 20%; writing 30% for 服务好 makes 110%
    f = broken(tmp_path, TAICANG, ('weight = "0.2"', 'weight = "0.3"'))
    assert lines(f) == [f"{f}: dimensions: weights add up to 1.1, not 1"]


def test_weights_at_every_level_of_a_tree(tmp_path):
    # the example agreement's first dimension has two indicators of 0.5; 0.6 makes them 1.1
    a = broken(tmp_path, TJ_AGREEMENT, ('  weight = "0.5"', '  weight = "0.6"'), name="agreement.toml")
    rules_file = ROOT / "plugins" / "tianjin_ltc" / "src" / "jingban_tianjin_ltc" / "rules.toml"
    got = lines(rules_file, agreement=a)
    assert got[0] == f"{a}: dimensions[0].indicators: weights add up to 1.1, not 1"


def test_a_number_without_a_citation(tmp_path):
    # item 2 and its clause written without their citations: its 6 points and the clause's 2 come from nowhere
    f = broken(tmp_path, DEMO, ('max = "6"\nshape = "deductions"\ncitation = { document = "DEMO-1", article = "1", '
                                'item = "2" }', 'max = "6"\nshape = "deductions"'),
               ('  fact = "late_claims"\n  citation = { document = "DEMO-1", article = "1", item = "2(1)" }',
                '  fact = "late_claims"'))
    got = lines(f)
    tail = "is not cited: neither its table nor one around it has a citation"
    assert got[:2] == [f"{f}: items[1].max: the number max = 6 {tail}",
                       f"{f}: items[1].clauses[0].points: the number points = 2 {tail}"]


def test_an_id_used_twice(tmp_path):
    # a second clause "1.1" under item 2: clause ids are the region's, not the item's
    f = broken(tmp_path, DEMO, ('  id = "2.1"', '  id = "1.1"'))
    assert lines(f) == [f"{f}: items[1].clauses[0].id: the id '1.1' is used again (first at items[0].clauses[0])"]


def test_an_option_value_that_does_not_load(tmp_path):
    # an option whose other reading keeps a clause naming a fact outside the catalog
    option = ('[[options]]\nid = "strict"\nvalue = "no"\nallowed = ["no", "yes"]\ndescription = "test"\n'
              'citation = { document = "DEMO-1" }\n\n[[categories]]')
    clause = ('  citation = { document = "DEMO-1", article = "1", item = "1(1)" }\n'
              '  [[items.clauses]]\n  id = "1.2"\n  when = "strict=yes"\n  title_zh = "甲"\n  title_en = "A"\n'
              '  points = "1"\n  per = "case"\n  fact = "complaints_verifed"\n'
              '  citation = { document = "DEMO-1", article = "1" }\n')
    f = broken(tmp_path, DEMO, ("[[categories]]", option),
               ('  citation = { document = "DEMO-1", article = "1", item = "1(1)" }\n', clause))
    got = lines(f)
    assert len(got) == 1
    assert got[0].startswith(f"{f}: items[0].clauses[1].fact: unknown fact 'complaints_verifed'")
    assert got[0].endswith("(with option strict = yes)")


def test_each_unknown_key_is_one_line(tmp_path):
    f = broken(tmp_path, DEMO, ('  points = "1"', '  pionts = "1"\n  points = "1"'),
               ('max = "6"\nshape', 'max = "6"\nmaxx = "6"\nshape'))
    got = lines(f)
    assert [re.sub(r" \(did you mean .*\)", "", g) for g in got] == [
        f"{f}: items[0].clauses[0].pionts: unknown key",
        f"{f}: items[1].maxx: unknown key",
    ]


def test_what_is_declared_and_never_used(tmp_path):
    # a consequence nothing names, a category with no item, an option no `when` reads
    f = broken(tmp_path, DEMO,
               ('[[consequences]]', '[[consequences]]\nid = "warn"\ntitle_zh = "警告"\ntitle_en = "Warning"\n'
                'citation = { document = "DEMO-1", article = "3" }\n\n[[consequences]]'),
               ('[[categories]]', '[[options]]\nid = "spare"\nvalue = "a"\nallowed = ["a", "b"]\ndescription = "x"\n'
                'citation = { document = "DEMO-1" }\n\n[[categories]]\nid = "empty"\ntitle_zh = "空"\n'
                'title_en = "Empty"\nmax = "0"\ncitation = { document = "DEMO-1" }\n\n[[categories]]'))
    got = lines(f)
    assert f"{f}: consequences[0]: the consequence 'warn' is named by no clause, band or setting" in got
    assert f"{f}: categories[0]: the category 'empty' has no item" in got
    assert f"{f}: options[0]: the option 'spare' is used by no `when` and is no switch the core reads" in got


def test_a_regions_own_fact_no_rule_reads(tmp_path):
    """examples/shapes_city declares claims_verified for its share score (DEMO-2 2(4): verified of
    sampled); a share that reads claims_sampled twice leaves claims_verified unread: one line."""
    shapes = ROOT / "examples" / "shapes_city" / "src" / "jingban_shapes_city" / "rules.toml"
    assert lines(shapes) == []
    f = broken(tmp_path, shapes, ('numerator = "claims_verified"', 'numerator = "claims_sampled"'))
    assert lines(f) == [f"{f}: facts[2]: the region's own fact 'claims_verified' is read by no rule"]


def test_keys_without_effect(tmp_path):
    # a flat-rate band needs no reference; a per-case clause no minimum
    f = broken(tmp_path, DEMO, ('min = "6"\n  rate = "0"', 'min = "6"\n  rate = "0"\n  reference = "10"'),
               ('  points = "1"\n  per = "case"', '  points = "1"\n  per = "case"\n  minimum = "2"'))
    got = lines(f)
    assert got == [f"{f}: items[0].clauses[0].minimum: this key has no effect: only a clause with"
                   ' per = "unit_below" uses a minimum',
                   f"{f}: settlement.bands[0].reference: this key has no effect: the band gives a flat rate"]


def test_the_command_prints_one_line_per_problem_and_exits_2(tmp_path):
    f = broken(tmp_path, DEMO, ('min = "6"\ncitation = { document = "DEMO-1", article = "2" }',
                                'min = "7"\ncitation = { document = "DEMO-1", article = "2" }'),
               ('  id = "2.1"', '  id = "1.1"'))
    res = run("rules", "lint", str(f))
    assert res.exit_code == 2
    out = res.output.strip().splitlines()
    assert out == [f"{f}: grades：得分 6 至 7 不在任何档次内",
                   f"{f}: items[1].clauses[0].id：编号“1.1”重复（首次出现在 items[0].clauses[0]）"]
    en = run("rules", "lint", str(f), "--lang", "en")
    assert en.output.strip().splitlines()[0] == f"{f}: grades: scores from 6 to 7 fall in no band"


def test_a_missing_file_or_region_is_bad_input(tmp_path):
    from jingban.testing import assert_bad_input

    assert_bad_input(run("rules", "lint", str(tmp_path / "nope.toml"), "--lang", "en"), "nope.toml",
                     "no such rules file")
    assert_bad_input(run("rules", "lint", "taicnag", "--lang", "en"), "taicnag", "taicang")


# ---------------------------------------------------------------- properties of the band check

from decimal import Decimal  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from jingban.lint import check_bands  # noqa: E402

TOP = Decimal(100)
cuts = st.lists(st.integers(1, 99), min_size=0, max_size=6, unique=True).map(sorted)


def _bands(points: list[int]) -> list[dict]:
    """Bands [None, c1), [c1, c2), ..., [ck, None) written in shuffled order as a file might."""
    edges = [None, *[str(c) for c in points], None]
    out = []
    for lo, hi in zip(edges, edges[1:]):
        band = {"rate": "0"}
        if lo is not None:
            band["min"] = lo
        if hi is not None:
            band["max"] = hi
        out.append(band)
    return out


@given(cuts, st.randoms())
def test_bands_cut_anywhere_cover_0_to_max_once_in_any_order(points, rnd):
    bands = _bands(points)
    rnd.shuffle(bands)
    assert check_bands("f", {"grades": bands}, TOP) == []


@given(cuts.filter(lambda c: len(c) >= 1), st.integers(0, 10), st.integers(1, 5), st.booleans())
def test_moving_one_boundary_makes_one_gap_or_one_overlap(points, which, by, up):
    bands = _bands(points)
    i = which % len(points)
    moved = points[i] + (by if up else -by)
    if (i + 1 < len(points) and moved >= points[i + 1]) or (i > 0 and moved <= points[i - 1]) or not 0 < moved < 100:
        return  # the moved edge would pass another one: a different file
    bands[i + 1]["min"] = str(moved)  # the band above the cut now starts elsewhere
    got = [p.message.id for p in check_bands("f", {"grades": bands}, TOP)]
    assert got == ["error.lint.band_gap" if up else "error.lint.band_overlap"]


def test_ids_repeat_freely_in_arrays_of_different_items(tmp_path):
    # a shape's own sub-entries (levels of a rating scale, say) are the item's: "good" under item 1
    # and under item 2 are two entries; twice under one item is one id used again
    levels = '  [[items.levels]]\n  id = "good"\n  points = "4"\n'
    f = broken(tmp_path, DEMO, ('  [[items.clauses]]\n  id = "1.1"', levels + '  [[items.clauses]]\n  id = "1.1"'),
               ('  [[items.clauses]]\n  id = "2.1"', levels + levels + '  [[items.clauses]]\n  id = "2.1"'))
    from jingban.lint import check_ids
    from jingban.tomlread import load_toml

    got = [p.line("en") for p in check_ids(str(f), load_toml(f), {})]
    assert got == ["%s: items[1].levels[1].id: the id 'good' is used again (first at items[1].levels[0])" % f]
