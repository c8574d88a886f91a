"""Every output on the examples and sample exports is byte for byte the kept copy."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from produce import produce

KEPT = Path(__file__).parent / "golden" / "files"


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_outputs_are_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    produce(out)
    assert _files(out) == _files(KEPT)
    changed = [
        name
        for name in sorted(_files(KEPT))
        if (out / name).read_bytes() != (KEPT / name).read_bytes()
    ]
    assert changed == [], "outputs differ; see tests/golden/produce.py to regenerate"
