"""The comparison as the contract's JSON."""

from __future__ import annotations

from alliance_diag.compare.model import Comparison


def render(comparison: Comparison) -> str:
    return comparison.model_dump_json(indent=2) + "\n"
