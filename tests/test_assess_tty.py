"""The keyboard interview, driven with prompt_toolkit's pipe input: arrows, number keys, Enter."""

from __future__ import annotations

import io
import os
import re
import select
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import path_without_this_installation
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from alliance_diag.core.i18n import typeset_fr
from alliance_diag.engine.answers import new_answer_set
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.interview.conduct import conduct
from alliance_diag.interview.keyboard import TtyFrontend
from alliance_diag.interview.state import Ending, Interview, Step
from alliance_diag.io.questionnaire_files import load_questionnaire

INTERVIEW = Path(__file__).parent / "data" / "questionnaires" / "interview.yaml"
UP, DOWN, ENTER, BACKSPACE = "\x1b[A", "\x1b[B", "\r", "\x7f"


class Keyboard(TtyFrontend):
    """The keyboard front end, with someone typing the next keys whenever it asks."""

    def __init__(self, pipe: PipeInput, keys: list[str], lang: str = "en") -> None:
        self.screen = io.StringIO()
        console = Console(file=self.screen, width=100, color_system=None, highlight=False)
        super().__init__(lang, console, input=pipe, output=DummyOutput())
        self.pipe = pipe
        self.typing = keys

    def _type(self) -> None:
        self.pipe.send_text(self.typing.pop(0))

    def ask(self, interview: Interview) -> Step:
        self._type()
        return super().ask(interview)

    def ask_note(self, interview: Interview) -> str | None:
        self._type()
        return super().ask_note(interview)

    def ask_goto(self, interview: Interview) -> str | None:
        self._type()
        return super().ask_goto(interview)

    def confirm_finish(self, interview: Interview) -> Ending:
        self._type()
        return super().confirm_finish(interview)


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(INTERVIEW)


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def test_arrows_numbers_and_commands_through_a_whole_interview(
    questionnaire: Questionnaire, pipe: PipeInput
) -> None:
    keys = [
        "Asso" + ENTER,  # organisation
        UP,  # name: the up arrow in a text answer goes back…
        ENTER,  # …to the organisation, where Enter keeps the "Asso" shown
        ENTER,  # name: skipped
        # partner type: nothing is pointed at yet, so a stray Enter does nothing; the
        # first ↓ points at option 1, so three make the third, private
        ENTER + DOWN + DOWN + DOWN + ENTER,
        "abc" + ENTER + BACKSPACE * 3 + "12" + ENTER,  # refused in place, then corrected
        "3" + ENTER,  # trust_a: number key 3, agree
        "b",  # trust_project: back, at once
        UP + ENTER,  # trust_a again, pointer on agree: up to neutral
        "n",  # trust_project: note…
        "Deux projets" + ENTER,  # …its text
        "1" + ENTER,  # trust_project: yes, which brings in the review question
        DOWN + ENTER,  # trust_project_review: first option
        DOWN + DOWN + ENTER,  # trust_private (the module of the partner type)
        "s",  # demand_a: skip
        " " + DOWN + DOWN + " " + ENTER,  # demand_tools: tick the first and the third
        "2,5" + ENTER,  # demand_hours
        ENTER,  # all answered: finish
    ]
    frontend = Keyboard(pipe, keys)
    interview = Interview(questionnaire, new_answer_set(questionnaire, "en"), "en")
    saves = []
    assert conduct(interview, frontend, lambda: saves.append(1))
    assert frontend.typing == []
    answers = interview.answers
    assert answers.respondent.model_dump(exclude_unset=True) == {
        "organisation": "Asso",
        "name": None,
    }
    assert answers.profile == {"partner_type": "private", "partners_count": 12}
    assert answers.answers == {
        "trust_a": "neutral",
        "trust_project": "yes",
        "trust_project_review": "disagree",
        "trust_private": "neutral",
        # skipped: the question offers « Je ne sais pas », which skipping records
        "demand_a": "dont_know",
        "demand_tools": ["indicators", "none"],
        "demand_hours": 2.5,
    }
    assert answers.notes == {"trust_project": "Deux projets"}
    assert len(saves) == 14  # 13 answers (organisation and trust_a given twice) and a note
    screen = frontend.screen.getvalue()
    # a statement is shown without its dimension, which would colour the answer
    assert "Statements · question 5 of 10" in screen
    assert "Note: Deux projets" in screen
    assert "Current answer: Agree" in screen


