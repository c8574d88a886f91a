"""The interview one line at a time, for pipes and scripts: prompts out, one answer per line in."""

from __future__ import annotations

from typing import TextIO

from alliance_diag.engine.questionnaire import QuestionType
from alliance_diag.i18n import Catalog, format_number, pick
from alliance_diag.interview.state import Interview, Position, Step, command_help

_ = Catalog(
    {
        "header": {
            "fr": "── {section} · question {number} sur {total} · {percent} % répondu",
            "en": "── {section} · question {number} of {total} · {percent}% answered",
        },
        "required": {"fr": " (obligatoire)", "en": " (required)"},
        "number_hint": {
            "fr": "(un nombre entre {min} et {max})",
            "en": "(a number between {min} and {max})",
        },
        "any_number_hint": {"fr": "(un nombre)", "en": "(a number)"},
        "multiple_hint": {
            "fr": "(un ou plusieurs numéros, séparés par des virgules)",
            "en": "(one or more numbers, separated by commas)",
        },
        "current": {"fr": "Réponse actuelle : {answer}", "en": "Current answer: {answer}"},
        "skipped": {"fr": "(passée)", "en": "(skipped)"},
        "note": {"fr": "Note : {note}", "en": "Note: {note}"},
        "help_available": {
            "fr": "(aide : tapez :aide)",
            "en": "(help: type :help)",
        },
        "commands": {
            "fr": "Une réponse par ligne : le numéro d'une réponse, son identifiant ou son "
            "libellé. Commandes :",
            "en": "One answer per line: an answer's number, id or label. Commands:",
        },
        "note_prompt": {
            "fr": "Note (ligne vide : effacer la note) > ",
            "en": "Note (empty line: remove the note) > ",
        },
        "goto_prompt": {"fr": "Aller à la question n° > ", "en": "Go to question number > "},
    }
)


class LineFrontend:
    """Prints each question with numbered options and reads one line; echoes what it read.

    The echo makes a transcript of a piped session readable. End of input raises
    EOFError: an interruption, handled like Ctrl-C.
    """

    def __init__(self, stdin: TextIO, stdout: TextIO, lang: str) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.lang = lang
        self._shown: str | None = None

    def ask(self, interview: Interview) -> Step:
        position = interview.position()
        assert position is not None, "nothing is asked once the interview is finished"
        if self._shown is None:
            self._commands()
        if self._shown != position.question.id:
            self._question(interview, position)
            self._shown = position.question.id
        return interview.interpret(self._read("> "))

    def ask_note(self, interview: Interview) -> str | None:
        return self._read(_("note_prompt", self.lang))

    def ask_goto(self, interview: Interview) -> str | None:
        return self._read(_("goto_prompt", self.lang)).strip() or None

    def show(self, message: str, *, error: bool = False) -> None:
        self._print(("  ! " if error else "  ") + message)

    def show_help(self, interview: Interview) -> None:
        question = interview.current
        if question is not None:
            self._print("  " + interview.help_text(question))
        self._commands()

    def confirm_finish(self, interview: Interview) -> bool:
        return True

    def _question(self, interview: Interview, position: Position) -> None:
        lang = self.lang
        question = position.question
        section = position.section
        self._print("")
        self._print(
            _(
                "header",
                lang,
                section=section,
                number=position.number,
                total=position.total,
                percent=round(100 * position.progress),
            )
        )
        required = _("required", lang) if question.required else ""
        self._print(pick(question.text, lang) + required)
        for number, option in enumerate(interview.options(question), start=1):
            self._print(f"  {number}) {pick(option.label, lang)}")
        if question.type is QuestionType.multiple:
            self._print("  " + _("multiple_hint", lang))
        elif question.type is QuestionType.number:
            if question.min is not None and question.max is not None:
                low = format_number(question.min, lang, digits=None, grouped=False)
                high = format_number(question.max, lang, digits=None, grouped=False)
                hint = _("number_hint", lang, min=low, max=high)
            else:
                hint = _("any_number_hint", lang)
            self._print("  " + hint)
        if interview.answers.has_answer(question):
            answer = interview.describe(question) or _("skipped", lang)
            self._print("  " + _("current", lang, answer=answer))
        if note := interview.note(question):
            self._print("  " + _("note", lang, note=note))
        if question.help:
            self._print("  " + _("help_available", lang))

    def _commands(self) -> None:
        self._print(_("commands", self.lang))
        for typed, does in command_help(self.lang):
            self._print(f"  {typed:<16} {does}")

    def _read(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self._print("")
            raise EOFError
        text = line.rstrip("\r\n")
        self._print(text)
        return text

    def _print(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()
