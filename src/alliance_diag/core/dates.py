"""A date as a reader says it, in French or in English."""

from __future__ import annotations

from datetime import date, datetime

MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def format_date(value: date | datetime, lang: str) -> str:
    """``26 novembre 2026`` (``1er`` for the first) in French, ``26 November 2026`` in English."""
    month = MONTHS.get(lang, MONTHS["en"])[value.month - 1]
    day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
    return f"{day} {month} {value.year}"
