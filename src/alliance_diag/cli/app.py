"""The command line: parses options, calls the library, maps errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from alliance_diag import __version__
from alliance_diag.cli.common import report_day
from alliance_diag.cli.usage import HelpCommand, HelpGroup, requested_language
from alliance_diag.i18n import (
    Catalog,
    language_code,
    language_from_env,
    language_is_set,
    set_language,
    typeset_fr,
)
from alliance_diag.report import AnalysisFormat, Format

_ = Catalog(
    {
        "interrupted": {"fr": "Interrompu.", "en": "Interrupted."},
        "valid": {
            "fr": "{path} : valide ({questions} questions posées, {dimensions} dimensions)",
            "en": "{path}: valid ({questions} questions asked, {dimensions} dimensions)",
        },
        "written": {"fr": "Écrit : {path}", "en": "Written: {path}"},
        "warning": {"fr": "Attention : {text}", "en": "Warning: {text}"},
    }
)

# --help speaks one language, the one --lang or LANG asks for, read before parsing
HELP_LANG = requested_language(sys.argv[1:])


def H(fr: str, en: str) -> str:
    """A help text in the language of this run; in French, no-break spaces before « : »
    and narrow ones before ; ? !, so that no line of the help starts with them."""
    return typeset_fr(fr) if HELP_LANG == "fr" else en


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


LANGUAGES = ("fr", "en")
SHOW_FORMATS = ("terminal", "json")

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="fr|en",
        help=H(
            "Langue des messages et des rapports (défaut : celle du questionnaire, puis LANG).",
            "Language of messages and reports (default: the questionnaire's, then LANG).",
        ),
    ),
]
QuestionnaireOption = Annotated[
    str | None,
    typer.Option(
        "--questionnaire",
        "-q",
        metavar="ID|PATH",
        help=H(
            "Identifiant d'un questionnaire intégré, ou chemin d'un fichier YAML.",
            "A built-in questionnaire's id, or the path of a YAML file.",
        ),
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
    _BEFORE_COMMAND.clear()
    with user_errors(lang):
        if lang is not None:
            _BEFORE_COMMAND.append(language(lang) or "")


# the --lang given before the command, for this run
_BEFORE_COMMAND: list[str] = []


def fail(problems_text: str, code: int = 1) -> NoReturn:
    from alliance_diag.textfold import printable

    # a file name or a value quoted from a file may hold an ESC sequence: never run it
    typer.echo(printable(problems_text), err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors(lang: str | None = None) -> Iterator[None]:
    """Turn our errors into located messages on stderr and the contract's exit codes."""
    from alliance_diag.errors import AllianceDiagError

    # the environment is read here, at the edge: the library only takes what it is given;
    # a --lang before the command has set it already
    if not language_is_set():
        set_language(language_from_env())
    try:
        if lang is not None:
            set_language(language(lang))
        yield
    except AllianceDiagError as error:
        fail(str(error), error.exit_code)
    except OSError as error:
        # a folder without permission, a path too long, wherever the library met it: the
        # file named, in the user's language, exit 1
        from alliance_diag.errors import InputError
        from alliance_diag.io.atomic import os_problem

        where = error.filename if error.filename is not None else "alliance-diag"
        fail(str(InputError([os_problem(where, error, writing=None)])), 1)
    except KeyboardInterrupt:
        fail(_("interrupted"), 130)


def language(lang: str | None) -> str | None:
    """``--lang`` checked, after the command or else before it: fr or en in any case, with
    or without a region (``fr_FR``, ``en-GB``); None when not given. The one rule of the
    language of a run: this, else the answers' or the questionnaire's language (for reports
    and for the messages said once they are read), else LANG."""
    if lang is None:
        return _BEFORE_COMMAND[0] if _BEFORE_COMMAND else None
    from alliance_diag.cli.choices import choose

    return language_code(lang) or choose("--lang", lang, LANGUAGES)


def report_format(option: str, value: str) -> Format:
    from alliance_diag.cli.choices import choose

    return Format(choose(option, value, [f.value for f in Format]))


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


