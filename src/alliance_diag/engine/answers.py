"""Answers: the model, typed answers as the engine wants them, and their checks."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from alliance_diag.core.errors import Problem
from alliance_diag.core.i18n import Catalog, current_language, format_number, pick
from alliance_diag.core.located import Located
from alliance_diag.core.suggest import suggestion
from alliance_diag.core.textfold import fold, number_text, printable, visible_text
from alliance_diag.engine.questionnaire import (
    RESPONDENT_FIELDS,
    Option,
    Question,
    Questionnaire,
    QuestionType,
)

AnswerValue = str | int | float | bool | list[str] | None

_ = Catalog(
    {
        "other_questionnaire": {
            "fr": "ce fichier répond au questionnaire « {found} », pas à « {expected} »",
            "en": "this file answers questionnaire '{found}', not '{expected}'",
        },
        "other_version": {
            "fr": "ce fichier répond à la version {found} du questionnaire « {id} », pas à la "
            "version {expected}",
            "en": "this file answers version {found} of questionnaire '{id}', not version "
            "{expected}",
        },
        "unknown_question": {
            "fr": "question inconnue « {id} »{hint}",
            "en": "unknown question '{id}'{hint}",
        },
        "wrong_section": {
            "fr": "« {id} » se range sous {section}:",
            "en": "'{id}' belongs under {section}:",
        },
        "bad_option": {
            "fr": "« {value} » n'est pas une réponse possible à « {id} » (réponses possibles : "
            "{options})",
            "en": "'{value}' is not an answer to '{id}' (possible answers: {options})",
        },
        "or_scores": {
            "fr": ", ou leur score : {scores}",
            "en": ", or their score: {scores}",
        },
        "shared_score": {
            "fr": "« {value} » est le score de plusieurs réponses à « {id} » ({options}) : "
            "écrivez la réponse elle-même",
            "en": "'{value}' is the score of several answers to '{id}' ({options}): write the "
            "answer itself",
        },
        "quoted": {"fr": "« {text} » ({id})", "en": "“{text}” ({id})"},
        "not_a_number": {
            "fr": "« {id} » attend un nombre, pas « {value} »",
            "en": "'{id}' expects a number, not '{value}'",
        },
        "not_whole": {
            "fr": "« {id} » attend un nombre entier, pas {value}",
            "en": "'{id}' expects a whole number, not {value}",
        },
        "out_of_range": {
            "fr": "« {id} » attend un nombre entre {min} et {max}, pas {value}",
            "en": "'{id}' expects a number between {min} and {max}, not {value}",
        },
        "not_a_list": {
            "fr": "« {id} » attend une liste de réponses",
            "en": "'{id}' expects a list of answers",
        },
        "unknown_note": {
            "fr": "note sur une question inconnue « {id} »{hint}",
            "en": "note on an unknown question '{id}'{hint}",
        },
    }
)


class Respondent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation: str | None = None
    name: str | None = None
    role: str | None = None


class AnswerSet(BaseModel):
    """One respondent's answers, as written in an answer file."""

    model_config = ConfigDict(extra="forbid")

    questionnaire: str
    questionnaire_version: str
    language: str | None = None
    respondent: Respondent = Field(default_factory=Respondent)
    profile: dict[str, AnswerValue] = Field(default_factory=dict)
    answers: dict[str, AnswerValue] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)
    started_at: datetime | None = None
    updated_at: datetime | None = None
    # set by ``carry_over``: the earlier version these answers were given for, and the
    # questions of that version that the current one no longer asks
    _carried_from: str | None = PrivateAttr(default=None)
    _removed: tuple[dict[str, str], ...] = PrivateAttr(default=())

    @property
    def carried_from(self) -> tuple[str | None, tuple[dict[str, str], ...]]:
        """The earlier version these answers were read from, if any, and the questions
        of that version left aside."""
        return self._carried_from, self._removed

    def profile_values(self) -> dict[str, AnswerValue]:
        """Respondent fields and profile answers together, as conditions see them."""
        values: dict[str, AnswerValue] = dict(self.profile)
        values.update(self.respondent.model_dump())
        return values

    def value(self, question_id: str) -> AnswerValue:
        if question_id in RESPONDENT_FIELDS:
            return getattr(self.respondent, question_id)  # type: ignore[no-any-return]
        if question_id in self.answers:
            return self.answers[question_id]
        return self.profile.get(question_id)

    def set_value(self, question: Question, value: AnswerValue) -> None:
        """Record an answer in the section where the answer file keeps it."""
        match section_of(question):
            case "respondent":
                setattr(self.respondent, question.id, None if value is None else str(value))
            case "profile":
                self.profile[question.id] = value
            case "answers":
                self.answers[question.id] = value

    def has_answer(self, question: Question) -> bool:
        """Answered, or deliberately skipped (recorded as null)."""
        match section_of(question):
            case "respondent":
                # a respondent field skipped on purpose is an explicit null, set but empty
                return question.id in self.respondent.model_fields_set
            case "profile":
                return question.id in self.profile
            case _:
                return question.id in self.answers


