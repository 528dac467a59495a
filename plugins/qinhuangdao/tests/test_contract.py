"""The region passes jingban's conformance suite (entry point, citations, monotone payout, template)."""

from jingban.testing import RegionContract


class TestQinhuangdaoContract(RegionContract):
    region = "qinhuangdao"
    example = "examples/qinhuangdao/2024-resident.toml"