def test_help_shows_under_the_question_and_quit_stops(
    questionnaire: Questionnaire, pipe: PipeInput
) -> None:
    answers = new_answer_set(questionnaire, "fr")
    answers.set_value(questionnaire.question("organisation"), "Asso")  # type: ignore[arg-type]
    answers.set_value(questionnaire.question("name"), None)  # type: ignore[arg-type]
    # on partner_type, in French: a for help, then q to save and quit
    frontend = Keyboard(pipe, ["a", "q"], lang="fr")
    interview = Interview(questionnaire, answers, "fr")
    assert conduct(interview, frontend, lambda: None) is False
    screen = frontend.screen.getvalue()
    assert typeset_fr("Aide disponible : touche a") in screen
    assert "Le module suit ce choix." in screen


def test_going_to_an_earlier_question_from_the_list(
    questionnaire: Questionnaire, pipe: PipeInput
) -> None:
    answers = new_answer_set(questionnaire, "en")
    answers.set_value(questionnaire.question("organisation"), "Asso")  # type: ignore[arg-type]
    interview = Interview(questionnaire, answers, "en")
    # on name, a text question: :goto opens the list, pointer on the current question (2)
    # then Ctrl-U clears the organisation shown for editing, and :quit is typed
    frontend = Keyboard(pipe, [":goto" + ENTER, UP + ENTER, "\x15:quit" + ENTER])
    assert conduct(interview, frontend, lambda: None) is False
    assert interview.current is not None and interview.current.id == "organisation"


ESC = "\x1b"


def test_esc_closes_the_go_to_list_and_a_required_question_offers_no_skip(
    questionnaire: Questionnaire, pipe: PipeInput
) -> None:
    answers = new_answer_set(questionnaire, "en")
    answers.set_value(questionnaire.question("organisation"), "Asso")  # type: ignore[arg-type]
    answers.set_value(questionnaire.question("name"), None)  # type: ignore[arg-type]
    interview = Interview(questionnaire, answers, "en")
    # on partner_type (required): s is no key here; g opens the list, Esc closes it, q quits
    frontend = Keyboard(pipe, ["s" + "g", ESC, "q"])
    assert conduct(interview, frontend, lambda: None) is False
    assert interview.current is not None and interview.current.id == "partner_type"
    assert answers.profile == {}
    screen = frontend.screen.getvalue()
    assert "required" in screen and "Skip" not in screen


def test_a_stray_enter_on_an_unanswered_list_records_nothing(
    questionnaire: Questionnaire, pipe: PipeInput
) -> None:
    answers = new_answer_set(questionnaire, "en")
    answers.set_value(questionnaire.question("organisation"), "Asso")  # type: ignore[arg-type]
    answers.set_value(questionnaire.question("name"), None)  # type: ignore[arg-type]
    answers.set_value(questionnaire.question("partner_type"), "peer")  # type: ignore[arg-type]
    answers.set_value(questionnaire.question("partners_count"), 2)  # type: ignore[arg-type]
    interview = Interview(questionnaire, answers, "en")
    saves: list[int] = []
    # trust_a: Enter twice does nothing, then q (acting at once, no Enter) quits
    frontend = Keyboard(pipe, [ENTER + ENTER + "q"])
    assert conduct(interview, frontend, lambda: saves.append(1)) is False
    assert saves == [] and answers.answers == {}


PAGE_UP, PAGE_DOWN, HOME, END = "\x1b[5~", "\x1b[6~", "\x1b[H", "\x1b[F"


def test_options_past_nine_are_numbered_and_reached_by_typing_their_number(
    pipe: PipeInput,
) -> None:
    questionnaire = load_questionnaire("alliance-readiness")
    sector = questionnaire.question("sector")
    assert sector is not None and sector.options is not None and len(sector.options) > 10
    answers = new_answer_set(questionnaire, "fr")
    interview = Interview(questionnaire, answers, "fr")
    assert interview.go_to("sector") is None
    # 1 then 1 at once: option 11, not option 1 twice; then quit on the next question
    frontend = Keyboard(pipe, ["11" + ENTER, ":quitter" + ENTER], lang="fr")
    assert conduct(interview, frontend, lambda: None) is False
    assert answers.profile["sector"] == sector.options[10].id


