"""Bad input is refused in one line naming the file, never half-read (issue 11): encodings, NUL
bytes in paths, numbers with commas, amounts beyond what the rules can settle."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.cli import main
from jingban.testing import assert_bad_input

ROOT = Path(__file__).resolve().parents[1]
TAICANG = ROOT / "examples" / "taicang" / "2024.toml"


def run(*args, lang="en"):
    return CliRunner(env={"JINGBAN_LANG": lang}).invoke(main, [str(a) for a in args], prog_name="assess")


def test_a_byte_order_mark_is_accepted(tmp_path):
    """Windows Notepad saves UTF-8 with a BOM: the same evidence, the same result."""
    ev = tmp_path / "2024.toml"
    ev.write_bytes(b"\xef\xbb\xbf" + TAICANG.read_bytes())
    with_bom, plain = run("-e", ev, "--format", "json"), run("-e", TAICANG, "--format", "json")
    assert with_bom.exit_code == plain.exit_code == 0
    strip = lambda text: "\n".join(x for x in text.splitlines() if "sha256" not in x and "2024.toml" not in x)  # noqa: E731
    assert strip(with_bom.stdout) == strip(plain.stdout)


def test_a_gbk_file_is_refused_and_says_how_to_save_it(tmp_path):
    """A GBK file (Excel or Notepad on Chinese Windows) used to be read with replacement
    characters, every Chinese text garbled, and scored."""
    ev = tmp_path / "2024.toml"
    ev.write_bytes(TAICANG.read_text(encoding="utf-8").encode("gb18030"))
    line = assert_bad_input(run("-e", ev), str(ev), "GBK (GB18030)", "save it as UTF-8")
    first = TAICANG.read_bytes().split(b"\n")
    n = next(i for i, x in enumerate(first, 1) if any(b >= 0x80 for b in x))  # the first line with Chinese
    assert f"line {n}" in line
    zh = assert_bad_input(run("-e", ev, lang="zh"), str(ev), "GBK（GB18030）编码", "UTF-8 编码另存")
    assert f"第 {n} 行" in zh


def test_bytes_that_are_no_text_are_refused(tmp_path):
    ev = tmp_path / "2024.toml"
    ev.write_bytes(b'schema = 1\nregion = "taicang"\nagency = "\xff\xfe\xfa"\n')
    assert_bad_input(run("-e", ev), str(ev), "line 3", "is not UTF-8 text")


@pytest.mark.parametrize("key", ["include", "agreement"])
def test_a_nul_byte_in_a_named_path_is_bad_input(tmp_path, key):
    ev = tmp_path / "2024.toml"
    text = TAICANG.read_text(encoding="utf-8")
    value = '["fa\\u0000cts.toml"]' if key == "include" else '"agr\\u0000eement.toml"'
    region = "taicang" if key == "include" else "tianjin_ltc"
    if key == "agreement":
        text = (ROOT / "examples" / "tianjin_ltc" / "2024-heping.toml").read_text(encoding="utf-8")
        text = "\n".join(x for x in text.splitlines() if not x.startswith("agreement ="))
    head, rest = text.split("\n[", 1)
    ev.write_text(f"{head}\n{key} = {value}\n[{rest}", encoding="utf-8")
    line = assert_bad_input(run("-e", ev, "-r", region), str(ev), key)
    assert "NUL" in line or "U+0000" in line, line


def test_a_control_character_in_a_text_is_refused(tmp_path):
    """TOML lets "\\u0000" through as an escape; it reached reports and forms."""
    ev = tmp_path / "2024.toml"
    ev.write_text(TAICANG.read_text(encoding="utf-8").replace(
        'agency = "示例财产保险', 'agency = "示例\\u0007财产保险', 1), encoding="utf-8")
    assert_bad_input(run("-e", ev), str(ev), "agency", "character 3", "U+0007")
    assert_bad_input(run("-e", ev, lang="zh"), "agency", "第 3 个字符是控制字符 U+0007")


def test_money_is_to_the_fen(tmp_path):
    """Money is paid to 0.01 yuan: a fee of 3200000.005 is a typo, not an amount to round."""
    ev = tmp_path / "2024.toml"
    ev.write_text(TAICANG.read_text(encoding="utf-8").replace(
        'fee = "3200000.00"', 'fee = "3200000.005"', 1), encoding="utf-8")
    assert_bad_input(run("-e", ev), str(ev), "fee", "more than 2 decimal places")
    assert_bad_input(run("settle", "-r", "taicang", "--score", "90", "--fee", "3200000.001"), "--fee")
    # trailing zeros are the same amount
    same = run("settle", "-r", "taicang", "--score", "90", "--fee", "3200000.000", "--format", "json")
    assert same.exit_code == 0 and '"3200000.00"' in same.stdout


def test_a_region_the_evidence_names_wrongly_is_blamed_on_the_evidence(tmp_path):
    """Without --region, the region comes from the file's `region` key: the error names that file
    and key, not an option the operator never gave."""
    ev = tmp_path / "2024.toml"
    ev.write_text(TAICANG.read_text(encoding="utf-8").replace('region = "taicang"', 'region = "taichang"', 1),
                  encoding="utf-8")
    assert_bad_input(run("-e", ev), str(ev), "region = taichang", "no such region installed", "taicang")


@pytest.mark.parametrize(("score", "why"), [("8,5", "a comma may only separate thousands"),
                                            ("80,50", "a comma may only separate thousands"),
                                            ("8_5", "is not a decimal number")])
def test_a_comma_is_a_thousands_separator_or_nothing(score, why):
    """--score 8,5 used to settle as 85."""
    assert_bad_input(run("settle", "-r", "qinhuangdao", "--score", score, "--fee", "1500000"), "--score", why)


def test_a_correct_thousands_separator_is_read():
    """附件2 / 秦医保〔2023〕91号 第八条: 79.5 lies in the band from 70; the fee may be written 1,500,000."""
    grouped = run("settle", "-r", "qinhuangdao", "--score", "79.5", "--fee", "1,500,000", "--format", "json")
    plain = run("settle", "-r", "qinhuangdao", "--score", "79.5", "--fee", "1500000", "--format", "json")
    assert grouped.exit_code == plain.exit_code == 0 and grouped.stdout == plain.stdout
    bad = run("settle", "-r", "qinhuangdao", "--score", "79.5", "--fee", "1500000,50")
    assert_bad_input(bad, "--fee", "a comma may only separate thousands")


@pytest.mark.parametrize("fee", ["1e30", str(10 ** 30)])
def test_an_amount_beyond_any_fee_is_bad_input_not_an_internal_error(fee, tmp_path):
    """A fee of 1e30 used to end in decimal.InvalidOperation (exit 4)."""
    assert_bad_input(run("settle", "-r", "qinhuangdao", "--score", "90", "--fee", fee), "--fee",
                     "is above the maximum 1000000000000")
    ev = tmp_path / "2024.toml"
    text = TAICANG.read_text(encoding="utf-8")
    import re

    ev.write_text(re.sub(r'(?m)^fee = "[^"]*"', f'fee = "{fee}"', text), encoding="utf-8")
    assert_bad_input(run("-e", ev), str(ev), "fee", "is above the maximum 1000000000000")


@pytest.mark.parametrize(("raw", "masked"), [
    ("身份证130302195001011234", "身份证130302********1234"),
    ("老身份证号130302500101123，", "老身份证号130302******123，"),  # 15 digits, first generation
    ("电话13812345678", "电话138****5678"),
    ("电话 +86 138-1234-5678", "电话 +86 138****5678"),
    ("tel 0086-13812345678", "tel 0086-138****5678"),
    ("电话138 1234 5678", "电话138****5678"),
])
def test_personal_numbers_are_masked_in_every_spelling(raw, masked):
    from jingban.masking import scrub

    assert scrub(raw) == masked


def test_an_error_quoting_a_phone_number_masks_it(tmp_path):
    """`unknown product '13812345678'` used to print the number as typed."""
    ev = tmp_path / "2024.toml"
    text = (ROOT / "examples" / "qinhuangdao" / "2024-resident.toml").read_text(encoding="utf-8")
    ev.write_text(text.replace('product = "resident"', 'product = "13812345678"'), encoding="utf-8")
    for lang in ("en", "zh"):
        res = run("-e", ev, lang=lang)
        assert res.exit_code == 2 and "13812345678" not in res.stderr and "138****5678" in res.stderr, res.stderr


def test_an_output_file_gets_the_umasks_mode(tmp_path):
    """--output wrote through mkstemp and left the report 0600."""
    import os

    old = os.umask(0o022)
    try:
        out = tmp_path / "report.txt"
        assert run("-e", TAICANG, "-o", out).exit_code == 0
        assert (out.stat().st_mode & 0o777) == 0o644
    finally:
        os.umask(old)


@pytest.mark.parametrize(("line", "key"), [('include = [""]', "include[0]"), ('ledgers = " "', "ledgers")])
def test_an_empty_path_names_the_evidence_and_its_key(tmp_path, line, key):
    """`include = [""]` used to be refused as "is a directory" with the folder's name only."""
    ev = tmp_path / "2024.toml"
    head, rest = TAICANG.read_text(encoding="utf-8").split("\n[", 1)
    ev.write_text(f"{head}\n{line}\n[{rest}", encoding="utf-8")
    assert_bad_input(run("-e", ev), f"{ev}: {key}: the path is empty")


