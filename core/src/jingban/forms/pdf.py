"""The forms as PDF: the HTML printed by a headless Chromium (docs/reports.md says why Chromium).

Before printing, the machine must have what the PDF needs: a browser, and a font for every
character the HTML holds (a Chinese one above all). Without them the command stops with one line
saying which package to install; it never writes a PDF with boxes for missing glyphs. The browser
runs with a fresh profile in a temporary folder, no network services and no header or footer of
its own (the stylesheet numbers the pages).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from ..messages import Message

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 180  # seconds a print may take before it is called a failure (a cold start takes a few)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync")


def find_browser() -> str | None:
    return next((p for p in (shutil.which(b) for b in BROWSERS) if p), None)


def cjk_fonts() -> tuple[str, ...]:
    """The families fontconfig knows for Chinese (`fc-list :lang=zh`); empty without fontconfig."""
    if shutil.which("fc-list") is None:
        return ()
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return tuple(sorted({line.strip() for line in out.splitlines() if line.strip()}))


def uncovered(text: str) -> tuple[str, ...]:
    """The characters of `text` no installed font has a glyph for (fontconfig's charsets). One
    fontconfig call when some font covers them all, as usual; one per character only otherwise."""
    chars = sorted({c for c in text if ord(c) > 0x7E and c not in "\u00a0"})
    if not chars or shutil.which("fc-list") is None:
        return ()

    def covered(cs) -> bool:
        spec = ":charset=" + " ".join(f"{ord(c):x}" for c in cs)
        return bool(subprocess.run(["fc-list", spec, "family"], capture_output=True, text=True,
                                   check=False).stdout.strip())

    if covered(chars):
        return ()
    return tuple(c for c in chars if not covered([c]))


def check_machine(text: str) -> str:
    """The browser to print with, or one line saying what to install."""
    browser = find_browser()
    if browser is None:
        raise InputError(None, "--format pdf", Message.of("error.pdf.no_browser"))
    if not cjk_fonts():
        raise InputError(None, "--format pdf", Message.of("error.pdf.no_cjk_font"))
    missing = uncovered(text)
    if missing:
        raise InputError(None, "--format pdf", Message.of(
            "error.pdf.missing_glyphs", chars=" ".join(missing[:10]), count=len(missing)))
    return browser


def _run(browser: str, html: str, flag: str, out_name: str, extra: tuple[str, ...] = ()) -> bytes:
    with tempfile.TemporaryDirectory(prefix="jingban-pdf-") as tmp:
        folder = Path(tmp)
        page = folder / "forms.html"
        page.write_text(html, encoding="utf-8")
        out = folder / out_name
        profile = folder / "profile"
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", *extra, f"{flag}={out}", page.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(None, "--format pdf", Message.of("error.pdf.timeout", seconds=TIMEOUT)) from None
        if not out.exists() or out.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or [""])[-1][:200]
            raise InputError(None, "--format pdf", Message.of("error.pdf.failed", code=done.returncode, detail=last))
        return out.read_bytes()


def html_to_pdf(html: str) -> bytes:
    browser = check_machine(html)
    return _run(browser, html, "--print-to-pdf", "forms.pdf", ("--no-pdf-header-footer",))


def html_to_png(html: str, width: int = 1240, height: int = 1754) -> bytes:
    """A screenshot of the page as the browser lays it out on screen (for tests and for looking)."""
    browser = check_machine(html)
    return _run(browser, html, "--screenshot", "forms.png", (f"--window-size={width},{height}", "--hide-scrollbars"))
