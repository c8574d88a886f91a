"""Multiple choice both ways, in each platform's exact shape: `batch` reads what `score` reads.

A questionnaire with a multiple-choice question (data/questionnaires/batch.yaml) is
exported the way LimeSurvey (every heading style, short and long answers) and
KoboToolbox (formpack's summary and per-answer columns, XML names or labels in French
and English) write it; every row must score as `score` scores the same answers, and
nothing may be dropped without a word. See ../../shared/product/EXPORTS.md.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import REPORT_DATE

from alliance_diag.batch.csv_files import CsvDialect
from alliance_diag.batch.run import BatchOptions, BatchSummary, run_batch
from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.questionnaire import Question, QuestionType
from alliance_diag.engine.scoring import score
from alliance_diag.forms.codes import limesurvey_codes
from alliance_diag.io.questionnaire_files import load_questionnaire

SHAPES_PATH = Path(__file__).parent / "data" / "questionnaires" / "batch.yaml"
Q = load_questionnaire(SHAPES_PATH)
QUESTIONS = list(Q.all_questions())
CODES = limesurvey_codes(Q)
Row = dict[str, Any]
BASE: Row = {
    "organisation": "Asso",
    "name": None,
    "role": "board",
    "partner_type": "private",
    "region": "Nord",
    "meet": "often",
    "quarrel": "sometimes",
    "signed": "yes",
    "signed_recent": "no",
    "budget": 20,
    "hours": 7,
    "staff_time": "sometimes",
}
# the multiple choice: several ticked, one, none at all (failure 1), "none" as an answer
MEMBERS: list[Row] = [
    {**BASE, "organisation": "Asso A", "channels": ["email", "phone"]},
    {**BASE, "organisation": "Asso B", "channels": ["visits"], "partner_type": "peer"},
    {**BASE, "organisation": "Asso C", "channels": [], "staff_time": "na"},
    {**BASE, "organisation": "Asso D", "channels": ["none"], "signed": "no"},
]


def applies(question: Question, values: Row) -> bool:
    condition = Q.condition(question.id)
    return condition is None or condition.evaluate({"profile": values, "answers": values})


def asked(values: Row) -> Row:
    """The answers as a respondent gives them: nothing for a question not asked."""
    return {q.id: values.get(q.id) if applies(q, values) else None for q in QUESTIONS}


def expected_scores(values: Row) -> list[str]:
    answer_set = AnswerSet(questionnaire=Q.id, questionnaire_version=Q.version)
    for question in QUESTIONS:
        answer_set.set_value(question, values.get(question.id))
    result = score(Q, answer_set, "fr")
    numbers = [result.overall.score] + [d.score for d in result.dimensions]
    return ["" if n is None else f"{n:.1f}" for n in numbers]


def run(export: Path, tmp_path: Path, **options: Any) -> BatchSummary:
    summary = None
    chosen = BatchOptions(
        generated_on=REPORT_DATE,
        export=export,
        output_dir=tmp_path / "out",
        formats=(),
        questionnaire=SHAPES_PATH,
        **options,
    )
    for step in run_batch(chosen):
        summary = step.summary or summary
    assert summary is not None
    return summary


def batch(export: Path, tmp_path: Path) -> tuple[BatchSummary, list[list[str]]]:
    summary = run(export, tmp_path)
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    dimensions = [d.id for d in Q.dimensions]
    return summary, [[r["overall_score"]] + [r[f"{d}_score"] for d in dimensions] for r in rows]


def assert_same_as_score(export: Path, tmp_path: Path, rejected: int = 0) -> BatchSummary:
    summary, scores = batch(export, tmp_path)
    assert summary.unmapped == []  # nothing dropped silently
    assert summary.unrecognised == []
    assert summary.rows_rejected == rejected
    assert scores == [expected_scores(asked(values)) for values in MEMBERS]
    return summary


def label(question: Question, option: str, lang: str) -> str:
    found = question.option(option)
    assert found is not None
    return found.label[lang]


def write_csv(path: Path, rows: list[list[str | None]], delimiter: str = ";") -> Path:
    """Every field quoted, NULL as an unquoted empty field, CRLF (LimeSurvey, Kobo)."""
    lines = [
        delimiter.join("" if c is None else '"' + c.replace('"', '""') + '"' for c in row)
        for row in rows
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


# --- LimeSurvey ----------------------------------------------------------------------------

LIME_META = {
    "code": ["id", "submitdate", "lastpage", "startlanguage", "seed"],
    "full": [
        *("ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ"),
        "Tête de série",
    ],
    "codetext": [
        *("id. ID de la réponse", "submitdate. Date de soumission", "lastpage. Dernière page"),
        *("startlanguage. Langue de départ", "seed. Tête de série"),
    ],
    "expression": ["id", "submitdate", "lastpage", "startlanguage", "seed"],
}


def lime_headings(question: Question, style: str) -> list[str]:
    code = CODES.questions[question.id]
    text = question.text["fr"]
    if question.type is not QuestionType.multiple:
        return [{"code": code, "full": text, "codetext": f"{code}. {text}"}.get(style, code)]
    headings = []
    for option in question.options or []:
        sub, sub_text = CODES.answers[question.id][option.id], option.label["fr"]
        headings.append(
            {
                "code": f"{code}[{sub}]",
                "full": f"{text} [{sub_text}]",
                "codetext": f"{code}[{sub}]. {text} [{sub_text}]",
                "expression": f"{code}_{sub}",
            }[style]
        )
    return headings


def lime_cells(question: Question, value: Any, long: bool) -> list[str | None]:
    """Short answers (codes, Y) or long ones (labels, Oui/Non, N/A for no answer)."""
    if question.type is QuestionType.multiple:
        if value is None:
            return [None] * len(question.options or [])
        ticked = ("Oui", "Non") if long else ("Y", "")
        return [ticked[0] if o.id in value else ticked[1] for o in question.options or []]
    if value is None:
        return ["N/A" if long and question.options else None]
    if not question.options:
        return [str(value)]
    return [label(question, value, "fr") if long else CODES.answers[question.id][value]]


def lime_export(path: Path, style: str, long: bool) -> Path:
    header = LIME_META[style] + [h for q in QUESTIONS for h in lime_headings(q, style)]
    rows: list[list[str | None]] = [header]
    for number, values in enumerate(MEMBERS, start=1):
        given = asked(values)
        cells: list[str | None] = [str(number), "1980-01-01 00:00:00", "3", "fr", "42"]
        rows.append(cells + [c for q in QUESTIONS for c in lime_cells(q, given[q.id], long)])
    # a response started and never finished: an empty submitdate, never scored
    unfinished = [str(len(MEMBERS) + 1), None, "1", "fr", "43"]
    rows.append(unfinished + [None] * (len(header) - len(unfinished)))
    return write_csv(path, rows)


@pytest.mark.parametrize(
    ("style", "long"),
    [
        ("code", False),
        ("code", True),
        ("full", True),
        ("codetext", False),
        ("codetext", True),
        ("expression", False),
    ],
)
def test_limesurvey_multiple_choice_in_every_heading_style(
    style: str, long: bool, tmp_path: Path
) -> None:
    export = lime_export(tmp_path / "results-survey.csv", style, long)
    summary = assert_same_as_score(export, tmp_path, rejected=1)
    assert summary.tool == "LimeSurvey"
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8")
    assert f"\n{len(MEMBERS) + 2}," in errors  # the unfinished response, by its row


# --- KoboToolbox (formpack) ----------------------------------------------------------------

KOBO_END = ["_id", "_uuid", "_submission_time", "_validation_status", "_index"]


def kobo_headings(question: Question, names: str, multiple: str) -> list[str]:
    """formpack's get_labels: the question's label, then « label/answer label » for each
    answer ("details"), or the XML names ``question/answer``."""
    own = question.id if names == "xml" else question.text[names]
    if question.type is not QuestionType.multiple:
        return [own]
    details = [
        f"{own}/{o.id if names == 'xml' else o.label[names]}" for o in question.options or []
    ]
    return ([own] if multiple in ("both", "summary") else []) + (
        details if multiple in ("both", "details") else []
    )


def kobo_cells(question: Question, value: Any, names: str, multiple: str) -> list[str]:
    """formpack's format: labels joined by spaces in the summary, "1"/"0" per answer; an
    unanswered question empty everywhere."""
    if question.type is not QuestionType.multiple:
        if value is None:
            return [""]
        if question.options and names != "xml":
            return [label(question, value, names)]
        return [str(value)]
    options = question.options or []
    if value is None:
        return [""] * len(kobo_headings(question, names, multiple))
    summary = " ".join(o.id if names == "xml" else o.label[names] for o in options if o.id in value)
    details = ["1" if o.id in value else "0" for o in options]
    return ([summary] if multiple in ("both", "summary") else []) + (
        details if multiple in ("both", "details") else []
    )


def group_label(question: Question, names: str) -> str:
    """formpack's "hierarchy in labels": the group's label before the question's."""
    if question.dimension is None:
        return "Profil" if names == "fr" else "Profile"
    return Q.dimension(question.dimension).label[names]


