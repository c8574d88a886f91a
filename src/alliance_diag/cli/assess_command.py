"""The assess command: the workshop interview."""

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
    language,
    report_day,
    report_format,
    user_errors,
)

AnswersOption = Annotated[
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
]
OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org",
        metavar="NAME",
        help=H("Organisation (pré-remplie).", "Organisation (filled in)."),
    ),
]
PartnerTypeOption = Annotated[
    str | None,
    typer.Option(
        "--partner-type",
        metavar="peer|public|private",
        help=H("Type de partenaire (pré-rempli).", "Partner type (filled in)."),
    ),
]
ReportDirOption = Annotated[
    Path | None,
    typer.Option(
        "--report-dir",
        metavar="DIR",
        help=H(
            "Dossier des rapports (défaut : celui des réponses).",
            "Report folder (default: the answers').",
        ),
    ),
]
FormatsOption = Annotated[
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
]


def assess_command(
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = None,
    answers: AnswersOption = None,
    org: OrgOption = None,
    partner_type: PartnerTypeOption = None,
    report_dir: ReportDirOption = None,
    formats: FormatsOption = None,
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


ASSESS = Command(
    "assess",
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
    run=assess_command,
)
