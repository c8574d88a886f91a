"""The workshop interview as a state machine: what to ask next, and what a typed answer means."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from alliance_diag.engine.answers import AnswerSet, AnswerValue, coerce, option_label, option_table
from alliance_diag.engine.question_count import asked_questions, count_questions
from alliance_diag.engine.questionnaire import Option, Question, Questionnaire, QuestionType
from alliance_diag.i18n import Catalog, format_number, pick
from alliance_diag.textfold import fold, strip_accents

_ = Catalog(
    {
        "profile": {"fr": "Profil", "en": "Profile"},
        "statements": {"fr": "Affirmations", "en": "Statements"},
        "required": {
            "fr": "cette réponse est obligatoire : elle ne peut pas être passée",
            "en": "this answer is required: it cannot be skipped",
        },
        "not_listed": {
            "fr": "« {value} » n'est pas dans la liste : tapez un numéro de 1 à {count}, "
            "l'identifiant ou le libellé d'une réponse",
            "en": "'{value}' is not in the list: type a number from 1 to {count}, "
            "or an answer's id or label",
        },
        "number_between": {
            "fr": "« {value} » : tapez un nombre entre {min} et {max}",
            "en": "'{value}': type a number between {min} and {max}",
        },
        "number": {
            "fr": "« {value} » : tapez un nombre",
            "en": "'{value}': type a number",
        },
        "unknown_command": {
            "fr": "commande inconnue « {command} » ; commandes : {commands}",
            "en": "unknown command '{command}'; commands: {commands}",
        },
        "no_such_question": {
            "fr": "pas de question « {target} » : donnez un numéro de 1 à {count} ou un "
            "identifiant de question",
            "en": "no question '{target}': give a number from 1 to {count} or a question id",
        },
        "first_question": {
            "fr": "c'est la première question",
            "en": "this is the first question",
        },
        "no_help": {
            "fr": "pas d'aide pour cette question",
            "en": "no help for this question",
        },
        "added": {
            "fr": "{count} question{s} ajoutée{s} par la réponse « {answer} »",
            "en": "{count} question{s} added by the answer '{answer}'",
        },
        "removed": {
            "fr": "{count} question{s} retirée{s} par la réponse « {answer} »",
            "en": "{count} question{s} removed by the answer '{answer}'",
        },
        "separator": {"fr": " ; ", "en": "; "},
        "now_asked": {"fr": "({total} questions en tout).", "en": "({total} questions in all)."},
        "cmd_back": {"fr": ":retour", "en": ":back"},
        "cmd_skip": {"fr": ":passer", "en": ":skip"},
        "cmd_note": {"fr": ":note [texte]", "en": ":note [text]"},
        "cmd_help": {"fr": ":aide", "en": ":help"},
        "cmd_goto": {"fr": ":aller N", "en": ":goto N"},
        "cmd_quit": {"fr": ":quitter", "en": ":quit"},
        "does_back": {
            "fr": "revenir à la question précédente",
            "en": "go back to the previous question",
        },
        "does_skip": {
            "fr": "passer / je ne sais pas (aussi : ligne vide sur une question sans réponse)",
            "en": "skip / don't know (also: an empty line on an unanswered question)",
        },
        "does_note": {
            "fr": "ajouter ou modifier une note sur cette question (vide : l'effacer)",
            "en": "add or edit a note on this question (empty: remove it)",
        },
        "does_help": {"fr": "afficher l'aide de la question", "en": "show the question's help"},
        "does_goto": {
            "fr": "aller à la question numéro N (ou à son identifiant)",
            "en": "go to question number N (or to its id)",
        },
        "does_quit": {
            "fr": "enregistrer et quitter (reprise possible)",
            "en": "save and quit (you can resume)",
        },
    }
)


class Command(StrEnum):
    back = "back"
    skip = "skip"
    note = "note"
    help = "help"
    goto = "goto"
    quit = "quit"


# Both languages are always understood: a French consultant may type English habits.
COMMAND_WORDS: dict[str, Command] = {
    "back": Command.back,
    "retour": Command.back,
    "prev": Command.back,
    "skip": Command.skip,
    "passer": Command.skip,
    "note": Command.note,
    "help": Command.help,
    "aide": Command.help,
    "?": Command.help,
    "goto": Command.goto,
    "aller": Command.goto,
    "quit": Command.quit,
    "quitter": Command.quit,
    "q": Command.quit,
}


def command_help(lang: str) -> list[tuple[str, str]]:
    """The commands as (how to type it, what it does), for help screens."""
    return [(_(f"cmd_{c.value}", lang), _(f"does_{c.value}", lang)) for c in Command]


@dataclass(frozen=True)
class Step:
    """What one input asks for: an answer (``value``) or a command with its argument."""

    command: Command | None = None
    value: AnswerValue = None
    argument: str = ""
    error: str | None = None


@dataclass(frozen=True)
class Position:
    """Where the interview stands, for the header of a question."""

    question: Question
    number: int
    total: int
    answered: int
    skipped: int
    section: str

    @property
    def progress(self) -> float:
        return self.answered / self.total if self.total else 1.0


class Interview:
    """One respondent's interview: the questions that apply, the cursor, and the answers.

    Pure: it changes the answer set in memory and leaves saving to its caller.
    """

    def __init__(self, questionnaire: Questionnaire, answers: AnswerSet, lang: str) -> None:
        self.questionnaire = questionnaire
        self.answers = answers
        self.lang = lang
        dimension_rank = {d.id: i for i, d in enumerate(questionnaire.dimensions)}
        scored = sorted(questionnaire.questions, key=lambda q: dimension_rank[q.dimension or ""])
        self._order = {q.id: i for i, q in enumerate([*questionnaire.profile, *scored])}
        self.current: Question | None = self._first_unanswered(self.questions())
        self._notice: str | None = None

    # what to ask

    def questions(self) -> list[Question]:
        """The questions to ask for the answers given so far: profile, then by dimension."""
        return sorted(
            asked_questions(self.questionnaire, self.answers), key=lambda q: self._order[q.id]
        )

    @property
    def finished(self) -> bool:
        return self.current is None

    def position(self) -> Position | None:
        question = self.current
        if question is None:
            return None
        questions = self.questions()
        number = next((i + 1 for i, q in enumerate(questions) if q.id == question.id), 0)
        count = count_questions(self.questionnaire, self.answers)
        return Position(
            question=question,
            number=number,
            total=count.asked,
            answered=count.answered,
            skipped=count.skipped,
            section=self.section(question),
        )

    def section(self, question: Question) -> str:
        """The name of the part a question belongs to: the profile, or the statements.
        A statement's dimension is not shown while it is answered: naming « Confiance
        mutuelle » above it would colour the answer (review 1.1, §1.3)."""
        return _("profile" if question.dimension is None else "statements", self.lang)

    def options(self, question: Question) -> list[Option]:
        """A choice question's options, in the order they are numbered on screen."""
        return list(question.options or [])

    def value(self, question: Question) -> AnswerValue:
        return self.answers.value(question.id)

    def describe(self, question: Question) -> str:
        """The current answer as the respondent reads it ('' when unanswered)."""
        return option_label(question, self.value(question), self.lang)

    def help_text(self, question: Question) -> str:
        return pick(question.help, self.lang) if question.help else _("no_help", self.lang)

    def note(self, question: Question) -> str:
        return self.answers.notes.get(question.id, "")

    # what an input means

    def interpret(self, line: str) -> Step:
        """A typed line: a command (``:retour``, ``:note texte``…), an empty skip, or an answer."""
        text = line.strip()
        if text == "?" or text.startswith(":"):
            word, _sep, argument = text.lstrip(":").partition(" ")
            command = COMMAND_WORDS.get(_fold(word))
            if command is None:
                commands = ", ".join(_(f"cmd_{c.value}", self.lang) for c in Command)
                return Step(error=_("unknown_command", self.lang, command=text, commands=commands))
            return Step(command=command, argument=argument.strip())
        question = self.current
        assert question is not None, "nothing is asked once the interview is finished"
        if not text:
            return self._empty_line(question)
        value, error = self.parse(question, text)
        return Step(error=error) if error else Step(value=value)

    def _empty_line(self, question: Question) -> Step:
        # an empty line never erases: it keeps the answer given, as Enter does at the keyboard
        if self.answers.has_answer(question):
            return Step(value=self.value(question))
        if question.required:
            return Step(error=_("required", self.lang))
        return Step(command=Command.skip)

    def parse(self, question: Question, text: str) -> tuple[AnswerValue, str | None]:
        """A typed answer: a number in the displayed list, an option id or label, a number."""
        if question.type is QuestionType.multiple:
            chosen: list[str] = []
            for token in _tokens(text):
                option_id, error = self._choose(question, token)
                if error:
                    return None, error
                assert option_id is not None
                chosen.append(option_id)
            return coerce(question, chosen, self.lang)
        if self.options(question):
            option_id, error = self._choose(question, text)
            return (None, error) if error else coerce(question, option_id, self.lang)
        if question.type is QuestionType.number:
            value, error = coerce(question, text, self.lang)
            if error and question.min is not None and question.max is not None:
                low = format_number(question.min, self.lang, digits=None, grouped=False)
                high = format_number(question.max, self.lang, digits=None, grouped=False)
                return None, _("number_between", self.lang, value=text, min=low, max=high)
            if error:
                return None, _("number", self.lang, value=text)
            return value, None
        return coerce(question, text, self.lang)

    def _choose(self, question: Question, token: str) -> tuple[str | None, str | None]:
        options = self.options(question)
        token = token.strip()
        # on screen, a number picks from the list (before any option's own score)
        if token.isdigit() and 1 <= int(token) <= len(options):
            return options[int(token) - 1].id, None
        found = option_table(question).get(fold(token))
        if found is not None:
            return found, None
        return None, _("not_listed", self.lang, value=token, count=len(options))

    # changing the answers and the cursor

    def answer(self, raw: Any) -> str | None:
        """Record an answer to the current question and move on; an error message otherwise."""
        question = self.current
        assert question is not None, "nothing is asked once the interview is finished"
        value, error = coerce(question, raw, self.lang)
        if error:
            return error
        if value is None and question.required:
            return _("required", self.lang)
        before = {q.id for q in self.questions()}
        self.answers.set_value(question, value)
        self._say_what_changed(question, before)
        self.current = self._next_after(question)
        return None

    def take_notice(self) -> str | None:
        """What the last answer changed in the questions asked, said once."""
        notice, self._notice = self._notice, None
        return notice

    def _say_what_changed(self, question: Question, before: set[str]) -> None:
        after = {q.id for q in self.questions()}
        answer = self.describe(question)
        parts = []
        if added := len(after - before):
            parts.append(_("added", self.lang, count=added, s=_plural(added), answer=answer))
        if removed := len(before - after):
            parts.append(_("removed", self.lang, count=removed, s=_plural(removed), answer=answer))
        if parts:
            total = _("now_asked", self.lang, total=len(after))
            self._notice = _("separator", self.lang).join(parts) + " " + total

    def skip(self) -> str | None:
        """Don't know: the question's own « Je ne sais pas » when it offers one, else null
        (unanswered, but not asked again). Either counts, for the level, as the lowest
        answer."""
        question = self.current
        options = question.options or [] if question is not None else []
        dont_know = next((o.id for o in options if o.unanswered_as == "dont_know"), None)
        return self.answer(dont_know)

    def back(self) -> bool:
        """Go to the question before the current one (before the end: the last one)."""
        questions = self.questions()
        if self.current is None:
            earlier = questions
        else:
            rank = self._order[self.current.id]
            earlier = [q for q in questions if self._order[q.id] < rank]
        if not earlier:
            return False
        self.current = earlier[-1]
        return True

    def go_to(self, target: str) -> str | None:
        """Go to question number N of the list, or to a question by id."""
        questions = self.questions()
        target = target.strip()
        found: Question | None = None
        if target.isdigit() and 1 <= int(target) <= len(questions):
            found = questions[int(target) - 1]
        else:
            found = next((q for q in questions if q.id == target), None)
        if found is None:
            return _("no_such_question", self.lang, target=target, count=len(questions))
        self.current = found
        return None

    def set_note(self, text: str) -> None:
        """Add, replace or (with an empty text) remove the current question's note."""
        question = self.current
        assert question is not None, "nothing is asked once the interview is finished"
        text = text.strip()
        if text:
            self.answers.notes[question.id] = text
        else:
            self.answers.notes.pop(question.id, None)

    def _next_after(self, question: Question) -> Question | None:
        # back to the frontier: the next question without an answer, so that fixing an
        # earlier answer returns the respondent to where they were (and asks whatever
        # the change made applicable)
        questions = self.questions()
        rank = self._order[question.id]
        later = [q for q in questions if self._order[q.id] > rank]
        return self._first_unanswered(later) or self._first_unanswered(questions)

    def _first_unanswered(self, questions: list[Question]) -> Question | None:
        return next((q for q in questions if not self.answers.has_answer(q)), None)


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

    def confirm_finish(self, interview: Interview) -> bool:
        """Whether to end the interview now that every question has an answer."""


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
        if frontend.confirm_finish(interview):
            return True
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
            return None
        case Command.help:
            frontend.show_help(interview)
            return None
        case Command.goto:
            target = step.argument or frontend.ask_goto(interview)
            return interview.go_to(target) if target else None
    return None


def _plural(count: int) -> str:
    return "s" if count > 1 else ""


def _fold(text: str) -> str:
    """Lower case without accents, so 'Deja' matches 'Déjà' and 'RETOUR' matches 'retour'."""
    return strip_accents(text.strip().casefold())


def _tokens(text: str) -> list[str]:
    """The items of a multiple answer: '1, 3', '1 3', 'a;b' or labels separated by commas."""
    tokens: list[str] = []
    for piece in re.split(r"[,;]", text):
        if re.fullmatch(r"[\d\s]+", piece):
            tokens.extend(piece.split())
        elif piece.strip():
            tokens.append(piece.strip())
    return tokens
