"""The demo city passes jingban's conformance suite, with each of its dated rule sets' examples."""

from pathlib import Path

from jingban.testing import RegionContract

HERE = Path(__file__).resolve().parent


class TestDemoCityContract(RegionContract):
    region = "demo_city"
    example = str(HERE.parent / "evidence.toml")  # hand-computed result in evidence.expected.toml


class TestDemoCity2023Contract(RegionContract):
    region = "demo_city"
    example = str(HERE.parent / "evidence-2023.toml")  # a 2023 period: DEMO-0, rules-2023.toml
