"""Questionnaire content (since 1.1): French typography, the new scales, and 1.0 answer files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import answer_set

from alliance_diag.engine.questionnaire import Questionnaire, RecommendationLimits
from alliance_diag.engine.scoring import score
from alliance_diag.io.answer_files import load_answers
from alliance_diag.io.questionnaire_files import builtin_ids, load_questionnaire

ROOT = Path(__file__).resolve().parent.parent
BUILTIN_FILES = sorted((ROOT / "questionnaires").glob("*.yaml"))
OLD = ROOT / "questionnaires" / "1.0"
OLD_ANSWERS = sorted((Path(__file__).parent / "data" / "answers" / "1.0").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FULL = load_questionnaire("alliance-readiness")
QUICK = load_questionnaire("alliance-readiness-quick")
NBSP, NNBSP = "\u00a0", "\u202f"


def french_strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every French text of a questionnaire file, with where it stands."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "fr" and isinstance(value, str):
                yield path, value
            else:
                yield from french_strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from french_strings(value, f"{path}[{index}]")


def typography_faults(text: str) -> list[str]:
    """What a French proofreader would mark in one displayed string."""
    faults = []
    if "'" in text:
        faults.append("straight apostrophe (use ’)")
    if re.search(r"(?<!\u00a0):", text):
        faults.append("« : » without a no-break space before it")
    if re.search(r"(?<!\u202f)[;?!]", text):
        faults.append("« ; ? ! » without a narrow no-break space before it")
    if re.search(r"«(?!\u202f)|(?<!\u202f)»", text):
        faults.append("« » without narrow no-break spaces inside")
    if re.search(r"\w·\w", text):
        faults.append("point médian (the convention is doublets or epicene wording)")
    # any two spaces in a row, no-break ones included (a doubled « : » space is one)
    if re.search(r"[ \u00a0\u202f]{2}", text) or text != text.strip():
        faults.append("double or trailing space")
    if "“" in text or "”" in text:
        faults.append("English quotation marks in French")
    return faults


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda p: p.name)
def test_every_french_string_is_typeset(path: Path) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    faults = [
        f"{where}: {fault}: {text[:60]}"
        for where, text in french_strings(data)
        for fault in typography_faults(text)
    ]
    assert faults == []


def test_the_typography_check_catches_each_fault() -> None:
    assert typography_faults("Où en est l'alliance ?") == [
        "straight apostrophe (use ’)",
        "« ; ? ! » without a narrow no-break space before it",
    ]
    assert typography_faults("Exemple : « Ouvrir »") == [
        "« : » without a no-break space before it",
        "« » without narrow no-break spaces inside",
    ]
    assert typography_faults("Répondant·e") == [
        "point médian (the convention is doublets or epicene wording)"
    ]
    assert typography_faults(f"Exemple{NBSP}: «{NNBSP}oui{NNBSP}» ; non") != []
    assert typography_faults(f"Exemple{NBSP}{NBSP}{NBSP}: «{NNBSP}{NNBSP}oui{NNBSP}»") == [
        "double or trailing space"
    ]
    right = f"Où en est l’alliance{NNBSP}? Exemple{NBSP}: «{NNBSP}oui{NNBSP}»"
    assert typography_faults(right) == []


def test_both_builtins_are_the_current_version() -> None:
    assert builtin_ids() == [
        "alliance-readiness",
        "alliance-readiness-partner",
        "alliance-readiness-quick",
    ]
    assert FULL.version == QUICK.version == "1.2"


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
def test_every_dimension_has_a_reverse_or_behaviour_item(questionnaire: Questionnaire) -> None:
    for dimension in questionnaire.dimensions:
        items = [q for q in questionnaire.questions if q.dimension == dimension.id]
        anchored = [
            q
            for q in items
            if q.reverse
            or q.scale not in ("agreement", "agreement_or_not_yet")
            or q.text["fr"].startswith(("Nous avons", "Il nous est déjà arrivé"))
        ]
        assert anchored, dimension.id


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
@pytest.mark.parametrize("partner_type", ["peer", "public", "private"])
def test_agreeing_with_everything_does_not_make_an_alliance(
    questionnaire: Questionnaire, partner_type: str
) -> None:
    agree_everywhere = {
        q.id: "strongly_agree"
        for q in questionnaire.questions
        if q.scale in ("agreement", "agreement_or_not_yet")
    }
    result = score(
        questionnaire, answer_set(questionnaire, agree_everywhere, partner_type=partner_type)
    )
    assert result.overall.score is not None and result.overall.score < 80
    assert result.overall.level != "alliance_ready"
    if questionnaire is QUICK:  # 94.1 with version 1.0
        assert result.overall.score < 65


def trust_with(answers: dict[str, str]) -> tuple[float | None, float]:
    base = {
        "trust_history": "several",
        "trust_knowledge": "agree",
        "trust_intentions": "disagree",
        "trust_informal": "quarterly",
        "private_decision": "agree",
        "trust_transparency": "agree",
        "trust_our_commitments": "agree",
    }
    result = score(FULL, answer_set(FULL, {**base, **answers}, stage="exploring"))
    trust = result.dimension("trust")
    return trust.score, trust.coverage


def test_a_real_not_yet_leaves_the_question_out_and_an_unknown_lowers_coverage() -> None:
    # gates 1.2, point 11: a "not yet" that is real at this stage is "not applicable"
    unanswered_score, unanswered_coverage = trust_with({})
    not_yet_score, not_yet_coverage = trust_with({"trust_commitments": "not_yet"})
    dont_know_score, dont_know_coverage = trust_with({"trust_commitments": "dont_know"})
    answered_score, answered_coverage = trust_with({"trust_commitments": "strongly_disagree"})
    assert not_yet_score == unanswered_score == dont_know_score
    assert answered_score is not None and not_yet_score is not None
    assert answered_score < not_yet_score
    assert unanswered_coverage == dont_know_coverage == pytest.approx(7 / 8, abs=0.001)
    assert not_yet_coverage == answered_coverage == 1.0


def test_not_yet_is_not_a_dont_know() -> None:
    commitments = FULL.question("trust_commitments")
    assert commitments is not None
    not_yet, dont_know = commitments.option("not_yet"), commitments.option("dont_know")
    assert not_yet is not None and dont_know is not None
    assert not_yet.unanswered_as == "not_applicable"
    assert dont_know.unanswered_as == "dont_know"


def test_factual_scales_score_by_hand() -> None:
    # trust at stage "exploring" with a company: 8 items. Seven at their best (5 on
    # agreement, 5 on frequency), trust_intentions reversed at "strongly_disagree" (best),
    # and trust_history "one": 2 on a 1-4 scale, so (2 - 1) / 3.
    answers = {
        "trust_history": "one",
        "trust_knowledge": "strongly_agree",
        "trust_transparency": "strongly_agree",
        "trust_commitments": "strongly_agree",
        "trust_our_commitments": "strongly_agree",
        "trust_intentions": "strongly_disagree",
        "trust_informal": "monthly",
        "private_decision": "strongly_agree",
    }
    result = score(FULL, answer_set(FULL, answers, stage="exploring"))
    assert result.dimension("trust").score == round(100 * (7 + 1 / 3) / 8, 1) == 91.7


def test_framework_convention_drafting_counts_a_third() -> None:
    # framework with a peer at the experimenting stage: 12 items, 11 at their best,
    # the convention "being drafted" (1 on a 0-3 scale)
    asked = [q for q in FULL.questions if q.when is None or "'peer'" in q.when or "stage" in q.when]
    items = [q for q in asked if q.dimension == "framework"]
    answers: dict[str, Any] = {}
    for question in items:
        scored = [o for o in question.options or [] if o.score is not None]
        best = (min if question.reverse else max)(scored, key=lambda o: o.score or 0)
        answers[question.id] = best.id
    answers["framework_convention"] = "drafting"
    result = score(FULL, answer_set(FULL, answers, partner_type="peer", stage="experimenting"))
    assert len(items) == 12
    assert result.dimension("framework").score == round(100 * (11 + 1 / 3) / 12, 1) == 94.4


def test_reverse_item_at_agree_pulls_down() -> None:
    lead = FULL.question("framework_lead")
    assert lead is not None and lead.reverse
    low = score(FULL, answer_set(FULL, {"framework_lead": "strongly_agree"}))
    pulled = [p.question for p in low.dimension("framework").pulled_down_by]
    assert pulled == ["framework_lead"]


@pytest.mark.parametrize("path", OLD_ANSWERS, ids=lambda p: p.name)
def test_a_1_0_answer_file_still_validates_and_scores_against_1_0(path: Path) -> None:
    name = yaml.safe_load(path.read_text("utf-8"))["questionnaire"]
    old = load_questionnaire(OLD / f"{name}.yaml")
    answers, questionnaire = load_answers(path, old)
    assert questionnaire.version == answers.questionnaire_version == "1.0"
    result = score(questionnaire, answers)
    assert result.questionnaire.version == "1.0"
    assert result.overall.level is not None


@pytest.mark.parametrize("name", ["alliance-readiness", "alliance-readiness-quick"])
def test_the_1_0_files_are_kept(name: str) -> None:
    old = load_questionnaire(OLD / f"{name}.yaml")
    assert old.id == name and old.version == "1.0"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_answer_the_current_version(path: Path) -> None:
    answers, questionnaire = load_answers(path)
    assert answers.questionnaire_version == questionnaire.version == "1.2"


def test_checks_read_the_profile_against_the_answers() -> None:
    exploring = FULL.condition("check:exploring_but_joint_action")
    assert exploring is not None
    context = {"profile": {"stage": "exploring"}, "answers": {"trust_history": "several"}}
    assert exploring.evaluate(context)
    context["answers"] = {"trust_history": "none"}
    assert not exploring.evaluate(context)


def steps_for(questionnaire: Questionnaire, answers: dict[str, Any], **profile: Any) -> set[str]:
    """The ids of every next step whose condition holds, before topics and limits: the
    same questionnaire without its budget (ten steps, three "now") nor topics, so that
    a step's own condition is what is tested, not where it ranks."""
    unlimited = questionnaire.model_copy(
        update={
            "recommendation_limits": RecommendationLimits(),
            "recommendations": [
                step.model_copy(update={"topic": None}) for step in questionnaire.recommendations
            ],
        }
    )
    result = score(unlimited, answer_set(unlimited, answers, **profile))
    return {r.id for r in result.recommendations}


