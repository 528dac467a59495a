"""The region passes jingban's conformance suite (entry point, citations, monotone payout, template)."""

from jingban.testing import RegionContract


class TestTaicangContract(RegionContract):
    region = "taicang"
    example = "examples/taicang/2024.toml"
