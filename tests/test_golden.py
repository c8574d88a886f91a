"""Every output on the examples and sample exports is byte for byte the kept copy: one test
per kept file, a readable diff when one differs, ``--update-goldens`` to rewrite them."""

from __future__ import annotations

import difflib
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from produce import produce

KEPT = Path(__file__).parent / "golden" / "files"
DIFF_LINES = 80


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="session")
def produced(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """Every output, produced once for all the tests below; with --update-goldens, kept."""
    out = tmp_path_factory.mktemp("golden") / "files"
    produce(out)
    if pytestconfig.getoption("update_goldens"):
        shutil.rmtree(KEPT)
        shutil.copytree(out, KEPT)
    return out


def _diff(kept: bytes, new: bytes, name: str) -> str:
    try:
        before, after = kept.decode("utf-8"), new.decode("utf-8")
    except UnicodeDecodeError:
        return f"{name}: {len(kept)} bytes kept, {len(new)} produced"
    lines = list(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            f"kept/{name}",
            f"produced/{name}",
        )
    )
    more = f"… and {len(lines) - DIFF_LINES} more lines\n" if len(lines) > DIFF_LINES else ""
    return "".join(lines[:DIFF_LINES]) + more


def test_the_same_files_are_produced(produced: Path) -> None:
    missing = sorted(set(_files(KEPT)) - set(_files(produced)))
    new = sorted(set(_files(produced)) - set(_files(KEPT)))
    assert (missing, new) == ([], []), "pytest tests/test_golden.py --update-goldens keeps them"


@pytest.mark.parametrize("name", _files(KEPT))
def test_output_is_unchanged(produced: Path, name: str) -> None:
    new = produced / name
    assert new.is_file(), f"{name} is no longer produced"
    kept, made = (KEPT / name).read_bytes(), new.read_bytes()
    if made != kept:
        pytest.fail(
            f"{name} differs; if meant, pytest tests/test_golden.py --update-goldens\n"
            + _diff(kept, made, name),
            pytrace=False,
        )


def test_every_page_names_a_kept_stylesheet() -> None:
    pages = [name for name in _files(KEPT) if name.endswith(".html")]
    assert len(pages) >= 30
    for name in pages:
        text = (KEPT / name).read_text("utf-8")
        assert "<style>" in text
        for sheet in text.split("<style>/* ")[1:]:
            assert (KEPT / sheet.split(" */", 1)[0]).is_file(), name
