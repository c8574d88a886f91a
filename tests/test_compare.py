"""The comparison computed: deltas and flags, antisymmetry, mirrored statements, trends."""

from __future__ import annotations

from datetime import datetime

import pytest
from compare_fixtures import CURRENT, OURS, PARTNER, answer_file, entry, targeted
from conftest import answer_set
from hypothesis import given, settings
from hypothesis import strategies as st
from report_fixtures import EXAMPLES

from alliance_diag.cli.compare_files import read_entry
from alliance_diag.compare import Comparison, Entry, compare_dates, compare_sides
from alliance_diag.compare.items import mirror_pairs
from alliance_diag.core.errors import InputError
from alliance_diag.engine.answers import AnswerValue
from alliance_diag.engine.explanation import score
from alliance_diag.engine.scoring import scorer_for
from alliance_diag.io.questionnaire_files import load_questionnaire

OUR_SIDE = EXAMPLES / "petite-asso-entreprise.yaml"
THEIR_SIDE = EXAMPLES / "petite-asso-entreprise-partenaire.yaml"


def with_trust(base: Entry, value: float | None) -> Entry:
    """The same result with trust's score set by hand (the engine only gives reachable ones)."""
    dimensions = [
        d.model_copy(update={"score": value}) if d.id == "trust" else d
        for d in base.result.dimensions
    ]
    return Entry(result=base.result.model_copy(update={"dimensions": dimensions}), source="x")


@pytest.fixture(scope="module")
def base() -> Entry:
    return entry(OURS, answer_file(OURS, {}))


@pytest.mark.parametrize(
    ("a", "b", "delta", "flagged"),
    [
        (50.0, 69.9, 19.9, False),
        (50.0, 70.0, 20.0, True),
        (70.0, 50.0, -20.0, True),
        (60.1, 40.2, -19.9, False),
        # 65.3 − 45.3 is 19.999999999999996 in floating point: still a difference of 20
        (45.3, 65.3, 20.0, True),
        (None, 50.0, None, False),
        (50.0, None, None, False),
    ],
)
def test_delta_and_flag_at_20(
    base: Entry, a: float | None, b: float | None, delta: float | None, flagged: bool
) -> None:
    comparison = compare_sides([with_trust(base, a)], [with_trust(base, b)], "fr")
    trust = next(d for d in comparison.dimensions if d.id == "trust")
    assert (trust.a, trust.b, trust.delta, trust.flagged) == (a, b, delta, flagged)
    assert [s.dimension for s in comparison.next_steps] == (["trust"] if flagged else [])


def test_two_sides_by_hand() -> None:
    """Ours at 25 on trust and 50 elsewhere; the partner at 75 on trust, 50 on demand
    and 75 elsewhere: +50 on trust, +25 on four dimensions, 0 on demand."""
    ours = entry(OURS, answer_file(OURS, {"trust": 0.25}))
    theirs = entry(PARTNER, answer_file(PARTNER, {"trust": 0.75, "demand": 0.5}, default=0.75))
    comparison = compare_sides([ours], [theirs], "fr")
    deltas = {d.id: d.delta for d in comparison.dimensions}
    assert deltas == {
        "trust": 50.0,
        "complementarity": 25.0,
        "framework": 25.0,
        "flexibility": 25.0,
        "patience": 25.0,
        "confidence": 25.0,
        "demand": 0.0,
    }
    assert [d.id for d in comparison.dimensions if not d.flagged] == ["demand"]
    assert comparison.next_steps[0].dimension == "trust"
    assert "Avant toute convention" in comparison.next_steps[0].text
    # trust at 25 caps our side below 40; the partner's lowest, demand at 50, holds it at
    # "Ready to experiment"; since issue 9 every dimension weighs 1 with a peer, so the
    # partner's overall is (75 × 6 + 50) / 7 = 71.4
    assert (comparison.level_a, comparison.level_b) == ("emerging", "experimenting")
    assert comparison.b.overall == 71.4
    assert "trust" in comparison.a.concerns
    assert any("alliance-readiness-partner 1.2" in w for w in comparison.warnings)


def random_answers(draw: st.DrawFn) -> dict[str, AnswerValue]:
    answers: dict[str, AnswerValue] = {}
    for item in scorer_for(OURS).items:
        options = [o.id for o in item.question.options or []]
        answers[item.question.id] = draw(st.sampled_from([*options, None]))
    return answers


