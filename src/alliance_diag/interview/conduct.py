"""The interview driven to its end: a frontend asks, ``conduct`` applies each step to
the interview and saves after every answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from alliance_diag.core.i18n import Catalog
from alliance_diag.interview.state import Command, Ending, Interview, Step

_ = Catalog(
    {
        "first_question": {
            "fr": "c'est la première question",
            "en": "this is the first question",
        },
        "note_saved": {"fr": "Note enregistrée : « {note} »", "en": "Note saved: '{note}'"},
        "note_removed": {"fr": "Note effacée.", "en": "Note removed."},
    }
)


class Frontend(Protocol):
    """A way of putting the interview's questions to a person."""

    def ask(self, interview: Interview) -> Step:
        """Show the current question and return what the person chose or typed."""

    def ask_note(self, interview: Interview) -> str | None:
        """The text of a note on the current question (None: leave it as it is)."""

    def ask_goto(self, interview: Interview) -> str | None:
        """Which question to go to (None: stay)."""

    def show(self, message: str, *, error: bool = False) -> None:
        """A message about what just happened."""

    def show_help(self, interview: Interview) -> None:
        """The current question's help text and the commands."""

    def confirm_finish(self, interview: Interview) -> Ending:
        """What to do now that every question has an answer (the skipped ones named)."""


def conduct(interview: Interview, frontend: Frontend, save: Callable[[], None]) -> bool:
    """Ask until every applicable question has an answer, saving after each change.

    True when the interview is complete; False when the person chose to save and quit.
    Interruptions (KeyboardInterrupt, EOFError) pass through to the caller.
    """
    while True:
        while interview.current is not None:
            step = frontend.ask(interview)
            if step.command is Command.quit:
                return False
            error = _apply(interview, frontend, step, save)
            if error:
                frontend.show(error, error=True)
            if notice := interview.take_notice():
                frontend.show(notice)
        match frontend.confirm_finish(interview):
            case Ending.finish:
                return True
            case Ending.quit:
                return False
            case Ending.skipped if skipped := interview.skipped():
                interview.current = skipped[0][1]
            case _:
                interview.back()


def _apply(
    interview: Interview, frontend: Frontend, step: Step, save: Callable[[], None]
) -> str | None:
    """Carry out one step; the error message to show, if any."""
    if step.error:
        return step.error
    match step.command:
        case None:
            error = interview.answer(step.value)
            if not error:
                save()
            return error
        case Command.skip:
            error = interview.skip()
            if not error:
                save()
            return error
        case Command.back:
            return None if interview.back() else _("first_question", interview.lang)
        case Command.note:
            text = step.argument or frontend.ask_note(interview)
            if text is not None:
                interview.set_note(text)
                save()
                note = interview.note(interview.current) if interview.current else ""
                frontend.show(
                    _("note_saved", interview.lang, note=note)
                    if note
                    else _("note_removed", interview.lang)
                )
            return None
        case Command.help:
            frontend.show_help(interview)
            return None
        case Command.goto:
            target = step.argument or frontend.ask_goto(interview)
            return interview.go_to(target) if target else None
    return None
