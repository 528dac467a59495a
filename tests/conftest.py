"""Shared fixtures: what the browser tests need from the machine.

A test that prints a PDF needs Chromium, a Chinese font and poppler's tools. Where one is missing
it is skipped with the reason, so `uv run pytest` passes on any machine; under CI (CI=true) the
same absence is a failure: `.ci/run` installs them, and a skipped browser test there would hide a
broken set-up.
"""

from __future__ import annotations

import os
import shutil

import pytest


def need(ok: bool, reason: str) -> None:
    """Skip the test for `reason` unless `ok`; under CI=true, fail instead."""
    if ok:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}: .ci/run should have installed it")
    pytest.skip(reason)


@pytest.fixture
def browser_tools() -> None:
    """Chromium, a CJK font, pdftotext, pdffonts and pdfinfo, or skip (fail under CI)."""
    from jingban.forms.pdf import cjk_fonts, find_browser

    need(find_browser() is not None, "no Chromium browser (apt-get install chromium)")
    need(bool(cjk_fonts()), "no CJK font (apt-get install fonts-noto-cjk)")
    for tool in ("pdftotext", "pdffonts", "pdfinfo"):
        need(shutil.which(tool) is not None, f"no {tool} (apt-get install poppler-utils)")
