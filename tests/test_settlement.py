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


def test_any_fund_loss_brings_its_consequence():
    """第十九条: fund losses from serious violations come off the fee, however small. 0.50 yuan:
    the fund_loss_deduction consequence follows, and back to the fund go 9,600.00 + 0.50."""
    s = settle(rules("tianjin_ltc", agreement=AGREEMENT), D("87.70"), D("2400000.00"), fund_losses=D("0.50"))
    assert [c.consequence.id for c in s.consequences] == ["fund_loss_deduction"]
    assert (s.fund_losses, s.returned_to_fund) == (D("0.50"), D("9600.50"))


def test_fee_prorated_by_months_across_a_year_end():
    """Proration by months (the agreement's choice under 第十六条): a year from 2023-07-01 to
    2024-06-30 is 12 months; an agency serving from 2023-10-01 served Oct 2023 - Jun 2024 = 3 + 6 = 9.
    Fee 1,200,000.00 x 9 / 12 = 900,000.00; 10% withheld = 90,000.00; at 95 (>= 90) all paid."""
    import datetime as dt

    import attrs

    from jingban.evidence import Period
    from jingban.kinds import Proration

    rs = rules("tianjin_ltc", agreement=AGREEMENT)
    rs = attrs.evolve(rs, settlement=attrs.evolve(rs.settlement, proration=Proration.MONTHS))
    year = Period(dt.date(2023, 7, 1), dt.date(2024, 6, 30))
    served = Period(dt.date(2023, 10, 1), dt.date(2024, 6, 30))
    s = settle(rs, D("95"), D("1200000.00"), period=year, served=served)
    assert (s.base, s.withheld, s.paid) == (D("900000.00"), D("90000.00"), D("90000.00"))


def test_a_score_no_band_covers_names_the_agreement(tmp_path):
    """Issue 11: a Tianjin agreement whose bands leave a score uncovered blames the agreement (the
    file the settlement is read from), not the plugin's rules file. The example agreement without
    its band below 60 is refused when it is read (no band covers scores below 60)."""
    import pytest

    from jingban.api import settle as settle_api
    from jingban.errors import InputError

    text = AGREEMENT.read_text(encoding="utf-8")
    start = text.index('  [[settlement.bands]]\n  max = "60"')
    end = text.index("\n\n", start)
    gap = tmp_path / "agreement.toml"
    gap.write_text(text[:start] + text[end + 2:], encoding="utf-8")
    with pytest.raises(InputError) as exc:
        settle_api("tianjin_ltc", "50", "2400000.00", agreement=gap)
    assert exc.value.file == str(gap) and exc.value.where == "settlement.bands"


def test_an_unknown_consequence_names_the_rules_file():
    """A plugin building rules by hand may name a consequence the rules do not define: the error
    names the region's rules file (the first file read), and the key `consequences`."""
    import pytest

    from jingban.errors import InputError

    rs = rules("qinhuangdao")
    with pytest.raises(InputError) as exc:
        settle(rs, D("95"), D("1000000.00"), item_consequences=(("no_such_consequence", "5"),))
    assert exc.value.file == rs.source_files[0] and exc.value.where == "consequences"


def test_a_score_outside_zero_to_max_is_refused_by_settle_itself():
    """A plugin calling settle directly gets the same check `assess settle` makes: Qinhuangdao's
    scores run 0..100 (附件2: 100 points); -1 and 101 are refused, naming `score`."""
    import pytest

    from jingban.errors import InputError

    rs = rules("qinhuangdao")
    for score in ("-1", "101"):
        with pytest.raises(InputError) as exc:
            settle(rs, D(score), D("1000000.00"))
        assert exc.value.where == "score", score


def test_hand_built_bands_with_a_gap_name_the_last_file_read():
    """Rules a plugin builds by hand skip the load-time band checks: settle itself names the file
    the settlement came from (the agreement, read after the rules file) for a score no band covers.
    The example agreement's bands without the one below 60, at 50."""
    import attrs
    import pytest

    from jingban.errors import InputError

    rs = rules("tianjin_ltc", agreement=AGREEMENT)
    bands = tuple(b for b in rs.settlement.bands if b.min is not None)
    rs = attrs.evolve(rs, settlement=attrs.evolve(rs.settlement, bands=bands))
    with pytest.raises(InputError) as exc:
        settle(rs, D("50"), D("2400000.00"))
    assert exc.value.file == rs.source_files[-1] == str(AGREEMENT) and exc.value.where == "settlement.bands"
