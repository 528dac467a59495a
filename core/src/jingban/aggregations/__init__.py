"""The core's aggregations, each one unit (``jingban.parts.Aggregation``): a plain sum, a weighted
tree of assessing levels, a checklist summary. Registered by ``defaults``."""
