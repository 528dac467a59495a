"""A plugin package installed the way an integrator's would be: `uv pip install --target` into a
folder of its own, put on PYTHONPATH by the test (shared by the tests that install the demo city,
the shapes city or a package `assess new-region` wrote)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def install_target(package: Path, site: Path) -> Path:
    """Install `package` (a directory with a pyproject) into `site` without its dependencies (the
    test's environment has jingban); skip where uv is missing, as the README installs it."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip(f"uv is not on PATH (the README installs it); cannot install {package.name}")
    proc = subprocess.run([uv, "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(package)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return site
