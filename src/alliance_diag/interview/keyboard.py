"""The interview at the keyboard: a rich header and questionary prompts, one screen a question."""

from __future__ import annotations

from typing import Any

import questionary
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.key_binding.key_processor import KeyPressEvent
from prompt_toolkit.output import Output, create_output
from prompt_toolkit.output.vt100 import Vt100_Output
from questionary import Choice, Separator
from rich.console import Console, Group
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from alliance_diag.core.i18n import pick
from alliance_diag.engine.question_count import count_questions, expected_length
from alliance_diag.engine.questionnaire import Question, QuestionType
from alliance_diag.interview.choice_list import choice_list
from alliance_diag.interview.keyboard_messages import _
from alliance_diag.interview.state import (
    Command,
    Ending,
    Interview,
    Position,
    Step,
    command_help,
    unscored_labels,
)

# the skipped questions the end screen names, one a line, within 80×24
SKIPPED_SHOWN = 12

# The keys of the commands, chosen to be mnemonic in each language and never a digit,
# which number the options.
KEYS = {
    "fr": {
        Command.back: "r",
        Command.skip: "p",
        Command.note: "n",
        Command.help: "a",
        Command.goto: "v",
        Command.quit: "q",
    },
    "en": {
        Command.back: "b",
        Command.skip: "s",
        Command.note: "n",
        Command.help: "h",
        Command.goto: "g",
        Command.quit: "q",
    },
}


