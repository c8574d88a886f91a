"""The `assess` workflow: open or start an answer file, interview, save every answer, report."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from alliance_diag.core.errors import InputError, Problem, UsageError
from alliance_diag.core.i18n import Catalog, choose_language, format_number
from alliance_diag.core.textfold import printable
from alliance_diag.engine.answers import AnswerSet, coerce, new_answer_set
from alliance_diag.engine.questionnaire import PARTNER_TYPE, Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.interview.conduct import Frontend, conduct
from alliance_diag.interview.state import Interview
from alliance_diag.io.answer_files import load_answers, save_answers
from alliance_diag.io.atomic import folder_problem, refuse_overwriting_inputs, write_atomically
from alliance_diag.io.file_lock import FileLock
from alliance_diag.io.invocation import program_words
from alliance_diag.io.questionnaire_files import builtin_ids, load_questionnaire
from alliance_diag.io.safe_names import free_path, safe_stem
from alliance_diag.report import EXTENSIONS, Format, render

DEFAULT_FORMATS = (Format.html, Format.markdown, Format.json)
INTERRUPTED = 130
# how the first screen names the file not yet created (the organisation comes first)
DATED_NAME = "diagnostic-ORGANISATION-DATE.yaml"

_ = Catalog(
    {
        "saved": {
            "fr": "Réponses enregistrées dans {path}. Pour reprendre :",
            "en": "Answers saved in {path}. To resume:",
        },
        "nothing_saved": {
            "fr": "Interrompu avant la première réponse : rien n'a été enregistré.",
            "en": "Interrupted before the first answer: nothing was saved.",
        },
        "kept": {
            "fr": "ce fichier garde les réponses jusqu'à la dernière enregistrée ; les suivantes "
            "sont perdues. Une fois la place faite, pour reprendre : {command}",
            "en": "this file keeps the answers up to the last one saved; later ones are lost. "
            "Once there is room, to resume: {command}",
        },
        "nothing_saved_yet": {
            "fr": "aucune réponse n'a pu être enregistrée",
            "en": "no answer could be saved",
        },
        "report": {"fr": "Rapport : {path}", "en": "Report: {path}"},
        "elsewhere": {
            "fr": "les réponses ne pourraient pas y être enregistrées : choisissez un dossier "
            "où écrire, avec --answers (par exemple --answers {example}) ou --report-dir",
            "en": "the answers could not be saved there: choose a folder you can write to, "
            "with --answers (for example --answers {example}) or --report-dir",
        },
        "headline": {
            "fr": "Niveau : {level} — score global {score} / 100.",
            "en": "Level: {level} — overall score {score} / 100.",
        },
        "no_headline": {
            "fr": "Pas de niveau : trop peu de réponses pour un score global.",
            "en": "No level: too few answers for an overall score.",
        },
        "report_updated": {
            "fr": "Rapport mis à jour avec ces réponses : {path}",
            "en": "Report updated with these answers: {path}",
        },
        "answers": {"fr": "Réponses : {path}", "en": "Answers: {path}"},
        "no_question": {
            "fr": "le questionnaire « {id} » n'a pas de question « {question} » : {option} "
            "ne s'applique pas",
            "en": "questionnaire '{id}' has no '{question}' question: {option} does not apply",
        },
        "bad_partner_type": {
            "fr": "--partner-type : « {value} » n'est pas un type de partenaire de ce "
            "questionnaire ({known})",
            "en": "--partner-type: '{value}' is not a partner type of this questionnaire ({known})",
        },
    }
)


@dataclass(frozen=True, kw_only=True)
class AssessOptions:
    """The options of ``alliance-diag assess``, as given."""

    questionnaire: str | None = None
    lang: str | None = None
    answers: Path | None = None
    org: str | None = None
    partner_type: str | None = None
    report_dir: Path | None = None
    formats: tuple[Format, ...] = ()
    # the date the reports say they were made, decided once by the caller
    generated_on: date

    def resume_command(self, answers: Path) -> str:
        """The command that takes the interview up again where it stopped."""
        words = [*program_words(), "assess", "--answers", _shown(answers)]
        # the answer file names a built-in questionnaire by itself; a file must be given
        if self.questionnaire and self.questionnaire not in builtin_ids():
            words += ["--questionnaire", self.questionnaire]
        if self.report_dir is not None:
            words += ["--report-dir", str(self.report_dir)]
        for fmt in self.formats:
            words += ["--format", fmt.value]
        return printable(shlex.join(words))


class AnswerFile:
    """Where the answers are kept: the file given, or a dated file named after the organisation.

    Until the organisation is known the answers go to ``diagnostic-DATE.yaml``; once it
    is, they are written to ``diagnostic-ORG-DATE.yaml`` and only then is the first file
    removed, so some complete file is on disk at every moment. Existing files are never
    taken over: a second respondent of the same day gets ``-2``.
    """

    def __init__(self, path: Path | None, folder: Path, today: str) -> None:
        self.path = path
        self.folder = folder
        self.today = today
        self._named = path is not None
        # two interviews on one file would each overwrite the other's answers
        self._lock = FileLock(path) if path is not None else None
        if self._lock is not None:
            self._lock.acquire()

    def save(self, answers: AnswerSet) -> None:
        organisation = safe_stem(answers.respondent.organisation or "", "").lower()
        if not self._named and organisation:
            target = free_path(self.folder, f"diagnostic-{organisation}-{self.today}", ".yaml")
            lock = FileLock(target)
            lock.acquire()
            try:
                save_answers(answers, target)
            except BaseException:
                lock.release()
                raise
            if self.path is not None:
                self.path.unlink(missing_ok=True)
            self.release()
            self.path, self._lock = target, lock
            self._named = True
            return
        if self.path is None:
            self.path = free_path(self.folder, f"diagnostic-{self.today}", ".yaml")
            self._lock = FileLock(self.path)
            self._lock.acquire()
        save_answers(answers, self.path)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def open_answers(
    options: AssessOptions, folder: Path
) -> tuple[Questionnaire, AnswerSet, AnswerFile]:
    """Resume the answer file given, or start a new one; a bad file is reported, never touched."""
    if options.answers is not None and options.answers.exists():
        answer_file = AnswerFile(options.answers, folder, "")
        try:
            answers, questionnaire = load_answers(
                options.answers, options.questionnaire, complete=False
            )
        except BaseException:
            answer_file.release()
            raise
        return questionnaire, answers, answer_file
    questionnaire = load_questionnaire(options.questionnaire)
    answers = new_answer_set(questionnaire)
    answers.started_at = now()
    return questionnaire, answers, AnswerFile(options.answers, folder, now().date().isoformat())


def prefill(questionnaire: Questionnaire, answers: AnswerSet, options: AssessOptions) -> bool:
    """Apply ``--org`` and ``--partner-type``; True when they changed something."""
    changed = False
    for option, question_id, value in [
        ("--org", "organisation", options.org),
        ("--partner-type", PARTNER_TYPE, options.partner_type),
    ]:
        if value is None or not value.strip():
            continue
        question = questionnaire.question(question_id)
        if question is None:
            raise UsageError(
                _("no_question", id=questionnaire.id, question=question_id, option=option)
            )
        coerced, error = coerce(question, value)
        if error:
            known = ", ".join(questionnaire.partner_types())
            raise UsageError(_("bad_partner_type", value=value, known=known))
        answers.set_value(question, coerced)
        changed = True
    return changed


def run(
    options: AssessOptions,
    *,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    folder: Path | None = None,
) -> int:
    """The whole ``assess`` command; the exit code (0 done, 130 interrupted or quit)."""
    folder = folder or Path.cwd()
    if options.answers is not None:
        # refused before the interview, not after it: no report may land on the answers
        refuse_overwriting_inputs(
            [t for _f, t in report_targets(options, options.answers)],
            [options.answers, options.questionnaire],
        )
    _check_folders(options, folder)
    questionnaire, answers, answer_file = open_answers(options, folder)
    try:
        return _interview(options, questionnaire, answers, answer_file, stdin, stdout, stderr)
    finally:
        answer_file.release()


def _interview(
    options: AssessOptions,
    questionnaire: Questionnaire,
    answers: AnswerSet,
    answer_file: AnswerFile,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    lang = choose_language(
        options.lang or answers.language, questionnaire.languages, questionnaire.default_language
    )
    # the file keeps the language it was written in: --lang changes this interview only
    answers.language = answers.language or lang

    def save() -> None:
        answers.updated_at = now()
        try:
            answer_file.save(answers)
        except InputError as error:
            raise InputError([*error.problems, _not_saved(options, answer_file, lang)]) from error

    if prefill(questionnaire, answers, options):
        save()
    interview = Interview(questionnaire, answers, lang)
    frontend = _frontend(lang, stdin, stdout, _saved_in(answer_file))
    try:
        complete = conduct(interview, frontend, save)
    except (KeyboardInterrupt, EOFError):
        complete = False
    if not complete:
        return _stop(options, interview, answer_file, save, stderr)
    save()
    # scoring (and numpy) is imported once the answers are in: the first question
    # appears without waiting for it
    from alliance_diag.engine.explanation import score

    result = score(questionnaire, answers, lang)
    summary = render(
        result,
        questionnaire,
        Format.terminal,
        color=stdout.isatty(),
        generated_on=options.generated_on,
    )
    stdout.write("\n" + (summary if isinstance(summary, str) else summary.decode("utf-8")))
    stdout.flush()
    assert answer_file.path is not None, "a complete interview has been saved"
    stderr.write(_("answers", lang, path=_shown(answer_file.path)) + "\n")
    for target in write_reports(options, answer_file.path, questionnaire, answers, lang):
        stderr.write(_("report", lang, path=_shown(target)) + "\n")
    # the summary is long: its headline again, last, where the eye is
    stderr.flush()
    stdout.write("\n" + _headline(result, lang) + "\n")
    stdout.flush()
    return 0


def _headline(result: Result, lang: str) -> str:
    overall = result.overall
    if overall.level_label is None or overall.score is None:
        return _("no_headline", lang)
    return _("headline", lang, level=overall.level_label, score=format_number(overall.score, lang))


def write_reports(
    options: AssessOptions,
    answers_path: Path,
    questionnaire: Questionnaire,
    answers: AnswerSet,
    lang: str,
    *,
    only_existing: bool = False,
) -> list[Path]:
    """Write the reports of these answers next to them (or in ``--report-dir``); with
    ``only_existing``, rewrite only those already there, so none is left out of date."""
    chosen = report_targets(options, answers_path)
    refuse_overwriting_inputs([t for _f, t in chosen], [answers_path, options.questionnaire])
    if only_existing:
        chosen = [(fmt, t) for fmt, t in chosen if t.exists()]
    if not chosen:
        return []
    # scoring (and numpy) is imported once the answers are in: the first question
    # appears without waiting for it
    from alliance_diag.engine.explanation import score

    result = score(questionnaire, answers, lang)
    for fmt, target in chosen:
        write_atomically(
            target, render(result, questionnaire, fmt, generated_on=options.generated_on)
        )
    return [target for _fmt, target in chosen]


def report_targets(options: AssessOptions, answers_path: Path) -> list[tuple[Format, Path]]:
    """Each report asked for, and its file: the answers' name in the report folder."""
    report_dir = options.report_dir or answers_path.parent
    return [
        (fmt, report_dir / (answers_path.stem + EXTENSIONS[fmt]))
        for fmt in options.formats or DEFAULT_FORMATS
    ]


