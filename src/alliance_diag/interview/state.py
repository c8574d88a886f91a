"""The workshop interview as a state machine: what to ask next, and what a typed answer means."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from alliance_diag.core.i18n import Catalog, format_number, pick
from alliance_diag.core.suggest import suggestion
from alliance_diag.core.textfold import fold, strip_accents
from alliance_diag.engine.answers import AnswerSet, AnswerValue, coerce, option_label, option_table
from alliance_diag.engine.question_count import asked_questions, count_questions, expected_length
from alliance_diag.engine.questionnaire import Option, Question, Questionnaire, QuestionType

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
        "several": {
            "fr": "« {value} » correspond à plusieurs réponses : {options} ; tapez son numéro",
            "en": "'{value}' matches several answers: {options}; type its number",
        },
        "number_between": {
            "fr": "« {value} » : tapez un nombre entre {min} et {max}",
            "en": "'{value}': type a number between {min} and {max}",
        },
        "whole_between": {
            "fr": "« {value} » : tapez un nombre entier entre {min} et {max}",
            "en": "'{value}': type a whole number between {min} and {max}",
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
        "no_help": {
            "fr": "pas d'aide pour cette question",
            "en": "no help for this question",
        },
        "added": {
            "fr": "{count} question{s} ajoutée{s} par la réponse « {answer} »",
            "en": "{count} question{s} added by the answer '{answer}'",
        },
        "removed": {
            "fr": "{count} question{s} retirée{s}, qui suivai{ent} la réponse précédente "
            "« {answer} »",
            "en": "{count} question{s} removed, which followed the previous answer '{answer}'",
        },
        "removed_plain": {
            "fr": "{count} question{s} retirée{s}",
            "en": "{count} question{s} removed",
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
            "fr": "passer : « Je ne sais pas » quand la question le propose, sinon sans "
            "réponse ; rappelée à la fin (aussi : ligne vide sur une question sans réponse)",
            "en": "skip: “Don't know” when the question offers it, else no answer; listed "
            "again at the end (also: an empty line on an unanswered question)",
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


# the shortest word typed that may choose an option by the words of its label
MIN_WORD = 3


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


def unscored_labels(questionnaire: Questionnaire, lang: str) -> dict[str, str]:
    """The label of the questionnaire's "don't know" and "not yet" answers, by kind, as the
    first statement offering each shows it: the first screen says what each means."""
    labels: dict[str, str] = {}
    for question in questionnaire.questions:
        for option in question.options or ():
            kind = option.unanswered_as
            if kind is not None and kind not in labels:
                labels[kind] = pick(option.label, lang)
    return dict(sorted(labels.items()))


class Ending(StrEnum):
    """What the person chose once every question has an answer."""

    finish = "finish"  # write the report
    review = "review"  # back to the last question
    skipped = "skipped"  # back to the first question skipped or answered "don't know"
    quit = "quit"  # save and quit, without the report


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
    # the total as the header says it: ``67–69`` while profile answers still to come
    # decide it, as on the first screen and in ``questionnaire list``
    expected: str
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
            expected=expected_length(self.questionnaire, self.answers).questions,
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
                key = "whole_between" if question.integer else "number_between"
                return None, _(key, self.lang, value=text, min=low, max=high)
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
        return self._choose_by_word(options, token)

    def _choose_by_word(self, options: list[Option], token: str) -> tuple[str | None, str | None]:
        """A word that begins one option's label (``environnement``) chooses it; one that
        begins several names them; otherwise the closest label is suggested."""
        typed = fold(token)
        labels = {option.id: pick(option.label, self.lang) for option in options}
        starting = [
            (number, option)
            for number, option in enumerate(options, start=1)
            if len(typed) >= MIN_WORD
            and any(word.startswith(typed) for word in fold(labels[option.id]).split())
        ]
        if len(starting) == 1:
            return starting[0][1].id, None
        if starting:
            which = _("separator", self.lang).join(
                f"{number}) {labels[option.id]}" for number, option in starting
            )
            return None, _("several", self.lang, value=token, options=which)
        error = _("not_listed", self.lang, value=token, count=len(options))
        return None, error + suggestion(token, list(labels.values()), self.lang)

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
        previous = self.describe(question)
        self.answers.set_value(question, value)
        self._say_what_changed(question, before, previous)
        self.current = self._next_after(question)
        return None

    def take_notice(self) -> str | None:
        """What the last answer changed in the questions asked, said once."""
        notice, self._notice = self._notice, None
        return notice

    def _say_what_changed(self, question: Question, before: set[str], previous: str) -> None:
        # questions removed went with the answer replaced (a partner type's module), not
        # with the new one: each count names the answer it belongs to
        after = {q.id for q in self.questions()}
        answer = self.describe(question)
        parts = []
        if added := len(after - before):
            parts.append(_("added", self.lang, count=added, s=_plural(added), answer=answer))
        if removed := len(before - after):
            ent = "ent" if removed > 1 else "t"
            key = "removed" if previous else "removed_plain"
            parts.append(
                _(key, self.lang, count=removed, s=_plural(removed), ent=ent, answer=previous)
            )
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

    def skipped(self) -> list[tuple[int, Question]]:
        """The questions left open, skipped or answered « Je ne sais pas » (what a skip
        records when the question offers it), with their numbers in the list, in order."""
        return [
            (number, question)
            for number, question in enumerate(self.questions(), start=1)
            if self.answers.has_answer(question) and self._left_open(question)
        ]

    def _left_open(self, question: Question) -> bool:
        value = self.value(question)
        if value is None:
            return True
        # a statement's « Je ne sais pas »; a profile option has no score and means itself
        option = question.option(value) if isinstance(value, str) else None
        return (
            question.dimension is not None
            and option is not None
            and option.unanswered_as == "dont_know"
        )

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
