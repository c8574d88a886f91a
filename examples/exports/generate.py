"""Writes this folder's sample exports from the current built-in questionnaire.

One command, after the questionnaire changes: ``python examples/exports/generate.py``
(tests/test_example_exports.py fails until the committed files are current).

- ``limesurvey.csv``: the response export of a survey imported from ``alliance-diag form
  alliance-readiness --to limesurvey``, as LimeSurvey writes it (question code headings,
  answer codes, UTF-8 with BOM, ``;``, CRLF, every field quoted, NULL as an unquoted empty
  field, metadata columns first); one response unfinished (empty ``submitdate``).
- ``kobotoolbox.xlsx``: the XLSX export of a form made by ``--to xlsform``, as
  KoboToolbox's formpack writes it with "XML values and headers" (group paths joined
  with ``/``, ``start`` and ``end`` first, ``_id``… last, numbers as numbers).

Members answer deterministically, each for one partner type and stage; a question a
member is not asked is left empty, as the tools leave it.
"""

from __future__ import annotations

import io
import random
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from alliance_diag.engine.answers import AnswerSet, section_of
from alliance_diag.engine.applicability import applicable_questions
from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.forms.codes import limesurvey_codes
from alliance_diag.forms.common import pages
from alliance_diag.io.questionnaire_files import load_questionnaire

HERE = Path(__file__).parent
QUESTIONNAIRE = "alliance-readiness"
# (organisation, role, partner type, stage, partners, general mood 1–5, seed)
MEMBERS = [
    ("Les Jardins du Lien", "board", "private", "exploring", 2, 4, 1),
    ("Comité des fêtes de Saint-Aubin", "volunteer", "peer", "formalised", 1, 3, 2),
    ("Centre social des Tilleuls", "staff", "public", "experimenting", 4, 4, 3),
    ("Fédération Solidarités Ouest", "board", "peer", "experimenting", 6, 5, 4),
    ("Entraide du Marais", "collective", "private", "first_project", 1, 2, 5),
    ("Maison des Familles", "staff", "public", "exploring", 0, 3, 6),
]
UNFINISHED = "Association Sans Fin"  # LimeSurvey: started, never submitted


def answer_sets(questionnaire: Questionnaire) -> list[AnswerSet]:
    """Each member's answers, every question asked answered (a few 'don't know')."""
    result = []
    for organisation, role, partner_type, stage, count, mood, seed in MEMBERS:
        rng = random.Random(seed)
        answers = AnswerSet(
            questionnaire=questionnaire.id, questionnaire_version=questionnaire.version
        )
        fixed: dict[str, Any] = {
            "organisation": organisation,
            "role": role,
            "partner_type": partner_type,
            "stage": stage,
            "partners_count": count,
        }
        for question in questionnaire.profile:
            if question.id in fixed:
                answers.set_value(question, fixed[question.id])
        for question in list(applicable_questions(questionnaire, answers)):
            if section_of(question) == "answers":
                answers.set_value(question, _answer(question, mood, rng))
        result.append(answers)
    return result


def _answer(question: Question, mood: int, rng: random.Random) -> Any:
    options = question.options or []
    scored = sorted((o for o in options if o.score is not None), key=lambda o: o.score or 0)
    unscored = [o.id for o in options if o.score is None]
    if question.type is QuestionType.number:
        low, high = question.min or 0, question.max if question.max is not None else 10
        return round(low + (high - low) * mood / 5)
    if unscored and rng.random() < 0.07:
        return rng.choice(unscored)
    if not scored:
        return None
    step = min(max(mood + rng.choice([-1, 0, 0, 1]), 1), 5)
    position = round((step - 1) / 4 * (len(scored) - 1))
    if question.reverse:
        position = len(scored) - 1 - position
    if question.type is QuestionType.multiple:
        return [o.id for o in scored[: position + 1]]
    return scored[position].id


def _asked(questionnaire: Questionnaire) -> list[Question]:
    """The questions in the order the forms lay them out."""
    return [q for page in pages(questionnaire) for q in page.questions]


# --- LimeSurvey ------------------------------------------------------------------------------


