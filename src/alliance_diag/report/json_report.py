"""The result as the contract's JSON."""

from __future__ import annotations

from alliance_diag.result import Result


def render(result: Result) -> str:
    return result.model_dump_json(indent=2) + "\n"


def render_many(results: list[Result]) -> str:
    """Several results as one JSON array, each as ``render`` writes it."""
    import json

    return json.dumps([json.loads(r.model_dump_json()) for r in results], indent=2) + "\n"
