"""A list to choose from at the keyboard, where nothing is chosen until the person chooses.

questionary's ``select`` always points at an option, so a stray Enter answers; this list
starts on the current answer, or on nothing, and Enter on nothing does nothing. Command
letters act at once, and Esc can close the list. Options are numbered: typing a number
(``1``, then ``2`` at once for 12) points at it; PageUp/PageDown move ten, Home/End to
either end.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.key_binding.key_processor import KeyPressEvent
from prompt_toolkit.keys import Keys
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl, create_inquirer_layout
from questionary.question import Question
from questionary.styles import merge_styles_default

# Esc alone: prompt_toolkit waits this long (seconds) for the rest of an escape sequence
ESCAPE_WAIT = 0.1
# a digit typed within this many seconds of the previous one continues its number
NUMBER_WAIT = 1.0
# PageUp and PageDown move this many options
PAGE = 10


class _ListControl(InquirerControl):
    """questionary's list display, with a pointer that may rest on nothing."""

    pointed_at: int | None  # type: ignore[assignment]

    def __init__(
        self, choices: Sequence[Choice | Separator], default: Choice | None, shortcuts: bool
    ) -> None:
        super().__init__(
            list(choices),
            default,
            use_shortcuts=shortcuts,
            use_indicator=False,
            show_description=False,
            initial_choice=default,
        )
        if default is None:
            self.pointed_at = None

    def _assign_shortcut_keys(self) -> None:
        """The keys are the options' numbers, given by the caller (several digits past 9)."""

    def get_pointed_at(self) -> Choice:
        # asked while drawing even when nothing is pointed at; the display ignores it then
        choice: Choice = self.filtered_choices[self.pointed_at or 0]
        return choice

    def chosen(self) -> Choice | None:
        return None if self.pointed_at is None else self.get_pointed_at()

    def move(self, step: int) -> None:
        count = self.choice_count
        start = (-1 if step > 0 else count) if self.pointed_at is None else self.pointed_at
        index = (start + step) % count
        while not _selectable(self.choices[index]):
            index = (index + step) % count
        self.pointed_at = index

    def jump(self, step: int) -> None:
        """PageDown (``PAGE``) or PageUp (``-PAGE``) options on, stopping at either end;
        End or Home with a step as long as the list."""
        selectable = [i for i, choice in enumerate(self.choices) if _selectable(choice)]
        if self.pointed_at in selectable:
            rank = selectable.index(self.pointed_at) + step
        else:
            rank = step - 1 if step > 0 else len(selectable) + step
        self.pointed_at = selectable[max(0, min(len(selectable) - 1, rank))]


class NumberTyping:
    """Digits typed in a row make one number: ``1`` then ``2`` is 12; a pause starts over."""

    def __init__(self, numbers: Mapping[str, int], clock: Callable[[], float]) -> None:
        self.numbers = numbers
        self.clock = clock
        self.typed = ""
        self.at = -NUMBER_WAIT

    def type(self, digit: str) -> int | None:
        """The index of the option the digits typed so far number, if any."""
        now = self.clock()
        longer = self.typed + digit
        if now - self.at <= NUMBER_WAIT and any(n.startswith(longer) for n in self.numbers):
            self.typed = longer
        else:
            self.typed = digit
        self.at = now
        return self.numbers.get(self.typed)


def _selectable(choice: Choice) -> bool:
    return not isinstance(choice, Separator) and not choice.disabled


