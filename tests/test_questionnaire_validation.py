"""Questionnaire validation: every problem at once, located, with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI

from alliance_diag.errors import InputError
from alliance_diag.i18n import set_language, typeset_fr
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
    assert typeset_fr("vouliez-vous dire « trust » ?") in problem


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


TRUST_A = (
    '  - {id: trust_a, dimension: trust, type: likert, scale: agree, text: {fr: "A", en: "A"}}'
)
DEMAND_B = (
    '  - {id: demand_b, dimension: demand, type: number, min: 0, max: 10, text: {fr: "E", en: "E"}}'
)
LEVELS = "levels:\n  - {id: not_ready, min: 0, max: 40,"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('title: {fr: "Mini", en: "Mini"}', 'title: {fr: "Mini"}',
         "q.yaml:4:1: title: text missing in 'en' (declared languages: fr, en)"),
        ('title: {fr: "Mini", en: "Mini"}', 'title: {fr: "Mini", en: "Mini", de: "Mini"}',
         "q.yaml:4:33: title.de: language 'de' is not declared in languages"),
        ("languages: [fr, en]", "languages: [fr, en]\ndefault_language: de",
         "q.yaml:6:1: default_language: default language 'de' is not in languages"),
        (TRUST_A, TRUST_A + "\n" + TRUST_A, "id 'trust_a' is already used (line 43)"),
        (TRUST_A, TRUST_A.replace("scale: agree", "scale: agree, options: [{id: x, "
         "label: {fr: X, en: X}}]"), "questions[0].scale: give either scale or options"),
        (TRUST_A, TRUST_A.replace(", scale: agree", ""),
         "questions[0].type: a likert question needs a scale or options"),
        (DEMAND_B, DEMAND_B.replace("min: 0,", "min: 0, scale: agree,"),
         "questions[4].options: a number question takes no options"),
        (TRUST_A, TRUST_A.replace("dimension: trust, ", ""),
         "questions[0].dimension: a scored question needs a dimension"),
        ("  - {id: name, type: text,", "  - {id: name, type: text, dimension: trust,",
         "profile[1].dimension: a profile question is not scored: remove dimension"),
        ("{id: board, label:", "{id: board, score: 1, label:",
         "profile[2].options[0].score: a profile question is not scored: remove score"),
        (TRUST_A, TRUST_A.replace("type: likert, scale: agree", "type: text"),
         "questions[0].type: a text question cannot be scored; put it in profile"),
        (DEMAND_B, DEMAND_B.replace("min: 0, max: 10, ", ""),
         "questions[4].type: a scored number question needs min and max (min < max)"),
        (DEMAND_B, DEMAND_B.replace("min: 0, max: 10", "min: 10, max: 0"),
         "questions[4].min: min must be below max"),
        (LEVELS, "levels:\n  - {id: not_ready, min: 5, max: 40,",
         "levels[0].min: the first level must start at 0 (it starts at 5)"),
        ("gates:\n", "status_bands: {strength: 50, to_watch: 60}\ngates:\n",
         "status_bands.strength: the strength threshold must be above to_watch"),
        ("  - {dimension: trust, below: 40, cap: emerging}",
         "  - {dimension: trust, dimensions: [demand], below: 40, cap: emerging}",
         "gates[0]: a gate names either dimension (one dimension or any) or dimensions"),
        ("  - {dimension: trust, below: 40, cap: emerging}",
         "  - {dimensions: [trust, demnad], below: 40, cap: emerging}",
         "gates[0].dimensions[1]: unknown dimension 'demnad' (did you mean 'demand'?)"),
        ("  - {dimension: trust, below: 40, cap: emerging}",
         "  - {dimension: trust, below: 40, cap: emerging, when: \"profile.partner_type == "
         "'privat'\"}", "gates[0].when: 'profile.partner_type' is never 'privat'"),
        ("gates:\n", "unscored_cap: ready\ngates:\n",
         "unscored_cap: unknown level 'ready'"),
        ("{id: dont_know, score: null, label:",
         "{id: dont_know, score: 2, meaning: dont_know, label:",
         "scales.agree.options[5].meaning: meaning is only for an option without a score"),
        ('label: {fr: "Prêt", en: "Ready"}}',
         'label: {fr: "Prêt", en: "Ready"}, stage_descriptions: {launch: {fr: L, en: L}}}',
         "levels[3].stage_descriptions.launch: unknown answer to the profile question stage"),
        ("recommendations:\n", "checks:\n  - {id: odd, when: \"answers.trust_z == 'x'\", text: "
         "{fr: X, en: X}}\nrecommendations:\n",
         "checks[0].when: 'answers.trust_z': unknown id (did you mean 'trust_c'?)"),
    ],
)  # fmt: skip
def test_every_check_says_what_is_wrong_and_where(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    problems = problems_for(tmp_path, mutate(old, new))
    assert any(expected in p for p in problems), problems


def test_a_dimension_without_a_question(tmp_path: Path) -> None:
    text = mutate(
        "dimensions:\n",
        "dimensions:\n  - {id: spare, family: conditions, label: {fr: S, en: S}}\n",
    )
    assert any("q.yaml:18:6: dimensions[0].id: dimension 'spare' has no question" in p for p in
               problems_for(tmp_path, text))  # fmt: skip


def test_weights_per_partner_type_need_the_profile_question(tmp_path: Path) -> None:
    text = mutate("  - id: partner_type\n", "  - id: partner_kind\n")
    text = text.replace("profile.partner_type == 'private'", "profile.partner_kind == 'private'")
    problems = problems_for(tmp_path, text)
    assert any("weights per partner type need a partner_type profile question" in p
               for p in problems), problems  # fmt: skip


def test_a_stage_description_needs_a_stage_question(tmp_path: Path) -> None:
    text = mutate(
        'label: {fr: "Prêt", en: "Ready"}}',
        'label: {fr: "Prêt", en: "Ready"}, stage_descriptions: {formalised: {fr: F, en: F}}}',
    )
    problems = problems_for(tmp_path, text)
    assert any("unknown answer to the profile question stage 'formalised'" in p for p in problems)


def test_a_questionnaire_is_a_mapping(tmp_path: Path) -> None:
    assert problems_for(tmp_path, "- just\n- a list\n") == [
        "q.yaml:1:1: a questionnaire is a YAML mapping (key: value)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("id: mini", "id: -mini", "invalid questionnaire id: lowercase letters, digits, _ and -"),
        ("  - id: trust\n", "  - id: Trust\n", "invalid id: lowercase letters, digits and _ only"),
        ("languages: [fr, en]", "languages: [fr, EN]", "a language code is expected"),
    ],
)
def test_each_pattern_has_its_own_message(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    found = problems_for(tmp_path, mutate(old, new))
    assert any(expected in problem for problem in found), found