def limesurvey_csv(questionnaire: Questionnaire, members: list[AnswerSet]) -> bytes:
    codes = limesurvey_codes(questionnaire)
    meta = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    header = list(meta)
    for question in _asked(questionnaire):
        code = codes.questions[question.id]
        if question.type is QuestionType.multiple:
            header += [
                f"{code}[{codes.answers[question.id][o.id]}]" for o in question.options or []
            ]
        else:
            header.append(code)
    rows: list[list[str | None]] = []
    for number, answers in enumerate([*members, _unfinished(questionnaire)], start=1):
        stamp = f"2026-11-{number + 2:02d} 10:{number:02d}:00"
        finished = answers.respondent.organisation != UNFINISHED
        row: list[str | None] = [
            str(number),
            stamp if finished else None,
            str(len(pages(questionnaire))) if finished else "2",
            "fr",
            str(1000 + number),
            stamp,
            stamp,
        ]
        for question in _asked(questionnaire):
            value = answers.value(question.id)
            table = codes.answers[question.id]
            if question.type is QuestionType.multiple:
                chosen = value if isinstance(value, list) else None
                row += [
                    None if chosen is None else "Y" if o.id in chosen else ""
                    for o in question.options or []
                ]
            elif value is None:
                row.append(None)
            elif question.options:
                row.append(table[str(value)])
            else:
                row.append(str(value))
        rows.append(row)
    out = io.StringIO()
    out.write(";".join(_quoted(cell) for cell in header) + "\r\n")
    for row in rows:
        out.write(";".join("" if cell is None else _quoted(cell) for cell in row) + "\r\n")
    out.write("\r\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _unfinished(questionnaire: Questionnaire) -> AnswerSet:
    answers = AnswerSet(questionnaire=questionnaire.id, questionnaire_version=questionnaire.version)
    organisation = questionnaire.question("organisation")
    assert organisation is not None
    answers.set_value(organisation, UNFINISHED)
    return answers


# --- KoboToolbox -----------------------------------------------------------------------------


def kobotoolbox_rows(questionnaire: Questionnaire, members: list[AnswerSet]) -> list[list[Any]]:
    header: list[str] = ["start", "end"]
    for page in pages(questionnaire):
        for question in page.questions:
            path = f"{page.id}/{question.id}"
            header.append(path)
            if question.type is QuestionType.multiple:
                header += [f"{path}/{o.id}" for o in question.options or []]
    header += ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status"]
    header += ["_submitted_by", "__version__", "_tags", "_index"]
    rows: list[list[Any]] = [header]
    for number, answers in enumerate(members, start=1):
        start = f"2026-11-{number + 2:02d}T10:{number:02d}:00.000+01:00"
        end = f"2026-11-{number + 2:02d}T10:{number + 20:02d}:00.000+01:00"
        row: list[Any] = [start, end]
        for question in _asked(questionnaire):
            value = answers.value(question.id)
            if question.type is QuestionType.multiple:
                chosen = value if isinstance(value, list) else []
                row.append(" ".join(chosen) if value is not None else None)
                row += [
                    (1 if o.id in chosen else 0) if value is not None else None
                    for o in question.options or []
                ]
            elif isinstance(value, int | float):
                row.append(float(value))
            else:
                row.append(value)
        uuid = f"00000000-0000-4000-8000-{number:012d}"
        submitted = f"2026-11-{number + 2:02d}T09:{number + 21:02d}:00"
        row += [400 + number, uuid, submitted, None, None, "submitted_via_web", None]
        row += ["vAbCdEf", None, number]
        rows.append(row)
    return rows


def kobotoolbox_xlsx(questionnaire: Questionnaire, members: list[AnswerSet]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = questionnaire.id.replace("-", "_")[:31]
    for row in kobotoolbox_rows(questionnaire, members):
        sheet.append(row)
    # the same bytes whenever the content is the same
    workbook.properties.created = workbook.properties.modified = datetime(2026, 11, 26)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def main(folder: Path = HERE) -> None:
    questionnaire = load_questionnaire(QUESTIONNAIRE)
    members = answer_sets(questionnaire)
    (folder / "limesurvey.csv").write_bytes(limesurvey_csv(questionnaire, members))
    (folder / "kobotoolbox.xlsx").write_bytes(kobotoolbox_xlsx(questionnaire, members))
    print(f"{folder}: limesurvey.csv, kobotoolbox.xlsx ({len(members)} members)", file=sys.stderr)


if __name__ == "__main__":
    main()
