"""The deduction rate never passes 100% of the withheld money, in every region that settles money.

No document lets a score take more than was withheld: 秦医保〔2023〕91号 第八条（三） takes at most the whole
deposit (全额扣除保证金), 太人社医[2018]3号 四 at most the whole holdback (全额扣除), and the Tianjin draft
(第十八条) links the fee to the result by agreement, out of the withheld service fee. The shipped
stepped bands stop short of 100% (Qinhuangdao 60-80: 59 steps x 1.5% = 88.5% at most), so the ceiling
is tested with bands steeper than any shipped one: 1 (100%) per step, where a score a few steps below
the reference already reaches 100%, and an agreement a bureau might write.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from jingban.amounts import ONE
from jingban.api import rules, settle
from jingban.settlement import settle as settle_rules

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
AGREEMENT = ROOT / "examples" / "tianjin_ltc" / "agreement-example.toml"

# (region, agreement, withheld rate of the fee): 第七条 10%; 太人社医[2018]3号 四 5%; the example
# agreement's 10%
MONEY_REGIONS = [("qinhuangdao", None, D("0.10")), ("taicang", None, D("0.05")),
                 ("tianjin_ltc", AGREEMENT, D("0.10"))]


def _steep(rs):
    """The region's rules with every stepped band at 100% a step."""
    bands = tuple(attrs.evolve(b, rate_per_step=ONE) if b.rate is None else b for b in rs.settlement.bands)
    return attrs.evolve(rs, settlement=attrs.evolve(rs.settlement, bands=bands))


@pytest.mark.parametrize(("region", "agreement", "share"), MONEY_REGIONS)
def test_a_steep_band_deducts_at_most_everything_withheld(region, agreement, share):
    """Fee 1,000,000.00; withheld = fee x share (100,000.00 or 50,000.00). At the bottom of each
    stepped band the score is (reference - min) / 0.5 >= 2 steps below its reference, 200% or more
    uncapped: the rate is 100%, everything withheld is deducted and nothing is paid (never less)."""
    rs = _steep(rules(region, agreement=agreement))
    fee = D("1000000.00")
    stepped = [b for b in rs.settlement.bands if b.rate is None and b.reference is not None]
    assert stepped, region
    for band in stepped:
        s = settle_rules(rs, band.min, fee)
        assert s.steps is not None and s.steps >= 2, (region, band.min)
        assert s.deduction_rate == ONE, (region, band.min)
        assert s.withheld == fee * share
        assert s.deducted == s.withheld
        assert s.paid == D("0.00")


def test_an_agreement_with_a_steep_band_deducts_at_most_the_withheld_fee(tmp_path):
    """The example Tianjin agreement with its 60-70 band at 5% a step instead of 2%: at 60,
    20% + (80 - 60) / 0.5 = 40 steps x 5% = 220% uncapped -> 100%. Fee 2,400,000.00, withheld 10% =
    240,000.00, all of it deducted, 0.00 paid (uncapped: 528,000.00 deducted, -288,000.00 paid)."""
    text = AGREEMENT.read_text(encoding="utf-8")
    old = '  min = "60"\n  max = "70"\n  reference = "80"\n  base_rate = "0.20"\n  rate_per_step = "0.02"\n'
    assert text.count(old) == 1
    steep = tmp_path / "agreement.toml"
    steep.write_text(text.replace(old, old.replace('"0.02"', '"0.05"')), encoding="utf-8")
    s = settle("tianjin_ltc", "60", "2400000.00", agreement=steep)
    assert s.steps == 40
    assert s.deduction_rate == ONE
    assert (s.withheld, s.deducted, s.paid) == (D("240000.00"), D("240000.00"), D("0.00"))
    # one step higher (60.5: 39 steps, 215% uncapped) is still 100%, and the shipped 2% gives 98% at 60.5
    assert settle("tianjin_ltc", "60.5", "2400000.00", agreement=steep).deduction_rate == ONE
    assert settle("tianjin_ltc", "60.5", "2400000.00", agreement=AGREEMENT).deduction_rate == D("0.98")
