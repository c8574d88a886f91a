"""The JSON Schema of every JSON output, generated from the models that write it.

Each schema is named by its output and its ``schema_version`` (``score.v1.schema.json``);
the files ship in the wheel (``alliance_diag.schemas``) and a test keeps them equal to
what the models give. Regenerate after changing a model: ``python -m
alliance_diag.json_schemas schemas``; a change a script would notice bumps the version.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from alliance_diag.analysis import model as analysis_model
from alliance_diag.batch.run import SUMMARY_SCHEMA_VERSION, SummaryRow
from alliance_diag.compare import model as compare_model
from alliance_diag.engine import result as result_model
from alliance_diag.report.json_report import GroupDocument

DRAFT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Output:
    """One JSON output: the model that writes it, its version, and what writes it."""

    name: str
    model: type[BaseModel]
    version: int
    written_by: str

    @property
    def file_name(self) -> str:
        return f"{self.name}.v{self.version}.schema.json"


OUTPUTS = (
    Output("score", result_model.Result, result_model.SCHEMA_VERSION, "score -f json"),
    Output("group", GroupDocument, result_model.SCHEMA_VERSION, "score A B… -f json"),
    Output("compare", compare_model.Comparison, compare_model.SCHEMA_VERSION, "compare -f json"),
    Output(
        "analyze",
        analysis_model.Analysis,
        analysis_model.SCHEMA_VERSION,
        "questionnaire analyze -f json",
    ),
    Output(
        "batch-summary-row",
        SummaryRow,
        SUMMARY_SCHEMA_VERSION,
        "batch: one row of summary.csv, numbers read as numbers",
    ),
)


def schema(output: Output) -> dict[str, Any]:
    """The output's JSON Schema, its version fixed: a document of another version fails."""
    document = output.model.model_json_schema(mode="serialization")
    document = {
        "$schema": DRAFT,
        "$id": f"urn:alliance-diag:schema:{output.name}:{output.version}",
        **document,
        "title": f"alliance-diag {output.written_by} (schema version {output.version})",
    }
    version = document.get("properties", {}).get("schema_version")
    if version is not None:
        version["const"] = output.version
    return document


def text(output: Output) -> str:
    return json.dumps(schema(output), indent=2, ensure_ascii=False) + "\n"


def shipped(output: Output) -> str:
    """The schema file as the wheel holds it."""
    folder = resources.files("alliance_diag.schemas")
    return folder.joinpath(output.file_name).read_text("utf-8")


def main(argv: list[str]) -> None:
    [folder] = argv
    for output in OUTPUTS:
        (Path(folder) / output.file_name).write_text(text(output), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
