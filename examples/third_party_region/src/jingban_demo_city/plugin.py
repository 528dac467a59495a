"""Registration of the demo city. Every number lives in the rules files beside this file: rules.toml
(DEMO-1, from 2024) and rules-2023.toml (DEMO-0, the year before); the evidence's period picks."""

from pathlib import Path

from jingban.plugin import hookimpl, spec_from_rules

HERE = Path(__file__).parent
RULES = HERE / "rules.toml"
EARLIER = (HERE / "rules-2023.toml",)


@hookimpl
def jingban_region():
    return spec_from_rules(RULES, versions=EARLIER)