@st.composite
def two_entries(draw: st.DrawFn) -> tuple[Entry, Entry]:
    found = []
    for name in ("a", "b"):
        partner_type = draw(st.sampled_from(["peer", "public", "private"]))
        answers = answer_set(OURS, random_answers(draw), partner_type=partner_type)
        found.append(
            Entry(
                result=score(OURS, answers, "fr"),
                source=name,
                answers=answers,
                questionnaire=OURS,
            )
        )
    return found[0], found[1]


def mirrored(comparison: Comparison) -> dict[tuple[str, str], float]:
    return {(i.a.question, i.b.question): i.steps for i in comparison.items}


@settings(max_examples=60, deadline=None)
@given(two_entries())
def test_a_against_b_is_the_negation_of_b_against_a(pair: tuple[Entry, Entry]) -> None:
    a, b = pair
    forward, backward = compare_sides([a], [b], "fr"), compare_sides([b], [a], "fr")
    back = {d.id: d for d in backward.dimensions}
    for gap in forward.dimensions:
        other = back[gap.id]
        assert (gap.a, gap.b) == (other.b, other.a)
        assert gap.delta == (None if other.delta is None else -other.delta)
        assert gap.flagged == other.flagged
    assert (forward.level_a, forward.level_b) == (backward.level_b, backward.level_a)
    assert mirrored(forward) == {(y, x): -s for (x, y), s in mirrored(backward).items()}
    assert sorted(s.text for s in forward.next_steps) == sorted(s.text for s in backward.next_steps)


def test_mirrored_statements_found_both_ways() -> None:
    ours, theirs = read_entry(OUR_SIDE, "fr"), read_entry(THEIR_SIDE, "fr")
    forward = mirrored(compare_sides([ours], [theirs], "fr"))
    backward = mirrored(compare_sides([theirs], [ours], "fr"))
    # "we know how the partner decides": strongly disagree (0); "we have explained who
    # decides": agree (0.75); three steps of four apart
    assert forward[("trust_knowledge", "partner_trust_decisions")] == 3.0
    assert backward[("partner_trust_decisions", "trust_knowledge")] == -3.0
    # each side's own approval circuit (« chez nous ») is a fact about itself, not a
    # perception of the relationship: no mirror, no gap (review §3.1)
    assert ("flexibility_slow_approval", "partner_flexibility_approval") not in forward
    # joint actions counted on the same scale: « Aucune » against « Une », one step
    assert ("trust_history", "partner_trust_joint_actions") not in forward
    assert backward == {(y, x): -s for (x, y), s in forward.items()}
    assert all(abs(steps) >= 2 for steps in forward.values())
    # one step apart is not quoted: trust_informal "less than once a year", partner
    # "once or twice a year", on the same anchored frequencies
    assert ("trust_informal", "partner_trust_informal") not in forward


def test_a_mirror_naming_an_unknown_question_is_a_warning() -> None:
    question = PARTNER.questions[0].model_copy(update={"mirrors": "trust_nowhere"})
    odd = PARTNER.model_copy(update={"questions": [question, *PARTNER.questions[1:]]})
    # the partner's mirrors name the statements of the current version
    pairs, warnings = mirror_pairs(CURRENT, odd, "en")
    assert ("trust_history", question.id) not in pairs
    assert ("trust_knowledge", "partner_trust_decisions") in pairs
    assert warnings == [
        "1 statement(s) of 'alliance-readiness-partner' mirror questions that "
        "'alliance-readiness' does not have (partner_trust_joint_actions): they are not compared"
    ]


def test_one_questionnaire_pairs_each_statement_with_itself() -> None:
    pairs, warnings = mirror_pairs(OURS, OURS, "fr")
    assert pairs == [(q.id, q.id) for q in OURS.questions]
    assert warnings == []


def test_the_short_version_pairs_by_shared_ids_and_says_what_it_lacks() -> None:
    quick = load_questionnaire("alliance-readiness-quick")
    assert quick.version == CURRENT.version
    pairs, warnings = mirror_pairs(CURRENT, quick, "en")
    assert pairs == [(q.id, q.id) for q in CURRENT.questions if quick.question(q.id)]
    assert len(pairs) == len(quick.questions)
    assert warnings == []
    _pairs, warnings = mirror_pairs(quick, PARTNER, "en")
    assert len(warnings) == 1
    # 42 partner statements have a mirror; 16 of them name one the quick version keeps
    # (partner_trust_joint_actions first), so the first left out is partner_trust_decisions
    assert warnings[0].startswith("26 statement(s) of 'alliance-readiness-partner' mirror ")
    assert "(partner_trust_decisions, partner_trust_early_news, " in warnings[0]
    assert warnings[0].endswith("partner_public_officials, …): they are not compared")


