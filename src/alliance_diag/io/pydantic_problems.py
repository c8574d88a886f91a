"""Pydantic validation errors turned into located, translated problems."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from alliance_diag.engine import patterns
from alliance_diag.errors import Problem
from alliance_diag.i18n import Catalog
from alliance_diag.io.located_yaml import Loc, Located
from alliance_diag.suggest import suggestion

_ = Catalog(
    {
        "missing": {"fr": "champ obligatoire manquant", "en": "required field missing"},
        "extra_forbidden": {
            "fr": "champ inconnu « {field} »{hint}",
            "en": "unknown field '{field}'{hint}",
        },
        "expected_fields": {
            "fr": " (champs possibles : {fields})",
            "en": " (possible fields: {fields})",
        },
        "string_type": {
            "fr": "un texte est attendu ; mettez la valeur entre guillemets",
            "en": "a text is expected; put the value in quotes",
        },
        "float_type": {"fr": "un nombre est attendu", "en": "a number is expected"},
        "float_parsing": {"fr": "un nombre est attendu", "en": "a number is expected"},
        "int_type": {"fr": "un nombre entier est attendu", "en": "a whole number is expected"},
        "int_parsing": {"fr": "un nombre entier est attendu", "en": "a whole number is expected"},
        "int_from_float": {
            "fr": "un nombre entier est attendu",
            "en": "a whole number is expected",
        },
        "bool_type": {"fr": "true ou false est attendu", "en": "true or false is expected"},
        "bool_parsing": {"fr": "true ou false est attendu", "en": "true or false is expected"},
        "list_type": {"fr": "une liste est attendue", "en": "a list is expected"},
        "dict_type": {
            "fr": "un dictionnaire (clé: valeur) est attendu",
            "en": "a mapping (key: value) is expected",
        },
        "model_type": {
            "fr": "un dictionnaire (clé: valeur) est attendu",
            "en": "a mapping (key: value) is expected",
        },
        "literal_error": {"fr": "valeur attendue : {expected}", "en": "expected: {expected}"},
        "enum": {"fr": "valeur attendue : {expected}", "en": "expected: {expected}"},
        patterns.ID: {
            "fr": "identifiant invalide : lettres minuscules, chiffres et _ seulement, "
            "sans chiffre en tête",
            "en": "invalid id: lowercase letters, digits and _ only, not starting with a digit",
        },
        patterns.OPTION_ID: {
            "fr": "identifiant d'option invalide : lettres, chiffres, _ . et - seulement, "
            "sans . ni - en tête",
            "en": "invalid option id: letters, digits, _ . and - only, not starting with . or -",
        },
        patterns.QUESTIONNAIRE_ID: {
            "fr": "identifiant de questionnaire invalide : lettres minuscules, chiffres, _ et - "
            "seulement, sans _ ni - en tête",
            "en": "invalid questionnaire id: lowercase letters, digits, _ and - only, not "
            "starting with _ or -",
        },
        patterns.LANGUAGE: {
            "fr": "code de langue attendu : deux lettres minuscules (fr, en)",
            "en": "a language code is expected: two lowercase letters (fr, en)",
        },
        patterns.URL: {
            "fr": "adresse web attendue : commençant par « https » ou « http », sans espace",
            "en": "a web address is expected: starting with 'https' or 'http', with no space",
        },
        "string_pattern_mismatch": {
            "fr": "forme invalide (attendue : {pattern})",
            "en": "invalid form (expected: {pattern})",
        },
        "greater_than_equal": {"fr": "doit être au moins {ge}", "en": "must be at least {ge}"},
        "greater_than": {"fr": "doit être supérieur à {gt}", "en": "must be greater than {gt}"},
        "less_than_equal": {"fr": "doit être au plus {le}", "en": "must be at most {le}"},
        "datetime": {
            "fr": "date et heure attendues au format ISO 8601 (2026-11-26T14:30:00)",
            "en": "a date and time in ISO 8601 form is expected (2026-11-26T14:30:00)",
        },
        "invalid": {"fr": "valeur invalide", "en": "invalid value: {detail}"},
        "too_short": {"fr": "ne doit pas être vide", "en": "must not be empty"},
        "string_too_long": {"fr": "texte trop long", "en": "text too long"},
        "too_long": {
            "fr": "trop d'éléments : au plus {max_length}",
            "en": "too many items: {max_length} at most",
        },
        "unknown_dimension": {
            "fr": "dimension(s) inconnue(s) de ce résultat : {ids} (dimensions : {known})",
            "en": "dimension(s) unknown to this result: {ids} (dimensions: {known})",
        },
        "control_in_text": {
            "fr": "caractère de contrôle {code} dans le texte : il commanderait le terminal "
            "qui l'affiche ; retirez-le",
            "en": "control character {code} in the text: it would drive the terminal showing "
            "it; remove it",
        },
        "number_too_large": {
            "fr": "nombre trop grand : au plus {limit} en valeur absolue",
            "en": "number too large: at most {limit} in absolute value",
        },
        "finite_number": {
            "fr": "un nombre fini est attendu (ni .inf ni .nan)",
            "en": "a finite number is expected (neither .inf nor .nan)",
        },
    }
)


def problems(error: ValidationError, located: Located, model: type[BaseModel]) -> list[Problem]:
    """One problem per pydantic error, at the YAML position of its field."""
    found: list[Problem] = []
    seen: set[tuple[Loc, str]] = set()
    for item in error.errors(include_url=False):
        loc: Loc = tuple(item["loc"])
        loc = tuple(part for part in loc if not _is_branch_tag(part))
        message = _message(item, loc, model)
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        found.append(located.problem(loc, message))
    found.sort(key=lambda p: (p.line or 0, p.column or 0))
    return found


def _is_branch_tag(part: Any) -> bool:
    # pydantic names union branches in loc ("float", "none", "function-after[...]")
    return isinstance(part, str) and (part in {"float", "int", "str", "none"} or "[" in part)


def _message(item: Any, loc: Loc, model: type[BaseModel]) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = fields_at(model, loc[:-1])
        name = str(loc[-1]) if loc else "?"
        hint = suggestion(name, allowed)
        if not hint and allowed:
            hint = _("expected_fields", fields=", ".join(sorted(allowed)))
        return _("extra_forbidden", field=name, hint=hint)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _:
        return _(ctx["pattern"])
    if kind in {"literal_error", "enum"}:
        return _(kind, expected=ctx.get("expected", ""))
    if kind.startswith(("datetime_", "date_", "time_")):
        kind = "datetime"
    if kind in _:
        try:
            return _(kind, **ctx)
        except (KeyError, IndexError):
            pass
    # pydantic's own text is English: say it plainly in French, keep it in English
    return _("invalid", detail=item["msg"])


def fields_at(model: type[BaseModel], loc: Loc) -> set[str]:
    """The field names a model accepts at ``loc`` (for "did you mean" on unknown fields)."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return set()
            annotation = field.annotation
        else:
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return set(annotation.model_fields)
    return set()


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation
