"""The wheel carries the questionnaires and templates, so installed copies work anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_questionnaires_and_templates(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("alliance_diag-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("questionnaires", "schemas", "templates"):
        for source in (ROOT / folder).rglob("*"):
            if source.is_file() and source.suffix != ".pyc":
                shipped = f"alliance_diag/{folder}/{source.relative_to(ROOT / folder)}"
                assert shipped in names, source
    # every module of every subpackage: a package missing from pyproject's list would
    # install a command that fails on its first import
    package = ROOT / "src" / "alliance_diag"
    for module in package.rglob("*.py"):
        assert f"alliance_diag/{module.relative_to(package)}" in names, module
    assert "alliance_diag/py.typed" in names


def test_a_workshop_run_in_the_checkout_leaves_nothing_for_git(tmp_path: Path) -> None:
    root = Path(__file__).parent.parent
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")
    names = [
        "diagnostic-les-restos-du-coeur-2026-11-26.yaml",
        "diagnostic-2026-11-26.yaml",
        "diagnostic-les-restos-du-coeur-2026-11-26.html",
        "diagnostic-les-restos-du-coeur-2026-11-26.md",
        "diagnostic-les-restos-du-coeur-2026-11-26.json",
    ]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *names],
        cwd=root,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert ignored == names
