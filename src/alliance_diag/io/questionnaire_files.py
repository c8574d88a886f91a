"""Questionnaires from files: the built-in ones shipped in the package, and any YAML path."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from alliance_diag.engine.questionnaire import Questionnaire, parse_questionnaire
from alliance_diag.errors import InputError, Problem
from alliance_diag.i18n import Catalog
from alliance_diag.io.located_yaml import load_yaml_file, load_yaml_text
from alliance_diag.suggest import suggestion

DEFAULT_QUESTIONNAIRE = "alliance-readiness"

_ = Catalog(
    {
        "not_found": {
            "fr": "questionnaire introuvable : ni un questionnaire intégré ({builtins}), ni un "
            "fichier{hint}",
            "en": "questionnaire not found: neither a built-in one ({builtins}) nor a file{hint}",
        },
    }
)


def builtin_ids() -> list[str]:
    folder = resources.files("alliance_diag.questionnaires")
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


@functools.lru_cache(maxsize=8)
def _load_builtin(questionnaire_id: str, version: str | None = None) -> Questionnaire:
    folder = resources.files("alliance_diag.questionnaires")
    name = f"{questionnaire_id}.yaml"
    entry = folder.joinpath(version, name) if version else folder.joinpath(name)
    return parse_questionnaire(load_yaml_text(entry.read_text("utf-8"), name))


def builtin_versions(questionnaire_id: str) -> list[str]:
    """The earlier versions of a built-in questionnaire kept for their answer files."""
    folder = resources.files("alliance_diag.questionnaires")
    return sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.is_dir() and entry.joinpath(f"{questionnaire_id}.yaml").is_file()
    )


def load_questionnaire(ref: str | Path | None = None, version: str | None = None) -> Questionnaire:
    """A built-in questionnaire by id, or a questionnaire file by path; validated.

    ``version`` picks an earlier version of a built-in questionnaire when it is kept
    (``questionnaires/1.0/``), so that answer files written with it still score.
    """
    ref = ref or DEFAULT_QUESTIONNAIRE
    if isinstance(ref, str) and ref in builtin_ids():
        if version is not None and version in builtin_versions(ref):
            return _load_builtin(ref, version)
        return _load_builtin(ref)
    path = Path(ref)
    if not path.is_file():
        hint = suggestion(str(ref), builtin_ids())
        raise InputError(
            [Problem(str(ref), _("not_found", builtins=", ".join(builtin_ids()), hint=hint))]
        )
    return parse_questionnaire(load_yaml_file(path))


def json_schema() -> str:
    """A JSON Schema of the questionnaire format, for editors' completion."""
    schema = Questionnaire.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "alliance-diag questionnaire"
    return json.dumps(schema, indent=2, ensure_ascii=False)
