"""The interview state machine: order, live skip logic, back, skip, notes, resume, parsing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from alliance_diag.core.i18n import typeset_fr
from alliance_diag.engine.answers import new_answer_set
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.interview.conduct import conduct
from alliance_diag.interview.state import Command, Ending, Interview, Step
from alliance_diag.io.answer_files import load_answers, save_answers
from alliance_diag.io.questionnaire_files import load_questionnaire

INTERVIEW = Path(__file__).parent / "data" / "questionnaires" / "interview.yaml"


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(INTERVIEW)


def start(questionnaire: Questionnaire, lang: str = "en") -> Interview:
    return Interview(questionnaire, new_answer_set(questionnaire, lang), lang)


def asked(interview: Interview) -> str:
    assert interview.current is not None
    return interview.current.id


def feed(interview: Interview, *lines: str) -> None:
    """Type lines as a respondent would; every one must be accepted."""
    for line in lines:
        step = interview.interpret(line)
        assert step.error is None, (line, step.error)
        if step.command is Command.back:
            assert interview.back()
        elif step.command is Command.skip:
            assert interview.skip() is None
        else:
            assert step.command is None
            assert interview.answer(step.value) is None, line


def test_profile_first_then_dimension_by_dimension(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire)
    feed(interview, "Asso", "Camille", "peer", "3")
    order = [q.id for q in interview.questions()]
    assert order == [
        "organisation",
        "name",
        "partner_type",
        "partners_count",
        "trust_a",
        "trust_project",
        "trust_peer",
        "demand_a",
        "demand_tools",
        "demand_hours",
    ]
    seen = []
    while not interview.finished:
        seen.append(asked(interview))
        feed(interview, "2")
    assert seen == order[4:]


def test_position_counts_applicable_questions(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire)
    feed(interview, "Asso", "", "private")
    position = interview.position()
    assert position is not None
    # the name was skipped: asked, not answered
    assert (
        position.question.id,
        position.number,
        position.total,
        position.answered,
        position.skipped,
    ) == ("partners_count", 4, 10, 2, 1)
    assert position.section == "Profile"
    feed(interview, "2")
    position = interview.position()
    assert position is not None
    # a statement's dimension is not named while it is answered (review 1.1, §1.3)
    assert position.section == "Statements"


def test_going_back_and_changing_an_answer_reevaluates_what_follows(
    questionnaire: Questionnaire,
) -> None:
    interview = start(questionnaire)
    feed(interview, "Asso", "Camille", "peer", "3", "agree", "no")
    assert asked(interview) == "trust_peer"
    feed(interview, "agree")
    assert asked(interview) == "demand_a"
    # back to trust_project: a yes makes the review question apply, asked next
    feed(interview, ":back", ":back")
    assert asked(interview) == "trust_project"
    feed(interview, "yes")
    assert asked(interview) == "trust_project_review"
    feed(interview, "neutral")
    # then straight back to where we were: the first question still unanswered
    assert asked(interview) == "demand_a"
    # back to the partner type: the private module replaces the peer one
    assert interview.go_to("partner_type") is None
    feed(interview, "private")
    assert asked(interview) == "trust_private"
    ids = [q.id for q in interview.questions()]
    assert "trust_private" in ids and "trust_peer" not in ids
    # the peer answer stays in the file; scoring ignores it with a warning
    assert interview.answers.answers["trust_peer"] == "agree"


def test_skip_records_dont_know_or_null_and_required_cannot_be_skipped(
    questionnaire: Questionnaire,
) -> None:
    interview = start(questionnaire)
    # an empty line on a required question says why it cannot be skipped, in place
    assert interview.interpret("") == Step(error="this answer is required: it cannot be skipped")
    assert interview.interpret(":skip") == Step(command=Command.skip)
    assert interview.skip() == "this answer is required: it cannot be skipped"
    assert asked(interview) == "organisation"
    feed(interview, "Asso", "")  # name skipped
    assert interview.answers.respondent.name is None
    assert interview.answers.has_answer(questionnaire.question("name"))  # type: ignore[arg-type]
    feed(interview, "public", ":skip")
    assert interview.answers.profile == {"partner_type": "public", "partners_count": None}
    # a statement offering « Je ne sais pas » records it: skipping is saying so
    feed(interview, ":passer")
    assert interview.answers.answers == {"trust_a": "dont_know"}


def test_a_profile_answer_that_changes_the_questions_says_so(
    questionnaire: Questionnaire,
) -> None:
    interview = start(questionnaire, "fr")
    feed(interview, "Asso", "")
    assert interview.take_notice() is None
    before = len(interview.questions())
    feed(interview, "private")
    after = len(interview.questions())
    assert after > before
    added = after - before
    assert interview.take_notice() == (
        f"{added} question{'s' if added > 1 else ''} ajoutée{'s' if added > 1 else ''} par la "
        f"réponse «\u202fEntreprise\u202f» ({after} questions en tout)."
    )
    assert interview.take_notice() is None  # said once


def test_an_empty_line_keeps_the_answer_given(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire)
    feed(interview, "Asso", "Camille", "public", "4", "agree")
    for _question in range(5):
        assert interview.back()
    # back on the first question, an empty line keeps its answer and returns to where we were
    assert asked(interview) == "organisation"
    feed(interview, "")
    assert asked(interview) == "trust_project"
    assert interview.go_to("trust_a") is None
    feed(interview, "")
    assert interview.answers.respondent.model_dump(exclude_unset=True) == {
        "organisation": "Asso",
        "name": "Camille",
    }
    assert interview.answers.profile == {"partner_type": "public", "partners_count": 4}
    assert interview.answers.answers == {"trust_a": "agree"}
    assert asked(interview) == "trust_project"


def test_notes_are_added_edited_and_removed(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire)
    step = interview.interpret(":note Premier contact en 2021")
    assert step == Step(command=Command.note, argument="Premier contact en 2021")
    interview.set_note(step.argument)
    assert interview.answers.notes == {"organisation": "Premier contact en 2021"}
    interview.set_note("  Corrigé  ")
    assert interview.answers.notes == {"organisation": "Corrigé"}
    interview.set_note("")
    assert interview.answers.notes == {}


def test_commands_in_both_languages(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire, "fr")
    for typed, command in [
        (":retour", Command.back),
        (":BACK", Command.back),
        (":aide", Command.help),
        ("?", Command.help),
        (":quitter", Command.quit),
        (":q", Command.quit),
        (":aller 3", Command.goto),
    ]:
        assert interview.interpret(typed).command is command, typed
    error = interview.interpret(":annuler").error
    assert error is not None and error.startswith("commande inconnue «\u202f:annuler\u202f»")


def test_answers_by_number_id_or_label(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire, "fr")
    feed(interview, "Asso", "", "entreprise", "1 000")
    assert interview.answers.profile == {"partner_type": "private", "partners_count": 1000}
    trust_a = questionnaire.question("trust_a")
    assert trust_a is not None
    assert interview.parse(trust_a, "3") == ("agree", None)
    assert interview.parse(trust_a, "neutral") == ("neutral", None)
    assert interview.parse(trust_a, "je ne sais pas") == ("dont_know", None)
    assert interview.parse(trust_a, "Disagree") == ("disagree", None)  # the other language
    value, error = interview.parse(trust_a, "7")
    assert value is None
    assert error == typeset_fr(
        "« 7 » n'est pas dans la liste : tapez un numéro de 1 à 4, "
        "l'identifiant ou le libellé d'une réponse"
    )
    tools = questionnaire.question("demand_tools")
    hours = questionnaire.question("demand_hours")
    assert tools is not None and hours is not None
    assert interview.parse(tools, "1, 2") == (["indicators", "committee"], None)
    assert interview.parse(tools, "1 3") == (["indicators", "none"], None)
    assert interview.parse(tools, "comité de pilotage;indicators") == (
        ["committee", "indicators"],
        None,
    )
    assert interview.parse(hours, "2,5") == (2.5, None)
    assert interview.parse(hours, "12") == (
        None,
        typeset_fr("« 12 » : tapez un nombre entre 0 et 10"),
    )
    assert interview.parse(hours, "deux") == (
        None,
        typeset_fr("« deux » : tapez un nombre entre 0 et 10"),
    )


def test_resume_at_the_first_unanswered_question(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    interview = start(questionnaire)
    feed(interview, "Asso", "", "peer", "2", "agree", "yes")
    interview.set_note("Une note")
    path = tmp_path / "answers.yaml"
    save_answers(interview.answers, path)
    # partner type is required and answered; a file missing it would load too
    answers, _ = load_answers(path, questionnaire, complete=False)
    resumed = Interview(questionnaire, answers, "en")
    assert asked(resumed) == "trust_project_review"
    # the skipped name is not asked again, and any earlier question can be revisited
    assert answers.respondent.model_fields_set >= {"organisation", "name"}
    assert resumed.go_to("2") is None
    assert asked(resumed) == "name"
    review = questionnaire.question("trust_project_review")
    assert review is not None and resumed.note(review) == "Une note"


def test_an_unfinished_file_misses_required_answers_but_resumes(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    interview = start(questionnaire)
    feed(interview, "Asso")
    path = tmp_path / "answers.yaml"
    save_answers(interview.answers, path)
    with pytest.raises(Exception, match="partner_type"):
        load_answers(path, questionnaire)
    answers, _ = load_answers(path, questionnaire, complete=False)
    assert asked(Interview(questionnaire, answers, "en")) == "name"


def test_back_at_the_first_question_and_goto_errors(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire)
    assert not interview.back()
    assert interview.go_to("99") == ("no question '99': give a number from 1 to 9 or a question id")


class Scripted:
    """A front end that replays typed lines, recording what it was asked."""

    def __init__(
        self, interview: Interview, lines: list[str], endings: list[Ending] | None = None
    ) -> None:
        self.interview = interview
        self.lines = lines
        self.endings = endings or [Ending.finish]
        self.asked: list[str] = []
        self.messages: list[str] = []

    def ask(self, interview: Interview) -> Step:
        assert interview.current is not None
        self.asked.append(interview.current.id)
        if not self.lines:
            raise EOFError
        return interview.interpret(self.lines.pop(0))

    def ask_note(self, interview: Interview) -> str | None:
        return self.lines.pop(0)

    def ask_goto(self, interview: Interview) -> str | None:
        return self.lines.pop(0)

    def show(self, message: str, *, error: bool = False) -> None:
        self.messages.append(message)

    def show_help(self, interview: Interview) -> None:
        assert interview.current is not None
        self.messages.append(interview.help_text(interview.current))

    def confirm_finish(self, interview: Interview) -> Ending:
        return self.endings.pop(0)


def test_conduct_saves_after_every_change(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire)
    saves: list[dict[str, object]] = []
    lines = ["Asso", "?", "", "peer", ":note", "Deux ans", "x", "4", ":help"]
    lines += ["1", "2", "3", "1", "1,2", "5"]
    frontend = Scripted(interview, lines)
    done = conduct(interview, frontend, lambda: saves.append(interview.answers.model_dump()))
    assert done
    assert frontend.messages == [
        "no help for this question",
        "1 question added by the answer 'Association' (10 questions in all).",
        "Note saved: 'Deux ans'",
        "'x': type a number between 0 and 1000",
        "no help for this question",
    ]
    assert len(saves) == 11  # 10 answers or skips, and one note
    assert frontend.lines == []
    assert interview.answers.notes == {"partners_count": "Deux ans"}


def test_conduct_stops_on_quit(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire)
    frontend = Scripted(interview, ["Asso", ":quit"])
    assert conduct(interview, frontend, lambda: None) is False
    assert frontend.asked == ["organisation", "name"]


def test_a_changed_partner_type_names_the_answer_each_module_followed(
    questionnaire: Questionnaire,
) -> None:
    interview = start(questionnaire, "fr")
    feed(interview, "Asso", "", "private", "3")
    interview.take_notice()
    assert interview.go_to("partner_type") is None
    feed(interview, "public")
    # the company module goes with « Entreprise », the answer replaced, not with the new one
    assert interview.take_notice() == typeset_fr(
        "1 question retirée, qui suivait la réponse précédente « Entreprise » "
        f"({len(interview.questions())} questions en tout)."
    )
    assert interview.go_to("partner_type") is None
    feed(interview, "peer")
    assert interview.take_notice() == typeset_fr(
        "1 question ajoutée par la réponse « Association » "
        f"({len(interview.questions())} questions en tout)."
    )


def test_the_end_offers_to_go_back_to_the_skipped_questions(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire)
    # demand_a skipped, then every other question answered
    lines = ["Asso", "Camille", "peer", "3", "agree", "no", "agree", ":skip", "1", "5"]
    frontend = Scripted(interview, [*lines, "disagree"], [Ending.skipped, Ending.finish])
    assert [q.id for _n, q in interview.skipped()] == []
    assert conduct(interview, frontend, lambda: None)
    # back at demand_a, answered this time; the second end has nothing skipped
    assert frontend.asked[-1] == "demand_a"
    assert interview.answers.answers["demand_a"] == "disagree"
    assert interview.skipped() == []


def test_quit_at_the_end_saves_and_stops(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire)
    lines = ["Asso", "Camille", "peer", "3", "agree", "no", "agree", ":skip", "1", "5"]
    frontend = Scripted(interview, lines, [Ending.quit])
    assert conduct(interview, frontend, lambda: None) is False
    assert [(n, q.id) for n, q in interview.skipped()] == [(8, "demand_a")]


def test_a_word_of_an_option_chooses_it_or_names_the_options_it_fits() -> None:
    full = load_questionnaire("alliance-readiness")
    interview = Interview(full, new_answer_set(full, "fr"), "fr")
    assert interview.go_to("sector") is None
    sector = full.question("sector")
    assert sector is not None and sector.options is not None
    labels = {o.id: o.label["fr"] for o in sector.options}
    step = interview.interpret("environnement")
    assert step.error is None and labels[str(step.value)].startswith("Environnement")
    several = interview.interpret("solidarité").error
    assert several is not None and several.startswith(
        typeset_fr("« solidarité » correspond à plusieurs réponses : 1) Action sociale")
    )
    assert several.endswith(typeset_fr("; tapez son numéro"))
    misspelt = interview.interpret("Culturre").error
    assert misspelt is not None and misspelt.endswith(
        typeset_fr(" (vouliez-vous dire « Culture » ?)")
    )


def test_a_note_typed_in_line_is_confirmed(questionnaire: Questionnaire) -> None:
    interview = start(questionnaire, "fr")
    frontend = Scripted(interview, [":note Premier contact", ":note", "", ":quitter"])
    assert conduct(interview, frontend, lambda: None) is False
    assert frontend.messages == [
        typeset_fr("Note enregistrée : « Premier contact »"),
        "Note effacée.",
    ]


def test_the_first_question_waits_for_no_scoring_library() -> None:
    """The workshop's first screen needs the questionnaire and which questions apply, not
    the scoring arrays: numpy is imported once the answers are in."""
    probe = (
        "import sys\n"
        "from alliance_diag.cli import assess_command\n"
        "from alliance_diag.interview import workflow\n"
        "from alliance_diag.engine.answers import new_answer_set\n"
        "from alliance_diag.engine.applicability import applicable_questions\n"
        "from alliance_diag.interview.state import Interview\n"
        "from alliance_diag.io.questionnaire_files import load_questionnaire\n"
        "q = load_questionnaire('alliance-readiness')\n"
        "answers = new_answer_set(q, 'fr')\n"
        "assert Interview(q, answers, 'fr').current is not None\n"
        "assert list(applicable_questions(q, answers))\n"
        "print('numpy' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "False"
