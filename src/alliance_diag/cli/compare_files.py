"""The compare command's file work: read answer or result files, choose the comparison."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from alliance_diag.compare import Comparison, Entry, compare_dates, compare_sides
from alliance_diag.core import pydantic_problems as validation
from alliance_diag.core.errors import InputError, Problem, UsageError
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.located import Located
from alliance_diag.core.textfold import strip_accents
from alliance_diag.engine.explanation import score
from alliance_diag.engine.result import Result
from alliance_diag.io.answer_files import parse_answers
from alliance_diag.io.located_yaml import load_yaml_file
from alliance_diag.io.questionnaire_files import builtin_ids, load_questionnaire

_ = Catalog(
    {
        "too_few": {
            "fr": "compare a besoin d'au moins deux fichiers (ou de --a et --b)",
            "en": "compare needs two files at least (or --a and --b)",
        },
        "both_groups": {
            "fr": "--a et --b vont ensemble, sans autre fichier ; répétez-les pour chaque "
            "fichier\u00a0: --a F1 --a F2 --b F3 --b F4",
            "en": "--a and --b go together, with no other file; repeat them for each file: "
            "--a F1 --a F2 --b F3 --b F4",
        },
        "labels_need_two": {
            "fr": "--label-a et --label-b nomment deux côtés\u00a0: avec plus de deux fichiers, "
            "chaque date porte son propre nom",
            "en": "--label-a and --label-b name two sides: with more than two files, each date "
            "is named after itself",
        },
        "several_organisations": {
            "fr": "avec plus de deux fichiers, compare suit une organisation dans le temps\u202f; "
            "ceux-ci viennent de plusieurs organisations ({names})\u00a0: pour comparer deux "
            "groupes, utilisez --a et --b",
            "en": "with more than two files, compare follows one organisation over time; these "
            "come from several organisations ({names}): to compare two groups, use --a and --b",
        },
        "unknown_kind": {
            "fr": "ni un fichier de réponses (clé answers), ni un résultat de "
            "«\u202fscore --format json\u202f» (clés overall et dimensions)",
            "en": "neither an answer file (key answers) nor a result of 'score --format json' "
            "(keys overall and dimensions)",
        },
        "group_document": {
            "fr": "document de plusieurs résultats (score avec plusieurs fichiers)\u00a0: donnez "
            "plutôt les fichiers de réponses, ou un résultat par fichier",
            "en": "a document of several results (score with several files): give the answer "
            "files instead, or one result per file",
        },
    }
)

DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def read_entry(path: Path, lang: str | None) -> Entry:
    """An answer file, scored by the engine, or a result written by ``score --format json``."""
    located = load_yaml_file(path)
    data = located.data
    if isinstance(data, dict) and "results" in data and "group" in data:
        raise InputError([Problem(str(path), _("group_document"))])
    if isinstance(data, dict) and "overall" in data and "dimensions" in data:
        return _result_entry(path, located)
    if isinstance(data, dict) and "answers" in data:
        answers, questionnaire = parse_answers(located)
        stamp = answers.updated_at or answers.started_at
        return Entry(
            result=score(questionnaire, answers, lang),
            source=str(path),
            answers=answers,
            questionnaire=questionnaire,
            date=stamp.date() if stamp else _date_in_name(path),
        )
    raise InputError([Problem(str(path), _("unknown_kind"))])


def _result_entry(path: Path, located: Located) -> Entry:
    try:
        result = Result.model_validate(located.data)
    except ValidationError as exc:
        raise InputError(validation.problems(exc, located, Result)) from exc
    known = result.questionnaire.id in builtin_ids()
    return Entry(
        result=result,
        source=str(path),
        questionnaire=load_questionnaire(result.questionnaire.id) if known else None,
        date=_date_in_name(path),
    )


def _date_in_name(path: Path) -> date | None:
    found = DATE_IN_NAME.search(path.name)
    if found is None:
        return None
    try:
        return date(*map(int, found.groups()))
    except ValueError:
        return None


def read_entries(paths: Sequence[Path], lang: str | None) -> list[Entry]:
    """Every file read, with the problems of all of them reported at once."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            entries.append(read_entry(path, lang))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return entries


def _organisation(entry: Entry) -> str:
    name = entry.result.respondent.get("organisation") or ""
    return " ".join(strip_accents(name).casefold().split())


def one_organisation_over_time(entries: Sequence[Entry]) -> bool:
    """Two files are two dates of one organisation when they share organisation and
    questionnaire and carry different dates; otherwise they are two sides."""
    first, second = entries
    return (
        bool(_organisation(first))
        and _organisation(first) == _organisation(second)
        and first.result.questionnaire.id == second.result.questionnaire.id
        and first.date is not None
        and second.date is not None
        and first.date != second.date
    )


def compare_files(
    files: Sequence[Path],
    group_a: Sequence[Path],
    group_b: Sequence[Path],
    *,
    lang: str | None,
    label_a: str | None,
    label_b: str | None,
) -> Comparison:
    """Choose the comparison from the files given: two groups, two sides, or dates."""
    if group_a or group_b:
        if files or not (group_a and group_b):
            raise UsageError(_("both_groups"))
        side_a, side_b = read_entries(group_a, lang), read_entries(group_b, lang)
        language = lang or side_a[0].result.language
        return compare_sides(side_a, side_b, language, label_a=label_a, label_b=label_b)
    if len(files) < 2:
        raise UsageError(_("too_few"))
    if len(files) > 2 and (label_a or label_b):
        raise UsageError(_("labels_need_two"))
    entries = read_entries(files, lang)
    language = lang or entries[0].result.language
    if len(entries) == 2 and not one_organisation_over_time(entries):
        return compare_sides(entries[:1], entries[1:], language, label_a=label_a, label_b=label_b)
    names = {_organisation(e): e.result.respondent.get("organisation") or "?" for e in entries}
    if len(names) > 1:
        raise UsageError(_("several_organisations", names=", ".join(sorted(names.values()))))
    return compare_dates(entries, language, label_a=label_a, label_b=label_b)
