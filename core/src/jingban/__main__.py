"""`python -m jingban` runs the `assess` command."""

from .cli import main

main()