class TtyFrontend:
    """One screen a question: where we are, the question, then a questionary prompt.

    ``input``/``output`` are prompt_toolkit's (tests pass a pipe input and a dummy
    output); messages and help wait for the next screen, under the question.
    """

    def __init__(
        self,
        lang: str,
        console: Console | None = None,
        *,
        input: Input | None = None,
        output: Output | None = None,
        saved_in: str | None = None,
    ) -> None:
        self.lang = lang
        # where the answers go, for the first screen (None: no first screen)
        self.saved_in = saved_in
        self.console = console or Console(highlight=False)
        self.keys = KEYS.get(lang, KEYS["en"])
        self._io: dict[str, Any] = {"output": output or _output_without_cpr()}
        if input is not None:
            self._io["input"] = input
        self._pending: list[Text] = []

    def ask(self, interview: Interview) -> Step:
        position = interview.position()
        assert position is not None, "nothing is asked once the interview is finished"
        if self.saved_in is not None:
            self._welcome(interview, self.saved_in)
            self.saved_in = None
        self._screen(interview, position)
        question = position.question
        if question.type is QuestionType.multiple:
            return self._checkbox(interview, question)
        if interview.options(question):
            return self._select(interview, question)
        return self._text(interview, question)

    def ask_note(self, interview: Interview) -> str | None:
        question = interview.current
        assert question is not None
        text: str = questionary.text(
            _("note_prompt", self.lang),
            default=interview.note(question),
            instruction=_("note_hint", self.lang),
            **self._io,
        ).unsafe_ask()
        return text

    def ask_goto(self, interview: Interview) -> str | None:
        # one line a question, cut to the terminal: the text, then the answer given
        room = max(40, self.console.width - 12)
        text_width = room * 2 // 3
        choices: list[Any] = []
        default = None
        section = ""
        current = interview.current
        for number, question in enumerate(interview.questions(), start=1):
            label = interview.section(question)
            if label != section:
                choices.append(Separator(f"── {label}"))
                section = label
            title = _shorten(pick(question.text, self.lang), text_width)
            if interview.answers.has_answer(question):
                answer = interview.describe(question) or _("skipped", self.lang)
                title += f" — {_shorten(answer, room - text_width)}"
            choice = Choice(title, value=str(number), shortcut_key=f"{number:>3}")
            choices.append(choice)
            if current is not None and question.id == current.id:
                default = choice
        choices.append(Separator(" "))
        choices.append(Choice(_("cancel", self.lang), value=None))
        target: str | None = choice_list(
            _("goto_prompt", self.lang),
            choices,
            default=default,
            instruction=_("goto_hint", self.lang),
            shortcuts=True,
            on_escape=(None,),
            **self._io,
        ).unsafe_ask()
        return target

    def show(self, message: str, *, error: bool = False) -> None:
        self._pending.append(Text(message, style="bold red" if error else "green"))

    def show_help(self, interview: Interview) -> None:
        question = interview.current
        if question is None:
            return
        self._pending.append(Text(interview.help_text(question), style="cyan"))
        if not interview.options(question):
            # text and number questions take typed commands: list them
            for typed, does in command_help(self.lang):
                self._pending.append(Text(f"  {typed:<16} {does}", style="dim"))

    def confirm_finish(self, interview: Interview) -> Ending:
        count = count_questions(interview.questionnaire, interview.answers)
        self.console.clear()
        finished = _("finished", self.lang, total=count.asked, answered=count.answered)
        if count.skipped:
            finished += " " + _("skipped_count", self.lang, skipped=count.skipped)
        self.console.print(Text(finished, style="bold"))
        # what the last answer changed, said here too when it brought the interview back
        # to its end (an answer changed after finishing)
        for message in self._pending:
            self.console.print(message)
        self._pending = []
        skipped = interview.skipped()
        if skipped:
            self.console.print(Text(_("left_open", self.lang), style="dim"))
        # the skipped questions by number, as many as the screen holds
        room = max(40, self.console.width - 8)
        shown = skipped[:SKIPPED_SHOWN]
        for number, question in shown:
            text = _shorten(pick(question.text, self.lang), room)
            self.console.print(Text(f"{number:>4}. {text}", style="dim"))
        if len(skipped) > len(shown):
            more = len(skipped) - len(shown)
            self.console.print(Text("      " + _("more_skipped", self.lang, more=more), "dim"))
        self.console.print()
        finish_choice = Choice(_("finish", self.lang), value=Ending.finish)
        choices = [finish_choice]
        if skipped:
            choices.append(
                Choice(_("to_skipped", self.lang, count=len(skipped)), value=Ending.skipped)
            )
        choices.append(Choice(_("review", self.lang), value=Ending.review))
        quit_key = self.keys[Command.quit]
        choices += [Separator(" "), Separator(f"{quit_key} {_('short_quit', self.lang)}")]
        ending: Ending = choice_list(
            _("finish_prompt", self.lang),
            choices,
            default=finish_choice,
            instruction=_("arrows_hint", self.lang),
            keys={quit_key: Ending.quit},
            **self._io,
        ).unsafe_ask()
        return ending

    def _welcome(self, interview: Interview, saved_in: str) -> None:
        """The first screen: how long, where the answers go, how to go back and stop."""
        lang = self.lang
        count = count_questions(interview.questionnaire, interview.answers)
        length = expected_length(interview.questionnaire, interview.answers)
        keys = self.keys
        lines = [
            Text(pick(interview.questionnaire.title, lang), style="bold"),
            Text(""),
            Text(_("welcome_length", lang, questions=length.questions, minutes=length.minutes)),
            Text(_("welcome_saved", lang, path=saved_in)),
            Text(
                _(
                    "welcome_keys",
                    lang,
                    back=keys[Command.back],
                    goto=keys[Command.goto],
                    quit=keys[Command.quit],
                )
            ),
        ]
        for kind, label in unscored_labels(interview.questionnaire, lang).items():
            lines.append(Text(_(f"welcome_{kind}", lang, label=label)))
        lines.append(Text(_("welcome_skip", lang, skip=keys[Command.skip])))
        if count.answered or count.skipped:
            lines.append(Text(_("welcome_resume", lang, answered=count.answered), style="green"))
        self.console.clear()
        self.console.print(Group(*lines))
        self.console.print()
        start = Choice(_("welcome_start", lang), value=True)
        choice_list(_("welcome_prompt", lang), [start], default=start, **self._io).unsafe_ask()

    def _screen(self, interview: Interview, position: Position) -> None:
        lang = self.lang
        question = position.question
        where = _("position", lang, number=position.number, total=position.expected)
        section = position.section
        bar = Table.grid(padding=(0, 1))
        bar.add_column()
        bar.add_column(no_wrap=True)
        bar.add_row(
            ProgressBar(
                total=position.total, completed=position.answered + position.skipped, width=40
            ),
            Text(_answered(position, lang), "dim"),
        )
        title = pick(interview.questionnaire.title, lang)
        lines: list[Any] = [
            Text(title, style="dim"),
            Text.assemble((section, "bold magenta"), " · ", (where, "bold")),
            bar,
            Text(""),
            Text(pick(question.text, lang), style="bold"),
        ]
        details = []
        if question.required:
            details.append(Text(_("required", lang), style="yellow"))
        if interview.answers.has_answer(question):
            answer = interview.describe(question) or _("skipped", lang)
            details.append(Text(_("current", lang, answer=answer), style="dim"))
        if note := interview.note(question):
            details.append(Text(_("note", lang, note=note), style="dim italic"))
        if question.help:
            hint = (
                _("help_hint", lang, key=self.keys[Command.help])
                if interview.options(question)
                else _("help_hint_text", lang)
            )
            details.append(Text(hint, style="dim"))
        lines.extend(details)
        if self._pending:
            # right under the question, no blank line: at 80×24 every line counts
            lines.extend(self._pending)
            self._pending = []
        lines.append(Text(""))
        self.console.clear()
        self.console.print(Group(*lines))

    def _select(self, interview: Interview, question: Question) -> Step:
        current = interview.value(question)
        choices: list[Any] = []
        default = None
        # the options are numbered as in line mode and on paper: 1, 2… 10, 11
        options = interview.options(question)
        width = len(str(len(options)))
        for number, option in enumerate(options, start=1):
            choice = Choice(
                pick(option.label, self.lang),
                value=("answer", option.id),
                shortcut_key=str(number).rjust(width),
            )
            choices.append(choice)
            if option.id == current:
                default = choice
        # the commands on one line, under the options: the screen keeps to 80×24
        commands = self._commands(question)
        choices.append(Separator(" "))
        choices.append(Separator(self._keys_line(commands)))
        picked: tuple[str, str] = choice_list(
            _("your_answer", self.lang),
            choices,
            default=default,
            instruction=_("select_hint", self.lang),
            shortcuts=True,
            keys={key: ("command", command.value) for command, key in commands.items()},
            **self._io,
        ).unsafe_ask()
        kind, value = picked
        if kind == "command":
            return Step(command=Command(value))
        return Step(value=value)

    def _checkbox(self, interview: Interview, question: Question) -> Step:
        current = interview.value(question)
        chosen = current if isinstance(current, list) else []
        choices = [
            Choice(pick(option.label, self.lang), value=option.id, checked=option.id in chosen)
            for option in interview.options(question)
        ]
        keys = self._keys_line(self._commands(question))
        prompt = questionary.checkbox(
            _("your_answer", self.lang),
            choices=choices,
            instruction=_("checkbox_hint", self.lang, keys=keys),
            **self._io,
        )
        extra = KeyBindings()
        for command, key in self._commands(question).items():
            extra.add(key, eager=True)(_exit_with(command))
        application = prompt.application
        application.key_bindings = merge_key_bindings(
            [application.key_bindings or KeyBindings(), extra]
        )
        picked: list[str] | Command = prompt.unsafe_ask()
        if isinstance(picked, Command):
            return Step(command=picked)
        return Step(value=picked)

    def _text(self, interview: Interview, question: Question) -> Step:
        current = interview.value(question)
        default = "" if current is None else interview.describe(question)

        def validate(text: str) -> bool | str:
            step = interview.interpret(text)
            return step.error or True

        # a one-line answer has no use for the up arrow: it goes back, as in the lists
        keys = KeyBindings()
        keys.add("up", eager=True)(_exit_with(Command.back))
        typed: str | Command = questionary.text(
            _("your_answer", self.lang),
            default=default,
            instruction=_("text_hint_required" if question.required else "text_hint", self.lang),
            validate=validate,
            key_bindings=keys,
            **self._io,
        ).unsafe_ask()
        if isinstance(typed, Command):
            return Step(command=typed)
        return interview.interpret(typed)

    def _keys_line(self, commands: dict[Command, str]) -> str:
        return " · ".join(
            f"{key} {_(f'short_{command.value}', self.lang)}" for command, key in commands.items()
        )

    def _commands(self, question: Question) -> dict[Command, str]:
        """The commands offered on a question, with their keys: no skip when it is required."""
        return {
            command: key
            for command, key in self.keys.items()
            if not (command is Command.skip and question.required)
        }


def _output_without_cpr() -> Output:
    """The terminal, never asked where its cursor is: told, prompt_toolkit stretches each
    prompt to the bottom row, and a message under a typed answer lands there, far from it."""
    output = create_output()
    if isinstance(output, Vt100_Output):
        output.enable_cpr = False
    return output


def _answered(position: Position, lang: str) -> str:
    text = _("answered", lang, answered=position.answered, total=position.expected)
    if position.skipped:
        text += " · " + _("skipped_count", lang, skipped=position.skipped)
    return text


def _exit_with(command: Command) -> Any:
    def handler(event: KeyPressEvent) -> None:
        event.app.exit(result=command)

    return handler


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
