"""Questionnaires from files: the built-in ones shipped in the package, and any YAML path."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from alliance_diag.core.errors import InputError, Problem
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.suggest import suggestion
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.io import questionnaire_cache
from alliance_diag.io.located_yaml import load_yaml_file, load_yaml_text

DEFAULT_QUESTIONNAIRE = "alliance-readiness"

_ = Catalog(
    {
        "no_such_version": {
            "fr": "{id} n'existe pas en version {version} : versions disponibles {versions}",
            "en": "{id} has no version {version}: versions available {versions}",
        },
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
    """Read from the user's cache once compiled there (see questionnaire_cache)."""
    folder = resources.files("alliance_diag.questionnaires")
    name = f"{questionnaire_id}.yaml"
    entry = folder.joinpath(version, name) if version else folder.joinpath(name)
    text = entry.read_text("utf-8")

    def build() -> Questionnaire:
        # checking a questionnaire imports Jinja2: only done when one is read from YAML
        from alliance_diag.engine.questionnaire_parse import parse_questionnaire

        return parse_questionnaire(load_yaml_text(text, name))

    key = f"{questionnaire_id}@{version}" if version else questionnaire_id
    return questionnaire_cache.compiled(key, text, build, questionnaire_cache.cache_folder())


def earlier_version(questionnaire_id: str, version: str) -> Questionnaire | None:
    """A built-in questionnaire's earlier version, when it is kept."""
    if version in builtin_versions(questionnaire_id):
        return _load_builtin(questionnaire_id, version)
    return None


def earlier_version_answered(ref: str | Path | None, columns: list[str]) -> str | None:
    """The earlier version of a built-in questionnaire that an export's unknown columns
    answer (three of them at least, and more than any other version's), as ``id@version``;
    None when no kept version does."""
    questionnaire_id = str(ref or DEFAULT_QUESTIONNAIRE)
    if questionnaire_id not in builtin_ids():
        return None
    best, count = None, 2
    for version in builtin_versions(questionnaire_id):
        earlier = _load_builtin(questionnaire_id, version)
        known = sum(1 for column in columns if earlier.question(column) is not None)
        if known > count:
            best, count = f"{questionnaire_id}@{version}", known
    return best


def builtin_versions(questionnaire_id: str) -> list[str]:
    """The earlier versions of a built-in questionnaire kept for their answer files."""
    folder = resources.files("alliance_diag.questionnaires")
    return sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.is_dir() and entry.joinpath(f"{questionnaire_id}.yaml").is_file()
    )


def load_questionnaire(ref: str | Path | None = None) -> Questionnaire:
    """A built-in questionnaire by id (``id@1.0``: an earlier version, kept in
    ``questionnaires/1.0/`` so that its exact scoring can be asked for), or a
    questionnaire file by path; validated."""
    ref = ref or DEFAULT_QUESTIONNAIRE
    if isinstance(ref, str) and "@" in ref and ref.split("@")[0] in builtin_ids():
        questionnaire_id, version = ref.split("@", 1)
        if version in builtin_versions(questionnaire_id):
            return _load_builtin(questionnaire_id, version)
        current = _load_builtin(questionnaire_id)
        if version == current.version:
            return current
        versions = ", ".join([*builtin_versions(questionnaire_id), current.version])
        message = _("no_such_version", id=questionnaire_id, version=version, versions=versions)
        raise InputError([Problem(ref, message)])
    if isinstance(ref, str) and ref in builtin_ids():
        return _load_builtin(ref)
    path = Path(ref)
    if not path.is_file():
        hint = suggestion(str(ref), builtin_ids())
        raise InputError(
            [Problem(str(ref), _("not_found", builtins=", ".join(builtin_ids()), hint=hint))]
        )
    from alliance_diag.engine.questionnaire_parse import parse_questionnaire

    return parse_questionnaire(load_yaml_file(path))


def json_schema() -> str:
    """A JSON Schema of the questionnaire format, for editors' completion."""
    schema = Questionnaire.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "alliance-diag questionnaire"
    return json.dumps(schema, indent=2, ensure_ascii=False)
