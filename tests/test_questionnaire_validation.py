"""Questionnaire validation: every problem at once, located, with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI

from alliance_diag.errors import InputError
from alliance_diag.i18n import set_language
from alliance_diag.io.questionnaire_files import builtin_ids, load_questionnaire


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def problems_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_questionnaire(path)
    return [str(p).replace(str(path), "q.yaml") for p in caught.value.problems]


def mutate(old: str, new: str) -> str:
    text = MINI.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("questionnaire_id", builtin_ids())
def test_builtins_pass_their_own_validator(questionnaire_id: str) -> None:
    questionnaire = load_questionnaire(questionnaire_id)
    assert questionnaire.languages == ["fr", "en"]


def test_mini_is_valid() -> None:
    assert load_questionnaire(MINI).id == "mini"


def test_misspelt_dimension_reference_suggests(tmp_path: Path) -> None:
    text = mutate("{id: trust_a, dimension: trust,", "{id: trust_a, dimension: trsut,")
    [problem] = problems_for(tmp_path, text)
    line = line_of(text, "trust_a, dimension: trsut")
    assert problem.startswith(f"q.yaml:{line}:")
    assert "questions[0].dimension: unknown dimension 'trsut' (did you mean 'trust'?)" in problem


def test_unknown_field_suggests(tmp_path: Path) -> None:
    text = mutate("    weights: {default: 1, private: 2}", "    weigths: {default: 1, private: 2}")
    [problem] = problems_for(tmp_path, text)
    assert "dimensions[0].weigths: unknown field 'weigths' (did you mean 'weights'?)" in problem


def test_missing_field(tmp_path: Path) -> None:
    text = mutate('version: "1.0"\n', "")
    [problem] = problems_for(tmp_path, text)
    assert problem.endswith("version: required field missing")


def test_all_problems_at_once(tmp_path: Path) -> None:
    text = mutate("{id: trust_b, dimension: trust,", "{id: trust_a, dimension: trust,")
    text = text.replace("cap: emerging}", "cap: emergin}")
    text = text.replace("{id: emerging, min: 40", "{id: emerging, min: 45")
    text = text.replace('label: {fr: "Exigence", en: "Demand"}', 'label: {fr: "Exigence"}')
    problems = problems_for(tmp_path, text)
    joined = "\n".join(problems)
    assert "id 'trust_a' is already used" in joined
    assert "unknown level 'emergin' (did you mean 'emerging'?)" in joined
    assert "gap between levels 'not_ready' (up to 40) and 'emerging' (from 45)" in joined
    assert "text missing in 'en'" in joined
    assert len(problems) == 4
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)


def test_overlapping_levels_and_range_ends(tmp_path: Path) -> None:
    text = mutate("{id: emerging, min: 40", "{id: emerging, min: 35")
    text = text.replace(
        "{id: alliance_ready, min: 80, max: 100", "{id: alliance_ready, min: 80, max: 90"
    )
    joined = "\n".join(problems_for(tmp_path, text))
    assert "levels 'not_ready' (up to 40) and 'emerging' (from 35) overlap" in joined
    assert "the last level must end at 100 (it ends at 90)" in joined


def test_mixed_option_scores(tmp_path: Path) -> None:
    text = mutate("{id: agree, score: 4,", '{id: agree, score: "4",')
    [problem] = problems_for(tmp_path, text)
    assert "scales.agree.options[3].score: a number is expected" in problem
    text = mutate("{id: agree, score: 4,", "{id: agree, score: true,")
    [problem] = problems_for(tmp_path, text)
    assert "a number is expected" in problem


def test_unknown_scale_and_option_references(tmp_path: Path) -> None:
    text = mutate(
        "{id: trust_a, dimension: trust, type: likert, scale: agree,",
        "{id: trust_a, dimension: trust, type: likert, scale: agre,",
    )
    [problem] = problems_for(tmp_path, text)
    assert "unknown scale 'agre' (did you mean 'agree'?)" in problem


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (
            "profile.partner_typ == 'private'",
            "'profile.partner_typ': unknown id (did you mean 'partner_type'?)",
        ),
        ("answers.demand_b > 3 and __import__('os')", "is not allowed in a condition"),
        ("profile.partner_type.__class__", "is not allowed in a condition"),
        ("answers.zzz == 1", "unknown id"),
        ("profile.partner_type ==", "unreadable condition"),
        ("lipsum", "unknown name 'lipsum'"),
        # constants are folded at compile time: arithmetic could allocate without bound
        ("profile.partner_type == 'private' and 'ab' * 400000000 != 'x'", "'*' is not allowed"),
        ("answers.demand_b + 1 > 3", "'+' is not allowed"),
    ],
)
def test_invalid_or_unsafe_conditions(tmp_path: Path, condition: str, expected: str) -> None:
    text = mutate("when: \"profile.partner_type == 'private'\"", f'when: "{condition}"')
    problems = problems_for(tmp_path, text)
    assert any(expected in p and "questions[5].when" in p for p in problems), problems


def test_condition_on_a_later_question(tmp_path: Path) -> None:
    text = mutate(
        "{id: trust_a, dimension: trust, type: likert, scale: agree,",
        "{id: trust_a, dimension: trust, type: likert, scale: agree, "
        "when: \"answers.demand_a == 'agree'\",",
    )
    [problem] = problems_for(tmp_path, text)
    assert "refers to a later question" in problem


def test_recommendation_condition_checked(tmp_path: Path) -> None:
    text = mutate('when: "status.trust in', 'when: "status.trsut in')
    [problem] = problems_for(tmp_path, text)
    assert "recommendations[0].when" in problem
    assert "did you mean 'trust'?" in problem


def test_not_found_suggests_builtin() -> None:
    with pytest.raises(InputError, match="did you mean 'alliance-readiness'"):
        load_questionnaire("alliance-readines")


def test_french_messages(tmp_path: Path) -> None:
    set_language("fr")
    text = mutate("{id: trust_a, dimension: trust,", "{id: trust_a, dimension: trsut,")
    [problem] = problems_for(tmp_path, text)
    assert "vouliez-vous dire « trust » ?" in problem


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (
            "profile.partner_type == 'privat'",
            "'profile.partner_type' is never 'privat' (did you mean 'private'?)",
        ),
        ("answers.trust_a in ['agree', 'agre']", "'answers.trust_a' is never 'agre'"),
        ("answers.trust_c == 'oui'", "'answers.trust_c' is never 'oui'"),
    ],
)
def test_condition_values_are_checked(tmp_path: Path, condition: str, expected: str) -> None:
    text = mutate("when: \"profile.partner_type == 'private'\"", f'when: "{condition}"')
    problems = problems_for(tmp_path, text)
    assert any(expected in p for p in problems), problems


def test_status_and_level_values_are_checked(tmp_path: Path) -> None:
    text = mutate(
        "when: \"status.trust in ['concern', 'insufficient']\"",
        "when: \"status.trust == 'concen' or level == 'ready'\"",
    )
    joined = "\n".join(problems_for(tmp_path, text))
    assert "'status.trust' is never 'concen' (did you mean 'concern'?)" in joined
    assert "'level' is never 'ready'" in joined


def test_structural_and_cross_field_problems_come_out_together(tmp_path: Path) -> None:
    # question 1 has an unknown type (a structural error), question 4 a misspelt
    # dimension (a cross-field error), question 5 an unknown field: all three at once
    text = mutate(
        "{id: trust_b, dimension: trust, type: likert,",
        "{id: trust_b, dimension: trust, type: likret,",
    )
    text = text.replace("{id: demand_a, dimension: demand,", "{id: demand_a, dimension: demnd,")
    text = text.replace(
        "{id: demand_b, dimension: demand, type: number,",
        "{id: demand_b, dimension: demand, type: number, wieght: 2,",
    )
    problems = problems_for(tmp_path, text)
    assert len(problems) == 3, problems
    assert f"q.yaml:{line_of(text, 'type: likret')}:" in problems[0]
    assert "questions[1].type: expected:" in problems[0]
    assert f"q.yaml:{line_of(text, 'dimension: demnd')}:" in problems[1]
    assert (
        "questions[3].dimension: unknown dimension 'demnd' (did you mean 'demand'?)" in problems[1]
    )
    assert "questions[4].wieght: unknown field 'wieght' (did you mean 'weight'?)" in problems[2]


def test_no_problem_invented_about_a_set_aside_entry(tmp_path: Path) -> None:
    # the only trust question left broken: trust must not be reported as having no question,
    # nor a condition reading it as unknown
    text = mutate(
        "  - id: trust\n    family: conditions",
        "  - id: trust\n    family: conditions\n    colour: red",
    )
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1
    assert "dimensions[0].colour: unknown field" in problems[0]


def test_a_scale_problem_is_reported_once(tmp_path: Path) -> None:
    # four questions use the scale; its single distinct score is one problem, said once
    text = MINI.read_text(encoding="utf-8")
    for score in ("2", "3", "4", "5"):
        text = text.replace(f"score: {score}, label", "score: 1, label")
    [problem] = problems_for(tmp_path, text)
    assert "scales.agree.options: a scored question needs at least two different" in problem


def test_all_weights_zero_for_a_partner_type(tmp_path: Path) -> None:
    text = mutate("weights: {default: 1, private: 2}", "weights: {default: 1, private: 0}")
    text = text.replace(
        '    label: {fr: "Exigence", en: "Demand"}',
        '    label: {fr: "Exigence", en: "Demand"}\n    weights: {default: 1, private: 0}',
    )
    [problem] = problems_for(tmp_path, text)
    assert "every dimension weighs 0 for 'private'" in problem
