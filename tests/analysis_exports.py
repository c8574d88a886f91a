"""Synthetic exports for the item analysis: answers drawn from one latent trait per dimension."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType

STAGES = ("exploring", "first_project", "experimenting", "formalised")
PARTNER_TYPES = ("peer", "public", "private")


def write_export(
    path: Path,
    questionnaire: Questionnaire,
    rows: int,
    *,
    seed: int = 7,
    miskeyed: str | None = None,
    borrowed: dict[str, str] | None = None,
    dont_know: float = 0.03,
) -> Path:
    """A CSV export with a column per question id, answered by ``rows`` respondents.

    Each respondent has one trait per dimension; an answer is the trait plus noise, cut
    into the question's scored options, and turned over for a reverse question so that
    its keyed value follows the trait. ``miskeyed`` names a question answered the other
    way round (the planted keying error); ``borrowed`` maps a question to the dimension
    whose trait it follows instead of its own. Some answers are "don't know" at random.
    """
    borrowed = borrowed or {}
    rng = random.Random(seed)
    profile = ["organisation", "partner_type", "stage"]
    questions = list(questionnaire.questions)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([*profile, *(q.id for q in questions)])
        for number in range(rows):
            traits = {d.id: rng.gauss(0, 1) for d in questionnaire.dimensions}
            cells = [f"Association {number + 1}", rng.choice(PARTNER_TYPES), rng.choice(STAGES)]
            for question in questions:
                assert question.dimension is not None
                turned = question.reverse != (question.id == miskeyed)
                trait = traits[borrowed.get(question.id, question.dimension)]
                trait = -trait if turned else trait
                cells.append(_answer(question, trait + rng.gauss(0, 0.6), rng, dont_know))
            writer.writerow(cells)
    return path


def _answer(question: Question, level: float, rng: random.Random, dont_know: float) -> str:
    options = [o for o in question.options or [] if o.score is not None]
    unscored = [o for o in question.options or [] if o.score is None]
    if unscored and rng.random() < dont_know:
        return unscored[0].id
    assert question.type in (QuestionType.likert, QuestionType.single, QuestionType.yes_no)
    ranked = sorted(options, key=lambda o: o.score or 0)
    # cut points spread evenly on the trait's usual range (−2 to 2)
    position = int((level + 2) / 4 * len(ranked))
    return ranked[min(max(position, 0), len(ranked) - 1)].id
