"""The core's units (jingban.parts): registered through the hooks, read once, built in one place."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jingban.api import rules
from jingban.errors import InputError
from jingban.kinds import Per, SettlementKind
from jingban.messages import Message
from jingban.parts import PartConflict, parts
from jingban.result import ItemScore
from jingban.rulesfile import load_rules

ROOT = Path(__file__).resolve().parents[1]
QHD_RULES = ROOT / "plugins" / "qinhuangdao" / "src" / "jingban_qinhuangdao" / "rules.toml"


def test_the_core_registers_its_units_through_the_hooks():
    p = parts()
    assert list(p.shapes) == ["deductions", "dimensions", "rating", "check", "scale", "ratio", "share", "veto"]
    assert list(p.aggregations) == ["sum", "weighted_tree", "checklist"]
    assert {"survey", "commitments", "ratings", "scores", "checklist", "report"} <= set(p.sections)


def test_a_deferred_unit_is_imported_in_its_place(monkeypatch):
    """The core's units are registered by where they live; each, imported, registers exactly the
    sections its registration named, and keeps its place in the order."""
    from jingban import defaults
    from jingban.parts import Deferred, Parts, Shape

    table = Parts()
    defaults.jingban_register_sections(table.add_section)
    defaults.jingban_register_shapes(table.add_shape)
    defaults.jingban_register_aggregations(table.add_aggregation)
    assert list(table.sections) == ["survey", "commitments", "ratings", "scores", "checklist", "report", "scale"]
    assert table.shapes.imported() == [] and table.sections.imported() == []
    check = table.sections["report"]  # a shape's section imports the shape, and its other sections
    assert type(check).__name__ == "ReportSection" and type(table.shapes["check"]).__name__ == "CheckShape"
    assert [s.key for s in table.sections.imported()] == ["checklist", "report"]
    assert list(table.sections) == ["survey", "commitments", "ratings", "scores", "checklist", "report", "scale"]
    defaults.jingban_register_shapes(table.add_shape)  # registered again: nothing changes
    assert table.shapes["check"] is not None and list(table.shapes) == [
        "deductions", "dimensions", "rating", "check", "scale", "ratio", "share", "veto"]
    assert all(isinstance(s, Shape) for s in table.shapes.values())
    assert [s.key for s in table.sections.values()] == list(table.sections)

    class Other(Shape):
        id = "check"

    with pytest.raises(PartConflict, match="shape 'check' is registered twice: by jingban.shapes.check.CheckShape"):
        table.add_shape(Other())
    table.add_aggregation(Deferred("sum", "jingban.aggregations.sums", "SumAggregation"))  # the same again
    with pytest.raises(PartConflict, match="ChecklistAggregation has the id 'checklist'"):
        table.add_aggregation(Deferred("sum", "jingban.aggregations.checklist", "ChecklistAggregation"))
    wrong = Parts()
    wrong.add_shape(Deferred("rating", "jingban.shapes.rating", "RatingShape", sections=("ratings",)))
    with pytest.raises(PartConflict, match="stands for ratings"):
        wrong.shapes["rating"]


def test_closed_sets_are_read_once_as_enums():
    rs = rules("qinhuangdao")
    clause = rs.clause("13.1")
    assert clause.per is Per.ONCE  # 附件2 13(1), no financial rules: 2 points, once (rules.toml)
    assert rs.settlement.kind is SettlementKind.WITHHELD_SHARE
    assert f"{clause.per}" == "once"


def test_item_score_is_built_with_a_score_or_a_reason():
    item = rules("qinhuangdao").item("1")
    done = ItemScore.of(item, score=Decimal("4"))
    assert done.assessed and done.shape == "deductions" and done.max == item.max
    open_ = ItemScore.of(item, score=None, why=Message.of("why.not_in_evidence"))
    assert not open_.assessed
    with pytest.raises(ValueError):
        ItemScore.of(item, score=None)
    with pytest.raises(ValueError):
        ItemScore.of(item, score=Decimal("4"), why=Message.of("why.not_in_evidence"))


def test_a_shape_reads_only_its_own_keys(tmp_path):
    """A `requirements` table belongs to dimension items; on a deductions item it is refused,
    where before it was read and silently ignored."""
    text = QHD_RULES.read_text(encoding="utf-8")
    marker = '[[items]]\nid = "1"\n'
    assert marker in text
    bad = text.replace('[[items.clauses]]\nid = "1.1"', '[[items.requirements]]\nfact = "late_claims"\n\n'
                       '[[items.clauses]]\nid = "1.1"', 1)
    assert bad != text
    path = tmp_path / "rules.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_rules(path)
    assert "requirements" in str(exc.value) and "unknown key" in str(exc.value)


def test_an_unknown_shape_is_refused_with_the_registered_ones(tmp_path):
    text = QHD_RULES.read_text(encoding="utf-8").replace('shape = "deductions"', 'shape = "deduction"', 1)
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_rules(path)
    assert "'deduction' is not one of deductions, dimensions, rating, check" in str(exc.value)
    assert "did you mean 'deductions'" in str(exc.value)