@questionnaire_app.command(
    "list",
    cls=HelpCommand,
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
)
def questionnaire_list(lang: LangOption = None) -> None:
    """The ``questionnaire list`` command."""
    with user_errors(lang):
        from alliance_diag.report.questionnaire_view import render_list

        typer.echo(render_list(language(lang), color=sys.stdout.isatty()), nl=False)


@questionnaire_app.command(
    "show",
    cls=HelpCommand,
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


@questionnaire_app.command(
    "validate",
    cls=HelpCommand,
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
)
def questionnaire_validate(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH", help=H("Fichiers YAML.", "YAML files."))
    ],
    lang: LangOption = None,
) -> None:
    """The ``questionnaire validate`` command."""
    with user_errors(lang):
        from alliance_diag.engine.question_count import expected_length
        from alliance_diag.errors import InputError
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


@questionnaire_app.command(
    "schema",
    cls=HelpCommand,
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
)
def questionnaire_schema() -> None:
    """The ``questionnaire schema`` command."""
    with user_errors():
        from alliance_diag.io.questionnaire_files import json_schema

        typer.echo(json_schema())


AS_BATCH_FR, AS_BATCH_EN = "Comme pour batch.", "As for batch."
ANALYSIS_FORMATS = [f.value for f in AnalysisFormat]


@questionnaire_app.command(
    "analyze",
    cls=HelpCommand,
    help=H(
        "Quelles questions fonctionnent ensemble : alpha de Cronbach par dimension, "
        "corrélation de chaque question avec le reste de sa dimension, « Je ne sais pas », "
        "erreurs de sens probables (docs/analysis.md). Code de sortie 1 si des lignes sont "
        "rejetées (l'analyse porte sur les autres).\n\n"
        "\b\n"
        "Exemple :\n"
        "  alliance-diag questionnaire analyze export.csv -q mon.yaml -f html -o analyse.html",
        "Which questions hang together: Cronbach's alpha per dimension, item-rest "
        'correlations, "don\'t know" shares, likely keying errors (docs/analysis.md). Exit '
        "code 1 when rows are rejected (the rest is analysed).\n\n"
        "\b\n"
        "Example:\n"
        "  alliance-diag questionnaire analyze export.csv -q my.yaml -f html -o analysis.html",
    ),
    short_help=H("Quelles questions fonctionnent ensemble.", "Which questions hang together."),
)
def questionnaire_analyze(
    export_file: Annotated[
        Path, typer.Argument(help=H("Export d'enquête, comme batch.", "Survey export, as batch."))
    ],
    questionnaire: QuestionnaireOption = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", "-m", metavar="MAP.yaml", help=H(AS_BATCH_FR, AS_BATCH_EN)),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="|".join(ANALYSIS_FORMATS),
            help=H("Format de sortie.", "Output format."),
        ),
    ] = AnalysisFormat.terminal.value,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="PATH|-", help=H("Fichier ou -.", "File or -.")),
    ] = None,
    org_column: Annotated[
        str | None, typer.Option(metavar="COLUMN", help=H(AS_BATCH_FR, AS_BATCH_EN))
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(metavar="ENCODING", help=H(AS_BATCH_FR, AS_BATCH_EN))
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option(metavar="CHAR", help=H(AS_BATCH_FR, AS_BATCH_EN))
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(metavar="SHEET", help=H(AS_BATCH_FR, AS_BATCH_EN))
    ] = None,
    lang: LangOption = None,
) -> None:
    """Which questions of a questionnaire hang together, from an export of its answers."""
    with user_errors(lang):
        from alliance_diag.batch.read import ExportOptions
        from alliance_diag.cli.analyze_command import run
        from alliance_diag.cli.choices import choose
        from alliance_diag.io.atomic import refuse_overwriting_inputs

        chosen = AnalysisFormat(choose("--format", fmt, ANALYSIS_FORMATS))
        refuse_overwriting_inputs([output], [export_file, questionnaire, mapping])
        options = ExportOptions(
            export_file, questionnaire, mapping, org_column, encoding, delimiter, sheet,
            language(lang),
        )  # fmt: skip
        terminal = chosen is AnalysisFormat.terminal
        color = output in (None, "-") and terminal and sys.stdout.isatty()
        content, code = run(options, chosen, color=color, stderr=sys.stderr)
        write_output(content, output)
    raise typer.Exit(code)


