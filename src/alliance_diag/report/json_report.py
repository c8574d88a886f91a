"""The result as the contract's JSON."""

from __future__ import annotations

from alliance_diag.result import Result


def render(result: Result) -> str:
    return result.model_dump_json(indent=2) + "\n"
