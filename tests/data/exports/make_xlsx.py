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

from make_exports import HERE, MEMBERS, QUESTIONS, label_fr, profile_label, text_fr
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


if __name__ == "__main__":
    main()