def test_an_option_default_outside_its_values_is_bad_input(tmp_path):
    """A rules file whose option default is not allowed raised a bare ValueError (exit 4)."""
    from jingban.errors import InputError
    from jingban.rulesfile import load_rules

    rules = ROOT / "plugins" / "qinhuangdao" / "src" / "jingban_qinhuangdao" / "rules.toml"
    broken = tmp_path / "rules.toml"
    broken.write_text(rules.read_text(encoding="utf-8").replace('value = "first_in_table"', 'value = "nope"', 1),
                      encoding="utf-8")
    with pytest.raises(InputError, match=r"options\[\d+\]\.value: 'nope' is not among allowed"):
        load_rules(broken)


# -- issue 11, second part -----------------------------------------------------------------------
QHD_RULES = ROOT / "plugins" / "qinhuangdao" / "src" / "jingban_qinhuangdao" / "rules.toml"
TIANJIN = ROOT / "examples" / "tianjin_ltc"


def _refused_rules(path, options=None):
    from jingban.errors import InputError
    from jingban.rulesfile import load_rules

    with pytest.raises(InputError) as exc:
        load_rules(path, options)
    return exc.value


@pytest.mark.parametrize(("old", "new", "key", "reading"), [
    # the other reading of 第八条（二）'s pass band: a rate above 1 is refused though from_90 is selected
    ('reference = "80"\nbase_rate = "0.20"', 'reference = "80"\nbase_rate = "2"', "settlement.bands[3].base_rate",
     "pass_band_reference = from_80"),
    # the clause counted per outlet (附件2 1(4), the other reading): a key no clause has
    ('when = "post_vacancy_count=outlets_inspected"', 'when = "post_vacancy_count=outlets_inspected"\npointz = "1"',
     "items[0].clauses[", "post_vacancy_count = outlets_inspected"),
])
def test_an_entry_under_an_unselected_reading_is_refused_at_load(tmp_path, old, new, key, reading):
    """Entries whose `when` the selected options leave out were never read: a broken band of the
    from_80 reading loaded without a word until an operator chose it."""
    text = QHD_RULES.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    exc = _refused_rules(path)
    assert exc.line("en").startswith(f"{path}: {key}"), exc.line("en")
    assert f"(with option {reading})" in exc.line("en")
    assert f"（选项 {reading} 时）" in exc.line("zh")


