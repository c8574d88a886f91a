"""`alliance-diag score` in every format, end to end, as a user runs it."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from report_fixtures import REPORT_DATE, SMALL_ASSOCIATION_ARGS, hostile
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.engine.scoring import score
from alliance_diag.i18n import typeset_fr
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.report import Format, render

runner = CliRunner()
HAS_WEASYPRINT = (
    subprocess.run(
        [sys.executable, "-c", "import weasyprint"], capture_output=True, check=False
    ).returncode
    == 0
)


def unanswered() -> tuple[Result, Questionnaire]:
    questionnaire = load_questionnaire("alliance-readiness")
    answers = AnswerSet(
        questionnaire=questionnaire.id,
        questionnaire_version=questionnaire.version,
        profile={"partner_type": "peer"},
    )
    return score(questionnaire, answers, "fr"), questionnaire


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("case", [hostile, unanswered], ids=["hostile", "unanswered"])
def test_every_format_is_handled(
    fmt: Format, case: Callable[[], tuple[Result, Questionnaire]]
) -> None:
    if fmt is Format.pdf and not HAS_WEASYPRINT:
        pytest.skip("the pdf extra (WeasyPrint) is not installed")
    result, questionnaire = case()
    content = render(result, questionnaire, fmt, width=100, generated_on=REPORT_DATE)
    assert content
    assert isinstance(content, bytes) == (fmt is Format.pdf)
    if fmt in (Format.terminal, Format.markdown, Format.html) and case is unanswered:
        assert isinstance(content, str)
        text = html.unescape(content)
        assert "Pas de niveau" in text
        assert typeset_fr("Aucune dimension n'a reçu assez de réponses") in text


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("terminal", "La Roue Libre — atelier vélo solidaire — En émergence (45,3 / 100)"),
        ("markdown", typeset_fr("# Rapport de préparation à l'alliance — La Roue Libre")),
        ("html", '<svg id="radar-chart"'),
        ("json", '"level": "emerging"'),
    ],
)
def test_score_to_stdout(fmt: str, expected: str) -> None:
    outcome = runner.invoke(app, ["score", *SMALL_ASSOCIATION_ARGS, "--format", fmt])
    assert outcome.exit_code == 0, outcome.output
    assert expected in outcome.stdout


def test_json_is_the_contract() -> None:
    outcome = runner.invoke(app, ["score", *SMALL_ASSOCIATION_ARGS, "-f", "json"])
    data = json.loads(outcome.stdout)
    assert data["overall"]["score"] == 45.3
    assert data["dimensions"][0]["id"] == "trust"


def test_english_with_lang() -> None:
    outcome = runner.invoke(
        app, ["score", *SMALL_ASSOCIATION_ARGS, "-f", "markdown", "--lang", "en"]
    )
    assert outcome.exit_code == 0, outcome.output
    assert "**Emerging** · Overall score 45.3 out of 100" in outcome.stdout


def test_html_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    arguments = ["score", *SMALL_ASSOCIATION_ARGS, "-f", "html", "-o", str(target)]
    outcome = runner.invoke(app, arguments)
    assert outcome.exit_code == 0, outcome.output
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_template_dir(tmp_path: Path) -> None:
    (tmp_path / "brand-header.html.j2").write_text('<p class="logo">Cabinet Exemple</p>', "utf-8")
    outcome = runner.invoke(
        app, ["score", *SMALL_ASSOCIATION_ARGS, "-f", "html", "--template-dir", str(tmp_path)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert '<p class="logo">Cabinet Exemple</p>' in outcome.stdout


def test_broken_template_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text("# {{ organisation }}\n{{ oops }}\n", "utf-8")
    outcome = runner.invoke(
        app, ["score", *SMALL_ASSOCIATION_ARGS, "-f", "markdown", "--template-dir", str(tmp_path)]
    )
    assert outcome.exit_code == 1
    assert f"{tmp_path / 'report.md.j2'}:2:" in outcome.output
    assert "Traceback" not in outcome.output


def test_pdf_needs_a_file() -> None:
    outcome = runner.invoke(app, ["score", *SMALL_ASSOCIATION_ARGS, "-f", "pdf"])
    assert outcome.exit_code == 2
    assert "--output" in outcome.output


@pytest.mark.skipif(not HAS_WEASYPRINT, reason="the pdf extra (WeasyPrint) is not installed")
def test_pdf_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "rapport.pdf"
    outcome = runner.invoke(app, ["score", *SMALL_ASSOCIATION_ARGS, "-f", "pdf", "-o", str(target)])
    assert outcome.exit_code == 0, outcome.output
    assert target.read_bytes().startswith(b"%PDF-")


def test_subprocess_in_a_fresh_folder(tmp_path: Path) -> None:
    """Installed templates are found from any folder, and --help does not load the renderers."""
    env = {**os.environ, "LANG": "C.UTF-8"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "alliance_diag",
            "score",
            *SMALL_ASSOCIATION_ARGS,
            "-f",
            "html",
            "-o",
            "r.html",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "La Roue Libre" in (tmp_path / "r.html").read_text("utf-8")
    probe = (
        "import sys, alliance_diag.cli.app, alliance_diag.report; "
        "print(sorted(m for m in ('jinja2', 'weasyprint', 'alliance_diag.report.context') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert loaded.stdout.strip() == "[]"


EXAMPLE = Path(__file__).parent.parent / "examples" / "petite-asso-entreprise.yaml"


def test_an_unfinished_interview_says_so_in_every_format(tmp_path: Path) -> None:
    text = EXAMPLE.read_text("utf-8")
    # the interview stopped before the last five statements: they are not in the file
    lines = text.splitlines()
    start = lines.index("answers:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  "))
    kept = lines[: end - 5] + lines[end:]
    unfinished = tmp_path / "unfinished.yaml"
    unfinished.write_text("\n".join(kept) + "\n", encoding="utf-8")
    said = " ".join(typeset_fr("Questionnaire inachevé : 5 des").split())
    for fmt in ["terminal", "markdown", "html", "json"]:
        out = runner.invoke(app, ["score", str(unfinished), "-f", fmt, "--lang", "fr"])
        assert out.exit_code == 0, out.output
        shown = html.unescape(out.output) if fmt == "html" else out.output
        if fmt == "json":
            [notice] = [n for n in json.loads(out.output)["notices"] if n["kind"] == "unfinished"]
            shown = notice["text"]
        assert said in " ".join(shown.split()), fmt
    finished = runner.invoke(app, ["score", str(EXAMPLE), "-f", "markdown", "--lang", "fr"])
    assert "inachevé" not in finished.output


def test_the_quick_report_says_it_is_the_short_version(tmp_path: Path) -> None:
    blank = tmp_path / "quick.yaml"
    version = load_questionnaire("alliance-readiness-quick").version
    blank.write_text(
        "questionnaire: alliance-readiness-quick\n"
        f'questionnaire_version: "{version}"\n'
        "respondent: {organisation: Asso}\n"
        "profile: {partner_type: peer}\n"
        "answers: {}\n",
        encoding="utf-8",
    )
    for fmt, header in [
        ("markdown", "# Rapport de préparation à l'alliance (version courte)"),
        ("html", "Rapport de préparation à l'alliance — <strong>version courte</strong>"),
        ("terminal", " · version courte"),
    ]:
        out = runner.invoke(app, ["score", str(blank), "-f", fmt, "--lang", "fr"])
        assert out.exit_code == 0, out.output
        assert typeset_fr(header) in html.unescape(out.output), fmt
    full = runner.invoke(app, ["score", *SMALL_ASSOCIATION_ARGS, "-f", "markdown"])
    assert "version courte" not in full.output
