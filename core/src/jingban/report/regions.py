"""`assess regions` as text: one row per installed region, its title and document under it.

A region's title and its document's id are names that break badly in a narrow column (秦医保 /
〔2023〕91号), and five columns of them do not fit the page: the row keeps the short fields and
the two names follow on lines of their own, each whole where a line can hold it.
"""

from __future__ import annotations

from ..messages import label
from .tables import table
from .text import LINE, labelled, wrap

INDENT = "    "


def render_regions(docs: list[dict], lang: str) -> str:
    """`docs`: the regions as the JSON listing gives them (region, distribution, version,
    rules_version, document, title; error for one that failed to load)."""
    L = lambda k: label(k, lang)  # noqa: E731
    C = L("colon")
    rows: list = []
    for d in docs:
        rows.append([d["region"], d["distribution"], d["version"], ", ".join(d.get("rules_versions") or [d.get("rules_version") or "—"])])
        if d.get("error"):
            rows.extend(wrap(f"{INDENT}{L('broken')}{C}{d['error']}", LINE, INDENT + "  "))
            continue
        rows.extend(wrap(f"{INDENT}{d['title']}", LINE, INDENT + "  "))
        rows.extend(labelled(f"{INDENT}{L('document')}{C}", d["document"], keep=(d["document"],)))
    return table(["id", L("distribution"), L("version"), L("rules_version")], rows)
