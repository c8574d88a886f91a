"""The score command's file work: load several answer files, score them, render, name outputs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from alliance_diag.engine.aggregate import GroupResult, aggregate
from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.engine.scoring import score
from alliance_diag.errors import InputError, Problem, UsageError
from alliance_diag.i18n import Catalog, choose_language
from alliance_diag.io.answer_files import load_answers
from alliance_diag.io.atomic import refuse_overwriting_inputs
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.io.safe_names import UniqueNames, inside
from alliance_diag.report import EXTENSIONS, Format, json_report, render
from alliance_diag.report import group as group_report

_ = Catalog(
    {
        "several_outputs": {
            "fr": "avec plusieurs fichiers de réponses, --output doit être un dossier (ou -)",
            "en": "with several answer files, --output must be a folder (or -)",
        },
        "pdf_stdout": {
            "fr": "un PDF ne s'écrit pas dans le terminal : donnez --output FICHIER.pdf",
            "en": "a PDF is not written to the terminal: give --output FILE.pdf",
        },
    }
)


def load_many(
    paths: list[Path], questionnaire_ref: str | None = None
) -> list[tuple[AnswerSet, Questionnaire]]:
    """Load every answer file, reporting the problems of all of them at once."""
    questionnaire = load_questionnaire(questionnaire_ref) if questionnaire_ref else None
    loaded: list[tuple[AnswerSet, Questionnaire]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load_answers(path, questionnaire))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return loaded


def report_paths(answer_files: list[Path], folder: Path, extension: str) -> list[Path]:
    """One report path per answer file in ``folder``, unique even when file names repeat."""
    names = UniqueNames()
    return [inside(folder, names.take(path.stem, "report"), extension) for path in answer_files]


def score_files(
    loaded: list[tuple[AnswerSet, Questionnaire]], lang: str | None = None
) -> Iterator[tuple[Result, Questionnaire]]:
    for answers, questionnaire in loaded:
        chosen = choose_language(
            lang or answers.language, questionnaire.languages, questionnaire.default_language
        )
        yield score(questionnaire, answers, chosen), questionnaire


def group_view(results: list[Result]) -> GroupResult | None:
    """The group view when several answer files were scored together; named after their
    organisation when they share one."""
    if len(results) < 2:
        return None
    organisations = {r.respondent.get("organisation") for r in results}
    label = organisations.pop() if len(organisations) == 1 else None
    return aggregate(results, label)


def score_outputs(
    answer_files: list[Path],
    questionnaire_ref: str | None,
    *,
    lang: str | None,
    fmt: Format,
    output: str | None,
    template_dir: Path | None,
    color: bool,
) -> list[tuple[str | bytes, str | None]]:
    """What ``score`` writes, and where: a path, or None for standard output.

    Several answer files go to a folder (one report each, names unique) or to standard
    output, where the group view follows them; in JSON, all is one document.
    """
    to_stdout = output in (None, "-")
    if fmt is Format.pdf and to_stdout:
        raise UsageError(_("pdf_stdout"))
    folder = None if to_stdout else Path(str(output))
    if len(answer_files) > 1 and not (folder is None or folder.is_dir()):
        raise UsageError(_("several_outputs"))
    scored = list(score_files(load_many(answer_files, questionnaire_ref), lang))
    results = [result for result, _questionnaire in scored]
    group = group_view(results)
    if fmt is Format.json and to_stdout and group is not None:
        return [(json_report.render_many(results, group), None)]
    targets: list[str | None] = [None if to_stdout else output] * len(scored)
    if folder is not None and folder.is_dir():
        targets = [str(p) for p in report_paths(answer_files, folder, EXTENSIONS[fmt])]
    written = [Path(target) for target in targets if target is not None]
    refuse_overwriting_inputs(written, [*answer_files, questionnaire_ref])
    outputs: list[tuple[str | bytes, str | None]] = [
        (render(result, q, fmt, template_dir=template_dir, color=color), target)
        for (result, q), target in zip(scored, targets, strict=True)
    ]
    if group is not None and to_stdout and fmt is Format.terminal:
        outputs.append(
            ("\n" + group_report.terminal(group, results[0].language, color=color), None)
        )
    elif group is not None and to_stdout and fmt is Format.markdown:
        outputs.append(("\n" + group_report.markdown(group, results[0].language), None))
    return outputs
