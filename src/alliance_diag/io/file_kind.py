"""What a file given in place of an answer file is, so the error names it and its command."""

from __future__ import annotations

from pathlib import Path

from alliance_diag.i18n import Catalog

# a questionnaire's top-level keys may come late in it; no file of ours is larger
LARGEST = 8_000_000
EXPORT_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xls", ".jsonl", ".ndjson"}
RESULT_KEYS = {"schema_version", "overall", "dimensions"}
QUESTIONNAIRE_KEYS = ("dimensions:", "questions:", "levels:")

_ = Catalog(
    {
        "html": {
            "fr": "c'est un rapport HTML, pas un fichier de réponses : il s'ouvre dans un "
            "navigateur ; score lit le fichier YAML des réponses (celui qu'écrit assess)",
            "en": "this is an HTML report, not an answer file: open it in a browser; score "
            "reads the YAML answer file (the one assess writes)",
        },
        "pdf": {
            "fr": "c'est un PDF, pas un fichier de réponses : score lit le fichier YAML des "
            "réponses (celui qu'écrit assess, ou le formulaire HTML enregistré)",
            "en": "this is a PDF, not an answer file: score reads the YAML answer file (the "
            "one assess writes, or the one the HTML form saves)",
        },
        "result": {
            "fr": "c'est un résultat JSON (écrit par score --format json), pas un fichier de "
            "réponses : score lit le fichier YAML des réponses d'où il vient",
            "en": "this is a JSON result (written by score --format json), not an answer file: "
            "score reads the YAML answer file it came from",
        },
        "questionnaire": {
            "fr": "c'est un questionnaire, pas un fichier de réponses : il se donne avec "
            "--questionnaire (score --questionnaire {path} réponses.yaml) et se vérifie avec "
            "« alliance-diag questionnaire validate »",
            "en": "this is a questionnaire, not an answer file: give it with --questionnaire "
            "(score --questionnaire {path} answers.yaml) and check it with "
            "'alliance-diag questionnaire validate'",
        },
        "export": {
            "fr": "c'est un export d'enquête, pas un fichier de réponses : "
            "« alliance-diag batch {path} » en note chaque ligne",
            "en": "this is a survey export, not an answer file: "
            "'alliance-diag batch {path}' scores each of its rows",
        },
    }
)


def not_an_answer_file(path: Path) -> str | None:
    """One sentence saying what ``path`` is and which command takes it, when it is a file
    of ours (or an export) other than an answer file; None when it is not recognised."""
    try:
        with path.open("rb") as stream:
            head = stream.read(LARGEST)
    except OSError:
        return None
    if head.startswith(b"%PDF-"):
        return _("pdf")
    if path.suffix.lower() in EXPORT_SUFFIXES or head.startswith(b"PK\x03\x04"):
        # PK: a zip, so an XLSX workbook whatever its name
        return _("export", path=path)
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text[:15].lower().startswith(("<!doctype html", "<html")):
        return _("html")
    if text.startswith("{") and all(f'"{key}"' in text for key in RESULT_KEYS):
        return _("result")
    lines = {line.split("#")[0].rstrip() for line in text.splitlines()}
    if all(key in lines for key in QUESTIONNAIRE_KEYS) and "answers:" not in lines:
        return _("questionnaire", path=path)
    return None
