"""The result as the contract's JSON."""

from __future__ import annotations

from alliance_diag.engine.aggregate import GroupResult
from alliance_diag.engine.result import SCHEMA_VERSION, Frozen, Result


class GroupDocument(Frozen):
    """Several results as one JSON document: each respondent's result, then the
    contract's ``group`` section."""

    schema_version: int = SCHEMA_VERSION
    results: list[Result]
    group: GroupResult | None


def render(result: Result) -> str:
    return result.model_dump_json(indent=2) + "\n"


def render_many(results: list[Result], group: GroupResult | None) -> str:
    return GroupDocument(results=results, group=group).model_dump_json(indent=2) + "\n"
