"""Registration of the demo city. Every number lives in rules.toml beside this file."""

from pathlib import Path

from jingban.plugin import hookimpl, spec_from_rules

RULES = Path(__file__).with_name("rules.toml")


@hookimpl
def jingban_region():
    return spec_from_rules(RULES)
