"""The batch-shapes questionnaire with conditions of every kind, for the form tests."""

from __future__ import annotations

from pathlib import Path

from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.io.questionnaire_files import load_questionnaire

DATA = Path(__file__).parent / "data" / "questionnaires"
# conditions every survey tool can say
CONDITIONS = """
  - id: talks
    dimension: links
    type: yes_no
    when: "profile.partner_type in ['peer', 'private'] and not (answers.signed == 'no')"
    text: {fr: "Nous parlons", en: "We talk"}
  - id: by_mail
    dimension: links
    type: yes_no
    when: "'email' in answers.channels or answers.budget is none or answers.hours > 3"
    text: {fr: "Par courrier", en: "By mail"}
"""


def shapes_with_conditions(folder: Path, extra: str = "") -> Questionnaire:
    """batch.yaml with CONDITIONS (and ``extra`` questions) added at the end."""
    text = (DATA / "batch.yaml").read_text("utf-8")
    head, tail = text.split("\nlevels:")
    path = folder / "shapes.yaml"
    path.write_text(head.rstrip("\n") + CONDITIONS + extra + "levels:" + tail, "utf-8")
    return load_questionnaire(path)
