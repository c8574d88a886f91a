"""The built-in questionnaires carry what CONTENT.md asks for."""

from __future__ import annotations

from collections import Counter

import pytest

from alliance_diag.io.questionnaire_files import load_questionnaire

DIMENSIONS = [
    "trust",
    "complementarity",
    "framework",
    "flexibility",
    "patience",
    "confidence",
    "demand",
]
FULL = load_questionnaire("alliance-readiness")
QUICK = load_questionnaire("alliance-readiness-quick")


def module_of(when: str | None) -> str | None:
    for partner_type in ("peer", "public", "private"):
        if when and f"profile.partner_type == '{partner_type}'" in when:
            return partner_type
    return None


def test_seven_dimensions_in_two_families() -> None:
    for questionnaire in (FULL, QUICK):
        assert [d.id for d in questionnaire.dimensions] == DIMENSIONS
        families = {d.id: d.family for d in questionnaire.dimensions}
        assert {families[d] for d in DIMENSIONS[:4]} == {"conditions"}
        assert {families[d] for d in DIMENSIONS[4:]} == {"parameters"}


def test_family_b_weighs_most_with_companies_and_one_otherwise() -> None:
    for dimension in FULL.dimensions[4:]:
        assert dimension.weight_for("private") == 1.5
        assert dimension.weight_for("peer") == dimension.weight_for("public") == 1.0
    for dimension in FULL.dimensions[:4]:
        assert {dimension.weight_for(t) for t in ("peer", "public", "private")} == {1.0}


def test_full_has_five_general_items_per_dimension_some_reversed() -> None:
    general = [q for q in FULL.questions if module_of(q.when) is None]
    counts = Counter(q.dimension for q in general)
    assert all(counts[d] >= 5 for d in DIMENSIONS), counts
    assert sum(q.reverse for q in FULL.questions) >= 7


@pytest.mark.parametrize("partner_type", ["peer", "public", "private"])
def test_a_module_per_partner_type(partner_type: str) -> None:
    module = [q for q in FULL.questions if module_of(q.when) == partner_type]
    assert len(module) >= 4
    assert all(q.dimension in DIMENSIONS for q in module)


def test_profile_questions() -> None:
    ids = [q.id for q in FULL.profile]
    assert ids[:13] == [
        "organisation",
        "name",
        "role",
        "organisation_kind",
        "partner_type",
        "private_kind",
        "partner_name",
        "stage",
        "public_funding_mode",
        "facilitator",
        "partners_count",
        "sector",
        "territory",
    ]
    assert FULL.partner_types() == ["peer", "public", "private"]
    role = FULL.question("role")
    assert role and [o.id for o in role.options or []] == [
        "board",
        "staff",
        "volunteer",
        "collective",
    ]
    assert ids[13:] == ["employees_fte", "budget_band"]
    stage = FULL.question("stage")
    assert stage and [o.id for o in stage.options or []] == [
        "exploring",
        "first_project",
        "experimenting",
        "formalised",
        "difficulty",
    ]


def test_levels_gates_and_bands_as_published() -> None:
    for questionnaire in (FULL, QUICK):
        assert [(x.id, x.min, x.max) for x in questionnaire.levels] == [
            ("not_ready", 0, 40),
            ("emerging", 40, 60),
            ("experimenting", 60, 80),
            ("alliance_ready", 80, 100),
        ]
        gates = [(g.named or "any", g.below, g.count, g.cap, g.when) for g in questionnaire.gates]
        private = "profile.partner_type == 'private'"
        assert gates == [
            (["trust"], 40, 1, "emerging", None),
            (["complementarity"], 40, 1, "emerging", None),
            ("any", 25, 1, "emerging", None),
            ("any", 50, 2, "emerging", None),
            (["patience", "confidence", "demand"], 50, 1, "emerging", private),
            ("any", 60, 1, "experimenting", None),
        ]
        assert questionnaire.unscored_cap == "experimenting"
        assert (questionnaire.status_bands.strength, questionnaire.status_bands.to_watch) == (
            75,
            50,
        )


def test_recommendations_cover_every_dimension_and_partner_type() -> None:
    recommendations = FULL.recommendations
    assert len(recommendations) >= 25
    assert {r.dimension for r in recommendations} >= set(DIMENSIONS)
    for partner_type in ("peer", "public", "private"):
        assert any(r.when and f"'{partner_type}'" in r.when for r in recommendations), partner_type
    assert {r.stage for r in recommendations} >= {s.id for s in FULL.journey}
    assert all(r.horizon in {"now", "3_months", "12_months"} for r in recommendations)


def test_quick_is_two_items_per_dimension_and_two_per_partner_type() -> None:
    general = [q for q in QUICK.questions if module_of(q.when) is None]
    # two per dimension, and the four items 1.2 adds: costs and non-financial
    # contributions (complementarity), the disagreement rule and the team (framework)
    assert Counter(q.dimension for q in general) == {
        **dict.fromkeys(DIMENSIONS, 2),
        "complementarity": 4,
        "framework": 4,
    }
    for partner_type in ("peer", "public", "private"):
        assert sum(module_of(q.when) == partner_type for q in QUICK.questions) == 2
    full_ids = {q.id for q in FULL.questions}
    assert {q.id for q in QUICK.questions} <= full_ids
    assert [d.weights for d in QUICK.dimensions] == [d.weights for d in FULL.dimensions]


def test_every_text_in_both_languages() -> None:
    for questionnaire in (FULL, QUICK):
        for question in questionnaire.all_questions():
            assert question.text["fr"].strip() and question.text["en"].strip()
            assert question.text["fr"] != question.text["en"]
