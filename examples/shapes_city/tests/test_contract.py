"""The shapes city passes jingban's conformance suite, once installed (`uv pip install
./examples/shapes_city`; the project's own tests/test_shapes.py runs the same suite in place)."""

from pathlib import Path

from jingban.testing import RegionContract

HERE = Path(__file__).resolve().parent


class TestShapesCityContract(RegionContract):
    region = "shapes_city"
    example = str(HERE.parent / "evidence.toml")  # hand-computed result in evidence.expected.toml
