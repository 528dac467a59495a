"""`python -m jingban` runs the `assess` command."""

from .cli import run

run()
