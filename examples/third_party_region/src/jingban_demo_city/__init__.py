"""Demo city: a made-up region showing the smallest complete jingban plugin."""
