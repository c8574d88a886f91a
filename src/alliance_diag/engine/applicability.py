"""Which questions apply to a respondent's answers, and which required ones are still
unanswered: the conditions of the questionnaire run on its answers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from alliance_diag.core.errors import Problem
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.located import Located
from alliance_diag.engine.answers import AnswerSet, AnswerValue, normalise, section_of
from alliance_diag.engine.questionnaire import Question, Questionnaire

_ = Catalog(
    {
        "required": {
            "fr": "réponse obligatoire manquante : « {id} »",
            "en": "required answer missing: '{id}'",
        },
    }
)


def applicable_questions(questionnaire: Questionnaire, answers: AnswerSet) -> Iterator[Question]:
    """The questions whose condition holds for these answers, in order."""
    profile = answers.profile_values()
    yield from asked_profile_questions(questionnaire, profile)
    context = questionnaire.context(profile)
    effective = context["answers"]
    for question in questionnaire.questions:
        condition = questionnaire.condition(question.id)
        if condition is None or condition.evaluate(context):
            effective[question.id] = answers.answers.get(question.id)
            yield question


def asked_profile_questions(
    questionnaire: Questionnaire, profile: Mapping[str, AnswerValue]
) -> Iterator[Question]:
    """The profile questions whose condition holds for these profile answers and
    respondent fields (``AnswerSet.profile_values``), in order; their conditions read
    the profile only."""
    context = {"profile": questionnaire.context(profile)["profile"], "answers": {}}
    for question in questionnaire.profile:
        condition = questionnaire.condition(question.id)
        if condition is None or condition.evaluate(context):
            yield question


def missing_required(
    answer_set: AnswerSet, questionnaire: Questionnaire, located: Located
) -> list[Problem]:
    """The required questions that apply to these answers and have none, located."""
    normalised = normalise(answer_set, questionnaire)
    problems = []
    for question in applicable_questions(questionnaire, normalised):
        if question.required and normalised.value(question.id) is None:
            problems.append(located.problem((section_of(question),), _("required", id=question.id)))
    return problems
