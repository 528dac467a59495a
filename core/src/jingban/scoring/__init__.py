"""Rule primitives that several shapes share, written once:

- clauses: per-case, once and per-unit-below-a-minimum deductions, capped at the item ("扣完为止")
- findings: charging findings to clauses, and the same-issue rule
- requirements: numeric requirements and checks against facts
- bonus: bonus claims with a cap
- context: what an item's scoring sees

The shapes themselves are in `jingban.shapes`, the aggregations in `jingban.aggregations`.
"""
