"""The example answer files: each scores end to end, and its committed reports are current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_fixtures import EXAMPLE_FILES, EXAMPLES, REPORT_DATE, scored

from alliance_diag.report import html, markdown

EXPECTED = {
    "petite-asso-entreprise": ("private", "not_ready"),
    "petite-asso-entreprise-partenaire": ("private", "emerging"),
    "federation-alliance-pairs": ("peer", "experimenting"),
    "centre-social-collectivite": ("public", "emerging"),
}
DATE_LINE = re.compile(r"(Rapport généré le|Report generated on) [^·<]+")


def test_every_example_is_listed() -> None:
    assert sorted(p.stem for p in EXAMPLE_FILES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_scores(path: Path) -> None:
    result, _questionnaire = scored(path)
    partner_type, level = EXPECTED[path.stem]
    assert result.profile["partner_type"] == partner_type
    assert result.overall.level == level
    assert result.language == "fr"
    assert result.notes, "examples carry the respondent's notes"
    assert result.recommendations


def test_insufficient_dimension_in_the_public_example() -> None:
    result, _questionnaire = scored(EXAMPLES / "centre-social-collectivite.yaml")
    assert result.dimension("demand").status == "insufficient"
    assert result.dimension("demand").score is None


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_committed_reports_are_current(path: Path, fmt: str) -> None:
    committed = EXAMPLES / "reports" / f"{path.stem}.{fmt}"
    flag = "markdown" if fmt == "md" else "html"
    source, target = path.relative_to(EXAMPLES.parent), committed.relative_to(EXAMPLES.parent)
    regenerate = f"alliance-diag score {source} -f {flag} -o {target}"
    assert committed.is_file(), f"missing; write it with: {regenerate}"
    result, questionnaire = scored(path)
    renderer = markdown if fmt == "md" else html
    fresh = renderer.render(result, questionnaire, generated_on=REPORT_DATE)
    assert DATE_LINE.sub("DATE", committed.read_text("utf-8")) == DATE_LINE.sub("DATE", fresh), (
        f"{committed} is out of date; regenerate it with: {regenerate}"
    )
