"""Facts computed from the agency's own ledgers (claims, survey, staff roster, hospital settlements,
monthly reports, special audits), written once in a portable layer (Narwhals) and run on embedded
DuckDB by default or on Apache Spark. See docs/ledgers.md."""