def worst_answers(questionnaire: Questionnaire) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in questionnaire.questions:
        scored = [o for o in question.options or [] if o.score is not None]
        answers[question.id] = (max if question.reverse else min)(
            scored, key=lambda o: o.score or 0
        ).id
    return answers


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
def test_a_formalised_alliance_is_not_told_to_start_over(questionnaire: Questionnaire) -> None:
    answers = {
        **worst_answers(questionnaire),
        "framework_convention": "drafting",
        "framework_steering": "agree",
        "trust_history": "regular",
    }
    steps = steps_for(
        questionnaire, answers, partner_type="peer", stage="formalised", partner_name="Réseau"
    )
    assert "formalised_but_fragile" in steps
    assert not steps & {
        "framework_convention",
        "level_experimenting_pilots",
        "flexibility_first_pilot",
        "framework_steering_committee",
        "level_emerging_meet",
        "trust_first_joint_action",
        "framework_one_page_frame",
    }


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
def test_a_named_partner_in_a_first_project_is_not_sent_to_meet_others(
    questionnaire: Questionnaire,
) -> None:
    answers = {q.id: "neutral" for q in questionnaire.questions if q.option("neutral")}
    steps = steps_for(
        questionnaire,
        {**answers, "trust_history": "one"},
        partner_type="public",
        stage="first_project",
        partner_name="Communauté de communes",
        partners_count=1,
    )
    assert "level_emerging_consolidate" in steps
    assert not steps & {"level_emerging_meet", "few_partners_mapping"}


