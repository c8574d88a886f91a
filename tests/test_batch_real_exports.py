"""What real exports do that the samples alone do not pin down: N/A, tool columns, near
headers, optional answers, rows left out, and a closing summary that stays readable."""

from __future__ import annotations

import csv
from pathlib import Path

from report_fixtures import QUESTIONNAIRE_1_0, REPORT_DATE

from alliance_diag.batch.mapping import Role, choice_cell, map_columns
from alliance_diag.batch.run import BatchOptions, BatchSummary, run_batch
from alliance_diag.cli.batch_terminal import describe
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.io.questionnaire_files import load_questionnaire

Q = load_questionnaire("alliance-readiness")
EXPORTS = Path(__file__).parent / "data" / "exports"
# the sample exports answer version 1.0 (see data/exports/README.md)
Q_1_0 = load_questionnaire(QUESTIONNAIRE_1_0)
SHAPES_PATH = Path(__file__).parent / "data" / "questionnaires" / "batch.yaml"
SHAPES = load_questionnaire(SHAPES_PATH)


def roles(
    headers: list[str], questionnaire: Questionnaire = Q
) -> dict[str, tuple[Role, str | None]]:
    columns = map_columns([(1, headers)], questionnaire)
    return {c.header: (c.role, c.question.id if c.question else None) for c in columns.columns}


def test_microsoft_forms_own_name_column_gives_way_to_your_name() -> None:
    found = roles(["ID", "Start time", "Email", "Name", "Your name", "trust_history"])
    assert found["Name"] == (Role.metadata, None)
    assert found["Your name"] == (Role.question, "name")
    # alone, the column is the respondent's name all the same
    assert roles(["ID", "Name", "trust_history"])["Name"] == (Role.question, "name")


def test_tool_columns_are_metadata_in_french_too() -> None:
    headers = ["Tête de série", "Date de lancement", "Date de la dernière action", "_uuid"]
    found = roles([*headers, "trust_history"])
    assert all(found[h][0] is Role.metadata for h in headers)


def test_a_code_and_text_heading_names_its_question() -> None:
    found = roles(["trusthistory. Nous avons déjà mené au moins une action concrète"])
    assert next(iter(found.values())) == (Role.question, "trust_history")


def test_a_nearly_identical_heading_is_matched_and_a_different_one_is_not() -> None:
    # 1.0's wording of trust_transparency (1.1 made it positive), "staffing" shortened
    near = "We hesitate to tell this partner about our difficulties (financial, staff, project)."
    far = "We hesitate to tell this partner about our plans."
    found = roles([near, far], Q_1_0)
    assert found[near] == (Role.question, "trust_transparency")
    assert found[far] == (Role.unmapped, None)


def test_na_is_no_answer_in_a_choice_and_in_a_ticked_column() -> None:
    channels = SHAPES.question("channels")
    assert channels is not None
    assert choice_cell("N/A", channels, "email") == (None, None)
    assert choice_cell("Y", channels, "email") == (True, None)


def run(export: Path, tmp_path: Path, **options: object) -> BatchSummary:
    summary = None
    for step in run_batch(
        BatchOptions(
            generated_on=REPORT_DATE,
            export=export,
            output_dir=tmp_path / "out",
            formats=(),
            **options,
        )  # type: ignore[arg-type]
    ):
        summary = step.summary or summary
    assert summary is not None
    return summary


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def test_an_unknown_optional_answer_keeps_the_row_and_a_required_one_rejects_it(
    tmp_path: Path,
) -> None:
    rows = [
        ["organisation", "role", "partner_type", "meet", "quarrel", "signed", "budget", "hours"],
        ["Asso A", "treasurer", "peer", "often", "never", "yes", "20", "7"],
        ["Asso B", "board", "foundation", "often", "never", "yes", "20", "7"],
        ["Asso C", "N/A", "peer", "N/A", "never", "N/A", "20", "7"],
    ]
    summary = run(write(tmp_path / "e.csv", rows), tmp_path, questionnaire=SHAPES_PATH, lang="en")
    assert (summary.rows_scored, summary.rows_rejected) == (2, 1)
    assert summary.warnings == [
        "'role': answer not recognised in 1 row(s), kept with this optional answer left empty"
    ]
    errors = list(csv.DictReader((tmp_path / "out" / "errors.csv").open(encoding="utf-8")))
    assert [(e["row"], e["column"]) for e in errors] == [("3", "partner_type")]


