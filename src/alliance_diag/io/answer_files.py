"""Answer files: read and checked against their questionnaire, written atomically."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from alliance_diag.core import pydantic_problems as validation
from alliance_diag.core.errors import InputError
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.located import Located
from alliance_diag.engine.answers import AnswerSet, carry_over, check_answer_set, normalise
from alliance_diag.engine.applicability import missing_required
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.io.atomic import write_atomically
from alliance_diag.io.located_yaml import load_yaml_file
from alliance_diag.io.questionnaire_files import builtin_ids, earlier_version, load_questionnaire

_ = Catalog(
    {
        "not_a_mapping": {
            "fr": "un fichier de réponses est un dictionnaire YAML (clé: valeur)",
            "en": "an answer file is a YAML mapping (key: value)",
        },
        "custom_questionnaire": {
            "fr": "« {id} » n'est pas un questionnaire intégré : donnez son fichier avec "
            "--questionnaire CHEMIN",
            "en": "'{id}' is not a built-in questionnaire: give its file with --questionnaire PATH",
        },
    }
)


def load_answers(
    path: Path,
    questionnaire: Questionnaire | str | Path | None = None,
    *,
    complete: bool = True,
) -> tuple[AnswerSet, Questionnaire]:
    """Read and check an answer file; every problem at once, located in the file.

    ``complete=False`` accepts a file still missing required answers: an interview
    being resumed.
    """
    located = load_yaml_file(path)
    return parse_answers(located, questionnaire, complete=complete)


def parse_answers(
    located: Located,
    questionnaire: Questionnaire | str | Path | None = None,
    *,
    complete: bool = True,
) -> tuple[AnswerSet, Questionnaire]:
    if not isinstance(located.data, dict):
        raise InputError([located.problem((), _("not_a_mapping"))])
    try:
        answer_set = AnswerSet.model_validate(located.data)
    except ValidationError as exc:
        raise InputError(validation.problems(exc, located, AnswerSet)) from exc
    if questionnaire is None:
        # the file names its questionnaire by id; a path written in it is never followed
        if answer_set.questionnaire not in builtin_ids():
            message = _("custom_questionnaire", id=answer_set.questionnaire)
            raise InputError([located.problem(("questionnaire",), message)])
        questionnaire = answer_set.questionnaire
    if not isinstance(questionnaire, Questionnaire):
        asked = str(questionnaire)
        questionnaire = load_questionnaire(questionnaire)
        if (
            asked in builtin_ids()
            and answer_set.questionnaire == questionnaire.id
            and answer_set.questionnaire_version != questionnaire.version
        ):
            # today's rules for yesterday's answers; id@version asks for the old ones
            earlier = earlier_version(questionnaire.id, answer_set.questionnaire_version)
            answer_set = carry_over(answer_set, questionnaire, earlier)
    problems = check_answer_set(answer_set, questionnaire, located)
    if complete and not problems:
        problems = missing_required(answer_set, questionnaire, located)
    if problems:
        raise InputError(problems)
    return normalise(answer_set, questionnaire), questionnaire


def dump_answers(answer_set: AnswerSet) -> str:
    data = answer_set.model_dump(mode="json", exclude_none=False)
    # respondent fields not asked yet stay out, so a resumed interview still asks them
    data["respondent"] = answer_set.respondent.model_dump(mode="json", exclude_unset=True)
    for key in ("started_at", "updated_at", "language"):
        if data.get(key) is None:
            data.pop(key, None)
    if not data["notes"]:
        data.pop("notes")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save_answers(answer_set: AnswerSet, path: Path) -> None:
    """Write an answer file atomically, so a killed process leaves the last complete state."""
    write_atomically(path, dump_answers(answer_set))
