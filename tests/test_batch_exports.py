"""Every sample export in tests/data/exports against its expected outcome, in one test."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from report_fixtures import REPORT_DATE

from alliance_diag.batch.run import BatchOptions, BatchSummary, run_batch

EXPORTS = Path(__file__).parent / "data" / "exports"
EXPECTED = sorted(EXPORTS.glob("*.expected.yaml"))


def export_of(expected: Path) -> Path:
    stem = expected.name.removesuffix(".expected.yaml")
    found = [p for p in EXPORTS.glob(f"{stem}.*") if p.suffix not in (".yaml", ".py")]
    assert len(found) == 1, found
    return found[0]


def run(expected: Path, output: Path) -> tuple[dict[str, Any], BatchSummary]:
    spec = yaml.safe_load(expected.read_text("utf-8"))
    options = spec.get("options", {})
    summary = None
    for step in run_batch(
        BatchOptions(
            generated_on=REPORT_DATE,
            export=export_of(expected),
            questionnaire=EXPORTS / options["questionnaire"]
            if "questionnaire" in options
            else None,
            mapping=EXPORTS / options["mapping"] if "mapping" in options else None,
            output_dir=output,
            formats=(),
            lang="en",
            group_by=options.get("group_by"),
        )
    ):
        summary = step.summary or summary
    assert summary is not None
    return spec, summary


def rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        yield from csv.DictReader(stream)


def test_the_sample_folder_covers_every_tool() -> None:
    names = {p.name.removesuffix(".expected.yaml") for p in EXPECTED}
    assert {
        "limesurvey",
        "kobotoolbox",
        "google-forms",
        "framaforms",
        "framaforms-excel",
        "microsoft-forms",
        "excel-fr",
    } <= names


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_sample_export(expected: Path, tmp_path: Path) -> None:
    spec, summary = run(expected, tmp_path)
    table = summary.table_format
    for key, value in spec["format"].items():
        assert getattr(table, key) == value, key
    assert summary.tool == spec["tool"]
    assert summary.header_row == spec["header_row"]
    assert (summary.rows_read, summary.rows_scored) == (spec["rows_read"], spec["rows_scored"])
    assert summary.rows_rejected == len({r["row"] for r in spec["rejected"]})
    assert summary.excluded == spec.get("excluded", 0)
    errors = {(int(r["row"]), r["column"]) for r in rows(tmp_path / "errors.csv")}
    assert errors == {(r["row"], r["column"]) for r in spec["rejected"]}
    assert summary.unmapped == spec["unmapped"]
    assert len(summary.warnings) == spec["warnings"], summary.warnings
    scored = {int(r["row"]): r for r in rows(tmp_path / "summary.csv")}
    assert len(scored) == spec["rows_scored"]
    for want in spec["scores"]:
        got = scored[want["row"]]
        assert got["organisation"] == want["organisation"]
        assert float(got["overall_score"]) == want["overall"]
        assert got["level"] == want["level"]
        for dimension, value in want.get("dimensions", {}).items():
            assert float(got[f"{dimension}_score"]) == value, dimension


def test_a_member_scores_the_same_whatever_the_tool(tmp_path: Path) -> None:
    seen: dict[str, dict[str, str]] = {}
    for expected in EXPECTED:
        spec, _summary = run(expected, tmp_path / expected.name)
        if spec.get("options", {}).get("questionnaire", "").endswith("batch.yaml"):
            continue  # answers another questionnaire than the others
        for row in rows(tmp_path / expected.name / "summary.csv"):
            organisation = row["organisation"].removeprefix("'")
            scores = {k: v for k, v in row.items() if k.endswith("_score")}
            seen.setdefault(organisation, scores)
            assert seen[organisation] == scores, (expected.name, organisation)
    assert len(seen) >= 7
