"""The PDF report, printed by WeasyPrint when the extra is installed."""

from __future__ import annotations

import importlib
import logging
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import REPORT_DATE, SMALL_ASSOCIATION, scored

from alliance_diag.errors import InputError, MissingExtraError
from alliance_diag.report import pdf


def needs_weasyprint() -> None:
    """Skip without the pdf extra, or without the system libraries (Pango) it loads."""
    try:
        importlib.import_module("weasyprint")
    except (ImportError, OSError) as exc:
        pytest.skip(f"WeasyPrint is not usable here: {exc}")


def test_without_weasyprint_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def no_weasyprint(name: str, package: str | None = None) -> Any:
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_weasyprint)
    result, questionnaire = scored(SMALL_ASSOCIATION)
    with pytest.raises(MissingExtraError) as caught:
        pdf.render(result, questionnaire, generated_on=REPORT_DATE)
    # straight double quotes: typesetting leaves them, and a shell takes them
    assert 'pip install "alliance-diag[pdf]"' in str(caught.value)
    assert "--format html" in str(caught.value)


def test_pdf_with_weasyprint(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    needs_weasyprint()
    result, questionnaire = scored(SMALL_ASSOCIATION)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = pdf.render(result, questionnaire, generated_on=REPORT_DATE)
    assert document.startswith(b"%PDF-")
    # every rule of our stylesheet is one WeasyPrint understands
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    if shutil.which("pdfinfo"):
        target = tmp_path / "report.pdf"
        target.write_bytes(document)
        info = subprocess.run(
            ["pdfinfo", str(target)], capture_output=True, text=True, check=True
        ).stdout
        assert "(A4)" in info
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
        assert 4 <= pages <= 12


def test_remote_resources_are_refused(tmp_path: Path) -> None:
    needs_weasyprint()
    pixel = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs="
    inline, remote = tmp_path / "inline", tmp_path / "remote"
    for folder, source in ((inline, pixel), (remote, "https://example.org/logo.png")):
        folder.mkdir()
        (folder / "brand-header.html.j2").write_text(f'<img src="{source}" alt="logo">', "utf-8")
    result, questionnaire = scored(SMALL_ASSOCIATION)
    document = pdf.render(result, questionnaire, template_dir=inline, generated_on=REPORT_DATE)
    assert document.startswith(b"%PDF-")
    with pytest.raises(InputError) as caught:
        pdf.render(result, questionnaire, template_dir=remote, generated_on=REPORT_DATE)
    assert str(caught.value).startswith(f"{remote}: ")
    assert "https://example.org/logo.png" in str(caught.value)
    assert "data:" in str(caught.value)


def test_charts_with_an_unscored_dimension_are_drawn_in_the_pdf(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    needs_weasyprint()
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    from alliance_diag.engine.scoring import score
    from alliance_diag.io.answer_files import load_answers

    example = Path(__file__).parent.parent / "examples" / "petite-asso-entreprise.yaml"
    answers, questionnaire = load_answers(example)
    # the framework left unanswered: an unscored axis, drawn in italics
    framework = {q.id for q in questionnaire.questions if q.dimension == "framework"}
    answers.answers = {k: v for k, v in answers.answers.items() if k not in framework}
    result = score(questionnaire, answers, "fr")
    assert result.dimension("framework").score is None
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = pdf.render(result, questionnaire, generated_on=REPORT_DATE)
    # an SVG WeasyPrint cannot draw is logged, and left blank in the page
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    target = tmp_path / "report.pdf"
    target.write_bytes(document)
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    before_cards = text.split("Conditions d’une alliance")[0]
    # the bars' labels, one line each, and the radar's unscored axis, all drawn
    assert "Équilibre et indépendance (confiance en soi)" in before_cards
    assert "pas assez de réponses" in before_cards
    assert "Cadre clair" in before_cards
