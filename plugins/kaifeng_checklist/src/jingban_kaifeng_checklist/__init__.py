"""jingban region plugin `kaifeng_checklist`: rules in rules.toml, registered through the jingban.regions entry point."""
