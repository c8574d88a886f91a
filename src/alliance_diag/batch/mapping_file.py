"""The mapping file: which export columns and answer texts name which questions and
answers, checked against the questionnaire."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from alliance_diag.core import pydantic_problems as validation
from alliance_diag.core.errors import InputError, Problem
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.located import Loc, Located
from alliance_diag.core.suggest import suggestion
from alliance_diag.core.textfold import fold
from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.io.located_yaml import load_yaml_file

_ = Catalog(
    {
        "not_a_mapping": {
            "fr": "un fichier de correspondance est un dictionnaire YAML (columns:, answers:…)",
            "en": "a mapping file is a YAML mapping (columns:, answers:…)",
        },
        "unknown_question": {
            "fr": "question inconnue « {id} »{hint}",
            "en": "unknown question '{id}'{hint}",
        },
        "unknown_option": {
            "fr": "« {option} » n'est pas une réponse possible à « {id} » (réponses possibles : "
            "{options})",
            "en": "'{option}' is not an answer to '{id}' (possible answers: {options})",
        },
        "unknown_option_anywhere": {
            "fr": "« {option} » n'est une réponse possible d'aucune question{hint}",
            "en": "'{option}' is not an answer to any question{hint}",
        },
        "not_multiple": {
            "fr": "« {id} » n'est pas une question à choix multiples : une colonne 0/1 par "
            "réponse (question/réponse) n'a pas de sens",
            "en": "'{id}' is not a multiple-choice question: a 0/1 column per answer "
            "(question/answer) makes no sense",
        },
    }
)

Key = str | int | float | bool


class MappingFile(BaseModel):
    """What the mapping file may say; every key is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: dict[Key, str] = Field(default_factory=dict)
    answers: dict[Key, str] = Field(default_factory=dict)
    answers_by_question: dict[str, dict[Key, str]] = Field(default_factory=dict)
    organisation_column: Annotated[str, Field(min_length=1)] | None = None
    ignore: list[Key] = Field(default_factory=list)


@dataclass(frozen=True)
class Mapping:
    """A checked mapping file, with its texts folded for lookup."""

    source: str
    columns: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    answers_by_question: dict[str, dict[str, str]] = field(default_factory=dict)
    organisation_column: str | None = None
    ignore: frozenset[str] = frozenset()
    named_columns: tuple[str, ...] = ()

    def column(self, header: str) -> tuple[str, str | None] | None:
        return self.columns.get(header) or self.columns.get(fold_key(header))


def fold_key(text: str) -> str:
    return "\0" + fold(text)


def _mapped_columns(
    data: MappingFile, questionnaire: Questionnaire, located: Located, problems: list[Problem]
) -> dict[str, tuple[str, str | None]]:
    """Each mapped header (as written and folded) to its question and, for a 0/1 column,
    its option; a problem for each that names nothing the questionnaire has."""
    columns: dict[str, tuple[str, str | None]] = {}
    question_ids = [q.id for q in questionnaire.all_questions()]
    for header, target in data.columns.items():
        loc: Loc = ("columns", header if isinstance(header, str | int) else str(header))
        question_id, _slash, option = str(target).partition("/")
        question = questionnaire.question(question_id)
        if question is None:
            problems.append(_unknown_question(located, loc, question_id, question_ids))
            continue
        if option and question.type is not QuestionType.multiple:
            problems.append(located.problem(loc, _("not_multiple", id=question_id)))
            continue
        if option and question.option(option) is None:
            problems.append(_unknown_option(located, loc, question, option))
            continue
        columns[str(header)] = (question_id, option or None)
        columns[fold_key(str(header))] = (question_id, option or None)
    return columns


def _mapped_answers(
    data: MappingFile, questionnaire: Questionnaire, located: Located, problems: list[Problem]
) -> dict[str, str]:
    """Answer texts valid for any question, folded, to their option."""
    all_options = {o.id for q in questionnaire.all_questions() for o in q.options or []}
    answers: dict[str, str] = {}
    for text, option in data.answers.items():
        if option not in all_options:
            hint = suggestion(option, all_options)
            message = _("unknown_option_anywhere", option=option, hint=hint)
            problems.append(located.problem(("answers", _loc_key(text)), message))
            continue
        answers[fold(_key_text(text))] = option
    return answers


def _mapped_answers_by_question(
    data: MappingFile, questionnaire: Questionnaire, located: Located, problems: list[Problem]
) -> dict[str, dict[str, str]]:
    """Answer texts of one question, folded, to its options."""
    question_ids = [q.id for q in questionnaire.all_questions()]
    by_question: dict[str, dict[str, str]] = {}
    for question_id, texts in data.answers_by_question.items():
        question = questionnaire.question(question_id)
        if question is None:
            loc: Loc = ("answers_by_question", question_id)
            problems.append(_unknown_question(located, loc, question_id, question_ids))
            continue
        table: dict[str, str] = {}
        for text, option in texts.items():
            if question.option(option) is None:
                loc = ("answers_by_question", question_id, _loc_key(text))
                problems.append(_unknown_option(located, loc, question, option))
                continue
            table[fold(_key_text(text))] = option
        by_question[question_id] = table
    return by_question


def load_mapping(path: Path, questionnaire: Questionnaire) -> Mapping:
    """Read and check a mapping file against the questionnaire; every problem at once."""
    located = load_yaml_file(path)
    if located.data is None:
        return Mapping(source=str(path))
    if not isinstance(located.data, dict):
        raise InputError([located.problem((), _("not_a_mapping"))])
    try:
        data = MappingFile.model_validate(located.data)
    except ValidationError as exc:
        raise InputError(validation.problems(exc, located, MappingFile)) from exc
    problems: list[Problem] = []
    columns = _mapped_columns(data, questionnaire, located, problems)
    answers = _mapped_answers(data, questionnaire, located, problems)
    by_question = _mapped_answers_by_question(data, questionnaire, located, problems)
    if problems:
        raise InputError(problems)
    ignore = {str(name) for name in data.ignore} | {fold_key(str(name)) for name in data.ignore}
    named = [str(h) for h in data.columns] + [str(n) for n in data.ignore]
    if data.organisation_column:
        named.append(data.organisation_column)
    return Mapping(
        source=str(path),
        columns=columns,
        answers=answers,
        answers_by_question=by_question,
        organisation_column=data.organisation_column,
        ignore=frozenset(ignore),
        named_columns=tuple(named),
    )


def _key_text(key: Key) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)


def _loc_key(key: Key) -> str | int:
    return key if isinstance(key, str | int) and not isinstance(key, bool) else str(key)


def _unknown_question(
    located: Located, loc: tuple[str | int, ...], question_id: str, known: list[str]
) -> Problem:
    hint = suggestion(question_id, known)
    return located.problem(loc, _("unknown_question", id=question_id, hint=hint))


def _unknown_option(
    located: Located, loc: tuple[str | int, ...], question: Question, option: str
) -> Problem:
    options = ", ".join(o.id for o in question.options or [])
    return located.problem(loc, _("unknown_option", option=option, id=question.id, options=options))
