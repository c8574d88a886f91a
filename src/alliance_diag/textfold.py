"""Text compared as people read it: accents and ligatures folded away."""

from __future__ import annotations

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