def test_a_when_naming_a_value_the_option_does_not_allow_is_refused(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(QHD_RULES.read_text(encoding="utf-8").replace(
        'when = "pass_band_reference=from_80"', 'when = "pass_band_reference=from_70"', 1), encoding="utf-8")
    line = _refused_rules(path).line("en")
    assert line.startswith(f"{path}: settlement.bands[3].when: option pass_band_reference has no value 'from_70'")


def _tianjin_evidence(tmp_path, extra: str = "", agreement: str | None = None) -> Path:
    text = (TIANJIN / "2024-heping.toml").read_text(encoding="utf-8")
    agr = agreement or str(TIANJIN / "agreement-example.toml")
    text = text.replace('agreement = "agreement-example.toml"', f"agreement = {agr!r}")
    head, rest = text.split("\n[scores.agency]", 1)
    ev = tmp_path / "ev.toml"
    ev.write_text(f"{head}\n{extra}\n[scores.agency]{rest}", encoding="utf-8")
    return ev


def test_a_leaf_scored_at_the_top_and_in_its_group_is_refused_naming_both(tmp_path):
    """[scores] "agency:D1.1" and [scores.agency] "D1.1" are one leaf: the later score silently won."""
    ev = _tianjin_evidence(tmp_path, '[scores]\n"agency:D1.1" = "60"\n')
    line = assert_bad_input(run("-e", ev), f"{ev}: scores.agency.D1.1: ", "leaf agency:D1.1 is already scored at"
                            " scores.agency:D1.1")
    assert "score it in one place only" in line
    zh = assert_bad_input(run("-e", ev, lang="zh"), "scores.agency.D1.1", "scores.agency:D1.1")
    assert "不能在两处给分" in zh


def test_an_agreement_without_bands_names_the_agreement(tmp_path):
    """Empty settlement.bands blamed the plugin's rules.toml (error at settling, not at load)."""
    text = (TIANJIN / "agreement-example.toml").read_text(encoding="utf-8")
    start = text.index("  [[settlement.bands]]")
    end = text.index("# ---------------------------------------------------------------- consequences")
    agr = tmp_path / "agreement.toml"
    agr.write_text(text[:start] + text[end:], encoding="utf-8")
    ev = _tianjin_evidence(tmp_path, agreement=str(agr))
    line = assert_bad_input(run("-e", ev), f"{agr}: settlement.bands: ", "needs at least one band")
    assert "rules.toml" not in line
    assert_bad_input(run("settle", "-r", "tianjin_ltc", "--score", "85", "--agreement", agr),
                     f"{agr}: settlement.bands: ")


def test_a_calendar_file_is_checked_when_no_ledger_is_read(tmp_path):
    """--calendar was only read with ledgers: a broken file passed unseen on every other run."""
    cal = tmp_path / "cal.toml"
    cal.write_text("[layers.x]\nsource = \"t\"\nholidayz = [2024-06-17]\n", encoding="utf-8")
    assert_bad_input(run("-e", TAICANG, "--calendar", cal), str(cal), "holidayz")
    assert_bad_input(run("-e", TAICANG, "--calendar-layer", "xinjiang"), "--calendar-layer")
    good = tmp_path / "good.toml"
    good.write_text("[layers.x]\nsource = \"t\"\nholidays = [2024-06-17]\n", encoding="utf-8")
    assert run("-e", TAICANG, "--calendar", good, "--calendar-layer", "x").exit_code == 0


def test_a_file_above_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from jingban import limits, tomlread

    ev = tmp_path / "big.toml"
    with ev.open("wb") as fh:
        fh.write(TAICANG.read_bytes())
        fh.write(b"# " + b"x" * limits.MAX_FILE_BYTES + b"\n")
    size = ev.stat().st_size
    with monkeypatch.context() as m:
        parsed = []
        m.setattr(tomlread, "parse_toml", lambda *a: parsed.append(a) or {})
        assert_bad_input(run("-e", ev), f"{ev}: the file is {size} bytes, above the limit of 10 MB")
        assert parsed == []  # refused by its size, never parsed
    assert_bad_input(run("-e", ev, lang="zh"), f"{ev}：文件有 {size} 字节，超过上限 10 MB")
    agr = tmp_path / "agr.toml"
    agr.write_bytes(ev.read_bytes())
    assert_bad_input(run("settle", "-r", "tianjin_ltc", "--score", "85", "--agreement", agr), str(agr), "10 MB")
    assert_bad_input(run("-e", TAICANG, "--calendar", agr), str(agr), "10 MB")


def test_a_text_above_the_length_limit_is_refused_naming_its_key(tmp_path):
    """A 50 MB description took 29 s and wrote a 52 MB report; 10,001 characters are refused."""
    from jingban.limits import MAX_TEXT_CHARS

    ev = tmp_path / "2024.toml"
    text = TAICANG.read_text(encoding="utf-8")
    ev.write_text(text.replace('agency = "', 'agency = "' + "长" * MAX_TEXT_CHARS, 1), encoding="utf-8")
    line = assert_bad_input(run("-e", ev), f"{ev}: agency: ", f"above the limit of {MAX_TEXT_CHARS}")
    assert len(line) < 300
    ok = tmp_path / "ok.toml"
    agency = text.split('agency = "', 1)[1].split('"', 1)[0]
    ok.write_text(text.replace(f'agency = "{agency}"', 'agency = "' + "长" * MAX_TEXT_CHARS + '"', 1),
                  encoding="utf-8")
    assert run("-e", ok).exit_code == 0


ID_NUMBER, PHONE = "130302195001011234", "13812345678"


@pytest.mark.parametrize(("old", "new"), [
    ('product = "resident"', f'product = "{ID_NUMBER}"'),
    ('inspected = ["1", ', f'inspected = ["{PHONE}", '),
    ('region = "qinhuangdao"', f'region = "{PHONE}"'),
    ("[facts]\n", f"[facts]\n{ID_NUMBER} = 1\n"),
    ('rules = ["1.4b"]', f'rules = ["{ID_NUMBER}"]'),
    ('id = "F-01"', f'id = "{PHONE}"\nclaims = ["{PHONE}", "{PHONE}"]'),
])
def test_no_error_line_holds_an_id_or_phone_number_unmasked(tmp_path, old, new):
    """Every InputError line is masked where it is made (errors.InputError.line), not only where the
    CLI prints it: str(), `assess regions`, a log or a program using the API see it masked too."""
    from jingban.api import registry
    from jingban.engine import assess_evidence
    from jingban.errors import InputError
    from jingban.evidence import load_evidence

    ev = tmp_path / "2024.toml"
    text = (ROOT / "examples" / "qinhuangdao" / "2024-resident.toml").read_text(encoding="utf-8")
    assert old in text
    ev.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        assess_evidence(registry(), "qinhuangdao", load_evidence(ev))
    for line in (str(exc.value), exc.value.line("en"), exc.value.line("zh")):
        assert ID_NUMBER not in line and PHONE not in line, line
        assert "130302********1234" in line or "138****5678" in line, line
    for lang in ("en", "zh"):
        res = run("-e", ev, "-r", "qinhuangdao", lang=lang)
        assert res.exit_code == 2 and ID_NUMBER not in res.stderr and PHONE not in res.stderr, res.stderr
