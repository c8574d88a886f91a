"""Writes the sample exports of this folder, one per survey tool, in each tool's own shape.

Run from anywhere: ``.venv/bin/python tests/data/exports/make_exports.py``. The answers
follow version 1.0 of the built-in alliance-readiness questionnaire (ids, texts, labels),
kept in questionnaires/1.0 so that exports collected with it keep scoring.

Shapes (see ../../../../shared/product/EXPORTS.md and the tools' own exporters):
- LimeSurvey: UTF-8 with BOM, ``;``, CRLF, every field quoted, NULL as an unquoted empty
  field, question codes (array sub-questions as ``CODE[SUB]``), answer codes.
- KoboToolbox: ``;``, every field quoted, CRLF, XML names with group paths, ``start``
  and ``end`` first, ``_id``… last, select_multiple as codes plus 0/1 columns.
- Google Forms: ``,``, French account (``Horodateur``), question texts as headers,
  option labels as answers, checkboxes joined by ``", "``.
- Framaforms (Drupal Webform 7): three header rows (form title, "Submission Details",
  column names), every field quoted, ``\\n``; the "Excel" download is the same table
  in UTF-16LE with a BOM, tab-separated, named ``.xls``. The French column names of
  the .xls variant are our guess (unverified).
- A sheet typed by hand in French Excel: ``;``, Windows-1252, decimal commas, a blank
  line, trailing empty columns, answers typed loosely.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alliance_diag.engine.questionnaire import Question, QuestionType
from alliance_diag.forms.codes import limesurvey_codes
from alliance_diag.io.questionnaire_files import load_questionnaire

HERE = Path(__file__).parent
Q = load_questionnaire(HERE.parents[2] / "questionnaires" / "1.0" / "alliance-readiness.yaml")
QUESTIONS = list(Q.questions)
REVERSE = {q.id for q in QUESTIONS if q.reverse}
FREQUENCY = {q.id for q in QUESTIONS if q.options and q.options[0].id == "never"}
YES_NO = {q.id for q in QUESTIONS if q.type is QuestionType.yes_no}


def applies(question: Question, partner_type: str, stage: str) -> bool:
    if question.id.startswith(("peer_", "public_", "private_")):
        return question.id.startswith(partner_type + "_")
    if question.id == "framework_convention":
        return stage in ("experimenting", "formalised")
    return True


def uniform(partner_type: str, stage: str, level: int) -> dict[str, str | None]:
    """Every answer worth the same: level 4 is 'agree' (0.75), 3 'neutral' (0.5)…

    Reverse items get the mirror answer, so they are worth the same; yes/no items are
    'yes' at level 4 and above, 'no' below. Hand-computable on purpose.
    """
    agree = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
    frequency = ["never", "rarely", "sometimes", "often", "very_often"]
    answers: dict[str, str | None] = {}
    for question in QUESTIONS:
        if not applies(question, partner_type, stage):
            answers[question.id] = None
        elif question.id in YES_NO:
            answers[question.id] = "yes" if level >= 4 else "no"
        elif question.id in FREQUENCY:
            answers[question.id] = frequency[level - 1]
        else:
            step = 6 - level if question.id in REVERSE else level
            answers[question.id] = agree[step - 1]
    return answers


def varied(partner_type: str, stage: str, seed: int) -> dict[str, str | None]:
    """Plausible answers: one member's general mood, some spread, a few 'don't know'."""
    rng = random.Random(seed)
    mood = rng.choice([2, 3, 3, 4, 4, 5])
    answers: dict[str, str | None] = {}
    for question in QUESTIONS:
        if not applies(question, partner_type, stage):
            answers[question.id] = None
            continue
        ids = [o.id for o in question.options or []]
        if rng.random() < 0.06:
            answers[question.id] = "dont_know"
            continue
        if question.id in YES_NO:
            answers[question.id] = "yes" if rng.random() < mood / 6 else "no"
            continue
        step = min(max(mood + rng.choice([-1, 0, 0, 1]), 1), 5)
        if question.id in REVERSE:
            step = 6 - step
        answers[question.id] = ids[step - 1]
    return answers


MEMBERS: list[dict[str, Any]] = [
    # hand-computed in the expected files: every item worth 0.75, yes/no 'yes'
    {
        "org": "Les Jardins du Lien",
        "role": "board",
        "partner_type": "private",
        "stage": "exploring",
        "count": 3,
        "sector": "environment",
        "territory": "Lyon",
        "answers": uniform("private", "exploring", 4),
    },
    # hand-computed: every item worth 0.5, yes/no 'no'
    {
        "org": "Comité des fêtes de Saint-Aubin",
        "role": "volunteer",
        "partner_type": "peer",
        "stage": "formalised",
        "count": 1,
        "sector": "leisure",
        "territory": "Saint-Aubin",
        "answers": uniform("peer", "formalised", 3),
    },
    {
        "org": "Œuvre d'entraide du Marais",
        "role": "staff",
        "partner_type": "public",
        "stage": "first_project",
        "count": 5,
        "sector": "social",
        "territory": "Paris 4e",
        "answers": varied("public", "first_project", 11),
    },
    {
        "org": "Sport Ensemble 93",
        "role": "board",
        "partner_type": "private",
        "stage": "experimenting",
        "count": 2,
        "sector": "sport",
        "territory": "Seine-Saint-Denis",
        "answers": varied("private", "experimenting", 12),
    },
    {
        "org": '=HYPERLINK("http://example.com")',
        "role": "staff",
        "partner_type": "peer",
        "stage": "exploring",
        "count": 0,
        "sector": "culture",
        "territory": "Rennes",
        "answers": varied("peer", "exploring", 13),
    },
    {
        "org": "Les Restos du Cœur — antenne de Tulle",
        "role": "volunteer",
        "partner_type": "public",
        "stage": "formalised",
        "count": 12,
        "sector": "social",
        "territory": "Corrèze",
        "answers": varied("public", "formalised", 14),
    },
    {
        "org": "Éducation & Territoires",
        "role": "staff",
        "partner_type": "private",
        "stage": "first_project",
        "count": 4,
        "sector": "education",
        "territory": "Occitanie",
        "answers": varied("private", "first_project", 15),
    },
    {
        "org": "CON",
        "role": "board",
        "partner_type": "peer",
        "stage": "experimenting",
        "count": 2,
        "sector": "youth",
        "territory": "Nantes",
        "answers": varied("peer", "experimenting", 16),
    },
]

AGREE_LABELS_FR = {o.id: o.label["fr"] for o in QUESTIONS[0].options or []}


def label_fr(question: Question, option: str | None) -> str:
    if option is None:
        return ""
    chosen = question.option(option)
    assert chosen is not None, (question.id, option)
    return chosen.label["fr"]


def profile_label(question_id: str, option: str) -> str:
    question = Q.question(question_id)
    assert question is not None
    return label_fr(question, option)


def text_fr(question_id: str) -> str:
    question = Q.question(question_id)
    assert question is not None
    return question.text["fr"]


def write_text(name: str, text: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(text.encode(encoding))
    print("wrote", name)


def csv_text(rows: list[list[str | None]], delimiter: str, newline: str, quote_all: bool) -> str:
    """CSV as the tools write it; None is an unquoted empty field (LimeSurvey's NULL)."""
    out = io.StringIO()
    for row in rows:
        cells = []
        for cell in row:
            if cell is None:
                cells.append("")
            elif quote_all or any(c in cell for c in (delimiter, '"', "\n", "\r")):
                cells.append('"' + cell.replace('"', '""') + '"')
            else:
                cells.append(cell)
        out.write(delimiter.join(cells) + newline)
    return out.getvalue()


# --- LimeSurvey ----------------------------------------------------------------------------

LIME_FREQUENCY = {
    "trust_informal": "FREQ[SQ001]",
    "flexibility_learning": "FREQ[SQ002]",
    "demand_reporting": "FREQ[SQ003]",
}
LIME_FREQ_CODES = {
    "never": "F1",
    "rarely": "F2",
    "sometimes": "F3",
    "often": "F4",
    "very_often": "F5",
    "dont_know": "F9",
}


def lime_code(question: Question) -> str:
    """The code a survey designer gives in LimeSurvey: letters and digits only."""
    if question.id in LIME_FREQUENCY:
        return LIME_FREQUENCY[question.id]
    if question.id in YES_NO:
        return question.id.replace("_", "")
    head, _sep, rest = question.id.partition("_")
    return f"{head}[{rest.replace('_', '')}]"


def lime_answer(question: Question, option: str | None) -> str | None:
    if option is None:
        return None
    if question.id in LIME_FREQUENCY:
        return LIME_FREQ_CODES[option]
    if question.id in YES_NO:
        return {"yes": "Y", "no": "N"}.get(option)  # "no answer" is NULL
    chosen = question.option(option)
    assert chosen is not None
    return None if chosen.score is None else f"{chosen.score:g}"  # 5-point choice array


def limesurvey() -> None:
    header = [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "organisation",
        "name",
        "role",
        "partnertype",
        "stage",
        "partnerscount",
        "territory",
    ]
    header += [lime_code(q) for q in QUESTIONS]
    header += ["interviewtime", "groupTime101", "groupTime102"]
    rows: list[list[str | None]] = [header]
    roles = {"board": "A1", "staff": "A2", "volunteer": "A3"}
    types = {"peer": "A1", "public": "A2", "private": "A3"}
    stages = {"exploring": "S1", "first_project": "S2", "experimenting": "S3", "formalised": "S4"}
    for number, member in enumerate(MEMBERS[:6], start=1):
        submitted: str | None = f"2026-03-{10 + number} 10:4{number}:07"
        answers = member["answers"]
        partner = types[member["partner_type"]]
        if number == 4:
            submitted = None  # unfinished: stopped on page 2
            answers = {k: (v if i < 10 else None) for i, (k, v) in enumerate(answers.items())}
        if number == 6:
            partner = None  # partner type left blank (not mandatory in the survey)
        row: list[str | None] = [
            str(100 + number),
            submitted,
            "3" if submitted else "2",
            "fr",
            str(48213 * number),
            f"2026-03-{10 + number} 10:2{number}:51",
            f"2026-03-{10 + number} 10:4{number}:07",
            "",
            "",
            member["org"],
            "",
            roles[member["role"]],
            partner,
            stages[member["stage"]],
            str(member["count"]),
            member["territory"],
        ]
        row += [lime_answer(q, answers[q.id]) for q in QUESTIONS]
        row += [str(400 + 31 * number), str(120 + number), str(280 + number)]
        rows.append(row)
    text = csv_text(rows, ";", "\r\n", quote_all=True) + "\r\n"
    write_text("limesurvey.csv", text, "utf-8-sig")


# --- KoboToolbox ---------------------------------------------------------------------------

KOBO_GROUPS = {
    "trust": "confiance",
    "complementarity": "complementarite",
    "framework": "cadre",
    "flexibility": "souplesse",
    "patience": "patience",
    "confidence": "confiance_soi",
    "demand": "exigence",
}
KOBO_CHANNELS = ["courriel", "telephone", "reunions", "visites"]


def kobotoolbox() -> None:
    profile = [
        "organisation",
        "name",
        "role",
        "partner_type",
        "stage",
        "partners_count",
        "sector",
        "territory",
    ]
    header = ["start", "end"]
    header += [f"identification/{p}" for p in profile]
    header += ["identification/canaux"] + [f"identification/canaux/{c}" for c in KOBO_CHANNELS]
    header += [f"{KOBO_GROUPS[q.dimension or '']}/{q.id}" for q in QUESTIONS]
    header += [
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_tags",
        "_index",
    ]
    rows: list[list[str | None]] = [header]
    for number, member in enumerate(MEMBERS, start=1):
        channels = KOBO_CHANNELS[: 1 + number % 3]
        row: list[str | None] = [
            f"2026-03-1{number % 9}T09:0{number}:11.204+01:00",
            f"2026-03-1{number % 9}T09:2{number}:40.871+01:00",
            member["org"],
            "",
            member["role"],
            member["partner_type"],
            member["stage"],
            str(member["count"]),
            member["sector"],
            member["territory"],
            " ".join(channels),
        ]
        row += ["1" if c in channels else "0" for c in KOBO_CHANNELS]
        answers = member["answers"]
        if number == 5:
            answers = {**answers, "confidence_value": "agreee"}  # a typo in a hand-edited export
        row += [answers[q.id] or "" for q in QUESTIONS]
        row += [
            str(5830 + number),
            f"6b1e0c2f-1d4a-4c1e-9d3a-0000000000{number:02d}",
            f"2026-03-1{number % 9}T08:2{number}:43",
            "",
            "[]",
            "submitted_via_web",
            "",
            "vKx3R8sQ2pW9mZ",
            "[]",
            str(number),
        ]
        rows.append(row)
    write_text("kobotoolbox.csv", csv_text(rows, ";", "\r\n", quote_all=True))


# --- Google Forms --------------------------------------------------------------------------


def google_forms() -> None:
    texts = [q.text["fr"] for q in QUESTIONS]
    header = ["Horodateur", "Adresse e-mail"]
    header += [
        text_fr(p) for p in ("organisation", "role", "partner_type", "stage", "partners_count")
    ]
    header.append("Par quels moyens échangez-vous avec ce partenaire ?")
    header += [*texts, "Commentaires"]
    channels = ["Courriel", "Téléphone", "Réunions, comités", "Visites sur place"]
    rows: list[list[str | None]] = [header]
    for number, member in enumerate(MEMBERS[:7], start=1):
        row: list[str | None] = [
            f"{10 + number:02d}/03/2026 14:0{number}:3{number}",
            f"contact{number}@example.org",
            member["org"],
            profile_label("role", member["role"]),
            profile_label("partner_type", member["partner_type"]),
            profile_label("stage", member["stage"]),
            str(member["count"]),
            ", ".join(channels[: 1 + number % 4]),
        ]
        answers = member["answers"]
        cells = [label_fr(q, answers[q.id]) for q in QUESTIONS]
        if number == 3:
            # typed apostrophes, as phones write them
            cells = [c.replace("'", "’") for c in cells]
        if number == 6:
            cells[1] = "Peut-être"  # an "Other:" answer typed in, no label of ours
        row += cells
        row.append("Premier projet en 2021.\nÀ relancer en septembre." if number == 2 else "")
        rows.append(row)
    write_text("google-forms.csv", csv_text(rows, ",", "\r\n", quote_all=True))


# --- Framaforms (Drupal Webform 7) ---------------------------------------------------------


def framaforms_rows(metadata: list[str]) -> list[list[str | None]]:
    profile = ["organisation", "role", "partner_type", "stage", "partners_count", "territory"]
    components = [text_fr(p) for p in profile]
    components += [q.text["fr"] for q in QUESTIONS]
    blank = [""] * (len(metadata) - 1)
    rows: list[list[str | None]] = [
        ["Diagnostic alliances 2026", *blank] + [""] * len(components),
        ["Submission Details", *blank] + [""] * len(components),
        metadata + components,
    ]
    for number, member in enumerate(MEMBERS[:6], start=1):
        draft = "1" if number == 5 else "0"
        row: list[str | None] = [
            str(number),
            str(2040 + number),
            f"{10 + number}/03/2026 - 18:1{number}",
            f"{10 + number}/03/2026 - 18:2{number}",
            f"{10 + number}/03/2026 - 18:2{number}",
            draft,
            "",
            "0",
            "Anonyme",
        ][: len(metadata)]
        row += [
            member["org"],
            profile_label("role", member["role"]),
            profile_label("partner_type", member["partner_type"]),
            profile_label("stage", member["stage"]),
            str(member["count"]),
            member["territory"],
        ]
        row += [label_fr(q, member["answers"][q.id]) for q in QUESTIONS]
        rows.append(row)
    return rows


def framaforms() -> None:
    metadata = [
        "Serial",
        "SID",
        "Submitted Time",
        "Completed Time",
        "Modified Time",
        "Draft",
        "IP Address",
        "UID",
        "Username",
    ]
    write_text("framaforms.csv", csv_text(framaforms_rows(metadata), ",", "\n", quote_all=True))
    metadata_fr = [
        "Numéro",
        "SID",
        "Date de soumission",
        "Date de complétion",
        "Date de modification",
        "Brouillon",
        "Adresse IP",
        "UID",
        "Nom d'utilisateur",
    ]
    text = csv_text(framaforms_rows(metadata_fr), "\t", "\n", quote_all=True)
    write_text("framaforms-excel.xls", "\ufeff" + text, "utf-16-le")


# --- a sheet typed by hand in French Excel -------------------------------------------------


def typed(question: Question, option: str | None, rng: random.Random) -> str:
    """How a person types an answer: the score with a decimal comma, or the label loosely."""
    if option is None:
        return ""
    chosen = question.option(option)
    assert chosen is not None
    if chosen.score is None:
        return "NSP" if rng.random() < 0.5 else "je ne sais pas"
    if question.type is QuestionType.yes_no:
        return rng.choice(["oui", "Oui", "OUI"]) if option == "yes" else rng.choice(["non", "Non"])
    style = rng.random()
    if style < 0.4:
        return f"{chosen.score:g}"
    if style < 0.6:
        return f"{chosen.score:.1f}".replace(".", ",")
    label = chosen.label["fr"]
    return rng.choice([label, label.lower(), label.upper()]).replace("é", "e").replace("'", "’")


def excel_fr() -> None:
    rng = random.Random(7)
    header = ["Nom de l'association", "partner_type", "stage", "partners_count"]
    header += [q.id for q in QUESTIONS] + ["", "", ""]
    rows: list[list[str | None]] = [header]
    for number, member in enumerate(MEMBERS[:5], start=1):
        count = f"{member['count']},0" if number % 2 else str(member["count"])
        row: list[str | None] = [member["org"], member["partner_type"], member["stage"], count]
        cells = [typed(q, member["answers"][q.id], rng) for q in QUESTIONS]
        if number == 4:
            cells[2] = "7"  # on a 1 to 5 scale
        row += [*cells, "", "", ""]
        rows.append(row)
        if number == 2:
            rows.append([""] * len(header))  # a blank line left in the sheet
    write_text("excel-fr.csv", csv_text(rows, ";", "\r\n", quote_all=False), "cp1252")


# --- KoboToolbox with multiple choice, for the batch-shapes questionnaire ------------------


def kobotoolbox_multiple() -> None:
    header = [
        "start",
        "end",
        "profil/organisation",
        "profil/partner_type",
        "profil/region",
        "liens/meet",
        "liens/quarrel",
        "liens/channels",
        "liens/channels/email",
        "liens/channels/phone",
        "liens/channels/visits",
        "liens/channels/none",
        "liens/signed",
        "liens/signed_recent",
        "moyens/budget",
        "moyens/hours",
        "moyens/staff_time",
        "_id",
        "_uuid",
        "_submission_time",
        "_index",
    ]
    hxl = [
        "",
        "",
        "#org",
        "#org+type",
        "#adm1",
        "",
        "",
        "#channels",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    data = [
        # channels as codes, 0/1 columns saying the same; hand-computed in the expected file
        [
            "Asso Nord",
            "peer",
            "Hauts-de-France",
            "often",
            "never",
            "email phone",
            "1",
            "1",
            "0",
            "0",
            "yes",
            "yes",
            "20",
            "7",
            "",
        ],
        [
            "Asso Sud",
            "private",
            "Occitanie",
            "sometimes",
            "sometimes",
            "visits",
            "0",
            "0",
            "1",
            "0",
            "no",
            "",
            "40",
            "0",
            "often",
        ],
        [
            "Asso Est",
            "private",
            "Grand Est",
            "never",
            "often",
            "none",
            "0",
            "0",
            "0",
            "1",
            "yes",
            "no",
            "5,5",
            "35",
            "na",
        ],
        [
            "Asso Ouest",
            "peer",
            "Bretagne",
            "often",
            "never",
            "email fax",
            "1",
            "0",
            "0",
            "0",
            "no",
            "",
            "12",
            "3",
            "",
        ],
        [
            "Asso Nord",
            "peer",
            "Hauts-de-France",
            "sometimes",
            "often",
            "",
            "",
            "",
            "",
            "",
            "yes",
            "no",
            "30",
            "14",
            "",
        ],
    ]
    rows: list[list[str | None]] = [header, hxl]
    for number, cells in enumerate(data, start=1):
        row: list[str | None] = [
            f"2026-04-0{number}T10:00:00.000+02:00",
            f"2026-04-0{number}T10:12:00.000+02:00",
            *cells,
        ]
        row += [str(900 + number), f"3f1c-{number}", f"2026-04-0{number}T08:12:00", str(number)]
        rows.append(row)
    write_text("kobotoolbox-multiple.csv", csv_text(rows, ";", "\r\n", quote_all=True))


# --- LimeSurvey, a survey imported from `form --to limesurvey` -------------------------------


def limesurvey_codetext() -> None:
    """French LimeSurvey, "question code & question text" headings, long answers (labels),
    N/A for a choice nobody made, no mapping file; a role the questionnaire does not have."""
    codes = limesurvey_codes(Q)
    header = ["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ"]
    header += ["Tête de série", "Date de lancement", "Date de la dernière action"]
    profile = ["organisation", "name", "role", "partner_type", "stage", "partners_count"]
    asked = [*(Q.question(p) for p in profile), *QUESTIONS]
    header += [f"{codes.questions[q.id]}. {q.text['fr']}" for q in asked if q is not None]
    rows: list[list[str | None]] = [header]
    for number, member in enumerate(MEMBERS[:5], start=1):
        row: list[str | None] = [str(200 + number), f"2026-04-0{number} 11:02:10", "9", "fr"]
        row += [str(91735 * number), f"2026-04-0{number} 10:40:00", f"2026-04-0{number} 11:02:10"]
        role = "Trésorier" if number == 3 else profile_label("role", member["role"])
        row += [member["org"], "", role, profile_label("partner_type", member["partner_type"])]
        row += [profile_label("stage", member["stage"]), str(member["count"])]
        row += [label_fr(q, member["answers"][q.id]) or "N/A" for q in QUESTIONS]
        rows.append(row)
    text = csv_text(rows, ";", "\r\n", quote_all=True) + "\r\n"
    write_text("limesurvey-codetext.csv", text, "utf-8-sig")


# --- KoboToolbox, a form made by `form --to xlsform`, with rows to leave out -----------------


def kobotoolbox_review() -> None:
    """XML names with the form's group paths; a row turned down in review, a submission sent
    twice (same _uuid) and a test submission, left out by default."""
    profile = ["organisation", "role", "partner_type", "stage", "partners_count", "sector"]
    header = ["start", "end", *(f"profile/{p}" for p in profile)]
    header += [f"{q.dimension}/{q.id}" for q in QUESTIONS]
    header += ["_id", "_uuid", "_submission_time", "_validation_status", "_index"]
    rows: list[list[str | None]] = [header]
    members = [*MEMBERS[:4], MEMBERS[1], {**MEMBERS[2], "org": "Test"}]
    statuses = ["Approved", "", "Not Approved", "On Hold", "", ""]
    for number, member in enumerate(members, start=1):
        row: list[str | None] = [f"2026-05-0{number}T09:00:00.000+02:00"] * 2
        row += [member["org"], member["role"], member["partner_type"], member["stage"]]
        row += [str(member["count"]), member["sector"]]
        row += [member["answers"][q.id] or "" for q in QUESTIONS]
        uuid = 2 if number == 5 else number  # the fifth row is the second one sent again
        row += [str(700 + number), f"0b5e-{uuid:04d}", f"2026-05-0{number}T07:10:00"]
        row += [statuses[number - 1], str(number)]
        rows.append(row)
    write_text("kobotoolbox-review.csv", csv_text(rows, ";", "\r\n", quote_all=True))


WRITERS: list[Callable[[], None]] = [
    limesurvey_codetext,
    kobotoolbox_review,
    limesurvey,
    kobotoolbox,
    google_forms,
    framaforms,
    excel_fr,
    kobotoolbox_multiple,
]

if __name__ == "__main__":
    for writer in WRITERS:
        writer()