def kobo_export(path: Path, names: str, multiple: str, groups: bool = False) -> Path:
    header = ["start", "end"] + [
        f"{group_label(q, names)}/{h}" if groups else h
        for q in QUESTIONS
        for h in kobo_headings(q, names, multiple)
    ]
    rows: list[list[str | None]] = [header + KOBO_END]
    for number, values in enumerate(MEMBERS, start=1):
        given = asked(values)
        cells = [c for q in QUESTIONS for c in kobo_cells(q, given[q.id], names, multiple)]
        stamp = "2026-11-02T10:00:00.000+01:00"
        end = [str(number), f"uuid-{number}", "2026-11-02T09:12:00", "", str(number)]
        rows.append([stamp, stamp, *cells, *end])
    return write_csv(path, rows)


@pytest.mark.parametrize("names", ["xml", "fr", "en"])
@pytest.mark.parametrize("multiple", ["both", "details", "summary"])
def test_kobotoolbox_multiple_choice_in_every_export_shape(
    names: str, multiple: str, tmp_path: Path
) -> None:
    export = kobo_export(tmp_path / "kobo.csv", names, multiple)
    summary = assert_same_as_score(export, tmp_path)
    assert summary.tool == "KoboToolbox"


@pytest.mark.parametrize("names", ["fr", "en"])
def test_kobotoolbox_labels_with_their_groups_read_back(names: str, tmp_path: Path) -> None:
    export = kobo_export(tmp_path / "kobo.csv", names, "both", groups=True)
    assert_same_as_score(export, tmp_path)


