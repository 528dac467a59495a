"""Registration of the shapes city, and the one thing its rules cannot say: where its own facts
`claims_sampled` and `claims_verified` come from when the inspectors did not count them by hand
(the review sample's ledger, `review_sample.csv` beside the evidence file)."""

import csv
from decimal import Decimal
from pathlib import Path

from jingban.plugin import Fact, InputError, Message, hookimpl, spec_from_rules

REGION = "shapes_city"
RULES = Path(__file__).with_name("rules.toml")
SAMPLE = "review_sample.csv"  # columns: claim_id, verified ("true" or "false")


@hookimpl
def jingban_region():
    return spec_from_rules(RULES)


@hookimpl
def jingban_collect_facts(region_id, ruleset, evidence, sources):
    if region_id != REGION:
        return None
    ledger = Path(evidence.base_dir) / SAMPLE
    if not ledger.exists():
        return []
    with ledger.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for n, row in enumerate(rows, start=2):
        if row.get("verified") not in ("true", "false"):
            raise InputError(str(ledger), Message.of("error.where.line", line=n),
                             Message.of("error.evidence.expected_bool"))
    verified = sum(1 for r in rows if r["verified"] == "true")
    return [Fact("claims_sampled", Decimal(len(rows)), source=str(ledger)),
            Fact("claims_verified", Decimal(verified), source=str(ledger))]
