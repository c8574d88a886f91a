"""Folding accents the same way in the interview, batch mapping and file names."""

from __future__ import annotations

from alliance_diag.batch.mapping import fold
from alliance_diag.core.textfold import strip_accents
from alliance_diag.io.safe_names import safe_stem


def test_ligatures_and_accents() -> None:
    assert strip_accents("Œuvre déjà Straße") == "OEuvre deja Strasse"


def test_every_command_folds_alike() -> None:
    assert fold("Œuvre d'entraide") == fold("oeuvre d entraide")
    assert safe_stem("Œuvre d'entraide du Marais", "x") == "OEuvre-d-entraide-du-Marais"


def test_printable_keeps_text_and_drops_controls() -> None:
    from alliance_diag.core.textfold import printable

    assert printable("Café\x1b[2J\x07 «ok»\n\tfin\u202e") == "Café[2J «ok»\n\tfin"
