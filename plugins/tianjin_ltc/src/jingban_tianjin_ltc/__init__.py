"""jingban region plugin `tianjin_ltc`: rules.toml plus the agreement file the evidence names."""