def test_results_without_answers_compare_scores_only() -> None:
    ours = read_entry(OUR_SIDE, "fr")
    bare = Entry(result=ours.result, source="result.json")
    comparison = compare_sides([bare], [read_entry(THEIR_SIDE, "fr")], "fr")
    assert comparison.items == []
    assert comparison.items_compared is False
    # trust 15.0 against 56.7 in the 1.2 examples (by hand in test_compare_cli.py)
    assert comparison.dimensions[0].delta == 41.7


def test_groups_are_averaged_per_dimension_and_leveled_by_the_engine() -> None:
    """Side a: trust at 0 and at 50 → 25; other dimensions at 50 and 100 → 75."""
    members = [
        entry(OURS, answer_file(OURS, {"trust": 0.0}, default=0.5)),
        entry(OURS, answer_file(OURS, {"trust": 0.5}, default=1.0)),
    ]
    other = entry(OURS, answer_file(OURS, {}, organisation="Autre association"))
    comparison = compare_sides(members, [other], "fr", label_a="Bureau")
    trust = comparison.dimensions[0]
    assert (trust.a, trust.b, trust.delta) == (25.0, 50.0, 25.0)
    assert comparison.dimensions[1].a == 75.0
    assert comparison.a.respondents == 2
    assert comparison.a.label == "Bureau"
    # one group score, the mean of the members' (42.3 and 92.3); the group's level is the
    # one most members reach: of "emerging" and "experimenting", the lower (gates 1.2, 13)
    members_levels = [m.result.overall.level for m in members]
    assert members_levels == ["emerging", "experimenting"]
    assert comparison.a.overall == 67.3
    assert comparison.level_a == "emerging"
    # a group's answers are averaged too: 0 and 0.5 give 0.25 on each trust statement, one
    # step from the other side's 0.5; 0.5 and 1 give 0.75 elsewhere, one step: none quoted
    assert comparison.items == []


def test_a_groups_answers_are_quoted_together() -> None:
    """Trust statements at 0 and 0.25 (mean 0.125) against 0.75: 2.5 steps apart."""
    members = [
        entry(OURS, answer_file(OURS, {"trust": 0.0})),
        entry(OURS, answer_file(OURS, {"trust": 0.25})),
    ]
    other = entry(OURS, answer_file(OURS, {"trust": 0.75}, organisation="Autre"))
    comparison = compare_sides(members, [other], "fr")
    quoted = {i.a.question: i for i in comparison.items}
    history = quoted["trust_history"]
    assert history.a.answers == ["Pas du tout d'accord", "Plutôt pas d'accord"]
    assert history.b.answers == ["Plutôt d'accord"]
    assert (history.a.value, history.b.value, history.steps) == (0.125, 0.75, 2.5)
    assert {i.dimension for i in comparison.items} == {"trust"}


def test_two_sides_of_one_organisation_are_named_after_their_respondents() -> None:
    camille = answer_file(OURS, {"trust": 0.25})
    camille.respondent.name = "Camille"
    comparison = compare_sides(
        [entry(OURS, camille, "bureau/camille.yaml")],
        [entry(OURS, answer_file(OURS, {}), "equipe/karim.yaml")],
        "fr",
    )
    assert (comparison.a.label, comparison.b.label) == ("Camille", "karim.yaml")


def test_a_side_mixing_questionnaires_is_refused() -> None:
    ours = entry(OURS, answer_file(OURS, {}), source="ours.yaml")
    theirs = entry(PARTNER, answer_file(PARTNER, {}), source="theirs.yaml")
    with pytest.raises(InputError, match="alliance-readiness, alliance-readiness-partner"):
        compare_sides([ours, theirs], [ours], "en")


def dated(targets: dict[str, float], default: float, day: str) -> Entry:
    stamp = datetime.fromisoformat(f"{day}T10:00:00")
    answers = answer_file(OURS, targets, default=default, updated_at=stamp)
    return entry(OURS, answers, source=f"{day}.yaml")


