"""The level rules of version 1.1, one hand-built answer set per rule, at and around each
threshold (tests/data/questionnaires/gates.yaml: each dimension scores the number typed)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import DATA, answer_set

from alliance_diag.engine.result import Result
from alliance_diag.engine.scoring import score
from alliance_diag.i18n import typeset_fr
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.report import Format, render
from alliance_diag.report.templating import markdown_escape

GATES = load_questionnaire(DATA / "questionnaires" / "gates.yaml")
DIMENSIONS = [d.id for d in GATES.dimensions]


def shown(french: str) -> str:
    """A French message as the Markdown report prints it: typeset, then through its |md filter."""
    return markdown_escape(typeset_fr(french))


def scored(partner_type: str = "peer", **scores: float | None) -> Result:
    """Every dimension at 85 unless given; None leaves it unanswered."""
    values = {d: 85.0 for d in DIMENSIONS} | scores
    answers = {f"x_{d}": v for d, v in values.items() if v is not None}
    return score(GATES, answer_set(GATES, answers, partner_type=partner_type), "fr")


def test_all_high_is_alliance_ready_and_firm() -> None:
    overall = scored().overall
    assert (overall.score, overall.level, overall.provisional) == (85.0, "alliance_ready", False)
    assert overall.gates == [] and overall.capped_by == []


@pytest.mark.parametrize(
    ("scores", "level", "capped_by"),
    [
        # 1. trust below 40: at most emerging; at 40 only "any below 60" holds
        ({"trust": 39.9}, "emerging", ["trust"]),
        ({"trust": 40.0}, "experimenting", []),
        # 2. complementarity below 40, as trust
        ({"complementarity": 39.9}, "emerging", ["complementarity"]),
        ({"complementarity": 40.0}, "experimenting", []),
        # 3. any dimension below 25
        ({"flexibility": 24.9}, "emerging", ["flexibility"]),
        ({"flexibility": 25.0}, "experimenting", []),
        # 4. two or more dimensions in concern (below 50)
        ({"framework": 49.9, "flexibility": 49.9}, "emerging", ["framework", "flexibility"]),
        ({"framework": 49.9, "flexibility": 50.0}, "experimenting", []),
        # 6. any dimension below 60
        ({"demand": 59.9}, "experimenting", ["demand"]),
        ({"demand": 60.0}, "alliance_ready", []),
    ],
)
def test_each_gate_at_and_around_its_threshold(
    scores: dict[str, float], level: str, capped_by: list[str]
) -> None:
    # capped_by names the gates that lowered the level from the one its mean gives
    overall = scored(**scores).overall
    assert overall.level == level
    assert overall.capped_by == capped_by
    assert not overall.provisional


@pytest.mark.parametrize(
    ("partner_type", "value", "level"),
    [
        ("private", 49.9, "emerging"),
        ("private", 50.0, "experimenting"),
        ("peer", 49.9, "experimenting"),
        ("public", 49.9, "experimenting"),
    ],
)
def test_company_parameters_are_conditions_with_a_company(
    partner_type: str, value: float, level: str
) -> None:
    for parameter in ("patience", "confidence", "demand"):
        assert scored(partner_type, **{parameter: value}).overall.level == level, parameter


def test_company_weights_never_lift_four_weak_conditions() -> None:
    # the review's case: the four conditions at 41.7 and the parameters at 100 with a
    # company give a mean above 60 at 1.5 weight, but not a ready verdict
    conditions = {d: 41.7 for d in ("trust", "complementarity", "framework", "flexibility")}
    overall = scored("private", patience=100, confidence=100, demand=100, **conditions).overall
    assert overall.score is not None and overall.score > 60
    assert overall.level == "emerging"


@pytest.mark.parametrize(
    ("partner_type", "missing"),
    [
        ("peer", "flexibility"),  # any unscored dimension
        ("peer", "trust"),  # a dimension a gate names
        ("peer", "complementarity"),
        ("private", "patience"),  # named by the company gate
        ("peer", "patience"),  # ... which does not apply to a peer
    ],
)
def test_an_unscored_dimension_passes_no_gate(partner_type: str, missing: str) -> None:
    # gates 1.2, point 10: its skipped answers count, for the level, as the lowest answer,
    # which a gate on any dimension below 25 holds at "emerging"
    overall = scored(partner_type, **{missing: None}).overall
    assert overall.level == "emerging"
    assert overall.known_answers_level in ("experimenting", None)
    assert overall.provisional and overall.unscored == [missing]
    assert missing in overall.capped_by


def test_the_review_case_of_a_company_with_two_parameters_unknown() -> None:
    overall = scored("private", patience=None, confidence=None).overall
    assert overall.score == 85.0
    assert overall.level == "emerging"
    assert overall.provisional and overall.unscored == ["patience", "confidence"]


def test_reasons_name_every_gate_in_a_sentence() -> None:
    result = scored("private", trust=None, framework=45, flexibility=45, demand=45)
    text = render(result, GATES, Format.markdown, generated_on=date(2026, 11, 28))
    assert "**En émergence** *(provisoire)*" in text
    assert shown("Résultat provisoire : complétez trust pour le confirmer.") in text
    assert (
        shown(
            "Plafonné à « En émergence » parce qu'au moins 2 dimensions sont sous 50 : "
            "framework à 45,0, flexibility à 45,0 et demand à 45,0."
        )
        in text
    )
    assert shown("Plafonné à « En émergence » parce que demand est à 45,0, sous 50.") in text
    assert (
        shown("Au plus « En émergence » tant que trust n'ont pas assez de réponses") not in text
    ), "one dimension takes the singular"
    assert "trust" in text.split("## Pourquoi ce niveau")[1].split("## Dimensions")[0]
    assert " à , " not in text


def test_method_says_which_gates_held() -> None:
    result = scored("peer", trust=39)
    text = render(result, GATES, Format.markdown, generated_on=date(2026, 11, 28))
    assert shown("trust sous 40 : au plus « En émergence » — s'applique ici") in text
    assert "patience ou confidence ou demand sous 50" not in text
    assert "ne concerne pas ce partenaire" in text
