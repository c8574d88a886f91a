"""What `form` writes comes back through `batch` and `score` with no mapping, scored the same."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook
from report_fixtures import REPORT_DATE
from typer.testing import CliRunner

from alliance_diag.batch.run import BatchOptions, BatchSummary, run_batch
from alliance_diag.cli.app import app
from alliance_diag.engine.answers import AnswerSet, section_of
from alliance_diag.engine.explanation import score
from alliance_diag.engine.questionnaire import Question, QuestionType
from alliance_diag.forms import FormFormat, render_form
from alliance_diag.forms.codes import limesurvey_codes
from alliance_diag.forms.common import pages
from alliance_diag.io.questionnaire_files import load_questionnaire

Q = load_questionnaire("alliance-readiness")
QUESTIONS = [q for page in pages(Q) for q in page.questions]
CODES = limesurvey_codes(Q)
Row = dict[str, Any]


def applies(question: Question, values: Row) -> bool:
    condition = Q.condition(question.id)
    context = {"profile": values, "answers": values}
    return condition is None or condition.evaluate(context)


def respondent(seed: int) -> Row:
    """One member's answers, every question that applies answered (some 'don't know')."""
    rng = random.Random(seed)
    values: Row = {}
    for question in QUESTIONS:
        if not applies(question, {**dict.fromkeys(q.id for q in QUESTIONS), **values}):
            values[question.id] = None
        elif question.type is QuestionType.text:
            values[question.id] = f"{question.id} {seed}"
        elif question.type is QuestionType.number:
            values[question.id] = rng.randint(0, 12)
        else:
            values[question.id] = rng.choice([o.id for o in question.options or []])
    values["organisation"] = f"Association {seed}"
    return values


MEMBERS = [respondent(seed) for seed in range(1, 7)]


def expected_scores(values: Row) -> list[str]:
    answer_set = AnswerSet(questionnaire=Q.id, questionnaire_version=Q.version)
    for question in QUESTIONS:
        answer_set.set_value(question, values[question.id])
    result = score(Q, answer_set, "fr")
    numbers = [result.overall.score] + [d.score for d in result.dimensions]
    return ["" if n is None else f"{n:.1f}" for n in numbers]


def batch(export: Path, tmp_path: Path) -> tuple[BatchSummary, list[list[str]]]:
    summary = None
    for step in run_batch(
        BatchOptions(
            generated_on=REPORT_DATE, export=export, output_dir=tmp_path / "out", formats=()
        )
    ):
        summary = step.summary or summary
    assert summary is not None
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    dimensions = [d.id for d in Q.dimensions]
    scores = [[r["overall_score"]] + [r[f"{d}_score"] for d in dimensions] for r in rows]
    return summary, scores


def assert_same_as_score(export: Path, tmp_path: Path) -> None:
    summary, scores = batch(export, tmp_path)
    assert summary.unmapped == []
    assert summary.unrecognised == []
    assert summary.rows_rejected == 0
    assert scores == [expected_scores(values) for values in MEMBERS]


def csv_text(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
        rows
    )
    return out.getvalue()


def label(question: Question, value: Any) -> str:
    if value is None:
        return ""
    option = question.option(str(value))
    return option.label["fr"] if option is not None else str(value)


# --- KoboToolbox, from the XLSForm -------------------------------------------------------

KOBO_END = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status"]
KOBO_END += ["_submitted_by", "__version__", "_tags", "_index"]


def kobo_rows(headers: str) -> list[list[Any]]:
    """KoboToolbox's export: XML names or labels, with the group path kept."""
    header = ["start", "end"]
    for page in pages(Q):
        for question in page.questions:
            if headers == "xml":
                header.append(f"{page.id}/{question.id}")
            else:
                header.append(f"{page.label['fr']}/{question.text['fr']}")
    rows: list[list[Any]] = [header + KOBO_END]
    for number, values in enumerate(MEMBERS, start=1):
        row: list[Any] = ["2026-05-02T10:00:00.000+02:00", "2026-05-02T10:20:00.000+02:00"]
        for question in QUESTIONS:
            value = values[question.id]
            row.append(label(question, value) if headers == "labels" else value)
        row += [str(800 + number), f"4d1c-{number}", "2026-05-02T08:20:00", "", "[]"]
        row += ["submitted_via_web", "", "vA8", "[]", str(number)]
        rows.append(row)
    return rows


