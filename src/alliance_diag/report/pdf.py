"""The report as PDF: the HTML report printed by WeasyPrint, an optional extra."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import Any

from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.errors import InputError, MissingExtraError, Problem
from alliance_diag.i18n import Catalog
from alliance_diag.report import html
from alliance_diag.report.templating import time_limit

_ = Catalog(
    {
        "missing": {
            "fr": "le format PDF a besoin de WeasyPrint, une dépendance facultative. Installez-la "
            'avec : pip install "alliance-diag[pdf]" (ou pip install ".[pdf]" depuis les '
            "sources). En attendant, --format html donne le même rapport, qu'un navigateur "
            "imprime en PDF.",
            "en": "PDF output needs WeasyPrint, an optional dependency. Install it with: "
            'pip install "alliance-diag[pdf]" (or pip install ".[pdf]" from the sources). '
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
            "fr": "le gabarit fait appel à une ressource externe, qu'un rapport ne charge "
            "jamais : {url} ; intégrez-la en data: URI (voir docs/templates.md)",
            "en": "the template refers to an external resource, which a report never loads: "
            "{url}; embed it as a data: URI (see docs/templates.md)",
        },
    }
)


def render(
    result: Result,
    questionnaire: Questionnaire,
    *,
    template_dir: Path | None = None,
    generated_on: date,
) -> bytes:
    """The PDF bytes, or MissingExtraError saying how to install WeasyPrint."""
    weasyprint = _weasyprint()
    page = html.render(result, questionnaire, template_dir=template_dir, generated_on=generated_on)
    return from_html(page, template_dir, weasyprint)


def from_html(page: str, template_dir: Path | None, weasyprint: Any = None) -> bytes:
    """An HTML page of ours printed to PDF, offline."""
    weasyprint = weasyprint or _weasyprint()
    refused: list[str] = []
    source = str(template_dir) if template_dir else html.TEMPLATE
    # an image drawn forever (an SVG of nested patterns) stops like a template would
    with time_limit(source):
        document = weasyprint.HTML(string=page, url_fetcher=_offline_fetcher(weasyprint, refused))
        pdf: bytes = document.write_pdf()
    if refused:
        # WeasyPrint would only log it and leave a hole where the logo was: say it instead
        raise InputError([Problem(source, _("blocked", url=url)) for url in refused])
    return pdf


def require() -> None:
    """MissingExtraError now, before anything is written, when PDF cannot be made."""
    _weasyprint()


def _weasyprint() -> Any:
    # imported by name: an optional, untyped dependency that --help must never load
    try:
        return importlib.import_module("weasyprint")
    except ImportError as exc:
        raise MissingExtraError(_("missing")) from exc
    except OSError as exc:
        # the Python package is there but Pango or its friends are not
        raise MissingExtraError(_("broken", detail=exc)) from exc


def _offline_fetcher(weasyprint: Any, refused: list[str]) -> Any:
    """A fetcher of inline ``data:`` only, noting what it refused: reports never go online."""

    class Offline(weasyprint.URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                refused.append(url)
                raise ValueError(url)
            return super().fetch(url, headers)

    return Offline(allowed_protocols=("data",))