def test_three_dates_by_hand() -> None:
    """Peer weights (1 × 5, 0.75 × 2: 6.5 in all).

    January: trust 0, complementarity 75, the rest 50 → (0 + 75 + 150 + 75) / 6.5 = 46.2;
    June: trust 50, complementarity 75, the rest 50 → 350 / 6.5 = 53.8;
    November: flexibility 25, the rest 75 → (75 × 3 + 25 + 75 + 112.5) / 6.5 = 67.3.
    """
    january = dated({"trust": 0.0, "complementarity": 0.75}, 0.5, "2026-01-15")
    june = dated({"trust": 0.5, "complementarity": 0.75}, 0.5, "2026-06-15")
    november = dated({"flexibility": 0.25}, 0.75, "2026-11-15")
    comparison = compare_dates([november, january, june], "fr")
    assert [p.source for p in comparison.series] == [
        "2026-01-15.yaml",
        "2026-06-15.yaml",
        "2026-11-15.yaml",
    ]
    assert [p.label for p in comparison.series] == [
        "15 janvier 2026",
        "15 juin 2026",
        "15 novembre 2026",
    ]
    assert [p.overall for p in comparison.series] == [46.2, 53.8, 67.3]
    # trust under 40 (and 25) holds January down; flexibility under 60 caps November
    assert [p.level for p in comparison.series] == ["emerging", "emerging", "experimenting"]
    assert [p.dimensions[0].score for p in comparison.series] == [0.0, 50.0, 75.0]
    deltas = {d.id: d.delta for d in comparison.dimensions}
    assert deltas == {
        "trust": 75.0,
        "complementarity": 0.0,
        "framework": 25.0,
        "flexibility": -25.0,
        "patience": 25.0,
        "confidence": 25.0,
        "demand": 25.0,
    }
    assert [d.id for d in comparison.dimensions if not d.flagged] == ["complementarity"]
    assert comparison.appeared == ["flexibility"]
    assert comparison.resolved == ["trust"]
    assert comparison.most_changed == "trust"
    assert (comparison.level_a, comparison.level_b) == ("emerging", "experimenting")
    assert [s.dimension for s in comparison.next_steps] == ["flexibility"]
    # flexibility fell between the two last dates: the step names them
    assert "entre 15 juin 2026 et 15 novembre 2026" in comparison.next_steps[0].text
    assert [(f.dimension, f.points) for f in comparison.falls] == [("flexibility", 25.0)]


def test_a_fall_between_two_dates_is_flagged_even_when_the_whole_path_rises() -> None:
    """Trust 25 → 75 → 50: up 25 from first to last, but down 25 in the last interval
    (the review's food-aid case: −20.9 in the last year, missed before)."""
    january = dated({"trust": 0.25}, 0.5, "2024-01-15")
    june = dated({"trust": 0.75}, 0.5, "2025-01-15")
    november = dated({"trust": 0.5}, 0.5, "2026-01-15")
    comparison = compare_dates([january, june, november], "fr")
    assert {d.id: d.delta for d in comparison.dimensions}["trust"] == 25.0
    assert [(f.dimension, f.points, f.before, f.after) for f in comparison.falls] == [
        ("trust", 25.0, "15 janvier 2025", "15 janvier 2026")
    ]
    [step] = comparison.next_steps
    assert step.dimension == "trust" and "a perdu 25,0 points" in step.text
    # 14.9 points is no fall to flag
    calmer = dated({"trust": 0.75 - 0.149}, 0.5, "2026-01-15")
    assert compare_dates([january, june, calmer], "fr").falls == []


def test_undated_files_keep_the_order_given() -> None:
    first = entry(OURS, answer_file(OURS, {"trust": 0.0}), source="b.yaml")
    second = entry(OURS, answer_file(OURS, {"trust": 1.0}), source="a.yaml")
    comparison = compare_dates([first, second, first], "en")
    assert [p.source for p in comparison.series] == ["b.yaml", "a.yaml", "b.yaml"]
    assert comparison.warnings[0].startswith("no date in b.yaml, a.yaml, b.yaml")
    assert comparison.most_changed is None


def test_targeted_answers_land_on_their_targets() -> None:
    result = score(OURS, answer_set(OURS, targeted(OURS, {"trust": 0.25}), partner_type="peer"))
    assert [d.score for d in result.dimensions] == [25.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0]