def _frontend(lang: str, stdin: TextIO, stdout: TextIO, saved_in: str) -> Frontend:
    if stdin.isatty() and stdout.isatty():
        from alliance_diag.interview.keyboard import TtyFrontend

        return TtyFrontend(lang, saved_in=saved_in)
    from alliance_diag.interview.line_mode import LineFrontend

    return LineFrontend(stdin, stdout, lang)


def _stop(
    options: AssessOptions,
    interview: Interview,
    answer_file: AnswerFile,
    save: Callable[[], None],
    stderr: TextIO,
) -> int:
    """Save what there is and say how to resume (saved again: Ctrl-C may have cut a save
    short). Reports written earlier are rewritten from these answers, never left stale."""
    answers, lang = interview.answers, interview.lang
    given = answers.respondent.model_fields_set or answers.profile or answers.answers
    if answer_file.path is None and not (given or answers.notes):
        stderr.write(_("nothing_saved", lang) + "\n")
        return INTERRUPTED
    save()
    assert answer_file.path is not None, "just saved"
    for target in write_reports(
        options, answer_file.path, interview.questionnaire, answers, lang, only_existing=True
    ):
        stderr.write(_("report_updated", lang, path=_shown(target)) + "\n")
    command = options.resume_command(answer_file.path)
    # the command on a line of its own: a terminal never cuts it after other words
    stderr.write(_("saved", lang, path=_shown(answer_file.path)) + "\n  " + command + "\n")
    return INTERRUPTED


