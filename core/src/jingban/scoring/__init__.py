"""Rule primitives, written once and configured from each region's rules file.

- clauses: per-case, once and per-unit-below-a-minimum deductions, capped at the item ("扣完为止")
- dimensions: an item judged on weighted dimensions, capped by numeric requirements
- checklist: a point answered compliant / partly / non-compliant / not applicable, decided by facts
- bonus: bonus claims with a cap
- totals: plain sums and weighted trees, grades
"""