@app.command(
    "assess",
    cls=HelpCommand,
    help=H(
        "Entretien d'atelier, enregistré à chaque réponse ; à la fin, le résumé et les "
        "rapports.\n\n"
        "\b\n"
        "Au clavier : flèches ou chiffre, puis Entrée ; les lettres agissent aussitôt :\n"
        "r retour, p passer, n note, a aide, v revoir (Échap ferme la liste), q quitter.\n"
        "Sans terminal (tube, script) : une réponse par ligne (numéro, identifiant ou\n"
        "libellé ; ligne vide : garder la réponse, ou passer). Commandes :\n"
        "  :retour  :passer  :note TEXTE  :aide  :aller N  :quitter\n"
        "Ctrl-C : réponses enregistrées, commande de reprise affichée, code 130.\n\n"
        "\b\n"
        "Exemples :\n"
        '  alliance-diag assess --org "Les Jardins partagés" --partner-type private\n'
        "  alliance-diag assess --answers diagnostic-les-jardins-partages-2026-11-26.yaml",
        "Workshop interview, saved after every answer; at the end, the summary and the "
        "reports.\n\n"
        "\b\n"
        "At a terminal: arrow keys or a number, then Enter; letters act at once:\n"
        "b back, s skip, n note, h help, g go to (Esc closes the list), q quit.\n"
        "Without a terminal (pipe, script): one answer per line (number, id or label;\n"
        "empty line: keep the answer, or skip). Commands:\n"
        "  :back  :skip  :note TEXT  :help  :goto N  :quit\n"
        "Ctrl-C: answers saved, the command to resume printed, exit code 130.\n\n"
        "\b\n"
        "Examples:\n"
        "  alliance-diag assess --lang en --partner-type peer\n"
        "  alliance-diag assess --answers diagnostic-les-jardins-partages-2026-11-26.yaml",
    ),
    short_help=H(
        "Entretien d'atelier, enregistré à chaque réponse.", "Workshop interview, autosaved."
    ),
)
def assess_command(
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help=H(
                "Fichier de réponses : repris s'il existe, créé sinon (défaut : "
                "diagnostic-ORGANISATION-DATE.yaml ici).",
                "Answer file: resumed if it exists, created otherwise (default: "
                "diagnostic-ORGANISATION-DATE.yaml here).",
            ),
        ),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            metavar="NAME",
            help=H("Organisation (pré-remplie).", "Organisation (filled in)."),
        ),
    ] = None,
    partner_type: Annotated[
        str | None,
        typer.Option(
            "--partner-type",
            metavar="peer|public|private",
            help=H("Type de partenaire (pré-rempli).", "Partner type (filled in)."),
        ),
    ] = None,
    report_dir: Annotated[
        Path | None,
        typer.Option(
            "--report-dir",
            metavar="DIR",
            help=H(
                "Dossier des rapports (défaut : celui des réponses).",
                "Report folder (default: the answers').",
            ),
        ),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="html|markdown|json|pdf|terminal",
            help=H(
                "Rapports à écrire, répétable (défaut : html, markdown, json).",
                "Reports to write, repeatable (default: html, markdown, json).",
            ),
        ),
    ] = None,
) -> None:
    """The ``assess`` command."""
    with user_errors(lang):
        from alliance_diag.interview.workflow import AssessOptions, run

        options = AssessOptions(
            questionnaire=questionnaire,
            lang=language(lang),
            answers=answers,
            org=org,
            partner_type=partner_type,
            report_dir=report_dir,
            formats=tuple(report_format("--format", f) for f in formats or ()),
            generated_on=report_day(),
        )
        code = run(options, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)
    raise typer.Exit(code)


@app.command(
    "score",
    cls=HelpCommand,
    help=H(
        "Note des fichiers de réponses et écrit le rapport. Plusieurs fichiers : un seul "
        "document, la vue de groupe d'abord, puis chaque répondant.\n"
        "\n"
        "\b\n"
        "Exemples :\n"
        "  alliance-diag score reponses.yaml -f html -o rapport.html\n"
        "  alliance-diag score camille.yaml karim.yaml lea.yaml -f html -o groupe/",
        "Score answer files and write the report. Several files: one document, the group view "
        "first, then each respondent.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  alliance-diag score answers.yaml -f html -o report.html\n"
        "  alliance-diag score camille.yaml karim.yaml lea.yaml -f html -o group/",
    ),
    short_help=H("Note des fichiers de réponses.", "Score answer files."),
)
def score_command(
    answer_files: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANSWER_FILE", help=H("Fichiers de réponses YAML.", "YAML answer files.")
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="terminal|markdown|html|json|pdf",
            help=H("Format du rapport.", "Report format."),
        ),
    ] = "terminal",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH|-",
            help=H(
                "Fichier, dossier (sans extension, ou terminé par /, créé au besoin) ou - "
                "(sortie standard).",
                "File, folder (no extension, or ending with /, created when missing) or - "
                "(standard output).",
            ),
        ),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            metavar="DIR",
            help=H("Dossier de gabarits qui remplacent les nôtres.", "Templates overriding ours."),
        ),
    ] = None,
) -> None:
    """The ``score`` command."""
    with user_errors(lang):
        from alliance_diag.score_files import score_outputs

        outputs, warnings = score_outputs(
            answer_files,
            questionnaire,
            lang=language(lang),
            fmt=report_format("--format", fmt),
            output=output,
            template_dir=template_dir,
            color=output in (None, "-") and sys.stdout.isatty(),
            generated_on=report_day(),
        )
        for warning in warnings:
            typer.echo(_("warning", text=warning), err=True)
        for content, target in outputs:
            write_output(content, target)


@app.command(
    "batch",
    cls=HelpCommand,
    help=H(
        "Note un export d'enquête, ligne par ligne. Écrit dans le dossier de sortie : un "
        "rapport par ligne notée (reports/), summary.csv, errors.csv (lignes rejetées, avec "
        "la raison), network-report.html et .md, groups.csv avec --group-by. Code 1 si une "
        "ligne a été rejetée (les autres sont notées quand même).\n\n"
        "\b\nExemples :\n"
        "  alliance-diag batch export.csv --output-dir diagnostics\n"
        "  alliance-diag batch reponses.xlsx --group-by organisation --csv-dialect excel-fr",
        "Score a survey export, row by row. Writes to the output folder: one report per "
        "scored row (reports/), summary.csv, errors.csv (rejected rows, with the reason), "
        "network-report.html and .md, groups.csv with --group-by. Exit code 1 when a row was "
        "rejected (the others are scored all the same).\n\n"
        "\b\nExamples:\n"
        "  alliance-diag batch export.csv --output-dir diagnostics --lang en\n"
        "  alliance-diag batch answers.xlsx --group-by organisation",
    ),
    short_help=H("Note un export d'enquête.", "Score a survey export."),
)
def batch_command(
    export_file: Annotated[
        Path,
        typer.Argument(
            metavar="EXPORT",
            help=H("Export CSV, XLSX ou JSON Lines.", "CSV, XLSX or JSON Lines export."),
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            "-m",
            metavar="MAP.yaml",
            help=H("Fichier YAML de correspondance.", "Mapping file (YAML)."),
        ),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-o",
            metavar="DIR",
            help=H(
                "Dossier des résultats (défaut : NOM-diagnostics).",
                "Output folder (default: NAME-diagnostics).",
            ),
        ),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="html|markdown|json|pdf|none",
            help=H(
                "Rapport par ligne, répétable : html (défaut), markdown, json, pdf, ou none "
                "(résumés seulement).",
                "Per-row reports, repeatable: html (default), markdown, json, pdf, or none "
                "(summaries only).",
            ),
        ),
    ] = None,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            metavar="COLUMN",
            help=H(
                "Colonne (ou question) qui groupe les lignes : organisation, région…",
                "Column (or question) grouping the rows: organisation, region…",
            ),
        ),
    ] = None,
    org_column: Annotated[
        str | None,
        typer.Option(
            "--org-column",
            metavar="COLUMN",
            help=H("Colonne du nom de l'organisation.", "Organisation name column."),
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="ENCODING",
            help=H("Encodage (défaut : détecté).", "File encoding (default: detected)."),
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            metavar="CHAR",
            help=H(
                "Séparateur : ; , | ou tab (défaut : détecté).",
                "Delimiter: ; , | or tab (default: detected).",
            ),
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="SHEET",
            help=H(
                "Feuille XLSX, nom ou numéro (défaut : la première).",
                "XLSX sheet, name or number (default: the first).",
            ),
        ),
    ] = None,
    csv_dialect: Annotated[
        str | None,
        typer.Option(
            "--csv-dialect",
            metavar="standard|excel-fr",
            help=H(
                "standard (« , ») ou excel-fr (« ; », virgule décimale, BOM).",
                "standard (',') or excel-fr (';', decimal comma, BOM).",
            ),
        ),
    ] = None,
    lang: LangOption = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            metavar="DIR",
            help=H("Dossier de gabarits qui remplacent les nôtres.", "Templates overriding ours."),
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", help=H("Sans barre de progression.", "No progress bar."))
    ] = False,
    keep_excluded: Annotated[
        bool,
        typer.Option(
            "--keep-excluded",
            help=H(
                "Noter aussi les envois de test, doublons et réponses écartées à la relecture.",
                "Score test submissions, duplicates and rows turned down in review too.",
            ),
        ),
    ] = False,
    anonymize: Annotated[
        bool,
        typer.Option(
            "--anonymize",
            help=H(
                "Le nom des répondants dans aucune sortie.",
                "Respondents' names in no output.",
            ),
        ),
    ] = False,
) -> None:
    """The ``batch`` command."""
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
            lang=language(lang),
            template_dir=template_dir,
            keep_excluded=keep_excluded,
            anonymize=anonymize,
            generated_on=report_day(),
        )
        code = run(options, quiet=quiet, stdout=sys.stdout, stderr=sys.stderr)
    raise typer.Exit(code)