def _check_folders(options: AssessOptions, folder: Path) -> None:
    """Refuse at once a folder the answers or reports could not be written to: finding it
    at the first save would come after the first answer."""
    answers_folder = options.answers.parent if options.answers is not None else folder
    # each folder named by the file to be written there, when there is one
    folders: list[tuple[Path, Path | None]] = [(answers_folder, options.answers)]
    if options.report_dir is not None and options.report_dir.is_dir():
        folders.append((options.report_dir, None))
    problems = [
        replace(problem, source=_shown(target)) if target is not None else problem
        for where, target in folders
        if (problem := folder_problem(where)) is not None
    ]
    if problems:
        hint = Problem(
            "alliance-diag", _("elsewhere", example=_shown(Path.home() / "diagnostic.yaml"))
        )
        raise InputError([*problems, hint])


def _not_saved(options: AssessOptions, answer_file: AnswerFile, lang: str) -> Problem:
    """After a failed save (a full disk): what is kept, and how to go on once it is fixed."""
    path = answer_file.path
    if path is None or not path.exists():
        return Problem("alliance-diag", _("nothing_saved_yet", lang))
    command = options.resume_command(path)
    return Problem(_shown(path), _("kept", lang, command=command))


def _saved_in(answer_file: AnswerFile) -> str:
    """Where the answers go, as the first screen says it."""
    return _shown(answer_file.path or answer_file.folder / DATED_NAME)


def _shown(path: Path) -> str:
    """A path as the user can type it from here: relative below the current folder; its
    control codes left out, so that a file name cannot drive the terminal."""
    try:
        return printable(str(path.resolve().relative_to(Path.cwd().resolve())))
    except ValueError:
        return printable(str(path.resolve()))