def test_the_go_to_list_jumps_by_number_page_and_ends(questionnaire: Questionnaire) -> None:
    answers = new_answer_set(questionnaire, "en")
    for question_id, value in [("organisation", "Asso"), ("name", None), ("partner_type", "peer")]:
        answers.set_value(questionnaire.question(question_id), value)  # type: ignore[arg-type]
    answers.set_value(questionnaire.question("partners_count"), 2)  # type: ignore[arg-type]
    # from question 5 (trust_a), the first unanswered; the list ends on Cancel
    for number, keys in [("2", "2"), ("1", PAGE_UP), ("1", HOME), ("9", END + UP + UP)]:
        interview = Interview(questionnaire, answers, "en")
        with create_pipe_input() as pipe:
            frontend = Keyboard(pipe, ["g", keys + ENTER, "\x15:quit" + ENTER])
            assert conduct(interview, frontend, lambda: None) is False
        assert interview.current is not None
        assert interview.questions().index(interview.current) + 1 == int(number), keys


def test_the_end_names_the_skipped_questions_goes_back_to_them_and_q_quits(
    questionnaire: Questionnaire, pipe: PipeInput
) -> None:
    answers = new_answer_set(questionnaire, "en")
    for question_id, value in [
        ("organisation", "Asso"),
        ("name", None),
        ("partner_type", "peer"),
        ("partners_count", 2),
        ("trust_a", "agree"),
        ("trust_project", "no"),
        ("trust_peer", "agree"),
        ("demand_a", None),
        ("demand_tools", ["none"]),
        ("demand_hours", 5),
    ]:
        answers.set_value(questionnaire.question(question_id), value)  # type: ignore[arg-type]
    interview = Interview(questionnaire, answers, "en")
    assert interview.finished
    # the end: ↓ to "back to the skipped questions", the name first, then demand_a; q quits
    keys = [DOWN + ENTER, "Camille" + ENTER, DOWN + ENTER, "1" + ENTER, "q"]
    frontend = Keyboard(pipe, keys)
    # a message waiting from the last answer is shown on the end screen, not lost
    frontend.show("1 question removed, which followed the previous answer 'Company'")
    assert conduct(interview, frontend, lambda: None) is False
    assert frontend.typing == []
    assert answers.respondent.name == "Camille" and answers.answers["demand_a"] == "disagree"
    screen = frontend.screen.getvalue()
    assert "skipped: 2" in screen  # the name and demand_a
    assert "   2. Your name?" in screen and "   8. Demand A" in screen
    assert "which followed the previous answer 'Company'" in screen