@pytest.mark.parametrize("headers", ["xml", "labels"])
def test_a_kobotoolbox_csv_export_of_the_xlsform_reads_back(headers: str, tmp_path: Path) -> None:
    rows = [["" if c is None else str(c) for c in row] for row in kobo_rows(headers)]
    export = tmp_path / "kobo.csv"
    export.write_text(csv_text(rows, ";"), encoding="utf-8")
    assert_same_as_score(export, tmp_path)


def test_a_kobotoolbox_xlsx_export_of_the_xlsform_reads_back(tmp_path: Path) -> None:
    workbook = Workbook()
    for row in kobo_rows("xml"):
        # numbers come back as floats from KoboToolbox's XLSX (3.0)
        workbook.active.append([float(c) if isinstance(c, int) else c for c in row])
    export = tmp_path / "kobo.xlsx"
    workbook.save(export)
    assert_same_as_score(export, tmp_path)


def test_the_xlsform_names_are_the_ids_the_kobo_export_carries(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    content = render_form(Q, FormFormat.xlsform, "fr")[0].content
    assert isinstance(content, bytes)
    (tmp_path / "form.xlsx").write_bytes(content)
    survey = list(load_workbook(tmp_path / "form.xlsx")["survey"].iter_rows(values_only=True))
    names = [row[1] for row in survey[1:] if not str(row[0]).endswith("group")]
    assert names == [q.id for q in QUESTIONS]


# --- LimeSurvey, from the TSV structure --------------------------------------------------

LIME_START = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]


def lime_heading(question: Question, style: str) -> str:
    code = CODES.questions[question.id]
    text = " ".join(question.text["fr"].split())
    return {"code": code, "full": text, "codetext": f"{code}. {text}"}[style]


def lime_answer(question: Question, value: Any, style: str) -> str | None:
    if value is None:
        # LimeSurvey's NULL; long answers write N/A for a choice nobody made
        if question.options and style == "full":
            return "N/A"
        return None
    if question.options is None:
        return str(value)
    if style == "full":
        return label(question, value)
    return CODES.answers[question.id][str(value)]


@pytest.mark.parametrize("style", ["code", "full", "codetext"])
def test_a_limesurvey_export_of_the_imported_structure_reads_back(
    style: str, tmp_path: Path
) -> None:
    header = LIME_START + [lime_heading(q, style) for q in QUESTIONS] + ["interviewtime"]
    lines = [";".join(f'"{h}"' for h in header)]
    for number, values in enumerate(MEMBERS, start=1):
        cells: list[str | None] = [str(number), "2026-05-02 10:12:00", "9", "fr", "123"]
        cells += ["2026-05-02 10:00:00", "2026-05-02 10:12:00"]
        cells += [lime_answer(q, values[q.id], style) for q in QUESTIONS] + ["732"]
        lines.append(";".join("" if c is None else '"' + c.replace('"', '""') + '"' for c in cells))
    export = tmp_path / "results-survey.csv"
    export.write_text("\r\n".join(lines) + "\r\n\r\n", encoding="utf-8-sig")
    assert_same_as_score(export, tmp_path)


def test_limesurvey_codes_keep_to_letters_and_digits_and_limits() -> None:
    assert all(c.isalnum() and c[0].isalpha() and len(c) <= 20 for c in CODES.questions.values())
    assert len(set(CODES.questions.values())) == len(CODES.questions)
    for table in CODES.answers.values():
        assert all(code.isalnum() and len(code) <= 5 for code in table.values())
        assert len(set(table.values())) == len(table)
    assert CODES.questions["trust_history"] == "trusthistory"


# --- the CSV template and the blank answer file ------------------------------------------


def test_a_filled_csv_template_reads_back(tmp_path: Path) -> None:
    files = render_form(Q, FormFormat.csv, "fr")
    header = next(csv.reader(io.StringIO(str(files[0].content))))
    assert header == [q.id for q in QUESTIONS]
    rows = [header] + [
        ["" if values[h] is None else str(values[h]) for h in header] for values in MEMBERS
    ]
    export = tmp_path / "template.csv"
    export.write_text(csv_text(rows, ","), encoding="utf-8")
    assert_same_as_score(export, tmp_path)


