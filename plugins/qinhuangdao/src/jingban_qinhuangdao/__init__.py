"""jingban region plugin `qinhuangdao`: rules in rules.toml, registered through the jingban.regions entry point."""
