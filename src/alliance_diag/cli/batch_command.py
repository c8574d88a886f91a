"""The batch command: a survey export scored row by row."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from alliance_diag.cli.common import (
    Command,
    H,
    LangOption,
    QuestionnaireOption,
    TemplateDirOption,
    language,
    report_day,
    user_errors,
)

ExportFileOption = Annotated[
    Path,
    typer.Argument(
        metavar="EXPORT",
        help=H("Export CSV, XLSX ou JSON Lines.", "CSV, XLSX or JSON Lines export."),
    ),
]
MappingOption = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        "-m",
        metavar="MAP.yaml",
        help=H("Fichier YAML de correspondance.", "Mapping file (YAML)."),
    ),
]
OutputDirOption = Annotated[
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
]
FormatsOption = Annotated[
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
]
GroupByOption = Annotated[
    str | None,
    typer.Option(
        "--group-by",
        metavar="COLUMN",
        help=H(
            "Colonne (ou question) qui groupe les lignes : organisation, région…",
            "Column (or question) grouping the rows: organisation, region…",
        ),
    ),
]
OrgColumnOption = Annotated[
    str | None,
    typer.Option(
        "--org-column",
        metavar="COLUMN",
        help=H("Colonne du nom de l'organisation.", "Organisation name column."),
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="ENCODING",
        help=H("Encodage (défaut : détecté).", "File encoding (default: detected)."),
    ),
]
DelimiterOption = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        metavar="CHAR",
        help=H(
            "Séparateur : ; , | ou tab (défaut : détecté).",
            "Delimiter: ; , | or tab (default: detected).",
        ),
    ),
]
SheetOption = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        metavar="SHEET",
        help=H(
            "Feuille XLSX, nom ou numéro (défaut : la première).",
            "XLSX sheet, name or number (default: the first).",
        ),
    ),
]
CsvDialectOption = Annotated[
    str | None,
    typer.Option(
        "--csv-dialect",
        metavar="standard|excel-fr",
        help=H(
            "standard (« , ») ou excel-fr (« ; », virgule décimale, BOM).",
            "standard (',') or excel-fr (';', decimal comma, BOM).",
        ),
    ),
]
KeepExcludedOption = Annotated[
    bool,
    typer.Option(
        "--keep-excluded",
        help=H(
            "Noter aussi les envois de test, doublons et réponses écartées à la relecture.",
            "Score test submissions, duplicates and rows turned down in review too.",
        ),
    ),
]
AnonymizeOption = Annotated[
    bool,
    typer.Option(
        "--anonymize",
        help=H(
            "Le nom des répondants dans aucune sortie.",
            "Respondents' names in no output.",
        ),
    ),
]


def batch_command(
    export_file: ExportFileOption,
    questionnaire: QuestionnaireOption = None,
    mapping: MappingOption = None,
    output_dir: OutputDirOption = None,
    formats: FormatsOption = None,
    group_by: GroupByOption = None,
    org_column: OrgColumnOption = None,
    encoding: EncodingOption = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    csv_dialect: CsvDialectOption = None,
    lang: LangOption = None,
    template_dir: TemplateDirOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", help=H("Sans barre de progression.", "No progress bar."))
    ] = False,
    keep_excluded: KeepExcludedOption = False,
    anonymize: AnonymizeOption = False,
) -> None:
    """The ``batch`` command."""
    with user_errors(lang):
        from alliance_diag.batch.run import BatchOptions
        from alliance_diag.cli.batch_terminal import parse_dialect, parse_formats, run

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


BATCH = Command(
    "batch",
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
    run=batch_command,
)