class Terminal:
    """A real pseudo-terminal running `alliance-diag assess`, read as the screen fills."""

    def __init__(
        self, cwd: Path, *args: str, rows: int = 40, columns: int = 100, cpr: bool = False
    ) -> None:
        import fcntl  # POSIX only, like the test itself
        import termios

        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))},
            "TERM": "xterm",
            "PATH": path_without_this_installation(),
        }
        if not cpr:
            # no cursor-position query: nothing in a test answers it
            env["PROMPT_TOOLKIT_NO_CPR"] = "1"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "alliance_diag", "assess", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = ""

    def read(self) -> None:
        while select.select([self.master], [], [], 0.05)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the child closed the terminal
                return
            if not chunk:
                return
            self.seen += chunk.decode("utf-8", "replace")

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + 20
        while text not in self.seen:
            assert time.monotonic() < deadline, f"never saw {text!r} in {self.seen[-2000:]!r}"
            self.read()

    def type(self, keys: str) -> None:
        self.seen = ""
        os.write(self.master, keys.encode("utf-8"))

    def close(self) -> int:
        deadline = time.monotonic() + 20
        while self.process.poll() is None and time.monotonic() < deadline:
            self.read()
        self.read()
        os.close(self.master)
        return self.process.wait(timeout=20)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_real_terminal_gets_the_keyboard_interview_and_ctrl_c_saves(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path, "-q", str(INTERVIEW), "--lang", "en", rows=24, columns=80)
    try:
        # the first screen: how long, where the answers go, how to go back and stop
        terminal.wait_for("Start (Enter)")
        assert "9–10 questions, about 10 minutes." in terminal.seen
        assert "saved at once in diagnostic-ORGANISATION-DATE.yaml" in terminal.seen
        assert "Key b: previous question" in terminal.seen
        # the ways of giving no score, each said for what it means
        assert "“Don't know”: you do not have the information;" in terminal.seen
        assert "Key s: skip; that is “Don't know” when the question offers it" in terminal.seen
        terminal.type(ENTER)
        terminal.wait_for("Organisation?")
        terminal.type("Asso" + ENTER)
        terminal.wait_for("Your name?")
        # before the partner type, the count is the range the first screen gave
        terminal.wait_for("question 2 of 9–10")
        terminal.type(ENTER)
        terminal.wait_for("Partner type?")
        terminal.wait_for("1) Association")
        # a required question: the commands on one line, without skip
        terminal.wait_for("b back · n note · h help · g go to · q quit")
        terminal.type(DOWN + DOWN + ENTER)
        terminal.wait_for("How many partners?")
        terminal.wait_for("Your answer")
        terminal.type("abc" + ENTER)
        # refused in place: the message on the line under the answer typed
        terminal.wait_for("'abc': type a number between 0 and 1000")
        assert re.search(r"abc(\x1b\[[0-9;]*m)*\r*\n(\x1b\[[0-9;]*m)*'abc': type", terminal.seen)
        terminal.type("\x03")  # Ctrl-C
        terminal.wait_for("To resume:")
    finally:
        code = terminal.close()
    assert code == 130
    [saved] = tmp_path.glob("diagnostic-asso-*.yaml")
    program = f"{sys.executable} -m alliance_diag"
    assert f"To resume:\r\n  {program} assess --answers {saved.name}" in terminal.seen
    assert "partner_type: public" in saved.read_text("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_refused_text_answer_is_told_under_it_not_on_the_last_row(tmp_path: Path) -> None:
    # a terminal as tmux is, that could be asked where its cursor is
    terminal = Terminal(tmp_path, "-q", str(INTERVIEW), "--lang", "en", rows=24, cpr=True)
    asked_cursor = False
    try:
        for wait, keys in [
            ("Start (Enter)", ENTER),
            ("Organisation?", "Asso" + ENTER),
            ("Your name?", ENTER),
            ("1) Association", DOWN + DOWN + ENTER),
            ("Your answer", "abc" + ENTER),
        ]:
            terminal.wait_for(wait)
            asked_cursor |= "\x1b[6n" in terminal.seen
            terminal.type(keys)
        terminal.wait_for("'abc': type a number between 0 and 1000")
        asked_cursor |= "\x1b[6n" in terminal.seen
        # told, the terminal's answer would stretch the prompt to the last row; never asked,
        # the message stays on the line under the answer typed
        assert re.search(r"abc(\x1b\[[0-9;]*m)*\r*\n(\x1b\[[0-9;]*m)*'abc': type", terminal.seen)
        terminal.type("\x03")
        terminal.wait_for("To resume:")
    finally:
        terminal.close()
    assert not asked_cursor


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_question_of_the_full_questionnaire_fits_80_by_24(lang: str) -> None:
    questionnaire = load_questionnaire("alliance-readiness")
    answers = new_answer_set(questionnaire, lang)
    # a profile that brings in every module question a respondent can get
    answers.set_value(questionnaire.question("partner_type"), "private")  # type: ignore[arg-type]
    answers.set_value(questionnaire.question("stage"), "formalised")  # type: ignore[arg-type]
    interview = Interview(questionnaire, answers, lang)
    screen = io.StringIO()
    frontend = TtyFrontend(lang, Console(file=screen, width=80, color_system=None, highlight=False))
    tallest = 0
    for question in interview.questions():
        interview.current = question
        # the longest case: an answer given, a note, and a message waiting under the question
        interview.answers.notes[question.id] = "Une note de quelques mots."
        frontend.show("« x » : tapez un nombre entre 0 et 1000", error=True)
        position = interview.position()
        assert position is not None
        screen.seek(0)
        screen.truncate()
        frontend._screen(interview, position)
        header = screen.getvalue().count("\n")
        options = len(interview.options(question))
        # under the header: the prompt line, the options, a blank line and the keys line
        prompt = 1 + (options + 2 if options else 1)
        tallest = max(tallest, header + prompt)
    assert tallest <= 24
