"""Every JSON output has a shipped JSON Schema, generated from its model; real outputs
validate against it, and a document of another version does not."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from analysis_exports import write_export
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.json_schemas import OUTPUTS, Output, schema, shipped, text

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
QUESTIONNAIRE_1_0 = ROOT / "questionnaires" / "1.0" / "alliance-readiness.yaml"
runner = CliRunner()


def output(name: str) -> Output:
    return next(o for o in OUTPUTS if o.name == name)


def valid(name: str, document: Any) -> None:
    jsonschema.Draft202012Validator(schema(output(name))).validate(document)


def json_of(*args: str) -> Any:
    done = runner.invoke(app, [*args, "--lang", "fr"])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", [o.name for o in OUTPUTS])
def test_the_shipped_schema_is_the_models_and_a_valid_schema(name: str) -> None:
    # regenerate with: python -m alliance_diag.json_schemas schemas
    assert shipped(output(name)) == text(output(name))
    jsonschema.Draft202012Validator.check_schema(schema(output(name)))
    assert (ROOT / "schemas" / output(name).file_name).is_file()


def test_score_and_group_outputs_validate() -> None:
    for example in ["petite-asso-entreprise.yaml", "federation-alliance-pairs.yaml"]:
        valid("score", json_of("score", str(EXAMPLES / example), "-f", "json"))
    group = json_of("score", *map(str, sorted((EXAMPLES / "group").glob("*.yaml"))), "-f", "json")
    valid("group", group)
    # a document of another version is refused: scripts learn of the change
    with pytest.raises(jsonschema.ValidationError):
        valid("group", {**group, "schema_version": 2})
    with pytest.raises(jsonschema.ValidationError):
        valid("score", group)


def test_compare_outputs_validate() -> None:
    sides = [str(EXAMPLES / n) for n in ["petite-asso-entreprise.yaml"]]
    sides.append(str(EXAMPLES / "petite-asso-entreprise-partenaire.yaml"))
    valid("compare", json_of("compare", *sides, "-f", "json"))
    group = sorted((EXAMPLES / "group").glob("*.yaml"))
    two_groups = ["--a", str(group[0]), "--a", str(group[1]), "--b", str(group[2])]
    valid("compare", json_of("compare", *two_groups, "-f", "json"))


def test_analyze_output_validates(tmp_path: Path) -> None:
    questionnaire = load_questionnaire("alliance-readiness")
    export = write_export(tmp_path / "export.csv", questionnaire, 60)
    valid("analyze", json_of("questionnaire", "analyze", str(export), "-f", "json"))


def test_batch_summary_rows_and_reports_validate(tmp_path: Path) -> None:
    export = ROOT / "tests" / "data" / "exports" / "excel-fr.csv"
    args = ["batch", str(export), "-q", str(QUESTIONNAIRE_1_0), "--output-dir", str(tmp_path)]
    done = runner.invoke(app, [*args, "--format", "json", "--group-by", "organisation"])
    assert (tmp_path / "summary.csv").is_file(), done.output
    with (tmp_path / "summary.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows
    for row in rows:
        valid("batch-summary-row", _typed(row))
    with pytest.raises(jsonschema.ValidationError):
        valid("batch-summary-row", {**_typed(rows[0]), "trust_status": "excellent"})
    reports = sorted((tmp_path / "reports").glob("*.json"))
    assert reports
    for report in reports:
        valid("score", json.loads(report.read_text("utf-8")))


def _typed(row: dict[str, str]) -> dict[str, Any]:
    return {key: _cell(key, value) for key, value in row.items()}


def _cell(key: str, value: str) -> Any:
    """A summary.csv cell as the schema reads it: a number as a number, empty as null."""
    if value == "":
        return None
    if key == "row":
        return int(value)
    if key.endswith("_score"):
        return float(value)
    return value