def test_the_steering_step_follows_the_steering_answer() -> None:
    answers = worst_answers(FULL)
    profile = {"partner_type": "peer", "stage": "experimenting"}
    assert "framework_steering_committee" in steps_for(FULL, answers, **profile)
    answers["framework_steering"] = "agree"
    assert "framework_steering_committee" not in steps_for(FULL, answers, **profile)


@pytest.mark.parametrize(
    ("doubts", "expected"),
    [
        ({"trust_intentions": "agree"}, False),
        ({"trust_intentions": "agree", "confidence_dependence": "agree"}, True),
        ({"confidence_resource_share": "over_50", "private_independence": "agree"}, True),
        ({"trust_intentions": "strongly_agree", "private_independence": "agree"}, True),
        ({"confidence_resource_share": "over_50", "public_independence": "agree"}, False),
    ],
)
def test_not_this_partner_when_doubts_add_up(doubts: dict[str, str], expected: bool) -> None:
    neutral = {q.id: "neutral" for q in FULL.questions if q.option("neutral")}
    steps = steps_for(FULL, {**neutral, **doubts}, stage="exploring")
    assert ("not_this_partner" in steps) is expected


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
def test_support_schemes_are_named_for_whom_they_serve(questionnaire: Questionnaire) -> None:
    for step in questionnaire.recommendations:
        french = step.text["fr"]
        if "DLA" in french:  # the DLA serves employer associations and lends no money
            assert re.search(r"employeuse|emploie", french) and "Guid’Asso" in french, step.id
            assert "trésorerie" not in french, step.id
        if "salariés, et précise" in french or "parmi les salariés" in french:
            assert step.when and "employees_fte > 0" in step.when, step.id


def test_every_step_has_a_topic_and_the_limits_are_set() -> None:
    for questionnaire in (FULL, QUICK):
        assert all(step.topic for step in questionnaire.recommendations)
        limits = questionnaire.recommendation_limits
        assert (limits.total, limits.now) == (10, 3)