def fill(blank: str, values: Row) -> str:
    """Replace each `id: null` line of the blank file by the member's answer."""
    lines = []
    for line in blank.splitlines():
        key, sep, rest = line.strip().partition(": ")
        if sep and rest == "null" and key in values and values[key] is not None:
            line = line.replace(": null", ": " + yaml.safe_dump(values[key]).split("\n")[0])
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_a_filled_answer_file_scores_like_the_answers_it_holds(tmp_path: Path) -> None:
    blank = str(render_form(Q, FormFormat.answers_yaml, "fr")[0].content)
    for question in QUESTIONS:
        assert f"  {question.id}: null" in blank
    for number, values in enumerate(MEMBERS[:3]):
        path = tmp_path / f"member{number}.yaml"
        path.write_text(fill(blank, values), encoding="utf-8")
        result = CliRunner().invoke(app, ["score", str(path), "--format", "json"])
        assert result.exit_code == 0, result.output
        report = yaml.safe_load(result.stdout)
        overall = report["overall"]["score"]
        # the first member's random answers leave too few dimensions scored: no score
        # on either side
        shown = "" if overall is None else f"{overall:.1f}"
        assert shown == expected_scores(values)[0]


def test_a_blank_answer_file_is_refused_until_the_required_answers_are_given(
    tmp_path: Path,
) -> None:
    path = tmp_path / "blank.yaml"
    path.write_text(str(render_form(Q, FormFormat.answers_yaml, "en")[0].content), "utf-8")
    result = CliRunner().invoke(app, ["score", str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert "organisation" in result.output


def test_the_blank_answer_file_keeps_every_question_in_its_section() -> None:
    data = yaml.safe_load(str(render_form(Q, FormFormat.answers_yaml, "fr")[0].content))
    for question in QUESTIONS:
        assert question.id in data[section_of(question)]


def test_limesurvey_multiple_choice_columns_read_back_by_their_codes(tmp_path: Path) -> None:
    shapes = load_questionnaire(Path(__file__).parent / "data" / "questionnaires" / "batch.yaml")
    codes = limesurvey_codes(shapes)
    channels = codes.answers["channels"]
    assert channels["visits"] == "A3"  # six letters: too long for an answer code
    header = ["id", "submitdate", "organisation", "partnertype", "meet", "quarrel"]
    header += [f"channels[{code}]" for code in channels.values()]
    header += ["signed", "signedrecent", "budget", "hours", "stafftime"]
    nord = ["1", "2026-05-02", "Asso Nord", "peer", "often", "never", "Y", "Y", "", ""]
    sud = ["2", "2026-05-02", "Asso Sud", "private", "A2", "A2", "N/A", "N/A", "N/A", "N/A"]
    # the answer codes of --to limesurvey; Y ticked, empty not ticked, N/A hidden
    rows = [[*nord, "yes", "yes", "20", "7", ""], [*sud, "no", "", "40", "0", "often"]]
    export = tmp_path / "lime.csv"
    export.write_text(csv_text([header, *rows], ";"), encoding="utf-8")
    summary = None
    path = Path(__file__).parent / "data" / "questionnaires" / "batch.yaml"
    for step in run_batch(
        BatchOptions(
            generated_on=REPORT_DATE,
            export=export,
            questionnaire=path,
            output_dir=tmp_path / "o",
            formats=(),
        )
    ):
        summary = step.summary or summary
    assert summary is not None
    assert (summary.unmapped, summary.unrecognised, summary.rows_rejected) == ([], [], 0)
    with (tmp_path / "o" / "summary.csv").open(encoding="utf-8") as stream:
        scored = [r["overall_score"] for r in csv.DictReader(stream)]
    # Asso Nord by hand (tests/data/exports/README.md): 83.3; Asso Sud: meet and quarrel
    # 'sometimes' (1/7 each, quarrel reversed 6/7), channels unanswered, signed no 0 →
    # links (1.5/7 + 6/7 + 0) / 3 = 0.357; means budget 1, hours 0 reversed 1, staff time
    # often 1 → 100; private weights: (35.7 × 3 + 100 × 2) / 5 = 61.4
    assert scored == ["83.3", "61.4"]
