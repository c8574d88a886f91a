"""Answer files: located errors for every kind of bad answer, and atomic saving."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.errors import InputError
from alliance_diag.i18n import set_language
from alliance_diag.io.answer_files import load_answers, save_answers
from alliance_diag.io.questionnaire_files import load_questionnaire

GOOD = """\
questionnaire: mini
questionnaire_version: "1.0"
respondent: {organisation: "Asso", role: board}
profile: {partner_type: private, partners_count: 3}
answers:
  trust_a: 4
  trust_b: disagree
  trust_c: yes
  demand_a: dont_know
  demand_b: 5
notes:
  trust_a: "Premier projet commun en 2021"
"""


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str, mini: Questionnaire) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_answers(path, mini)
    return [str(p).replace(str(path), "answers.yaml") for p in caught.value.problems]


def test_good_file_is_normalised(tmp_path: Path, mini: Questionnaire) -> None:
    answers, questionnaire = load_answers(write(tmp_path, GOOD), mini)
    assert questionnaire is mini
    # a score on the scale is accepted and read as the option it stands for
    assert answers.answers["trust_a"] == "agree"
    assert answers.answers["trust_c"] == "yes"
    assert answers.answers["demand_b"] == 5
    assert answers.notes == {"trust_a": "Premier projet commun en 2021"}


def test_questionnaire_is_found_from_the_file(tmp_path: Path) -> None:
    version = load_questionnaire("alliance-readiness").version
    text = GOOD.replace("questionnaire: mini", "questionnaire: alliance-readiness").replace(
        'questionnaire_version: "1.0"', f'questionnaire_version: "{version}"'
    )
    with pytest.raises(InputError) as caught:
        load_answers(write(tmp_path, text))
    # the built-in questionnaire was loaded and the mini question ids are unknown to it
    assert "unknown question 'trust_a'" in str(caught.value)


def test_unknown_question_is_located_with_suggestion(tmp_path: Path, mini: Questionnaire) -> None:
    [problem] = problems(tmp_path, GOOD.replace("  trust_b:", "  trust_bb:"), mini)
    assert problem == (
        "answers.yaml:7:3: answers.trust_bb: unknown question 'trust_bb' (did you mean 'trust_b'?)"
    )


def test_value_not_an_option(tmp_path: Path, mini: Questionnaire) -> None:
    [problem] = problems(tmp_path, GOOD.replace("trust_b: disagree", "trust_b: maybe"), mini)
    assert problem.startswith(
        "answers.yaml:7:3: answers.trust_b: 'maybe' is not an answer to 'trust_b'"
    )
    assert "“Strongly disagree” (strongly_disagree)" in problem
    assert problem.endswith("(dont_know), or their score: 1, 2, 3, 4, 5)")


def test_out_of_range_and_wrong_type(tmp_path: Path, mini: Questionnaire) -> None:
    text = GOOD.replace("demand_b: 5", "demand_b: 50").replace("trust_a: 4", "trust_a: 9")
    found = problems(tmp_path, text, mini)
    assert len(found) == 2
    assert "answers.trust_a: '9' is not an answer" in found[0]
    assert "'demand_b' expects a number between 0 and 10, not 50" in found[1]
    [problem] = problems(tmp_path, GOOD.replace("demand_b: 5", "demand_b: beaucoup"), mini)
    assert "'demand_b' expects a number, not 'beaucoup'" in problem


def test_missing_required_answer(tmp_path: Path, mini: Questionnaire) -> None:
    [problem] = problems(tmp_path, GOOD.replace("partner_type: private, ", ""), mini)
    assert "required answer missing: 'partner_type'" in problem
    assert problem.startswith("answers.yaml:4:")


def test_other_questionnaire_or_version(tmp_path: Path, mini: Questionnaire) -> None:
    [problem] = problems(tmp_path, GOOD.replace('"1.0"', '"0.9"'), mini)
    assert problem == (
        "answers.yaml:2:1: questionnaire_version: this file answers version 0.9 of "
        "questionnaire 'mini', not version 1.0"
    )
    [problem] = problems(
        tmp_path, GOOD.replace("questionnaire: mini", "questionnaire: other"), mini
    )
    assert "answers questionnaire 'other', not 'mini'" in problem


def test_unknown_top_level_field(tmp_path: Path, mini: Questionnaire) -> None:
    [problem] = problems(tmp_path, GOOD + "anwsers: {}\n", mini)
    assert "unknown field 'anwsers' (did you mean 'answers'?)" in problem


def test_profile_answer_in_wrong_section(tmp_path: Path, mini: Questionnaire) -> None:
    text = GOOD.replace("  trust_a: 4\n", "  trust_a: 4\n  partners_count: 2\n")
    [problem] = problems(tmp_path, text, mini)
    assert "answers.partners_count: 'partners_count' belongs under profile:" in problem


def test_scored_answer_in_the_profile_section(tmp_path: Path, mini: Questionnaire) -> None:
    text = GOOD.replace(
        "profile: {partner_type: private, partners_count: 3}",
        "profile: {partner_type: private, trust_a: agree}",
    )
    [problem] = problems(tmp_path, text, mini)
    assert "profile.trust_a: 'trust_a' belongs under answers:" in problem


def test_save_is_atomic_and_round_trips(tmp_path: Path, mini: Questionnaire) -> None:
    answers, _ = load_answers(write(tmp_path, GOOD), mini)
    target = tmp_path / "saved" / "out.yaml"
    save_answers(answers, target)
    assert [p.name for p in target.parent.iterdir()] == ["out.yaml"]  # no temporary left behind
    again, _ = load_answers(target, mini)
    assert again == answers


def test_answer_set_sections(mini: Questionnaire) -> None:
    answers = AnswerSet(questionnaire="mini", questionnaire_version="1.0")
    organisation = mini.question("organisation")
    partners = mini.question("partners_count")
    trust = mini.question("trust_a")
    assert organisation and partners and trust
    answers.set_value(organisation, "Asso")
    answers.set_value(partners, 2)
    answers.set_value(trust, None)
    assert answers.respondent.organisation == "Asso"
    assert answers.profile == {"partners_count": 2}
    assert answers.answers == {"trust_a": None}
    assert answers.has_answer(trust)  # skipped on purpose counts as answered for resuming


def test_custom_questionnaire_needs_its_file(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    with pytest.raises(InputError) as caught:
        load_answers(path)
    assert str(caught.value) == (
        f"{path}:1:1: questionnaire: 'mini' is not a built-in questionnaire: give its file "
        "with --questionnaire PATH"
    )


def test_a_path_in_the_answer_file_is_never_followed(tmp_path: Path) -> None:
    text = GOOD.replace("questionnaire: mini", "questionnaire: ../../etc/passwd")
    with pytest.raises(InputError, match="not a built-in questionnaire"):
        load_answers(write(tmp_path, text))


def test_bad_date_is_explained_in_french(tmp_path: Path, mini: Questionnaire) -> None:
    set_language("fr")
    [problem] = problems(tmp_path, GOOD + "started_at: hier\n", mini)
    assert problem.endswith(
        "started_at: date et heure attendues au format ISO 8601 (2026-11-26T14:30:00)"
    )


def test_control_codes_never_reach_a_terminal(tmp_path: Path, mini: Questionnaire) -> None:
    text = GOOD.replace('organisation: "Asso"', 'organisation: "Asso\\e]0;pwned\\a\\e[2J"')
    text = text.replace('"Premier projet commun en 2021"', '"Note\\u202egnp.exe"')
    answers, _ = load_answers(write(tmp_path, text), mini)
    assert answers.respondent.organisation == "Asso]0;pwned[2J"
    assert answers.notes["trust_a"] == "Notegnp.exe"


def test_answers_read_alike_in_files_interviews_and_exports(mini: Questionnaire) -> None:
    """One option table and one number reading serve answer files, assess and batch."""
    from alliance_diag.batch.mapping import _answer_table
    from alliance_diag.engine.answers import coerce
    from alliance_diag.interview.state import Interview
    from alliance_diag.textfold import fold

    partner = mini.question("partner_type")
    partners = mini.question("partners_count")
    dont_know = mini.question("trust_a")
    assert partner and partners and dont_know
    assert coerce(partner, "Entreprise") == ("private", None)  # a label, as typed
    assert coerce(partners, "1 000") == (1000, None)  # French thousands
    assert coerce(dont_know, "NSP") == ("dont_know", None)
    assert _answer_table(partner, None)[fold("Entreprise")] == "private"
    interview = Interview(mini, AnswerSet(questionnaire="mini", questionnaire_version="1.0"), "fr")
    assert interview.parse(partner, "entreprise") == ("private", None)
    assert interview.parse(partners, "1 000") == (1000, None)


def test_a_number_reads_back_as_it_is_shown(mini: Questionnaire) -> None:
    """The interview shows the saved number as the default: it must read back unchanged."""
    from alliance_diag.engine.answers import coerce, option_label

    partners = mini.question("partners_count")
    assert partners
    wide = partners.model_copy(update={"max": 10_000_000})
    for lang in ("fr", "en"):
        for value in (2.5, 1000, 1234567.5):
            shown = option_label(wide, value, lang)
            assert "e+" not in shown
            assert coerce(wide, shown) == (value, None), (lang, shown)
    assert option_label(wide, 2.5, "fr") == "2,5"
