"""The score command's file work: load several answer files, score them, render, name outputs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

from alliance_diag.core.errors import InputError, Problem, UsageError
from alliance_diag.core.i18n import Catalog, choose_language
from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.explanation import score
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.io.answer_files import load_answers
from alliance_diag.io.atomic import refuse_overwriting_inputs
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.io.safe_names import UniqueNames, inside
from alliance_diag.report import EXTENSIONS, Format, render

if TYPE_CHECKING:
    from alliance_diag.engine.aggregate import GroupResult

# One answer file imports nothing of the group view (aggregate, its report modules,
# rich, Jinja2): they are imported where several files make a group.

GROUP_STEM = "group"

_ = Catalog(
    {
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
            # a report, a questionnaire or an export given by mistake: say so in one line
            from alliance_diag.io.file_kind import not_an_answer_file

            kind = not_an_answer_file(path)
            problems.extend([Problem(str(path), kind)] if kind else error.problems)
    if problems:
        raise InputError(problems)
    return loaded


def score_files(
    loaded: list[tuple[AnswerSet, Questionnaire]], lang: str | None = None
) -> Iterator[tuple[Result, Questionnaire]]:
    for answers, questionnaire in loaded:
        chosen = choose_language(
            lang or answers.language, questionnaire.languages, questionnaire.default_language
        )
        yield score(questionnaire, answers, chosen), questionnaire


def group_view(results: list[Result], questionnaire: Questionnaire) -> GroupResult | None:
    """The group view when several answer files were scored together; named after their
    organisation when they share one."""
    if len(results) < 2:
        return None
    from alliance_diag.engine.aggregate import aggregate

    organisations = {r.respondent.get("organisation") for r in results}
    label = organisations.pop() if len(organisations) == 1 else None
    return aggregate(results, questionnaire, label)


def output_folder(output: str | None) -> Path | None:
    """The folder ``-o`` names, or None for a file or standard output.

    The same rule whatever the number of answer files, and like ``batch --output-dir``:
    an existing folder, a path ending with ``/`` or a new name without an extension is a
    folder, created when missing; anything else already there is written as a file.
    """
    if output in (None, "-"):
        return None
    path = Path(str(output))
    if path.is_dir() or str(output).endswith(("/", os.sep)):
        return path
    # anything already there that is no folder (a file, a named pipe, a device) is written
    if path.exists() or path.is_symlink():
        return None
    return path if not path.suffix else None


def score_outputs(
    answer_files: list[Path],
    questionnaire_ref: str | None,
    *,
    lang: str | None,
    fmt: Format,
    output: str | None,
    template_dir: Path | None,
    color: bool,
    generated_on: date,
) -> tuple[list[tuple[str | bytes, str | None]], list[str]]:
    """What ``score`` writes, and where (a path, or None for standard output); then the
    warnings to show.

    Several answer files make one group document, the group first and then each
    respondent: on standard output, in the file ``-o`` names (``-o board.html``), or as
    ``group.EXT`` in the folder ``-o`` names, beside each respondent's report.
    """
    to_stdout = output in (None, "-")
    if fmt is Format.pdf and to_stdout:
        raise UsageError(_("pdf_stdout"))
    folder = output_folder(output)
    scored = list(score_files(load_many(answer_files, questionnaire_ref), lang))
    results = [result for result, _questionnaire in scored]
    group = group_view(results, scored[0][1])
    warnings: list[str] = []
    if group is not None:
        from alliance_diag.report.group_html import mix_warnings

        warnings = mix_warnings(results, scored[0][1], results[0].language)
    if folder is None:
        if group is None:
            content = render(
                scored[0][0],
                scored[0][1],
                fmt,
                template_dir=template_dir,
                color=color,
                generated_on=generated_on,
            )
            alone: list[tuple[str | bytes, str | None]] = [(content, None if to_stdout else output)]
            return _not_onto_inputs(
                alone, [*answer_files, questionnaire_ref, template_dir]
            ), warnings
        document = _group_document(scored, group, fmt, template_dir, color, generated_on)
        one = [(document, None if to_stdout else output)]
        return _not_onto_inputs(one, [*answer_files, questionnaire_ref, template_dir]), warnings
    names = UniqueNames({GROUP_STEM} if group else set())
    outputs: list[tuple[str | bytes, str | None]] = [
        (
            render(
                result, q, fmt, template_dir=template_dir, color=color, generated_on=generated_on
            ),
            str(inside(folder, names.take(path.stem, "report"), EXTENSIONS[fmt])),
        )
        for (result, q), path in zip(scored, answer_files, strict=True)
    ]
    if group is not None:
        target = str(inside(folder, GROUP_STEM, EXTENSIONS[fmt]))
        document = _group_document(scored, group, fmt, template_dir, color, generated_on)
        outputs.append((document, target))
    return _not_onto_inputs(outputs, [*answer_files, questionnaire_ref, template_dir]), warnings


def _not_onto_inputs(
    outputs: list[tuple[str | bytes, str | None]],
    inputs: list[Path | str | None],
) -> list[tuple[str | bytes, str | None]]:
    """The outputs, once sure that none of them would overwrite a file the command reads."""
    refuse_overwriting_inputs([target for _content, target in outputs], inputs)
    return outputs


def _group_document(
    scored: list[tuple[Result, Questionnaire]],
    group: GroupResult,
    fmt: Format,
    template_dir: Path | None,
    color: bool,
    generated_on: date,
) -> str | bytes:
    """The group view and every respondent's report as one document in ``fmt``."""
    from alliance_diag.report import group as group_report
    from alliance_diag.report import json_report
    from alliance_diag.report.group_html import headline as group_headline

    results = [result for result, _questionnaire in scored]
    lang = results[0].language
    level = group_headline(scored[0][1], group, results, lang)
    match fmt:
        case Format.json:
            return json_report.render_many(results, group)
        case Format.html | Format.pdf:
            from alliance_diag.report import group_html

            page = group_html.render(
                scored, group, template_dir=template_dir, generated_on=generated_on
            )
            if fmt is Format.html:
                return page
            from alliance_diag.report import pdf

            return pdf.from_html(page, template_dir)
        case Format.markdown:
            parts = [group_report.markdown(group, lang, level)]
            parts += [
                str(render(r, q, fmt, template_dir=template_dir, generated_on=generated_on))
                for r, q in scored
            ]
            return "\n".join(parts)
        case Format.terminal:
            parts = [group_report.terminal(group, lang, color=color, headline=level)]
            parts += [
                str(render(r, q, fmt, color=color, generated_on=generated_on)) for r, q in scored
            ]
            return "\n".join(parts)
        case _:
            assert_never(fmt)
