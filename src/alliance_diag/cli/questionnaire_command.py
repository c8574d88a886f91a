"""The questionnaire commands: list, show, validate and schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from alliance_diag.cli.common import Command, H, LangOption, language, user_errors
from alliance_diag.core.i18n import Catalog

_ = Catalog(
    {
        "valid": {
            "fr": "{path} : valide ({questions} questions posées, {dimensions} dimensions)",
            "en": "{path}: valid ({questions} questions asked, {dimensions} dimensions)",
        },
    }
)

SHOW_FORMATS = ("terminal", "json")


def questionnaire_list(lang: LangOption = None) -> None:
    """The ``questionnaire list`` command."""
    with user_errors(lang):
        from alliance_diag.report.questionnaire_view import render_list

        typer.echo(render_list(language(lang), color=sys.stdout.isatty()), nl=False)


LIST = Command(
    "list",
    help=H(
        "Les questionnaires intégrés et le nombre de questions posées à chaque répondant.\n"
        "\n"
        "\b\n"
        "Exemple :\n"
        "  alliance-diag questionnaire list",
        "The built-in questionnaires and how many questions each respondent is asked.\n"
        "\n"
        "\b\n"
        "Example:\n"
        "  alliance-diag questionnaire list --lang en",
    ),
    short_help=H("Les questionnaires intégrés.", "The built-in questionnaires."),
    run=questionnaire_list,
)


def questionnaire_show(
    ref: Annotated[
        str, typer.Argument(metavar="ID|PATH", help=H("Identifiant ou chemin.", "Id or path."))
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="terminal|json",
            help=H("Lisible ou JSON.", "Readable or JSON."),
        ),
    ] = "terminal",
    lang: LangOption = None,
) -> None:
    """The ``questionnaire show`` command."""
    with user_errors(lang):
        from alliance_diag.cli.choices import choose
        from alliance_diag.io.questionnaire_files import load_questionnaire

        shown = choose("--format", fmt, SHOW_FORMATS)
        questionnaire = load_questionnaire(ref)
        if shown == "json":
            typer.echo(questionnaire.model_dump_json(indent=2))
            return
        from alliance_diag.report.questionnaire_view import render_questionnaire

        text = render_questionnaire(questionnaire, language(lang), color=sys.stdout.isatty())
        typer.echo(text, nl=False)


SHOW = Command(
    "show",
    help=H(
        "Affiche un questionnaire : dimensions, questions, niveaux et verrous.\n"
        "\n"
        "\b\n"
        "Exemples :\n"
        "  alliance-diag questionnaire show alliance-readiness\n"
        "  alliance-diag questionnaire show mon-questionnaire.yaml -f json",
        "Show a questionnaire: dimensions, questions, levels and gates.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  alliance-diag questionnaire show alliance-readiness --lang en\n"
        "  alliance-diag questionnaire show my-questionnaire.yaml -f json",
    ),
    short_help=H("Affiche un questionnaire.", "Show a questionnaire."),
    run=questionnaire_show,
)


def questionnaire_validate(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH", help=H("Fichiers YAML.", "YAML files."))
    ],
    lang: LangOption = None,
) -> None:
    """The ``questionnaire validate`` command."""
    with user_errors(lang):
        from alliance_diag.core.errors import InputError
        from alliance_diag.engine.question_count import expected_length
        from alliance_diag.io.questionnaire_files import load_questionnaire

        problems = []
        for path in paths:
            try:
                questionnaire = load_questionnaire(path)
            except InputError as error:
                problems.extend(error.problems)
                continue
            typer.echo(
                _(
                    "valid",
                    path=path,
                    questions=expected_length(questionnaire).questions,
                    dimensions=len(questionnaire.dimensions),
                )
            )
        if problems:
            raise InputError(problems)


VALIDATE = Command(
    "validate",
    help=H(
        "Vérifie des questionnaires et donne tous les problèmes d'un coup (code 1 s'il y en "
        "a).\n"
        "\n"
        "\b\n"
        "Exemple :\n"
        "  alliance-diag questionnaire validate mon-questionnaire.yaml",
        "Check questionnaires and list every problem at once (exit code 1 if any).\n"
        "\n"
        "\b\n"
        "Example:\n"
        "  alliance-diag questionnaire validate my-questionnaire.yaml",
    ),
    short_help=H("Vérifie des questionnaires.", "Check questionnaires."),
    run=questionnaire_validate,
)


def questionnaire_schema() -> None:
    """The ``questionnaire schema`` command."""
    with user_errors():
        from alliance_diag.io.questionnaire_files import json_schema

        typer.echo(json_schema())


SCHEMA = Command(
    "schema",
    help=H(
        "Le JSON Schema du format des questionnaires, pour votre éditeur.\n"
        "\n"
        "\b\n"
        "Exemple :\n"
        "  alliance-diag questionnaire schema > questionnaire.schema.json",
        "The JSON Schema of the questionnaire format, for your editor.\n"
        "\n"
        "\b\n"
        "Example:\n"
        "  alliance-diag questionnaire schema > questionnaire.schema.json",
    ),
    short_help=H("Le JSON Schema du format.", "The JSON Schema of the format."),
    run=questionnaire_schema,
)
