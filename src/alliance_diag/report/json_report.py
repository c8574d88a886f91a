"""The result as the contract's JSON."""

from __future__ import annotations

from alliance_diag.engine.aggregate import GroupResult
from alliance_diag.engine.result import SCHEMA_VERSION, Result


def render(result: Result) -> str:
    return result.model_dump_json(indent=2) + "\n"


def render_many(results: list[Result], group: GroupResult | None) -> str:
    """Several results as one JSON document: each result as ``render`` writes it, and the
    contract's ``group`` section."""
    import json

    document = {
        "schema_version": SCHEMA_VERSION,
        "results": [json.loads(r.model_dump_json()) for r in results],
        "group": None if group is None else json.loads(group.model_dump_json()),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