def test_rows_left_out_are_counted_listed_and_kept_on_request(tmp_path: Path) -> None:
    export = EXPORTS / "kobotoolbox-review.csv"
    summary = run(export, tmp_path, lang="en", questionnaire=QUESTIONNAIRE_1_0)
    assert (summary.rows_read, summary.excluded) == (3, 3)
    assert [e.row for e in summary.excluded_rows] == [4, 6, 7]
    lines = describe(summary, export, "en")
    assert "Rows left out: 3 (--keep-excluded to score them):" in lines
    assert "  row 6: duplicate of row 3 (same '_uuid')" in lines
    kept = run(
        export, tmp_path / "kept", lang="en", keep_excluded=True, questionnaire=QUESTIONNAIRE_1_0
    )
    assert (kept.rows_scored, kept.excluded) == (6, 0)


def test_the_closing_summary_stays_short_however_many_columns_are_ignored(
    tmp_path: Path,
) -> None:
    header = ["organisation", "partner_type", "trust_history"]
    header += [f"Commentaire libre numéro {n} " + "x" * 200 for n in range(60)]
    rows = [header, ["Asso", "peer", "agree"] + [""] * 60]
    export = write(tmp_path / "wide.csv", rows)
    lines = describe(run(export, tmp_path), export, "en")
    assert max(len(line) for line in lines if str(tmp_path) not in line) <= 80
    assert "  … and 52 more" in lines


def test_answers_to_questions_that_do_not_apply_are_counted(tmp_path: Path) -> None:
    header = ["organisation", "partner_type", "meet", "signed", "signed_recent", "staff_time"]
    header += ["budget", "hours"]
    rows = [
        header,
        ["Asso A", "peer", "often", "no", "yes", "often", "20", "7"],  # both do not apply
        ["Asso B", "private", "often", "yes", "yes", "often", "20", "7"],  # both apply
        ["Asso C", "peer", "often", "yes", "", "", "20", "7"],  # nothing given
        ["Asso D", "", "often", "yes", "", "often", "20", "7"],  # rejected: no partner type
    ]
    export = write(tmp_path / "flat.csv", rows)
    summary = run(export, tmp_path, questionnaire=SHAPES_PATH)
    assert summary.rows_rejected == 1
    assert summary.not_applicable == [("signed_recent", 1), ("staff_time", 1)]
    lines = describe(summary, export, "en")
    start = lines.index(
        "Answers ignored, as their question does not apply to the row (the questionnaire "
        "asks it of some only):"
    )
    assert lines[start + 1 : start + 3] == ["  signed_recent: 1 row(s)", "  staff_time: 1 row(s)"]


def test_odk_central_rejected_and_resent_submissions_are_left_out(tmp_path: Path) -> None:
    header = ["SubmissionDate", "g1-organisation", "g1-partner_type", "g2-meet", "g2-quarrel"]
    header += ["g2-signed", "g3-budget", "g3-hours", "KEY", "ReviewState"]
    answers = ["often", "never", "yes", "20", "7"]
    rows = [
        header,
        ["2026-05-02T10:00:00Z", "Asso A", "peer", *answers, "uuid:1", "approved"],
        ["2026-05-02T10:05:00Z", "Asso B", "peer", *answers, "uuid:2", "rejected"],
        ["2026-05-02T10:06:00Z", "Asso A", "peer", *answers, "uuid:1", ""],
    ]
    export = write(tmp_path / "odk.csv", rows)
    summary = run(export, tmp_path, questionnaire=SHAPES_PATH, lang="en")
    assert (summary.rows_scored, summary.excluded) == (1, 2)
    assert [e.reason for e in summary.excluded_rows] == [
        "turned down in review ('ReviewState' = 'rejected')",
        "duplicate of row 2 (same 'KEY')",
    ]