def section_of(question: Question) -> Literal["respondent", "profile", "answers"]:
    """Where an answer file keeps a question's answer."""
    if question.id in RESPONDENT_FIELDS:
        return "respondent"
    return "profile" if question.dimension is None else "answers"


def new_answer_set(questionnaire: Questionnaire, language: str | None = None) -> AnswerSet:
    return AnswerSet(
        questionnaire=questionnaire.id,
        questionnaire_version=questionnaire.version,
        language=language,
    )


def coerce(question: Question, raw: Any, lang: str | None = None) -> tuple[AnswerValue, str | None]:
    """An answer as the engine wants it (option id, number, list, text), or an error message.

    Choice answers may be given by option id, by option score (``4`` on a 1–5 scale)
    or, for yes/no questions, as true/false.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    kind = question.type
    if kind is QuestionType.text:
        return visible_text(raw if isinstance(raw, str) else str(raw)), None
    if kind is QuestionType.number:
        return _number(question, raw, lang)
    if kind is QuestionType.multiple:
        return _choices(question, raw, lang)
    return _option_id(question, raw, lang)


def _number(question: Question, raw: Any, lang: str | None) -> tuple[AnswerValue, str | None]:
    """A number as typed (``1 000``, ``2,5``) within the question's bounds."""
    number: float
    if isinstance(raw, bool):
        return None, _("not_a_number", lang, id=question.id, value=raw)
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        try:
            number = float(number_text(str(raw)))
        except ValueError:
            return None, _("not_a_number", lang, id=question.id, value=raw)
    if not math.isfinite(number):
        return None, _("not_a_number", lang, id=question.id, value=raw)
    low = question.min if question.min is not None else -math.inf
    high = question.max if question.max is not None else math.inf
    if not low <= number <= high:
        values = {"min": _g(question.min), "max": _g(question.max), "value": _g(number)}
        return None, _("out_of_range", lang, id=question.id, **values)
    if question.integer and not number.is_integer():
        return None, _("not_whole", lang, id=question.id, value=raw)
    return (int(number) if number.is_integer() else number), None


def _choices(question: Question, raw: Any, lang: str | None) -> tuple[AnswerValue, str | None]:
    """The options ticked for a multiple-choice question, each once, in order."""
    if not isinstance(raw, list):
        return None, _("not_a_list", lang, id=question.id)
    chosen: list[str] = []
    for item in raw:
        option_id, error = _option_id(question, item, lang)
        if error:
            return None, error
        if option_id is not None and option_id not in chosen:
            chosen.append(option_id)
    return chosen, None


# What people type for "don't know" when the option has no score (NSP: "ne sait pas").
DONT_KNOW_WORDS = ("nsp", "ne sait pas", "ne sais pas", "sans avis", "dk", "don t know")
YES_WORDS = ("oui", "yes", "y", "o", "true", "vrai")
NO_WORDS = ("non", "no", "n", "false", "faux")


def option_table(question: Question) -> dict[str, str]:
    """Folded texts that name an option (its id, its label in any language, the usual words
    for yes, no and don't know) to its id, then the shorter ways people write a label
    (« Pas encore » for « Pas encore / sans objet », « entreprise » for « Un acteur privé
    (entreprise, fondation) »); a text two options share names neither."""
    table = _unambiguous(_option_names(question))
    for key, option in _unambiguous(_label_parts(question)).items():
        table.setdefault(key, option)
    return table


