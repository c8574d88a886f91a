"""Writes microsoft-forms.xlsx: a Microsoft Forms export as Excel Online downloads it.

Run: ``.venv/bin/python tests/data/exports/make_xlsx.py`` (after make_exports.py, whose
members and answers it reuses). Shape: sheet ``Form1``; ``ID``, ``Heure de début``,
``Heure de fin``, ``Adresse de messagerie``, ``Nom`` and ``Heure de la dernière
modification`` first (French account), then one column per question titled with its
text; dates as real date cells, numbers as numbers, multiple choice joined with ``;``
and a trailing ``;``.
"""

from __future__ import annotations

from datetime import datetime

from make_exports import HERE, MEMBERS, QUESTIONS, Q, label_fr, profile_label, text_fr
from openpyxl import Workbook


def main() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    channels = ["Courriel", "Téléphone", "Réunions", "Visites sur place"]
    header = ["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom"]
    header.append("Heure de la dernière modification")
    header += [text_fr(p) for p in ("organisation", "partner_type", "stage", "partners_count")]
    header.append("Par quels moyens échangez-vous avec ce partenaire ?")
    header += [q.text["fr"] for q in QUESTIONS]
    sheet.append(header)
    for number, member in enumerate(MEMBERS, start=1):
        start = datetime(2026, 3, 10 + number, 9, 5 * number, 12)
        row: list[object] = [number, start, start.replace(minute=5 * number + 4), "anonymous"]
        row += ["", None]
        row += [member["org"], profile_label("partner_type", member["partner_type"])]
        row += [profile_label("stage", member["stage"]), float(member["count"])]
        row.append("".join(f"{c};" for c in channels[: 1 + number % 4]))
        cells: list[object] = [label_fr(q, member["answers"][q.id]) or None for q in QUESTIONS]
        if number == 7:
            cells[4] = "Tout à fait d'accord, ou presque"  # an "Other" answer typed in
        row += cells
        sheet.append(row)
        organisation = sheet.cell(row=number + 1, column=7)
        # a name starting with "=" is text in Forms; openpyxl would store it as a formula
        organisation.data_type = "s"
    workbook.save(HERE / "microsoft-forms.xlsx")
    print("wrote microsoft-forms.xlsx")


def label_en(question_id: str, option: str | None) -> str | None:
    question = Q.question(question_id)
    assert question is not None
    chosen = question.option(option) if option else None
    return chosen.label["en"] if chosen is not None else None


def english() -> None:
    """An English account: Forms' own "Name" column (the Microsoft account, here empty or
    "anonymous") beside our "Your name" question, and a title its author edited (words
    taken out of a parenthesis)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    profile = ["organisation", "name", "partner_type", "stage"]
    header += [text_en(p) for p in profile]
    texts = [q.text["en"] for q in QUESTIONS]
    edited = texts.index(
        "We know how this partner makes its decisions (who decides, and how fast)."
    )
    texts[edited] = "We know how this partner makes decisions (who decides, how fast)."
    header += texts
    sheet.append(header)
    for number, member in enumerate(MEMBERS[:4], start=1):
        start = datetime(2026, 3, 10 + number, 9, 5 * number, 12)
        row: list[object] = [number, start, start.replace(minute=5 * number + 4), "anonymous"]
        row += ["anonymous", None, member["org"], f"Person {number}"]
        row += [label_en("partner_type", member["partner_type"])]
        row += [label_en("stage", member["stage"])]
        row += [label_en(q.id, member["answers"][q.id]) for q in QUESTIONS]
        sheet.append(row)
        sheet.cell(row=number + 1, column=7).data_type = "s"
    workbook.save(HERE / "microsoft-forms-en.xlsx")
    print("wrote microsoft-forms-en.xlsx")


def text_en(question_id: str) -> str:
    question = Q.question(question_id)
    assert question is not None
    return question.text["en"]


if __name__ == "__main__":
    main()
    english()