from alliance_diag.cli.compare_command import compare_command  # noqa: E402  (imports app)

app.command(
    "compare",
    cls=HelpCommand,
    help=H(
        "Compare deux regards sur une alliance, deux groupes, ou une organisation à "
        "plusieurs dates.\n\n"
        "\b\n"
        "Exemples :\n"
        "  alliance-diag compare nous.yaml partenaire.yaml -f html -o comparaison.html\n"
        "  alliance-diag compare bilan-2025.yaml bilan-2026.yaml bilan-2027.yaml\n"
        "  alliance-diag compare --a camille.yaml --a karim.yaml --b fondation.yaml",
        "Compares two views of one alliance, two groups, or one organisation at several "
        "dates.\n\n"
        "\b\n"
        "Examples:\n"
        "  alliance-diag compare ours.yaml partner.yaml -f html -o comparison.html\n"
        "  alliance-diag compare review-2025.yaml review-2026.yaml review-2027.yaml\n"
        "  alliance-diag compare --a camille.yaml --a karim.yaml --b foundation.yaml",
    ),
    short_help=H("Compare deux regards ou plusieurs dates.", "Two views or several dates."),
)(compare_command)


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


# registered last: the form command's module reads this one's shared options
from alliance_diag.cli.form_command import form_command  # noqa: E402

app.command(
    "form",
    cls=HelpCommand,
    help=H(
        "Écrit le questionnaire pour un outil d'enquête (XLSForm pour KoboToolbox et ODK, "
        "LimeSurvey), un tableur, un fichier de réponses vierge, un formulaire à remplir "
        "dans le navigateur (html) ou le papier.\n\n"
        "\b\n"
        "Exemples :\n"
        "  alliance-diag form alliance-readiness --to xlsform -o questionnaire.xlsx\n"
        "  alliance-diag form alliance-readiness-quick --to answers-yaml -o reponses.yaml",
        "Writes the questionnaire for a survey tool (XLSForm for KoboToolbox and ODK, "
        "LimeSurvey), a spreadsheet, a blank answer file, a form to fill in in a browser "
        "(html) or paper.\n\n"
        "\b\n"
        "Examples:\n"
        "  alliance-diag form alliance-readiness --to xlsform -o questionnaire.xlsx\n"
        "  alliance-diag form alliance-readiness-quick --to answers-yaml -o answers.yaml",
    ),
    short_help=H("Le questionnaire pour un outil ou le papier.", "The form for a tool or paper."),
)(form_command)
