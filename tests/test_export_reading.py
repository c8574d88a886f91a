"""``batch`` and ``questionnaire analyze`` read an export one way: the same rows, left out
or rejected for the same reasons."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from report_fixtures import REPORT_DATE

from alliance_diag.analysis.read import read_export
from alliance_diag.batch.read import ExportOptions
from alliance_diag.batch.run import BatchOptions, BatchSummary, run_batch

EXPORTS = Path(__file__).parent / "data" / "exports"
SAMPLES = sorted(EXPORTS.glob("*.expected.yaml"))


def _sample(expected: Path) -> tuple[Path, dict[str, Path]]:
    stem = expected.name.removesuffix(".expected.yaml")
    export = next(p for p in EXPORTS.glob(f"{stem}.*") if p.suffix not in (".yaml", ".py"))
    options = yaml.safe_load(expected.read_text("utf-8")).get("options", {})
    return export, {
        key: EXPORTS / options[key] for key in ("questionnaire", "mapping") if key in options
    }


def _batch(export: Path, out: Path, **options: Path) -> BatchSummary:
    summary = None
    for step in run_batch(
        BatchOptions(export, generated_on=REPORT_DATE, output_dir=out, formats=(), **options)
    ):
        summary = step.summary or summary
    assert summary is not None
    return summary


@pytest.mark.parametrize("expected", SAMPLES, ids=lambda p: p.name.removesuffix(".expected.yaml"))
def test_analyze_reads_exactly_the_rows_batch_scores(expected: Path, tmp_path: Path) -> None:
    export, options = _sample(expected)
    summary = _batch(export, tmp_path / "out", **options)
    read = read_export(ExportOptions(export, **options))
    assert read.facts.rows_read == summary.rows_read
    assert len(read.rows) == summary.rows_scored
    assert read.facts.rows_rejected == summary.rows_rejected
    assert sorted({p.row for p in read.problems}) == sorted(
        {
            int(line.split(",")[0])
            for line in (tmp_path / "out" / "errors.csv").read_text("utf-8").splitlines()[1:]
        }
    )


def test_the_duplicate_the_test_submission_and_the_rejected_review_are_left_out() -> None:
    export, options = _sample(EXPORTS / "kobotoolbox-review.expected.yaml")
    read = read_export(ExportOptions(export, **options))
    assert (read.facts.rows_read, len(read.rows)) == (3, 3)
    kept = read_export(ExportOptions(export, **options, keep_excluded=True))
    assert len(kept.rows) == 6
