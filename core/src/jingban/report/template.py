"""An evidence skeleton for a region: every item, commented with its points, clauses and facts."""

from __future__ import annotations

from ..amounts import plain
from ..facts import FACTS
from ..model import RuleSet


def render_template(rs: RuleSet, lang: str = "zh") -> str:
    zh = lang == "zh"
    t = lambda a, b: a if zh else b  # noqa: E731
    reg = rs.region
    out = [
        f"# {t(reg.title_zh, reg.title_en)} — {reg.document.id}",
        f"# rules_version {reg.rules_version}; evidence format: docs/evidence-format.md",
        "# " + t("未列入 inspected、无发现、无事实的项目为“未考核”，结果为临时结果；不会默认满分。",
                 "Items not listed in `inspected`, with no finding and no facts, are 'not assessed' and make"
                 " the result provisional; nothing scores full by default."),
        "schema = 1",
        f'region = "{reg.id}"',
        'agency = ""',
    ]
    if rs.products:
        out.append(f'product = ""    # {" | ".join(f"{p.id} ({t(p.title_zh, p.title_en)})" for p in rs.products)}')
    if rs.settlement.kind != "none":
        out.append(f'fee = "0.00"    # {t(rs.settlement.fee_title_zh, rs.settlement.fee_title_en)}')
    if rs.ledger.claim_deadlines or rs.ledger.hospital:
        out.append("# " + t("从经办机构台账计算事实（docs/ledgers.md）：二选一", "Facts from the agency's ledgers"
                            " (docs/ledgers.md), either:"))
        out.append('# ledgers = "ledgers/"                 # ' + t("台账目录", "folder of ledgers"))
        out.append('# include = ["facts-2024.toml"]       # ' + t("assess collect 的输出", "what assess collect wrote"))
    if rs.region.aggregation == "weighted_tree":
        out.insert(6, 'agreement = "agreement.toml"')
    facts: dict[str, list[str]] = {}
    fact_items = [i for i in rs.items if i.shape in ("deductions", "rating")]
    if fact_items and rs.region.aggregation != "weighted_tree":
        # a top-level key: it must come before the first [table], or TOML puts it inside [period]
        out.append("")
        out.append("# " + t("已检查的项目（逐项核对后保留）", "Items inspected (keep those you checked)"))
        out.append("inspected = [")
        for i in fact_items:
            out.append(f'  "{i.id}",   # {t(i.title_zh, i.title_en)} ({plain(i.max)})')
        out.append("]")
    out += ["", "[period]", "from = 2024-01-01", "to = 2024-12-31", ""]
    for i in rs.items:
        for c in i.clauses:
            if c.fact:
                facts.setdefault(c.fact, []).append(c.id)
            if c.minus_fact:
                facts.setdefault(c.minus_fact, []).append(c.id)
        for q in i.requirements + i.checks:
            facts.setdefault(q.fact, []).append(i.id)
    out.append("# " + t("发现：rules 填条款编号；同一问题涉及多项时在一条发现中列出",
                        "Findings: name clause ids in rules; one problem touching several items is one finding"))
    out.append("# [[findings]]")
    out.append('# id = "F-01"')
    out.append('# rules = ["…"]')
    out.append("# count = 1")
    out.append("# date = 2024-01-01")
    out.append('# description = ""')
    out.append('# location = ""')
    out.append("")
    for i in rs.items:
        if i.shape == "deductions" or (i.shape == "rating" and i.clauses):
            open_clauses = [c for c in i.clauses if not c.fact]
            if open_clauses:
                out.append(f"# {i.id} {t(i.title_zh, i.title_en)} ({plain(i.max)}): " + "; ".join(
                    f"{c.id} −{plain(c.points)}/{c.per}" + (f" [{','.join(c.products)}]" if c.products else "")
                    for c in open_clauses))
    out.append("")
    if facts:
        out.append("[facts]")
        for name, users in facts.items():
            spec = FACTS[name]
            if spec.derived:  # counted from [commitments], never written under [facts]
                continue
            out.append(f"# {name} = 0    # {t(spec.title_zh, spec.title_en)} ({spec.kind}); {', '.join(users)}")
        out.append("")
    for i in rs.items:
        if i.shape == "dimensions":
            out.append(f"[ratings.{i.id}]    # {t(i.title_zh, i.title_en)} ({plain(i.max)})")
            for d in rs.dimensions:
                out.append(f'# {d.id} = "1"    # {t(d.title_zh, d.title_en)} {plain(d.weight)}')
            out.append("")
    groups = {}
    for i in rs.items:
        if i.shape == "rating" and i.group:
            groups.setdefault(i.group, []).append(i)
    for g, members in groups.items():
        out.append(f"[scores.{g}]")
        for i in members:
            leaf = i.id.split(":", 1)[1]
            out.append(f'# "{leaf}" = "100"    # {t(i.title_zh, i.title_en)}')
        out.append("")
    if any(FACTS[n].derived for n in facts):
        out.append("# " + t("服务承诺（投标承诺与实际对照）：见 docs/evidence-format.md", "Service commitments (bid promises"
                            " against actuals): see docs/evidence-format.md"))
        out += ["# [commitments]", "# [[commitments.milestones]]", '# id = ""', "# due = 2024-01-10",
                "# done = 2024-01-12", "# [[commitments.staffing]]", '# post = ""', "# promised = 1", "# actual = 1", ""]
    checks = [i for i in rs.items if i.shape == "check"]
    for i in checks:
        out.append(f'[checklist."{i.id}"]    # {t(i.title_zh, i.title_en)}')
        out.append('# result = "compliant"    # compliant | partly | non_compliant | not_applicable')
        out.append('# reason = ""')
        out.append("")
    if checks:
        out += ["[report]", 'organisation = ""', 'suggestions = ""', ""]
    if rs.bonus:
        out.append(f"# {t('加分', 'Bonus')} (cap {plain(rs.bonus.cap)}): " + ", ".join(k.id for k in rs.bonus.kinds))
        out += ["# [[bonus]]", '# kind = ""', '# points = "1"', '# description = ""', ""]
    return "\n".join(out) + "\n"
