"""Each region's example printed by a real headless Chromium (issue 12): a PDF whose text holds
the total, the grade, the paid amount and the signature labels, with the intended page count and
every font embedded; and a screenshot. Skipped with the reason where Chromium, a CJK font or
poppler's tools are missing; a failure under CI=true (tests/conftest.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.cli import main

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"

# region: (evidence, what pdftotext must find, pages). Pages as the layout intends them: each form
# starts a page; Qinhuangdao's 17 items take two A4 pages with the note and both signatures under
# the table, then annex 1 (one landscape page), the settlement with its arithmetic, the cost of
# each finding and the scores nearby (two pages), and the charts (one); Taicang's 13 items and
# bonus rows two landscape pages, its deduction notes and signatures a third, the settlement a
# fourth, the charts a fifth; Tianjin's grid one page, the settlement two and the charts one;
# Kaifeng's 35 points two pages and its report two, with no settlement page and no charts.
CASES = {
    "qinhuangdao": (EX / "qinhuangdao" / "2024-resident.toml",
                    # 附件2 total 85, 良好 (第八条（二）), paid 135,000.00 (README); 附件1/附件2 signature lines
                    ["85.00", "良好", "135,000.00", "考核组人员签名", "被考核商业保险机构负责人签名并加盖公章",
                     "考核人员签字", "被考核商业保险机构负责人签字并盖章"], 6),
    "taicang": (EX / "taicang" / "2024.toml",
                # 86.64 + 5 = 91.64, 80至95分, paid 160,000.00 - 19,200.00 = 140,800.00 (README)
                ["91.64", "80至95分", "140,800.00", "考核组人员签名"], 5),
    "tianjin_ltc": (EX / "tianjin_ltc" / "2024-heping.toml",
                    # 第十四条 87.701 -> 87.70, 良好, paid 230,400.00, fund loss 12,000.00 (README)
                    ["87.70", "良好", "230,400.00", "12,000.00", "考核人员签名"], 4),
    "kaifeng_checklist": (EX / "kaifeng_checklist" / "2020-self-inspection.toml",
                          ["自查清单", "单位负责人（签字）", "填报人（签字）", "填报人电话", "部分符合"], 4),
}


def _pdf(tmp_path: Path, evidence: Path) -> Path:
    out = tmp_path / "forms.pdf"
    res = CliRunner().invoke(main, ["--evidence", str(evidence), "--format", "pdf", "-o", str(out)],
                             catch_exceptions=False)
    assert res.exit_code in (0, 1), res.output
    assert out.read_bytes()[:5] == b"%PDF-"
    return out


def _tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("region", sorted(CASES))
def test_the_printed_pdf(region, tmp_path, browser_tools):
    evidence, needles, pages = CASES[region]
    pdf = _pdf(tmp_path, evidence)
    text = _tool("pdftotext", "-layout", str(pdf), "-")
    # pdftotext may put spaces between characters of a line it reflows; compare without them
    flat = "".join(text.split())
    for n in needles:
        assert "".join(n.split()) in flat, n
    if region == "kaifeng_checklist":  # no money and no assessors on the self-inspection
        assert "拨付金额" not in flat and "考核组" not in flat
    info = _tool("pdfinfo", str(pdf))
    assert f"Pages:{pages}" in info.replace(" ", ""), info
    # every page is numbered by the stylesheet's margin box
    assert f"第{pages}页/共{pages}页" in flat
    fonts = _tool("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts, "no font in the PDF"
    # columns: name type encoding emb sub uni ...: every font embedded, with a Unicode map
    for line in fonts:
        cols = line.split()
        assert cols[-5] == "yes" and cols[-3] == "yes", line
    # the Chinese text came back as Chinese: the glyphs are the CJK font's, not boxes
    assert "考核" in flat or "自查" in flat


def test_a_screenshot_of_the_page(tmp_path, browser_tools):
    from jingban.forms.pdf import html_to_png

    res = CliRunner().invoke(main, ["--evidence", str(CASES["taicang"][0]), "--format", "html"])
    png = html_to_png(res.output)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (1240, 1754)
    assert len(png) > 50_000  # a page of text, not a blank one


def test_without_a_browser_pdf_is_one_line_saying_what_to_install(monkeypatch, tmp_path):
    import jingban.forms.pdf as pdf

    monkeypatch.setattr(pdf, "find_browser", lambda: None)
    out = tmp_path / "x.pdf"
    res = CliRunner().invoke(main, ["--evidence", str(CASES["taicang"][0]), "--format", "pdf", "-o", str(out),
                                    "--lang", "en"])
    assert res.exit_code == 2 and not out.exists()
    assert res.output.strip().count("\n") == 0 and "install chromium" in res.output


def test_without_a_cjk_font_pdf_is_one_line_naming_the_font_package(monkeypatch, tmp_path):
    import jingban.forms.pdf as pdf

    monkeypatch.setattr(pdf, "find_browser", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(pdf, "cjk_fonts", lambda: ())
    out = tmp_path / "x.pdf"
    res = CliRunner().invoke(main, ["--evidence", str(CASES["taicang"][0]), "--format", "pdf", "-o", str(out)])
    assert res.exit_code == 2 and not out.exists()
    assert "fonts-noto-cjk" in res.output and res.output.strip().count("\n") == 0


def test_a_character_no_font_has_is_refused(browser_tools):
    """U+10FFFD (a private-use code point) has a glyph in no installed font: never a PDF with a box."""
    from jingban.errors import InputError
    from jingban.forms.pdf import check_machine

    with pytest.raises(InputError) as e:
        check_machine("考核\U0010fffd")
    assert "fonts-noto-cjk" in e.value.line("en")


def test_a_missing_browser_skips_here_and_fails_under_ci(monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("forms_conftest", Path(__file__).with_name("conftest.py"))
    conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conftest)
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        conftest.need(False, "no Chromium browser")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and no Chromium browser"):
        conftest.need(False, "no Chromium browser")
    conftest.need(True, "never said")  # present: neither
