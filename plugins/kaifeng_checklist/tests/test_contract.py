"""The region passes jingban's conformance suite (entry point, citations, template)."""

from jingban.testing import RegionContract


class TestKaifengContract(RegionContract):
    region = "kaifeng_checklist"
    example = "examples/kaifeng_checklist/2020-self-inspection.toml"
