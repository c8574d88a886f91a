"""The report as PDF: the HTML report printed by WeasyPrint, an optional extra."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import Any

from alliance_diag.errors import MissingExtraError
from alliance_diag.i18n import Catalog
from alliance_diag.questionnaire import Questionnaire
from alliance_diag.report import html
from alliance_diag.result import Result

_ = Catalog(
    {
        "missing": {
            "fr": "le format PDF a besoin de WeasyPrint, une dépendance facultative. Installez-la "
            "avec : pip install 'alliance-diag[pdf]' (ou pip install '.[pdf]' depuis les "
            "sources). En attendant, --format html donne le même rapport, qu'un navigateur "
            "imprime en PDF.",
            "en": "PDF output needs WeasyPrint, an optional dependency. Install it with: "
            "pip install 'alliance-diag[pdf]' (or pip install '.[pdf]' from the sources). "
            "Meanwhile, --format html gives the same report, which any browser prints to PDF.",
        },
        "broken": {
            "fr": "WeasyPrint est installé mais ne trouve pas ses bibliothèques système "
            "({detail}) : voir https://doc.courtbouillon.org/weasyprint/stable/first_steps.html. "
            "En attendant, --format html donne le même rapport, qu'un navigateur imprime en PDF.",
            "en": "WeasyPrint is installed but cannot find its system libraries ({detail}): see "
            "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html. Meanwhile, "
            "--format html gives the same report, which any browser prints to PDF.",
        },
        "blocked": {
            "fr": "ressource externe refusée (le rapport n'accède pas au réseau) : {url}",
            "en": "external resource refused (the report does not use the network): {url}",
        },
    }
)


def render(
    result: Result,
    questionnaire: Questionnaire,
    *,
    template_dir: Path | None = None,
    generated_on: date | None = None,
) -> bytes:
    """The PDF bytes, or MissingExtraError saying how to install WeasyPrint."""
    weasyprint = _weasyprint()
    page = html.render(result, questionnaire, template_dir=template_dir, generated_on=generated_on)
    document = weasyprint.HTML(string=page, url_fetcher=_offline_fetcher)
    pdf: bytes = document.write_pdf()
    return pdf


def _weasyprint() -> Any:
    # imported by name: an optional, untyped dependency that --help must never load
    try:
        return importlib.import_module("weasyprint")
    except ImportError as exc:
        raise MissingExtraError(_("missing")) from exc
    except OSError as exc:
        # the Python package is there but Pango or its friends are not
        raise MissingExtraError(_("broken", detail=exc)) from exc


def _offline_fetcher(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """Inline data only: a custom template's remote logo must not make a report go online."""
    if url.startswith("data:"):
        fetched: dict[str, Any] = _weasyprint().default_url_fetcher(url, timeout, ssl_context)
        return fetched
    raise ValueError(_("blocked", url=url))
