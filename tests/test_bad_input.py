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