def test_an_empty_multiple_choice_in_an_answer_file_scores(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from alliance_diag.cli.app import app

    path = tmp_path / "asso.yaml"
    path.write_text(
        "questionnaire: batch-shapes\nquestionnaire_version: '2.1'\n"
        "respondent: {organisation: Asso}\nprofile: {partner_type: peer}\n"
        "answers: {meet: often, quarrel: never, channels: [], signed: 'yes', budget: 20}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["score", str(path), "-q", str(SHAPES_PATH), "-f", "json", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert '"links"' in result.stdout


def test_a_typed_score_two_answers_share_is_refused_naming_them(tmp_path: Path) -> None:
    from alliance_diag.engine.answers import coerce

    question = Question.model_validate(
        {
            "id": "q",
            "type": "single",
            "text": {"fr": "Q", "en": "Q"},
            "options": [
                {"id": "a", "score": 1, "label": {"fr": "Un", "en": "One"}},
                {"id": "b", "score": 1, "label": {"fr": "Une", "en": "One too"}},
                {"id": "c", "score": 4, "label": {"fr": "Quatre", "en": "Four"}},
            ],
        }
    )
    assert coerce(question, "1", "en") == (
        None,
        "'1' is the score of several answers to 'q' (“One” (a), “One too” (b)): write the "
        "answer itself",
    )
    _value, error = coerce(question, "7", "en")
    assert error is not None and error.endswith("or their score: 4)")


def test_french_cell_values_and_refusals_by_label(tmp_path: Path) -> None:
    builtin = load_questionnaire("alliance-readiness")
    header = ["organisation", "partner_type", "stage", "trust_transparency"]
    rows: list[list[str | None]] = [
        header,
        ["Asso A", "entreprise", "explorons", "Pas encore"],
        ["Asso B", "collectivité", "Nous explorons", "pas encore"],
        ["Asso C", "association", "Nous explorons", "Plutôt d'accord"],
        ["Asso D", "fondation", "Nous explorons", "agree"],
        ["Asso E", "banque", "Nous explorons", "agree"],
    ]
    export = write_csv(tmp_path / "fr.csv", rows)
    summary = None
    options = BatchOptions(
        generated_on=REPORT_DATE, export=export, output_dir=tmp_path / "out", formats=()
    )
    for step in run_batch(options):
        summary = step.summary or summary
    assert summary is not None and summary.rows_rejected == 1
    with (tmp_path / "out" / "errors.csv").open(encoding="utf-8") as stream:
        [error] = list(csv.DictReader(stream))
    assert error["column"] == "partner_type" and error["value"] == "banque"
    assert "Un acteur privé (entreprise, fondation)\u202f» (private)" in error["reason"]
    partner_type = builtin.question("partner_type")
    assert partner_type is not None
    assert label(partner_type, "public", "fr") in error["reason"]


def test_summary_in_french_excel_gives_labels_beside_the_codes(tmp_path: Path) -> None:
    export = kobo_export(tmp_path / "kobo.csv", "xml", "both")
    run(export, tmp_path, csv_dialect=CsvDialect.excel_fr, lang="fr")
    text = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0])[3:6] == ["level", "level_label", "links_score"]
    level = Q.level(rows[0]["level"])
    assert rows[0]["level_label"] == level.label["fr"]
    statuses = {"strength": "Point fort", "to_watch": "À consolider", "concern": "Point faible"}
    for row in rows:
        if row["links_status"] in statuses:
            assert row["links_status_label"] == statuses[row["links_status"]]
