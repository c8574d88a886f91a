"""The command-line parser's usage errors, said in the user's language with the way out.

Kept free of heavy imports: it runs on every start, ``--help`` included.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from alliance_diag.i18n import Catalog, language_code, language_from_env
from alliance_diag.io.invocation import PROGRAM, program_words

USAGE_EXIT = 2

# the parser's base class of usage errors, whether typer vendors click or depends on it
_USAGE_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)

_ = Catalog(
    {
        "no_such_option": {"fr": "option inconnue : {name}.", "en": "no such option: {name}."},
        "no_such_command": {
            "fr": "commande inconnue : « {name} ».",
            "en": "no such command: '{name}'.",
        },
        "missing": {"fr": "il manque {name}.", "en": "{name} is missing."},
        "needs_value": {
            "fr": "l'option {name} attend une valeur.",
            "en": "option {name} needs a value.",
        },
        "extra": {
            "fr": "argument en trop : {name}.",
            "en": "unexpected extra argument: {name}.",
        },
        "guess": {"fr": " Vouliez-vous dire {guess} ?", "en": " Did you mean {guess}?"},
        "help": {"fr": "Aide : {command} --help", "en": "Help: {command} --help"},
    }
)


def requested_language(args: Sequence[str]) -> str:
    """The language of messages before the options are parsed: ``--lang``, then LANG."""
    for index, arg in enumerate(args):
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        code = language_code(value) if value else None
        if code is not None:
            return code
    return language_from_env() or "fr"


def run(app: typer.Typer, args: Sequence[str] | None = None) -> NoReturn:
    """Run the command line; a usage error becomes one line in the user's language and
    the help to read, with exit code 2."""
    arguments = list(sys.argv[1:] if args is None else args)
    try:
        code = app(arguments, prog_name=PROGRAM, standalone_mode=False)
    except _USAGE_ERROR as error:
        if type(error).__name__ == "NoArgsIsHelpError":
            error.show()  # type: ignore[attr-defined]  # the parser's own help screen
            sys.exit(USAGE_EXIT)
        lang = requested_language(arguments)
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else PROGRAM
        sys.stderr.write(f"{command}: {explain(error, lang)}\n")
        # the help command as it can be typed here, however the program was started
        runnable = shlex.join(program_words()) + command.removeprefix(PROGRAM)
        sys.stderr.write(_say("help", lang, command=runnable) + "\n")
        sys.exit(USAGE_EXIT)
    except typer.Abort:
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def explain(error: Exception, lang: str) -> str:
    """One sentence for a usage error, with a guess when a name was misspelt."""
    kind = type(error).__name__
    message = str(getattr(error, "message", error))
    if kind == "NoSuchOption":
        possibilities = getattr(error, "possibilities", None) or []
        name = getattr(error, "option_name", "")
        return _say("no_such_option", lang, name=name) + _guess(possibilities[:1], lang)
    if kind == "MissingParameter":
        return _say("missing", lang, name=_parameter_name(getattr(error, "param", None)))
    if found := re.search(r"No such command '(.+?)'", message):
        return _say("no_such_command", lang, name=found[1]) + _command_guess(error, found[1], lang)
    if found := re.search(r"Option '(.+?)' requires an argument", message):
        return _say("needs_value", lang, name=found[1])
    if found := re.search(r"unexpected extra arguments? \((.+)\)", message):
        return _say("extra", lang, name=found[1])
    return message


def _parameter_name(param: Any) -> str:
    if param is None:
        return "?"
    opts: list[str] = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    if opts and getattr(param, "param_type_name", "") == "option":
        return str(opts[0])
    return str(getattr(param, "metavar", None) or getattr(param, "name", "?")).upper()


def _command_guess(error: Exception, name: str, lang: str) -> str:
    from alliance_diag.suggest import did_you_mean

    context = getattr(error, "ctx", None)
    group = getattr(context, "command", None)
    names = group.list_commands(context) if group is not None else []
    guess = did_you_mean(name, names)
    return _guess([guess] if guess else [], lang)


def _guess(candidates: Sequence[str], lang: str) -> str:
    return _say("guess", lang, guess=candidates[0]) if candidates else ""


def _say(key: str, lang: str, **values: str) -> str:
    return _(key, lang, **values)


# The parser's own words on a help screen, in French; its type labels (``<list[Path]>``)
# are internal and removed in both languages.
HELP_WORDS_FR = [
    (re.compile(r"^Usage:", re.MULTILINE), "Utilisation :"),
    (re.compile(r"^(Arguments|Options|Commands):$", re.MULTILINE), None),
    (re.compile(r"Show this message and exit\."), "Affiche cette aide."),
    (re.compile(r"\[required\]"), "[obligatoire]"),
    (re.compile(r"\[default: ([^\]]*)\]"), r"[défaut : \1]"),
]
SECTIONS_FR = {"Arguments": "Arguments :", "Options": "Options :", "Commands": "Commandes :"}
# an argument's type label, which a metavar does not replace (options have metavars)
TYPE_LABEL = re.compile(r" <[a-z]+(?:\[[A-Za-z|]+\])?>(?=  |$)", re.MULTILINE)
REQUIRED_BRACES = re.compile(r"\{([A-Z_|]+)\}")


def localised_help(text: str, lang: str) -> str:
    """A help screen without internal type names, its fixed words in ``lang``."""
    text = REQUIRED_BRACES.sub(r"\1", TYPE_LABEL.sub("", text))
    if lang != "fr":
        return text
    for pattern, replacement in HELP_WORDS_FR:
        if replacement is None:
            text = pattern.sub(lambda m: SECTIONS_FR[m[1]], text)
        else:
            text = pattern.sub(replacement, text)
    return text


class HelpCommand(TyperCommand):
    """A command whose help screen speaks the language of the run."""

    def get_help(self, ctx: Any) -> str:
        return localised_help(super().get_help(ctx), requested_language(sys.argv[1:]))


class HelpGroup(TyperGroup):
    """A group of commands whose help screen speaks the language of the run."""

    def get_help(self, ctx: Any) -> str:
        return localised_help(super().get_help(ctx), requested_language(sys.argv[1:]))