def _unambiguous(pairs: Iterator[tuple[str, str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    ambiguous: set[str] = set()
    for key, option in pairs:
        if key in table and table[key] != option:
            ambiguous.add(key)
        if key:
            table[key] = option
    for key in ambiguous:
        table.pop(key, None)
    return table


_PARENTHESES = re.compile(r"\(([^()]*)\)")
_ALTERNATIVES = re.compile(r"\s(?:ou|or)\s")
# the words a label's part may start with that nobody types alone
_DETERMINERS = frozenset(
    {"un", "une", "des", "le", "la", "les", "l", "du", "de", "d", "autre"}
    | {"a", "an", "the", "another", "other"}
)


def _label_parts(question: Question) -> Iterator[tuple[str, str]]:
    """Each label's parts as people type them: either side of a « / », the label without
    its parentheses and each item inside them, each alternative (« X ou Y ») without its
    determiners (« Une autre association » → « association »)."""
    for option in question.options or []:
        for label in option.label.values():
            pieces = [*label.split("/"), _PARENTHESES.sub("", label)]
            for inside in _PARENTHESES.findall(label):
                pieces += inside.split(",")
            parts: set[str] = set()
            for piece in pieces:
                for alternative in _ALTERNATIVES.split(fold(_PARENTHESES.sub("", piece))):
                    words = alternative.split()
                    parts.add(" ".join(words))
                    while words and words[0] in _DETERMINERS:
                        words.pop(0)
                    parts.add(" ".join(words))
            yield from ((fold(part), option.id) for part in parts)


def _option_names(question: Question) -> Iterator[tuple[str, str]]:
    """Every (folded text, option id) pair that names an option, ids and labels first."""
    options = question.options or []
    yield from ((fold(option.id), option.id) for option in options)
    for option in options:
        yield from ((fold(label), option.id) for label in option.label.values())
    dont_know = [o for o in options if o.unanswered_as == "dont_know"]
    if question.type is not QuestionType.multiple and len(dont_know) == 1:
        yield from ((word, dont_know[0].id) for word in DONT_KNOW_WORDS)
    if question.type is QuestionType.yes_no and {o.id for o in options} >= {"yes", "no"}:
        yield from ((word, "yes") for word in YES_WORDS)
        yield from ((word, "no") for word in NO_WORDS)


def _option_id(question: Question, raw: Any, lang: str | None) -> tuple[str | None, str | None]:
    """An option named by its id, its score, or its label or id as people type them."""
    options = question.options or []
    if isinstance(raw, bool) and question.type is QuestionType.yes_no:
        raw = "yes" if raw else "no"
    number: float | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if question.option(text) is not None:
            return text, None
        found = option_table(question).get(fold(text))
        if found is not None:
            return found, None
        try:
            number = float(number_text(text))
        except ValueError:
            number = None
    if number is not None:
        matches = [o for o in options if o.score is not None and o.score == number]
        if len(matches) == 1:
            return matches[0].id, None
        if matches:
            named = _labels(matches, lang)
            return None, _("shared_score", lang, value=raw, id=question.id, options=named)
    listed = _labels(options, lang)
    counts = Counter(o.score for o in options if o.score is not None)
    scores = sorted(score for score, count in counts.items() if count == 1)
    if scores:
        # exports often carry the score the survey tool showed (1 to 5), not our ids
        listed += _("or_scores", lang, scores=", ".join(_g(score) for score in scores))
    return None, _("bad_option", lang, value=raw, id=question.id, options=listed)


def _labels(options: list[Option], lang: str | None) -> str:
    """Answers as the respondent saw them (their labels in the message's language), each
    with the id an answer file may hold."""
    lang = lang or current_language()
    return ", ".join(_("quoted", lang, text=pick(o.label, lang), id=o.id) for o in options)


def _g(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def check_answer_set(
    answer_set: AnswerSet, questionnaire: Questionnaire, located: Located
) -> list[Problem]:
    """Everything wrong with an answer set for this questionnaire, located; the required
    answers still missing are ``applicability.missing_required``'s to find."""
    problems: list[Problem] = []
    if answer_set.questionnaire != questionnaire.id:
        message = _(
            "other_questionnaire", found=answer_set.questionnaire, expected=questionnaire.id
        )
        return [located.problem(("questionnaire",), message)]
    if answer_set.questionnaire_version != questionnaire.version:
        message = _(
            "other_version",
            found=answer_set.questionnaire_version,
            id=questionnaire.id,
            expected=questionnaire.version,
        )
        return [located.problem(("questionnaire_version",), message)]
    profile_ids = {q.id for q in questionnaire.profile}
    question_ids = {q.id for q in questionnaire.questions}
    sections: list[tuple[str, dict[str, Any], set[str]]] = [
        (
            "respondent",
            answer_set.respondent.model_dump(exclude_unset=True),
            set(RESPONDENT_FIELDS),
        ),
        ("profile", answer_set.profile, profile_ids - set(RESPONDENT_FIELDS)),
        ("answers", answer_set.answers, question_ids),
    ]
    for section, values, allowed in sections:
        for question_id, raw in values.items():
            loc = (section, question_id)
            question = questionnaire.question(question_id)
            if question is not None and question_id not in allowed:
                message = _("wrong_section", id=question_id, section=section_of(question))
                problems.append(located.problem(loc, message))
                continue
            if question is None:
                hint = suggestion(question_id, allowed)
                problems.append(
                    located.problem(loc, _("unknown_question", id=question_id, hint=hint))
                )
                continue
            if section == "respondent" and question.type is QuestionType.text:
                continue
            _value, error = coerce(question, raw)
            if error:
                problems.append(located.problem(loc, error))
    for question_id in answer_set.notes:
        if questionnaire.question(question_id) is None:
            hint = suggestion(question_id, profile_ids | question_ids)
            problems.append(
                located.problem(
                    ("notes", question_id), _("unknown_note", id=question_id, hint=hint)
                )
            )
    return problems


def normalise(answer_set: AnswerSet, questionnaire: Questionnaire) -> AnswerSet:
    """The same answers with choices written as option ids (checked answers only), and
    typed texts without control codes, which would reach terminals and reports."""
    data = answer_set.model_copy(deep=True)
    for field in RESPONDENT_FIELDS:
        value = getattr(data.respondent, field)
        if isinstance(value, str):
            setattr(data.respondent, field, visible_text(value))
    data.notes = {key: printable(note) for key, note in data.notes.items()}
    for section in (data.profile, data.answers):
        for question_id, raw in list(section.items()):
            question = questionnaire.question(question_id)
            if question is not None:
                section[question_id] = coerce(question, raw)[0]
    return data


def carry_over(
    answer_set: AnswerSet, questionnaire: Questionnaire, earlier: Questionnaire | None
) -> AnswerSet:
    """Answers given for an earlier version of ``questionnaire``, read under its current
    rules (gates 1.2, point 15): each answer is carried over by its question's id when
    that question still exists and still accepts the answer; the others are left aside
    and named (by their text in ``earlier`` when known); new questions stay unanswered."""
    data = answer_set.model_copy(deep=True)
    removed: list[dict[str, str]] = []
    sections = {"profile": data.profile, "answers": data.answers}
    for section in (data.profile, data.answers):
        for question_id, raw in list(section.items()):
            question = questionnaire.question(question_id)
            del section[question_id]
            if question is not None and (raw is None or coerce(question, raw)[1] is None):
                # kept, in the section the current version keeps it in (a routing
                # question may have moved to the profile)
                sections.get(section_of(question), section)[question_id] = raw
                continue
            data.notes.pop(question_id, None)
            if raw is None:
                continue
            old = earlier.question(question_id) if earlier is not None else None
            removed.append(dict(old.text) if old else {questionnaire.language: question_id})
    data._carried_from = answer_set.questionnaire_version
    data._removed = tuple(removed)
    data.questionnaire_version = questionnaire.version
    return data


def option_label(question: Question, value: AnswerValue, lang: str) -> str:
    """How an answer reads in a report."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(option_label(question, item, lang) for item in value)
    if question.options and isinstance(value, str):
        option = question.option(value)
        if option is not None:
            return pick(option.label, lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        # every decimal kept, written as the language writes numbers (and read back so)
        return format_number(value, lang, digits=None, grouped=False)
    return str(value)
