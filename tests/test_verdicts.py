"""Verdicts a consultant would sign (gates 1.2): the review's probing cases, written as
answer files by tests/probing.py, and the properties of the level rule on any answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import answer_set
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from probing import FOLDER, FULL

from alliance_diag.core.i18n import pick
from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.explanation import score
from alliance_diag.engine.level_reasons import gate_reasons
from alliance_diag.engine.questionnaire import QuestionType
from alliance_diag.engine.result import Result
from alliance_diag.engine.scoring import scorer_for
from alliance_diag.io.answer_files import load_answers
from alliance_diag.report import Format, render

ORDER = [level.id for level in FULL.levels]
STAGES = [o.id for o in FULL.question("stage").options or []]  # type: ignore[union-attr]
SCORER = scorer_for(FULL)


def rank(level: str | None) -> int:
    return ORDER.index(level) if level is not None else -1


def probed(name: str) -> Result:
    answers, questionnaire = load_answers(FOLDER / f"{name}.yaml")
    return score(questionnaire, answers, "fr")


@pytest.mark.parametrize(
    ("name", "level", "named"),
    [
        # no ceiling by stage was the first fault: now at most "experimenting"
        ("exploring-faking-good-private", "experimenting", ["stage_exploring"]),
        # one critical answer, however good the rest
        ("one-weakness-funding-first-private", "experimenting", ["patience_funding_pressure"]),
        ("one-weakness-doubts-public", "experimenting", ["trust_intentions"]),
        ("one-weakness-dependence-public", "experimenting", ["public_independence"]),
        ("one-weakness-no-mandate-peer", "experimenting", ["framework_mandate"]),
        ("one-weakness-values-private", "experimenting", ["private_values"]),
        # detection has consequences
        ("acquiescent-full-agree-exploring", "emerging", ["checks_and_acquiescence"]),
        ("contradictory-public-formalised", "emerging", ["checks"]),
        # an honest early stage gets a verdict; a solid formalised alliance keeps its own
        ("small-volunteer-asso-public-exploring", "experimenting", ["stage_exploring"]),
        ("solid-peer-formalised", "alliance_ready", []),
    ],
)
def test_the_review_cases_get_a_verdict_a_consultant_signs(
    name: str, level: str, named: list[str]
) -> None:
    result = probed(name)
    assert result.overall.level == level
    assert [cap.id for cap in result.overall.caps if cap.id in named] == named
    text = str(render(result, FULL, Format.markdown, generated_on=_day()))
    # never the strategic step to an association without tested joint actions
    if result.profile.get("stage") in ("exploring", "first_project"):
        assert "Passez au niveau stratégique" not in text
    # notices come before the result
    if result.notices:
        assert text.index("À lire avant le résultat") < text.index("## Pourquoi ce niveau")
        assert text.index("À lire avant le résultat") < text.index("Score global")


def test_every_kind_of_unknown_is_never_better_than_the_worst_answer() -> None:
    # the loophole files: the statements that offer « Pas encore » at their worst, or as
    # « Je ne sais pas », « Pas encore » (a first project runs: it should be known) or
    # skipped. Before 1.2, « Pas encore » and skipping gave « Prêt à expérimenter ».
    worst = probed("loophole-worst").overall.level
    assert worst == "emerging"
    for name in ("loophole-dont-know", "loophole-not-yet", "loophole-skipped"):
        assert rank(probed(name).overall.level) <= rank(worst), name


def test_an_honest_exploring_association_hears_no_false_sentence() -> None:
    result = probed("small-volunteer-asso-public-exploring")
    text = str(render(result, FULL, Format.markdown, generated_on=_day()))
    assert "Aucune dimension" not in text and "Pas de niveau" not in text
    assert "complétez" not in text
    assert "laissées de côté" in text  # the real « Pas encore » answers, said so


def _day() -> Any:
    from report_fixtures import REPORT_DATE

    return REPORT_DATE


# ------------------------------------------------------------------ properties


def _answer(question: Any, data: st.DataObject) -> Any:
    if question.type is QuestionType.number:
        low, high = question.min or 0.0, question.max or 100.0
        return data.draw(st.integers(int(low), int(min(high, low + 50))))
    options = [o.id for o in question.options or []]
    if question.type is QuestionType.multiple:
        return data.draw(st.lists(st.sampled_from(options), max_size=3, unique=True))
    return data.draw(st.sampled_from(options))


@st.composite
def answer_sets(draw: st.DrawFn, *, stage: str | None = None, real: bool = False) -> AnswerSet:
    """Any answers to the full questionnaire; ``real``: no unknown at all, and « Pas
    encore » wherever it is offered (an honest exploring association)."""
    data = draw(st.data())
    partner_type = draw(st.sampled_from(["peer", "public", "private"]))
    chosen_stage = stage or draw(st.sampled_from(STAGES))
    answers: dict[str, Any] = {}
    for item in SCORER.items:
        question = item.question
        if real:
            options = question.options or []
            if any(o.id == "not_yet" for o in options):
                answers[question.id] = "not_yet"
                continue
            scored = [o.id for o in options if o.score is not None]
            answers[question.id] = (
                data.draw(st.sampled_from(scored)) if scored else _answer(question, data)
            )
        elif data.draw(st.booleans()) or question.type is not QuestionType.number:
            answers[question.id] = _answer(question, data)
    return answer_set(FULL, answers, partner_type=partner_type, stage=chosen_stage)


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(answer_sets(), st.data())
def test_an_unknown_of_any_kind_never_raises_the_level(
    answers: AnswerSet, data: st.DataObject
) -> None:
    profile = answers.profile_values()
    pattern = SCORER.pattern(profile, answers.answers)
    known = [
        (i, qid)
        for i, qid in enumerate(pattern.ids_flat)
        if answers.answers.get(qid) is not None and qid not in SCORER.answer_refs
    ]
    if not known:
        return
    position, qid = data.draw(st.sampled_from(known))
    item = SCORER.item_of[qid]
    unknowns: list[Any] = [
        None,
        *sorted(item.dont_know),
        *(sorted(item.not_applicable) if pattern.late_flat[position] else []),
    ]
    unknown = data.draw(st.sampled_from(unknowns))
    before = score(FULL, answers).overall.level
    changed = answers.model_copy(update={"answers": {**answers.answers, qid: unknown}})
    after = score(FULL, changed).overall.level
    assert rank(after) <= rank(before)


@SETTINGS
@given(st.sampled_from(["exploring", "first_project"]).flatmap(lambda s: answer_sets(stage=s)))
def test_the_stage_ceiling_holds_for_any_answers(answers: AnswerSet) -> None:
    assert rank(score(FULL, answers).overall.level) <= rank("experimenting")


@SETTINGS
@given(answer_sets())
def test_a_triggered_critical_answer_is_always_named(answers: AnswerSet) -> None:
    result = score(FULL, answers, "fr")
    if result.overall.level is None:
        return
    reasons = " ".join(gate_reasons(result, FULL, "fr"))
    for cap in result.overall.caps:
        if cap.kind == "critical":
            question = FULL.question(cap.id)
            assert question is not None and question.critical is not None
            assert pick(question.critical.reason, "fr") in reasons


@SETTINGS
@given(answer_sets(stage="exploring", real=True))
def test_an_honest_exploring_association_always_gets_a_level(answers: AnswerSet) -> None:
    result = score(FULL, answers, "fr")
    assert result.overall.level is not None
    assert all(d.status != "insufficient" for d in result.dimensions)


def test_the_probing_files_are_current() -> None:
    """tests/probing.py writes them; rerun it when the questionnaire changes."""
    import probing

    for name in probing.CASES:
        path = Path(FOLDER / f"{name}.yaml")
        assert path.is_file(), f"run: python tests/probing.py ({name} is missing)"
