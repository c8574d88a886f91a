"""The command line: parses options, calls the library, maps errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from alliance_diag import __version__
from alliance_diag.i18n import Catalog, set_language
from alliance_diag.report import Format

_ = Catalog(
    {
        "interrupted": {"fr": "Interrompu.", "en": "Interrupted."},
        "valid": {
            "fr": "{path} : valide ({questions} questions posées, {dimensions} dimensions)",
            "en": "{path}: valid ({questions} questions asked, {dimensions} dimensions)",
        },
        "written": {"fr": "Écrit : {path}", "en": "Written: {path}"},
        "warning": {"fr": "Attention : {text}", "en": "Warning: {text}"},
    }
)

app = typer.Typer(
    name="alliance-diag",
    help="Diagnostic de préparation à l'alliance pour les associations / "
    "Alliance-readiness diagnostic for associations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # plain help: rich's help formatter would double the start-up time of --help
    rich_markup_mode=None,
)
questionnaire_app = typer.Typer(
    help="Questionnaires : liste, affichage, vérification, schéma / list, show, validate, schema.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(questionnaire_app, name="questionnaire")


class Lang(StrEnum):
    fr = "fr"
    en = "en"


class ShowFormat(StrEnum):
    terminal = "terminal"
    json = "json"


LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", help="Langue / language (défaut : celle du questionnaire, puis LANG)."),
]
QuestionnaireOption = Annotated[
    str | None,
    typer.Option(
        "--questionnaire",
        "-q",
        metavar="ID|PATH",
        help="Identifiant intégré ou chemin d'un fichier YAML / built-in id or YAML path.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alliance-diag {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Version / show the version."
        ),
    ] = False,
) -> None:
    """Diagnostic de préparation à l'alliance / alliance-readiness diagnostic."""


def fail(problems_text: str, code: int = 1) -> NoReturn:
    typer.echo(problems_text, err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors(lang: Lang | None = None) -> Iterator[None]:
    """Turn our errors into located messages on stderr and the contract's exit codes."""
    from alliance_diag.errors import AllianceDiagError

    set_language(lang.value if lang else None)
    try:
        yield
    except AllianceDiagError as error:
        fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        fail(_("interrupted"), 130)


def write_output(content: str | bytes, output: str | None) -> None:
    """Write a rendered report to a file, or to standard output for ``-`` or nothing."""
    if output in (None, "-"):
        assert isinstance(content, str), "a PDF is refused for standard output before rendering"
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    from alliance_diag.io.atomic import write_atomically

    write_atomically(Path(output), content)
    typer.echo(_("written", path=output), err=True)


@questionnaire_app.command("list")
def questionnaire_list(lang: LangOption = None) -> None:
    """Les questionnaires intégrés / the built-in questionnaires."""
    with user_errors(lang):
        from alliance_diag.report.questionnaire_view import render_list

        typer.echo(render_list(lang.value if lang else None, color=sys.stdout.isatty()), nl=False)


@questionnaire_app.command("show")
def questionnaire_show(
    ref: Annotated[
        str, typer.Argument(metavar="ID|PATH", help="Identifiant ou chemin / id or path.")
    ],
    fmt: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="Lisible ou JSON / readable or JSON.")
    ] = ShowFormat.terminal,
    lang: LangOption = None,
) -> None:
    """Affiche un questionnaire / show a questionnaire."""
    with user_errors(lang):
        from alliance_diag.engine.questionnaire import load_questionnaire

        questionnaire = load_questionnaire(ref)
        if fmt is ShowFormat.json:
            typer.echo(questionnaire.model_dump_json(indent=2))
            return
        from alliance_diag.report.questionnaire_view import render_questionnaire

        text = render_questionnaire(
            questionnaire, lang.value if lang else None, color=sys.stdout.isatty()
        )
        typer.echo(text, nl=False)


@questionnaire_app.command("validate")
def questionnaire_validate(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH", help="Fichiers YAML / YAML files.")
    ],
    lang: LangOption = None,
) -> None:
    """Vérifie des questionnaires, tous les problèmes d'un coup / check questionnaires."""
    with user_errors(lang):
        from alliance_diag.engine.question_count import asked_range
        from alliance_diag.engine.questionnaire import load_questionnaire
        from alliance_diag.errors import InputError

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
                    questions=asked_range(questionnaire),
                    dimensions=len(questionnaire.dimensions),
                )
            )
        if problems:
            raise InputError(problems)


@questionnaire_app.command("schema")
def questionnaire_schema() -> None:
    """Le JSON Schema du format / the JSON Schema of the questionnaire format."""
    with user_errors():
        from alliance_diag.engine.questionnaire import json_schema

        typer.echo(json_schema())


