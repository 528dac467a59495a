"""Writing collected facts as an evidence fragment that an evidence file includes.

    include = ["facts-2024.toml"]     # in the inspectors' evidence file
"""

from __future__ import annotations

import json

from ..amounts import plain
from ..evidence import Period
from ..facts import FACTS
from ..kinds import FactKind
from ..messages import say
from .collect import Collection


def _s(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def facts_toml(region: str, period: Period, folder: str, engine: str, col: Collection, lang: str = "zh") -> str:
    out = [
        f"# Facts computed by `assess collect` from the ledgers in {folder} ({engine}).",
        "# Include this file from the evidence: include = [\"<this file>\"]. docs/ledgers.md says how each is counted.",
        "schema = 1",
        f"region = {_s(region)}",
        f"generated_by = {_s('assess collect')}",
        "",
        "[period]",
        f"from = {period.start.isoformat()}",
        f"to = {period.end.isoformat()}",
        "",
    ]
    for p in col.problems:
        out.append(f"# PROBLEM (rows set aside): {p.line()}")
    for name, why in col.skipped:
        out.append(f"# NOT COMPUTED {name}: {say(why, 'en')}")
    if col.problems or col.skipped:
        out.append("")
    for f in sorted(col.facts, key=lambda f: f.name):
        out.append(f"[facts.{f.name}]    # {FACTS[f.name].title_zh}")
        kind = FACTS[f.name].kind
        value = str(int(f.value)) if kind is FactKind.COUNT else _s(plain(f.value) or "0")
        out.append(f"value = {value}")
        # the file is read back as evidence, where source and detail are the operator's words:
        # written in the language of the run (`assess collect --lang`)
        out.append(f"source = {_s(say(f.source, lang))}")
        if f.detail:
            out.append(f"detail = {_s(say(f.detail, lang))}")
        out.append("")
    return "\n".join(out)
