"""jingban region plugin `taicang`: rules in rules.toml, registered through the jingban.regions entry point."""
