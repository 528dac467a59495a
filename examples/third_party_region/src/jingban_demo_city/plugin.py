"""Registration of the demo city. Every number lives in rules.toml beside this file."""

from pathlib import Path

from jingban.hookspecs import hookimpl
from jingban.registry import spec_from_rules

RULES = Path(__file__).with_name("rules.toml")


@hookimpl
def jingban_region():
    return spec_from_rules(RULES)
