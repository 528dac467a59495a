"""jingban.settlement.settle called directly, as a plugin's own `jingban_settle` hook may call it:
its defaults and the cases the core's hook never reaches (killed mutants, docs/testing.md)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jingban.api import rules
from jingban.kinds import SettlementKind
from jingban.settlement import settle

D = Decimal
AGREEMENT = Path(__file__).resolve().parents[1] / "examples" / "tianjin_ltc" / "agreement-example.toml"


def test_defaults_no_fund_loss_and_final():
    """Tianjin's example agreement (fee 2,400,000.00, 10% withheld = 240,000.00; 87.70 is 4 whole
    steps below 90 at 1% a step: 9,600.00 deducted). Without fund_losses there is none: 0.00, no
    fund_loss_deduction (第十九条) among the consequences, back to the fund only the 9,600.00; and
    the result is final, not provisional."""
    s = settle(rules("tianjin_ltc", agreement=AGREEMENT), D("87.70"), D("2400000.00"))
    assert s.fund_losses == D("0.00")
    assert s.consequences == ()
    assert (s.withheld, s.deducted, s.paid, s.returned_to_fund) == (
        D("240000.00"), D("9600.00"), D("230400.00"), D("9600.00"))
    assert s.provisional is False


def test_no_score_settles_no_money():
    """A region with money but no score (nothing assessed to a total): no band, no amounts."""
    s = settle(rules("qinhuangdao"), None, D("1500000.00"))
    assert s.kind is SettlementKind.NONE
    assert (s.withheld, s.deducted, s.paid, s.deduction_rate) == (None, None, None, None)
