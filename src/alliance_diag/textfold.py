"""Text compared as people read it: accents and ligatures folded away."""

from __future__ import annotations

import re
import unicodedata

# letters that NFKD leaves whole: without this, 'Œuvre' would never match 'Oeuvre'
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
    }
)


def strip_accents(text: str) -> str:
    """'Œuvre déjà' → 'Oeuvre deja'; case and punctuation are kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# bidirectional overrides reorder what a terminal or page shows: 'gpj.exe' can read 'exe.jpg'
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def printable(text: str) -> str:
    """Text a user typed, safe to print: no control codes (ESC sequences) nor bidi overrides."""
    return "".join(
        char
        for char in text
        if char in "\n\t" or (unicodedata.category(char) != "Cc" and char not in _BIDI)
    )


_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Text compared as people read it: no case, accents, punctuation or extra spaces."""
    return " ".join(_NON_WORD.sub(" ", strip_accents(text.casefold())).split())


def number_text(text: str) -> str:
    """``1 234,5`` → ``1234.5``: French decimal commas and grouped thousands."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    return cleaned
