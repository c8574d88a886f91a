"""Questionnaire content (since 1.1): French typography, the new scales, and 1.0 answer files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import answer_set, extreme_answer

from alliance_diag.engine.explanation import score
from alliance_diag.engine.questionnaire import Questionnaire, RecommendationLimits
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
    # framework with a peer at the experimenting stage: 14 items, 13 at their best,
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
    assert len(items) == 14
    assert result.dimension("framework").score == round(100 * (13 + 1 / 3) / 14, 1) == 95.2


def test_reverse_item_at_agree_pulls_down() -> None:
    same = FULL.question("complementarity_same_actions")
    assert same is not None and same.reverse
    low = score(FULL, answer_set(FULL, {"complementarity_same_actions": "strongly_agree"}))
    pulled = [p.question for p in low.dimension("complementarity").pulled_down_by]
    assert pulled == ["complementarity_same_actions"]


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
    return {q.id: extreme_answer(q, best=False) for q in questionnaire.questions}


def best_answers(questionnaire: Questionnaire) -> dict[str, Any]:
    return {q.id: extreme_answer(q, best=True) for q in questionnaire.questions}


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
    assert not {s for s in steps if s.startswith("framework_convention_")} - {
        "framework_convention_review"
    }
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
        ({"trust_intentions": "agree"}, set()),
        ({"trust_intentions": "agree", "confidence_dependence": "agree"}, {"not_this_partner"}),
        (
            {"confidence_resource_share": "over_50", "private_independence": "agree"},
            {"not_this_partner_dependence_concessions"},
        ),
        (
            {"trust_intentions": "strongly_agree", "private_independence": "agree"},
            {"not_this_partner_doubts_concessions"},
        ),
        ({"confidence_resource_share": "over_50", "public_independence": "agree"}, set()),
    ],
)
def test_not_this_partner_when_doubts_add_up(doubts: dict[str, str], expected: set[str]) -> None:
    neutral = {q.id: "neutral" for q in FULL.questions if q.option("neutral")}
    steps = steps_for(FULL, {**neutral, **doubts}, stage="exploring")
    assert {s for s in steps if s.startswith("not_this_partner")} == expected


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
def test_support_schemes_are_named_for_whom_they_serve(questionnaire: Questionnaire) -> None:
    for step in questionnaire.recommendations:
        french = step.text["fr"]
        # the DLA serves employer associations and lends no money: a step names it
        # only when the association has employees, or names Guid'Asso beside it
        if "DLA" in french:
            for_employers = step.when is not None and "employees_fte > 0" in step.when
            both = re.search(r"employeuse|emploie", french) and "Guid’Asso" in french
            assert for_employers or both, step.id
            assert "trésorerie" not in french, step.id
        if "Guid’Asso" in french and "DLA" not in french:
            assert step.when and "employees_fte == 0" in step.when, step.id
        if "dans l’équipe salariée, et précise" in french:
            assert step.when and "employees_fte > 0" in step.when, step.id


def test_every_step_has_a_topic_and_the_limits_are_set() -> None:
    for questionnaire in (FULL, QUICK):
        assert all(step.topic for step in questionnaire.recommendations)
        limits = questionnaire.recommendation_limits
        assert (limits.total, limits.now) == (10, 3)


# ------------------------------------------------------------------ 1.2 content


def chosen_steps(questionnaire: Questionnaire, answers: dict[str, Any], **profile: Any) -> set[str]:
    """The steps a report gives, without the budget of ten: of a topic's variants
    (by partner type, by size), only the one that fits is kept."""
    unlimited = questionnaire.model_copy(update={"recommendation_limits": RecommendationLimits()})
    result = score(unlimited, answer_set(unlimited, answers, **profile))
    return {r.id for r in result.recommendations}


def step_texts(questionnaire: Questionnaire, ids: set[str]) -> str:
    return " ".join(s.text["fr"] for s in questionnaire.recommendations if s.id in ids)


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
def test_level_labels_are_nominal_and_every_stage_has_its_text(
    questionnaire: Questionnaire,
) -> None:
    assert [(x.label["fr"], x.label["en"]) for x in questionnaire.levels] == [
        ("Préparation", "Preparation"),
        ("Émergence", "Emerging"),
        ("Expérimentation", "Experimentation"),
        ("Alliance solide", "Solid alliance"),
    ]
    later = {"first_project", "experimenting", "formalised", "difficulty"}
    for level in questionnaire.levels:
        assert set(level.stage_descriptions) >= later, level.id
    ready = questionnaire.levels[-1]
    assert "exploring" in ready.stage_descriptions
    # « conditions réunies » only where every condition is met (60 or more everywhere)
    for level in questionnaire.levels[:-1]:
        texts = [level.description, *level.stage_descriptions.values()]
        assert not any("réunies" in text["fr"] for text in texts), level.id


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
@pytest.mark.parametrize("stage", ["exploring", "first_project"])
def test_no_strategic_roadmap_before_the_experiments(
    questionnaire: Questionnaire, stage: str
) -> None:
    # at its best, the level is « Alliance solide » before any ceiling by stage
    steps = steps_for(questionnaire, best_answers(questionnaire), stage=stage, partner_name="X")
    assert "Passez au niveau stratégique" not in step_texts(questionnaire, steps)
    assert "level_experimenting_pilots" in steps


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
def test_a_difficult_alliance_gets_a_review_and_no_strength_step(
    questionnaire: Questionnaire,
) -> None:
    steps = steps_for(questionnaire, best_answers(questionnaire), stage="difficulty")
    assert "difficulty_review" in steps
    texts = step_texts(questionnaire, steps)
    assert "capitalisez" not in texts and "changement d’échelle" not in texts


@pytest.mark.parametrize("partner_type", ["public", "private"])
def test_governance_words_suit_the_partner(partner_type: str) -> None:
    neutral = {q.id: "neutral" for q in FULL.questions if q.option("neutral")}
    answers = {**neutral, "trust_history": "several", "framework_convention": "drafting"}
    steps = chosen_steps(
        FULL, answers, partner_type=partner_type, stage="experimenting", private_kind="company"
    )
    convention = {s for s in steps if s.startswith("framework_convention")}
    variant = "public" if partner_type == "public" else "company"
    assert convention == {f"framework_convention_{variant}"}
    every = " ".join(s.text["fr"] for s in FULL.recommendations + QUICK.recommendations)
    assert "deux conseils" not in every and "deux bureaux" not in every
    text = step_texts(FULL, convention)
    assert ("délibération" in text) is (partner_type == "public")
    assert ("direction de l’entreprise" in text) is (partner_type == "private")


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
def test_a_foundation_is_not_sent_company_steps(questionnaire: Questionnaire) -> None:
    kind = questionnaire.question("private_kind")
    assert kind is not None and kind.when == "profile.partner_type == 'private'"
    answers = worst_answers(questionnaire)
    foundation = steps_for(questionnaire, answers, stage="experimenting", private_kind="foundation")
    company = steps_for(questionnaire, answers, stage="experimenting", private_kind="company")
    assert "private_foundation_support" in foundation and "private_skills_needs" in company
    texts = step_texts(questionnaire, foundation)
    assert "mécénat de compétences" not in texts and "quatre formes" not in texts


def test_a_network_is_not_set_against_the_average_association() -> None:
    profile = {"stage": "exploring", "partners_count": 1}
    answers = worst_answers(FULL)
    assert "few_partners_mapping" in steps_for(FULL, answers, **profile)
    network = steps_for(FULL, answers, organisation_kind="network", **profile)
    assert "few_partners_mapping" not in network


def test_the_mooc_step_points_to_the_mooc() -> None:
    step = next(s for s in FULL.recommendations if s.id == "posture_faire_avec")
    assert [r.url for r in step.resources] == [
        "https://www.coursera.org/learn/partenariats-qui-changent-le-monde"
    ]


@pytest.mark.parametrize(
    ("stage", "first_action"), [("exploring", True), ("first_project", False), (None, False)]
)
def test_after_your_first_joint_action_only_while_exploring(
    stage: str | None, first_action: bool
) -> None:
    answers = {"trust_history": "none", "trust_knowledge": "dont_know"}
    steps = steps_for(FULL, answers, stage=stage)
    assert steps & {"incomplete_answers", "incomplete_answers_exploring"}
    texts = step_texts(FULL, steps)
    assert ("première action commune" in texts) is first_action


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
def test_no_pilot_beside_do_not_launch_a_new_project(questionnaire: Questionnaire) -> None:
    answers = {q.id: "neutral" for q in questionnaire.questions if q.option("neutral")}
    steps = steps_for(questionnaire, {**answers, "trust_history": "one"}, stage="first_project")
    assert "level_emerging_consolidate" in steps
    assert "flexibility_first_pilot" not in steps


@pytest.mark.parametrize("employees", [0, 7])
def test_no_lasting_commitment_is_never_beside_write_a_convention(employees: int) -> None:
    answers = {**worst_answers(FULL), "trust_history": "several", "framework_convention": "no"}
    steps = chosen_steps(
        FULL, answers, partner_type="public", stage="experimenting", employees_fte=employees
    )
    assert "level_not_ready_review" in steps
    assert not {s for s in steps if s.startswith(("framework_convention", "level_not_ready_prep"))}
    exploring = chosen_steps(FULL, answers, stage="exploring", employees_fte=employees)
    chosen = {s for s in exploring if s.startswith("level_not_ready_prepare")}
    assert chosen == {"level_not_ready_prepare_" + ("dla" if employees else "guidasso")}


def test_one_piece_of_advice_once() -> None:
    good = best_answers(FULL)
    # the yearly convention review: in the level step of a formalised alliance, or alone
    weaker_trust = {  # trust « À consolider », with no critical answer
        "trust_knowledge": "disagree",
        "trust_informal": "never",
        "trust_transparency": "disagree",
        "peer_funding_talk": "disagree",
        "trust_our_commitments": "neutral",
    }
    answers = {**good, **weaker_trust, "framework_convention": "signed"}
    formalised = steps_for(FULL, answers, partner_type="peer", stage="formalised")
    assert "level_formalised_keep_alive" in formalised
    assert "framework_convention_review" not in formalised
    alone = steps_for(FULL, answers, partner_type="peer", stage="experimenting")
    assert "framework_convention_review" in alone
    # extending to other territories: once for a solid formalised alliance
    ready = steps_for(FULL, good, partner_type="peer", stage="formalised")
    assert "level_alliance_ready_scale" in ready
    assert not ready & {"peer_scale_impact", "demand_strength_scale_up"}
    # dependence: the honest exit and the dependence steps share one topic
    topics = {s.id: s.topic for s in FULL.recommendations}
    assert topics["not_this_partner"] == topics["confidence_reduce_dependence"]
    assert topics["not_this_partner"] == topics["public_voice_disagreement"]
    assert topics["framework_convention_review"] == topics["framework_convention"]
    # the convention step names the disagreement rule: the rule's own step is its variant
    assert topics["framework_disagreement_agree"] == topics["framework_convention"]


@pytest.mark.parametrize("questionnaire", [FULL, QUICK], ids=["full", "quick"])
def test_a_dont_know_asks_to_find_out(questionnaire: Questionnaire) -> None:
    answers = {"framework_mandate": "dont_know", "trust_history": "dont_know"}
    steps = steps_for(questionnaire, answers, stage="first_project", employees_fte=3)
    assert {"framework_mandate_find_out", "trust_history_find_out"} <= steps
    assert not steps & {
        "framework_board_mandate",
        "framework_board_mandate_volunteers",
        "trust_first_joint_action",
    }
    assert step_texts(questionnaire, steps).count("Renseignez-vous") == 2


def test_no_strength_step_against_a_red_answer() -> None:
    answers = {**best_answers(FULL), "framework_steering": "strongly_agree"}
    strong = steps_for(FULL, answers, partner_type="public", stage="formalised")
    assert "confidence_strength_co_lead" in strong
    answers["public_independence"] = "agree"
    assert "confidence_strength_co_lead" not in steps_for(
        FULL, answers, partner_type="public", stage="formalised"
    )


def test_the_honest_exit_says_what_was_answered() -> None:
    neutral = {q.id: "neutral" for q in FULL.questions if q.option("neutral")}
    doubts_and_dependence = {"trust_intentions": "agree", "confidence_resource_share": "over_50"}
    peer = chosen_steps(FULL, {**neutral, **doubts_and_dependence}, partner_type="peer")
    assert {s for s in peer if s.startswith("not_this_partner")} == {"not_this_partner_peer"}
    text = step_texts(FULL, {"not_this_partner_peer"})
    assert "absorbée" in text and "financement ou de la prestation" not in text
    two = step_texts(FULL, {"not_this_partner_doubts_concessions"})
    assert "doutes" in two and "accepté" in two and "dépendez" not in two


def test_the_two_missing_steps() -> None:
    answers = {"complementarity_recognised": "disagree", "demand_quality": "strongly_disagree"}
    steps = steps_for(FULL, answers, stage="experimenting")
    assert {"complementarity_beyond_image", "demand_quality_capacity"} <= steps


def test_the_new_items_are_facts_with_a_not_yet_where_it_is_real() -> None:
    for question_id in (
        "complementarity_costs_benefits",
        "complementarity_in_kind_valued",
        "framework_disagreement_rule",
        "framework_team_support",
    ):
        for questionnaire in (FULL, QUICK):
            question = questionnaire.question(question_id)
            assert question is not None and question.scale is None, question_id
    not_yet = {"complementarity_in_kind_valued", "framework_disagreement_rule"}
    for question_id in not_yet | {"framework_team_support"}:
        question = FULL.question(question_id)
        assert question is not None
        assert any(o.unanswered_as == "not_applicable" for o in question.options or [])
    # the quick version's complementarity has a factual acquiescence control
    factual = [q for q in QUICK.questions if q.dimension == "complementarity" and q.scale is None]
    assert len(factual) >= 1


def test_who_is_asked_what() -> None:
    reporting = FULL.question("demand_partner_reporting")
    funding = FULL.question("public_funding_mode")
    assert reporting is not None and funding is not None
    assert "'peer'" in (reporting.when or "") and "'foundation'" in (reporting.when or "")
    assert funding in FULL.profile and funding.dimension is None
    assert "public_funding_mode" not in {q.id for q in FULL.questions}
    steps = steps_for(
        FULL,
        {"public_recognition": "disagree"},
        partner_type="public",
        public_funding_mode="multi_year",
    )
    assert "public_partner_not_contractor_cpo" in steps


def test_no_technical_words_in_client_steps() -> None:
    for questionnaire in (FULL, QUICK):
        for step in questionnaire.recommendations:
            assert "alliance-readiness" not in step.text["fr"], step.id
            assert "alliance-diag" not in step.text["fr"], step.id
    for question in FULL.questions:
        assert not question.text["fr"].startswith("Nous savons"), question.id


# ------------------------------------------------------------ partner questionnaire 1.2

PARTNER = load_questionnaire("alliance-readiness-partner")


def option_ids(questionnaire: Questionnaire, question_id: str) -> list[str]:
    question = questionnaire.question(question_id)
    assert question is not None, question_id
    return [o.id for o in question.options or []]


def test_the_partner_states_facts_on_our_scales() -> None:
    # a count is compared with a count, a signature with a signature (review §3.1)
    assert option_ids(PARTNER, "partner_trust_joint_actions") == option_ids(FULL, "trust_history")
    assert option_ids(PARTNER, "partner_framework_convention_status") == option_ids(
        FULL, "framework_convention"
    )
    assert option_ids(PARTNER, "partner_trust_informal") == option_ids(FULL, "trust_informal")
    assert option_ids(PARTNER, "partner_framework_disagreement_rule") == option_ids(
        FULL, "framework_disagreement_rule"
    )
    for question in PARTNER.questions:
        if question.mirrors:
            ours = FULL.question(question.mirrors)
            assert ours is not None and ours.type == question.type, question.id


def test_the_partner_questionnaire_keeps_none_of_the_1_1_defects() -> None:
    texts = " ".join(" ".join(t["fr"] for t in (q.text, q.help) if t) for q in PARTNER.questions)
    assert "subvention" not in texts
    assert "Nos élus et nos services" not in texts
    assert "répondez «\u202fJe ne sais pas\u202f»" not in texts
    assert {"partner_public_officials", "partner_public_services"} <= {
        q.id for q in PARTNER.questions
    }
    frequencies = [o.label["fr"] for o in PARTNER.scales["frequency"].options]
    assert "Souvent" not in frequencies and "Chaque trimestre" in frequencies
    assert "difficulty" in option_ids(PARTNER, "stage")
    steps = " ".join(s.text["fr"] for s in PARTNER.recommendations)
    assert "alliance-diag" not in steps


def test_own_side_facts_keep_no_mirror() -> None:
    # each side's mandate, approval circuit, budget and continuity describe itself
    for question_id in (
        "partner_framework_mandate",
        "partner_flexibility_approval",
        "partner_flexibility_procedures",
        "partner_patience_budget",
        "partner_patience_continuity",
    ):
        question = PARTNER.question(question_id)
        assert question is not None and question.mirrors is None, question_id


@pytest.mark.parametrize(
    ("stage", "step"),
    [
        ("exploring", "partner_level_experimenting"),
        ("formalised", "partner_level_experimenting_later"),
        ("difficulty", "partner_difficulty_review"),
    ],
)
def test_the_partner_steps_follow_the_stage(stage: str, step: str) -> None:
    # « Plutôt d'accord » with every statement (reverse ones disagreed), facts at their
    # best: the partner's level is « Expérimentation » at every stage
    answers = {
        q.id: ("disagree" if q.reverse else "agree")
        if q.option("agree")
        else extreme_answer(q, best=True)
        for q in PARTNER.questions
    }
    steps = chosen_steps(PARTNER, answers, stage=stage)
    assert step in steps


@pytest.mark.parametrize(
    ("facilitator", "employees", "step"),
    [
        ("yes", 3, "complementarity_shared_diagnosis_facilitated"),
        ("no", 3, "complementarity_shared_diagnosis_dla"),
        ("no", 0, "complementarity_shared_diagnosis_guidasso"),
        (None, None, "complementarity_shared_diagnosis"),
    ],
)
def test_a_third_party_already_at_work_is_named_not_sought(
    facilitator: str | None, employees: int | None, step: str
) -> None:
    answers = {q.id: "agree" for q in FULL.questions if q.option("agree")}
    answers |= {"complementarity_need": "neutral", "complementarity_same_actions": "neutral"}
    answers |= {
        "complementarity_our_expectations": "agree",
        "complementarity_recognised": "neutral",
    }
    steps = steps_for(
        FULL, answers, stage="experimenting", facilitator=facilitator, employees_fte=employees
    )
    diagnosis = {s for s in steps if s.startswith("complementarity_shared_diagnosis")}
    assert step in diagnosis
    chosen = chosen_steps(
        FULL, answers, stage="experimenting", facilitator=facilitator, employees_fte=employees
    )
    assert {s for s in chosen if s.startswith("complementarity_shared_diagnosis")} == {step}