@app.command("assess")
def assess_command(
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            "-a",
            help="Fichier de réponses : repris s'il existe, créé sinon (défaut : "
            "diagnostic-ORGANISATION-DATE.yaml ici) / answer file: resumed if it exists.",
        ),
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation (pré-remplie) / organisation.")
    ] = None,
    partner_type: Annotated[
        str | None,
        typer.Option(
            "--partner-type",
            help="peer|public|private : type de partenaire (pré-rempli) / partner type.",
        ),
    ] = None,
    report_dir: Annotated[
        Path | None,
        typer.Option(
            "--report-dir",
            help="Dossier des rapports (défaut : celui des réponses) / report folder.",
        ),
    ] = None,
    formats: Annotated[
        list[Format] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="html|markdown|json|pdf|terminal",
            help="Rapports à écrire, répétable (défaut : html, markdown, json) / repeatable.",
        ),
    ] = None,
) -> None:
    """Entretien d'atelier, enregistré à chaque réponse / workshop interview, autosaved.

    \b
    Au clavier (terminal) : flèches ou chiffres, puis Entrée ; les commandes sont
    dans la liste (r retour, p passer, n note, a aide, v revoir, q quitter).
    Sans terminal (tube, script) : une réponse par ligne, le numéro de la réponse,
    son identifiant ou son libellé ; ligne vide = passer. Commandes :
      :retour / :back        question précédente
      :passer / :skip        je ne sais pas (réponse vide)
      :note TEXTE            note sur la question (:note seul : demandée, vide = effacer)
      :aide / :help / ?      aide de la question
      :aller N / :goto N     aller à la question N (ou à son identifiant)
      :quitter / :quit       enregistrer et quitter
    Ctrl-C ou fin de l'entrée : réponses enregistrées, commande de reprise affichée,
    code de sortie 130. À la fin : résumé à l'écran et rapports écrits.

    \b
    At a terminal: arrow keys or numbers, then Enter; the commands are in the list
    (b back, s skip, n note, h help, g go to, q quit). Without a terminal (pipe,
    script): one answer per line (number, id or label; empty line = skip) and the
    commands above in either language. Ctrl-C or end of input: answers saved, the
    command to resume printed, exit code 130. At the end: a summary on screen and
    the reports written.
    """
    with user_errors(lang):
        from alliance_diag.interview.workflow import AssessOptions, run

        options = AssessOptions(
            questionnaire=questionnaire,
            lang=lang.value if lang else None,
            answers=answers,
            org=org,
            partner_type=partner_type,
            report_dir=report_dir,
            formats=tuple(formats or ()),
        )
        code = run(options, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)
    raise typer.Exit(code)


@app.command("score")
def score_command(
    answer_files: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANSWER_FILE", help="Fichiers de réponses YAML / YAML answer files."
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Format du rapport / report format.")
    ] = Format.terminal,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH|-",
            help="Fichier, dossier ou - (sortie standard) / file, folder or - (stdout).",
        ),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            help="Dossier de gabarits qui remplacent les nôtres / templates overriding ours.",
        ),
    ] = None,
) -> None:
    """Note des fichiers de réponses / score answer files."""
    with user_errors(lang):
        from alliance_diag.score_files import score_outputs

        outputs, warnings = score_outputs(
            answer_files,
            questionnaire,
            lang=lang.value if lang else None,
            fmt=fmt,
            output=output,
            template_dir=template_dir,
            color=output in (None, "-") and sys.stdout.isatty(),
        )
        for warning in warnings:
            typer.echo(_("warning", text=warning), err=True)
        for content, target in outputs:
            write_output(content, target)


@app.command("batch")
def batch_command(
    export_file: Annotated[
        Path, typer.Argument(help="Export CSV, XLSX ou JSON Lines / survey export file.")
    ],
    questionnaire: QuestionnaireOption = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            "-m",
            metavar="MAP.yaml",
            help="Fichier YAML de correspondance / mapping file (YAML).",
        ),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-o",
            metavar="DIR",
            help="Dossier des résultats (défaut : NOM-diagnostics) / output folder.",
        ),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="html|markdown|json|pdf|none",
            help="Rapport par ligne, répétable : html (défaut), markdown, json, pdf, ou none "
            "(résumés seulement) / per-row reports, repeatable.",
        ),
    ] = None,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            metavar="COLUMN",
            help="Colonne (ou question) qui groupe les lignes : organisation, région… / "
            "column grouping rows.",
        ),
    ] = None,
    org_column: Annotated[
        str | None,
        typer.Option(
            "--org-column",
            metavar="COLUMN",
            help="Colonne du nom de l'organisation / organisation column.",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding", metavar="ENCODING", help="Encodage (défaut : détecté) / file encoding."
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            metavar="CHAR",
            help="Séparateur : ; , | ou tab (défaut : détecté) / delimiter.",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="SHEET",
            help="Feuille XLSX, nom ou numéro (défaut : la première) / XLSX sheet.",
        ),
    ] = None,
    csv_dialect: Annotated[
        str | None,
        typer.Option(
            "--csv-dialect",
            metavar="standard|excel-fr",
            help="standard (« , ») ou excel-fr (« ; », virgule décimale, BOM) / CSV dialect.",
        ),
    ] = None,
    lang: LangOption = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            help="Dossier de gabarits qui remplacent les nôtres / templates overriding ours.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="Sans barre de progression / no progress bar.")
    ] = False,
) -> None:
    """Note un export d'enquête, ligne par ligne / score a survey export, row by row.

    \b
    Écrit dans le dossier de sortie : un rapport par ligne notée (reports/),
    summary.csv, errors.csv (lignes rejetées, avec la raison), network-report.html
    et .md (vue du réseau), groups.csv avec --group-by. Code de sortie 1 si une
    ligne a été rejetée (les autres sont notées quand même).

    \b
    Writes to the output folder: one report per scored row (reports/), summary.csv,
    errors.csv (rejected rows, with the reason), network-report.html and .md (the
    network view), groups.csv with --group-by. Exit code 1 when a row was rejected
    (the others are scored all the same).
    """
    with user_errors(lang):
        from alliance_diag.batch.run import BatchOptions
        from alliance_diag.cli.batch_command import parse_dialect, parse_formats, run

        options = BatchOptions(
            export=export_file,
            questionnaire=questionnaire,
            mapping=mapping,
            output_dir=output_dir,
            formats=parse_formats(formats),
            group_by=group_by,
            org_column=org_column,
            encoding=encoding,
            delimiter=delimiter,
            sheet=sheet,
            csv_dialect=parse_dialect(csv_dialect),
            lang=lang.value if lang else None,
            template_dir=template_dir,
        )
        code = run(options, quiet=quiet, stdout=sys.stdout, stderr=sys.stderr)
    raise typer.Exit(code)


def main() -> None:
    app()
