"""batch --anonymize keeps respondents' names out of every output; a format that cannot be
made is refused before anything is written."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from alliance_diag.cli.app import app

QUESTIONNAIRE = Path(__file__).parent / "data" / "questionnaires" / "mini.yaml"
runner = CliRunner()


def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(
        "organisation,name,partner_type,trust_a,trust_b,trust_c,demand_a,demand_b\n"
        "Asso Nord,Camille Durand,peer,agree,disagree,yes,agree,5\n"
        "Asso Sud,Karim Benali,peer,agree,disagree,maybe,agree,5\n",
        "utf-8",
    )
    return path


def every_output(folder: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(folder.rglob("*")) if p.is_file())


@pytest.mark.parametrize("anonymize", [False, True])
def test_names_stay_out_of_every_output_when_asked(tmp_path: Path, anonymize: bool) -> None:
    out = tmp_path / "out"
    argv = ["batch", str(export(tmp_path)), "-q", str(QUESTIONNAIRE), "-o", str(out)]
    argv += ["--format", "html", "--format", "markdown", "--format", "json"]
    result = runner.invoke(app, [*argv, "--lang", "en", *(["--anonymize"] if anonymize else [])])
    assert result.exit_code == 1, result.output  # Asso Sud's "maybe" is rejected
    text = every_output(out)
    assert "Asso Nord" in text  # organisations stay: a network report is about them
    assert ("Camille Durand" in text) is not anonymize
    # a rejected row is quoted by its bad cell only, never by the respondent's name
    assert "maybe" in (out / "errors.csv").read_text("utf-8")
    assert "Karim" not in text


def test_a_missing_pdf_library_stops_the_batch_before_any_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def without_weasyprint(name: str, *args: Any) -> Any:
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_weasyprint)
    out = tmp_path / "out"
    argv = ["batch", str(export(tmp_path)), "-q", str(QUESTIONNAIRE), "-o", str(out)]
    result = runner.invoke(app, [*argv, "--format", "html", "--format", "pdf", "--lang", "en"])
    assert result.exit_code == 1
    assert "WeasyPrint" in result.stderr
    assert not out.exists() or not any(out.rglob("*"))
