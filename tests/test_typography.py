"""Every French message of every catalog, as Catalog typesets it, read by the proofreader."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import Counter
from types import ModuleType

import pytest
from test_content import typography_faults

import alliance_diag
from alliance_diag.i18n import Catalog


def modules() -> list[ModuleType]:
    """Every module of the package, so that every catalog is made (``__main__`` runs the app)."""
    return [
        importlib.import_module(found.name)
        for found in pkgutil.walk_packages(alliance_diag.__path__, "alliance_diag.")
        if not found.name.endswith(".__main__")
    ]


def french_messages() -> list[tuple[str, str]]:
    """(module, French text) for every catalog made."""
    names = {
        id(value): module.__name__.removeprefix("alliance_diag.")
        for module in modules()
        for value in vars(module).values()
        if isinstance(value, Catalog)
    }
    return [
        (names.get(id(catalog), "?"), text) for catalog in Catalog.made for text in catalog.french()
    ]


# What a message template may hold that is not French prose, so typesetting leaves it alone:
# a {field} (its value and format spec come later), code or a command to copy.
NOT_PROSE = re.compile(
    r"\{[^{}]*\}"  # a field to fill, with its format spec ({byte:02x})
    r"|https?://\S+|\bdata:"  # an address
    r"|\d:\d"  # a time (14:30:00)
    r"|(?<![\w\u00a0]):\w+"  # an interview command (:retour)
    r"|\((?:\w+: \w+|\w+:, \w+:…)\)"  # YAML shown in brackets (clé: valeur), (columns:, …)
    r"|<!\w+>"  # markup named in a message (<!DOCTYPE>)
)


def proofread(text: str) -> list[str]:
    """The faults in one message; it may be a fragment, hence the letters around it."""
    prose = NOT_PROSE.sub("X", text)
    # a field ending a line before a colon is a YAML key shown to copy ({section}:)
    prose = re.sub(r"X:$", "X", prose)
    faults = typography_faults("x" + prose.strip(" ") + "x")
    # French elides between letters; a ’ anywhere else was the straight quote of some code
    if re.search(r"(?<![^\W\d_])’|’(?![^\W\d_])", prose):
        faults.append("’ not between letters (a quote in code, curled)")
    return faults


def test_the_allowances_still_catch_faults_in_prose() -> None:
    assert proofread("«\u202f{id}\u202f» se range sous {section}:") == []
    assert proofread("\u202f; ") == []
    assert proofread("un dictionnaire (clé: valeur) est attendu") == []
    assert proofread("Erreur: {detail}") == ["« : » without a no-break space before it"]
    assert proofread("\u00a0; ensuite") == ["« ; ? ! » without a narrow no-break space before it"]
    assert proofread("«\u00a0:\u202f»") == ["« » without narrow no-break spaces inside"]
    assert proofread("aujourd’hui, l’{name}") == []
    assert proofread("pip install ’x[pdf]’") == ["’ not between letters (a quote in code, curled)"]


# faults in src still to fix: (module, words of the message) and why; strict, so that
# each fix says its line here is to go
KNOWN: dict[tuple[str, str], str] = {}


def known(module: str, text: str) -> str | None:
    return next((why for (m, words), why in KNOWN.items() if m == module and words in text), None)


def cases() -> list[object]:
    found = french_messages()
    assert len(found) > 500, "the catalogs were not all made"
    assert all(module != "?" for module, _ in found), "a catalog that no module names"
    numbers: Counter[str] = Counter()
    params = []
    for module, text in found:
        numbers[module] += 1  # in the order of its module's catalogs, the same in every run
        why = known(module, text)
        marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
        params.append(pytest.param(module, text, id=f"{module}-{numbers[module]}", marks=marks))
    return params


@pytest.mark.parametrize(("module", "text"), cases())
def test_every_french_message_is_typeset(module: str, text: str) -> None:
    assert proofread(text) == [], f"{module}: {text}"
