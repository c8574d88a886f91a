"""The sample exports a newcomer finds in examples/exports/: current, and scored as `score`.

When the built-in questionnaire changes, regenerate them with one command:
``python examples/exports/generate.py``.
"""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import load_workbook
from report_fixtures import REPORT_DATE

from alliance_diag.batch.run import BatchOptions, BatchSummary, run_batch
from alliance_diag.engine.scoring import score
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.report import Format

FOLDER = Path(__file__).parent.parent / "examples" / "exports"
Q = load_questionnaire("alliance-readiness")


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_exports", FOLDER / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATE = generator()
MEMBERS = GENERATE.answer_sets(Q)


def test_the_committed_exports_answer_the_current_questionnaire() -> None:
    hint = "run: python examples/exports/generate.py"
    lime = (FOLDER / "limesurvey.csv").read_bytes()
    assert lime == GENERATE.limesurvey_csv(Q, MEMBERS), hint
    sheet = load_workbook(FOLDER / "kobotoolbox.xlsx").active
    committed = [list(row) for row in sheet.iter_rows(values_only=True)]
    fresh = load_workbook(io.BytesIO(GENERATE.kobotoolbox_xlsx(Q, MEMBERS))).active
    assert committed == [list(row) for row in fresh.iter_rows(values_only=True)], hint


def run(export: Path, tmp_path: Path) -> BatchSummary:
    summary = None
    options = BatchOptions(
        generated_on=REPORT_DATE, export=export, output_dir=tmp_path, formats=(Format.json,)
    )
    for step in run_batch(options):
        summary = step.summary or summary
    assert summary is not None
    return summary


@pytest.mark.parametrize(
    ("name", "tool", "rejected"),
    [("limesurvey.csv", "LimeSurvey", 1), ("kobotoolbox.xlsx", "KoboToolbox", 0)],
)
def test_batch_on_each_sample_gives_the_reports_score_gives(
    name: str, tool: str, rejected: int, tmp_path: Path
) -> None:
    summary = run(FOLDER / name, tmp_path)
    assert summary.tool == tool
    assert (summary.rows_scored, summary.rows_rejected) == (len(MEMBERS), rejected)
    assert summary.unmapped == [] and summary.unrecognised == []
    reports = sorted((tmp_path / "reports").glob("*.json"))
    assert len(reports) == len(MEMBERS)
    by_organisation = {
        json.loads(path.read_text("utf-8"))["respondent"]["organisation"]: json.loads(
            path.read_text("utf-8")
        )
        for path in reports
    }
    for answers in MEMBERS:
        expected = json.loads(score(Q, answers, "fr").model_dump_json())
        found = by_organisation[answers.respondent.organisation]
        assert found["overall"] == expected["overall"]
        assert found["dimensions"] == expected["dimensions"]
        given = {k: v for k, v in found["profile"].items() if v is not None}
        assert given == {k: v for k, v in expected["profile"].items() if v is not None}
