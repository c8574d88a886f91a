"""The command line: registers the commands; each lives in its own ``*_command`` module.

Kept free of heavy imports: it runs on every start, ``--help`` included.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from alliance_diag import __version__
from alliance_diag.cli import (
    analyze_command,
    assess_command,
    batch_command,
    compare_command,
    form_command,
    questionnaire_command,
    score_command,
)
from alliance_diag.cli.common import BEFORE_COMMAND, H, language, user_errors
from alliance_diag.cli.usage import HelpGroup
from alliance_diag.core.i18n import set_language

app = typer.Typer(
    name="alliance-diag",
    cls=HelpGroup,
    help=H(
        "Diagnostic de préparation à l'alliance pour les associations.\n\n"
        "\b\nExemples :\n  alliance-diag assess\n"
        "  alliance-diag score reponses.yaml -f html -o rapport.html",
        "Alliance-readiness diagnostic for associations.\n\n"
        "\b\nExamples:\n  alliance-diag assess --lang en\n"
        "  alliance-diag score answers.yaml -f html -o report.html",
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # plain help: rich's help formatter would double the start-up time of --help
    rich_markup_mode=None,
)
questionnaire_app = typer.Typer(
    cls=HelpGroup,
    help=H(
        "Questionnaires : liste, affichage, vérification, schéma.",
        "Questionnaires: list, show, validate, schema.",
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(questionnaire_app, name="questionnaire")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alliance-diag {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help=H("Affiche la version.", "Show the version."),
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="fr|en",
            help=H(
                "Langue des messages, de l'aide et des rapports, comme après la commande.",
                "Language of messages, help and reports, as after the command.",
            ),
        ),
    ] = None,
) -> None:
    """Options before the command: ``alliance-diag --lang en COMMAND`` sets the language
    of messages and reports, as ``--lang`` after the command does."""
    set_language(None)
    BEFORE_COMMAND.clear()
    with user_errors(lang):
        if lang is not None:
            BEFORE_COMMAND.append(language(lang) or "")


for command in (
    questionnaire_command.LIST,
    questionnaire_command.SHOW,
    questionnaire_command.VALIDATE,
    questionnaire_command.SCHEMA,
    analyze_command.ANALYZE,
):
    command.register(questionnaire_app)
for command in (
    assess_command.ASSESS,
    score_command.SCORE,
    batch_command.BATCH,
    compare_command.COMPARE,
    form_command.FORM,
):
    command.register(app)


def main() -> None:
    from alliance_diag.cli.process import output_failure, prepare
    from alliance_diag.cli.usage import run

    prepare()
    try:
        run(app)
    except SystemExit as done:
        # a report that could not reach standard output is lost: said, and exit code 1
        failure = output_failure()
        if failure is None:
            raise
        sys.stderr.write(failure + "\n")
        raise SystemExit(done.code if done.code not in (0, None) else 1) from None
