"""The region passes jingban's conformance suite with the example agreement."""

from jingban.testing import RegionContract


class TestTianjinContract(RegionContract):
    region = "tianjin_ltc"
    example = "examples/tianjin_ltc/2024-heping.toml"
    agreement = "examples/tianjin_ltc/agreement-example.toml"