def choice_list(
    message: str,
    choices: Sequence[Choice | Separator],
    *,
    default: Choice | None = None,
    instruction: str = "",
    shortcuts: bool = False,
    keys: Mapping[str, Any] | None = None,
    on_escape: tuple[Any] | None = None,
    **io: Any,
) -> Question:
    """A list prompt: ↑↓ or (with ``shortcuts``) an option's key to point, Enter to choose.

    ``keys`` maps a letter to the result it returns at once; ``on_escape`` holds the
    result Esc returns (no Esc when None).
    """
    keys = keys or {}
    control = _ListControl(choices, default, shortcuts)

    def prompt_tokens() -> list[tuple[str, str]]:
        tokens = [("class:qmark", "?"), ("class:question", f" {message} ")]
        chosen = control.chosen()
        if control.is_answered and chosen is not None:
            tokens.append(("class:answer", str(chosen.title)))
        elif instruction:
            tokens.append(("class:instruction", instruction))
        return tokens

    bindings = _bindings(control, keys, shortcuts=shortcuts, on_escape=on_escape)

    application: Application[Any] = Application(
        layout=create_inquirer_layout(control, prompt_tokens, **io),
        key_bindings=bindings,
        style=merge_styles_default([None]),
        **io,
    )
    application.ttimeoutlen = ESCAPE_WAIT
    return Question(application)


def _bindings(
    control: _ListControl,
    keys: Mapping[str, Any],
    *,
    shortcuts: bool,
    on_escape: tuple[Any] | None,
) -> KeyBindings:
    """The keys of a list: arrows, Enter, an option's key, the command letters, Esc."""
    bindings = KeyBindings()

    @bindings.add(Keys.ControlC, eager=True)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @bindings.add(Keys.Down, eager=True)
    def _down(event: KeyPressEvent) -> None:
        control.move(1)

    @bindings.add(Keys.Up, eager=True)
    def _up(event: KeyPressEvent) -> None:
        control.move(-1)

    @bindings.add(Keys.ControlM, eager=True)
    def _enter(event: KeyPressEvent) -> None:
        chosen = control.chosen()
        if chosen is not None:
            control.is_answered = True
            event.app.exit(result=chosen.value)

    _add_jumps(bindings, control, keys, shortcuts=shortcuts)
    for key, result in keys.items():
        bindings.add(key, eager=True)(_exit_with(result))
    if on_escape is not None:
        bindings.add(Keys.Escape, eager=True)(_exit_with(on_escape[0]))

    @bindings.add(Keys.Any)
    def _other(event: KeyPressEvent) -> None:
        """Other keys type nothing."""

    return bindings


def _add_jumps(
    bindings: KeyBindings, control: _ListControl, keys: Mapping[str, Any], *, shortcuts: bool
) -> None:
    """Page and end keys, and an option's number (or other key) to point at it."""
    everything = len(control.choices)
    for page_key, step in [
        (Keys.PageDown, PAGE),
        (Keys.PageUp, -PAGE),
        (Keys.End, everything),
        (Keys.Home, -everything),
    ]:
        bindings.add(page_key, eager=True)(_jump(control, step))

    numbers: dict[str, int] = {}
    for index, choice in enumerate(control.choices):
        key = choice.shortcut_key if shortcuts and _selectable(choice) else None
        if isinstance(key, str) and key.strip().isdigit():
            numbers[key.strip()] = index
        elif isinstance(key, str) and key not in keys:
            bindings.add(key, eager=True)(_point_at(control, index))
    if numbers:
        typing = NumberTyping(numbers, time.monotonic)
        for digit in "0123456789":
            bindings.add(digit, eager=True)(_typed_digit(control, typing, digit))


def _jump(control: _ListControl, step: int) -> Any:
    def handler(event: KeyPressEvent) -> None:
        control.jump(step)

    return handler


def _typed_digit(control: _ListControl, typing: NumberTyping, digit: str) -> Any:
    def handler(event: KeyPressEvent) -> None:
        index = typing.type(digit)
        if index is not None:
            control.pointed_at = index

    return handler


def _point_at(control: _ListControl, index: int) -> Any:
    def handler(event: KeyPressEvent) -> None:
        control.pointed_at = index

    return handler


def _exit_with(result: Any) -> Any:
    def handler(event: KeyPressEvent) -> None:
        event.app.exit(result=result)

    return handler
