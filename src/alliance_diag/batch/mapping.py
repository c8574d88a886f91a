"""Mapping an export's columns to questions and its cells to answers, with or without a map."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from alliance_diag.engine.answers import AnswerValue, coerce, option_table
from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.errors import InputError, Problem
from alliance_diag.forms.codes import RESPONSE_COLUMNS, answer_codes, limesurvey_codes
from alliance_diag.i18n import Catalog
from alliance_diag.io import pydantic_problems as validation
from alliance_diag.io.located_yaml import Loc, Located, load_yaml_file
from alliance_diag.suggest import suggestion
from alliance_diag.textfold import fold, number_text

ORGANISATION = "organisation"
HEADER_ROWS_LOOKED_AT = 5
CACHE_LIMIT = 50_000
UNRECOGNISED_KEPT = 50

_ = Catalog(
    {
        "not_a_mapping": {
            "fr": "un fichier de correspondance est un dictionnaire YAML (columns:, answers:…)",
            "en": "a mapping file is a YAML mapping (columns:, answers:…)",
        },
        "unknown_question": {
            "fr": "question inconnue « {id} »{hint}",
            "en": "unknown question '{id}'{hint}",
        },
        "unknown_option": {
            "fr": "« {option} » n'est pas une réponse possible à « {id} » (réponses possibles : "
            "{options})",
            "en": "'{option}' is not an answer to '{id}' (possible answers: {options})",
        },
        "unknown_option_anywhere": {
            "fr": "« {option} » n'est une réponse possible d'aucune question{hint}",
            "en": "'{option}' is not an answer to any question{hint}",
        },
        "not_multiple": {
            "fr": "« {id} » n'est pas une question à choix multiples : une colonne 0/1 par "
            "réponse (question/réponse) n'a pas de sens",
            "en": "'{id}' is not a multiple-choice question: a 0/1 column per answer "
            "(question/answer) makes no sense",
        },
        "bad_choice_cell": {
            "fr": "« {value} » : attendu 1 (coché) ou 0 / vide (non coché)",
            "en": "'{value}': expected 1 (ticked) or 0 / empty (not ticked)",
        },
        "duplicate": {
            "fr": "même question que la colonne « {other} » (gardée)",
            "en": "same question as column '{other}' (kept)",
        },
        "untitled": {"fr": "colonne {letter} (sans titre)", "en": "column {letter} (untitled)"},
    }
)

# Columns that survey tools add around the answers: recognised and ignored silently.
# Keys are folded and compacted (see compact()); values name the tool, for the summary.
METADATA: dict[str, str] = {
    **dict.fromkeys(
        [
            *RESPONSE_COLUMNS,
            "responseid",
            "datesubmitted",
            "datestarted",
            "datelastaction",
            "startlanguage",
            "referrerurl",
            "iddelareponse",
            "datedesoumission",
            "dernierepage",
            "languededepart",
            "datedeladerniereaction",
            "urlreferente",
            "tetedeserie",
            "datedelancement",
        ],
        "LimeSurvey",
    ),
    **dict.fromkeys(
        [
            "uuid",
            "submissiontime",
            "validationstatus",
            "notes",
            "status",
            "submittedby",
            "tags",
            "index",
            "version",
            "xformidstring",
            "attachments",
            "geolocation",
            "parentindex",
            "parenttablename",
            "metainstanceid",
            "metainstancename",
            "metarootuuid",
            "metadeprecatedid",
            "formhubuuid",
            "instanceid",
            "deviceid",
            "subscriberid",
            "simserial",
            "phonenumber",
            "today",
            "start",
            "end",
            "audit",
        ],
        "KoboToolbox",
    ),
    **dict.fromkeys(
        [
            "submissiondate",
            "key",
            "submitterid",
            "submittername",
            "attachmentspresent",
            "attachmentsexpected",
            "reviewstate",
            "edits",
            "formversion",
        ],
        "ODK Central",
    ),
    **dict.fromkeys(
        ["horodateur", "timestamp", "adresseemail", "emailaddress", "score"], "Google Forms"
    ),
    **dict.fromkeys(
        [
            "serial",
            "sid",
            "time",
            "submittedtime",
            "completedtime",
            "modifiedtime",
            "draft",
            "ipaddress",
            "uid",
            "username",
            "numero",
            "numerodeserie",
            "heure",
            "datedesoumissionwebform",
            "datedecompletion",
            "datedemodification",
            "brouillon",
            "adresseip",
            "nomdutilisateur",
        ],
        "Framaforms",
    ),
    **dict.fromkeys(
        [
            "id",
            "starttime",
            "completiontime",
            "email",
            "name",
            "lastmodifiedtime",
            "heurededebut",
            "heuredefin",
            "adressedemessagerie",
            "nom",
            "heuredeladernieremodification",
            "tempsdedebut",
            "tempsdachevement",
        ],
        "Microsoft Forms",
    ),
    **dict.fromkeys(["date", "courriel", "mail", "horodatage"], ""),
}
# a LimeSurvey timing column: the question or group code followed by "Time"
_LIMESURVEY_TIMING = re.compile(r"^(?:groupTime\d+|[A-Za-z][A-Za-z0-9]*Time)$")
# Empty in an unfinished LimeSurvey response; a draft flag in Drupal Webform / Framaforms.
SUBMITTED_MARKERS = {"submitdate", "datesubmitted", "datedesoumission"}
DRAFT_MARKERS = {"draft", "brouillon"}
TRUE_WORDS = {"1", "x", "y", "yes", "oui", "o", "true", "vrai", "checked", "coche"}
FALSE_WORDS = {"0", "n", "no", "non", "false", "faux"}
ORGANISATION_ALIASES = {
    "organisation",
    "organization",
    "association",
    "structure",
    "organisme",
    "nom de l association",
    "nom de la structure",
    "nom de votre association",
    "nom de votre structure",
    "nom de l organisme",
    "organisation name",
    "organization name",
    "name of the organisation",
    "name of your organisation",
    "member",
    "membre",
}
_ENUMERATOR = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+[a-z]?\s*[.):\-–]\s*", re.IGNORECASE)
# LimeSurvey's "question code & question text" headings: "trusthistory. Nous avons…"
_CODE_AND_TEXT = re.compile(
    r"^\s*([A-Za-z][A-Za-z0-9_]*(?:\[[^\[\]]+\])?)\s*[.:)|\-–]\s+(.+)$", re.DOTALL
)
# "N/A" is LimeSurvey's word for no answer (a hidden question, an unanswered yes/no)
NO_ANSWER = {"n a"}
# a header this close to a question's text (an edited label) names that question
NEAR_TEXT = 0.9
NEAR_MIN_LENGTH = 15


def compact(text: str) -> str:
    """A folded text without spaces: how ids and tool codes are compared."""
    return fold(text).replace(" ", "")


def metadata_key(header: str) -> str | None:
    """The tool column a header names, in any heading style: ``submitdate``, « Date de
    soumission », or LimeSurvey's code and text (``submitdate. Date submitted``)."""
    key = compact(header)
    if key in METADATA:
        return key
    both = _CODE_AND_TEXT.match(header)
    if both:
        for part in both.groups():
            if compact(part) in METADATA:
                return compact(part)
    return None


# how a header that is both a question id and a tool's metadata name was found
ID_OR_METADATA = "id-or-metadata"


class Role(StrEnum):
    question = "question"
    choice = "choice"  # a 0/1 column for one answer of a multiple-choice question
    metadata = "metadata"
    ignored = "ignored"  # named in the mapping file's ignore list, or redundant
    unmapped = "unmapped"


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    role: Role
    question: Question | None = None
    option: str | None = None
    how: str = ""
    note: str = ""
    tool: str = ""


# --- the mapping file ----------------------------------------------------------------------

Key = str | int | float | bool


class MappingFile(BaseModel):
    """What the mapping file may say; every key is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: dict[Key, str] = Field(default_factory=dict)
    answers: dict[Key, str] = Field(default_factory=dict)
    answers_by_question: dict[str, dict[Key, str]] = Field(default_factory=dict)
    organisation_column: Annotated[str, Field(min_length=1)] | None = None
    ignore: list[Key] = Field(default_factory=list)


@dataclass(frozen=True)
class Mapping:
    """A checked mapping file, with its texts folded for lookup."""

    source: str
    columns: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    answers_by_question: dict[str, dict[str, str]] = field(default_factory=dict)
    organisation_column: str | None = None
    ignore: frozenset[str] = frozenset()
    named_columns: tuple[str, ...] = ()

    def column(self, header: str) -> tuple[str, str | None] | None:
        return self.columns.get(header) or self.columns.get(_fold_key(header))


def _fold_key(text: str) -> str:
    return "\0" + fold(text)


def _mapped_columns(
    data: MappingFile, questionnaire: Questionnaire, located: Located, problems: list[Problem]
) -> dict[str, tuple[str, str | None]]:
    """Each mapped header (as written and folded) to its question and, for a 0/1 column,
    its option; a problem for each that names nothing the questionnaire has."""
    columns: dict[str, tuple[str, str | None]] = {}
    question_ids = [q.id for q in questionnaire.all_questions()]
    for header, target in data.columns.items():
        loc: Loc = ("columns", header if isinstance(header, str | int) else str(header))
        question_id, _slash, option = str(target).partition("/")
        question = questionnaire.question(question_id)
        if question is None:
            problems.append(_unknown_question(located, loc, question_id, question_ids))
            continue
        if option and question.type is not QuestionType.multiple:
            problems.append(located.problem(loc, _("not_multiple", id=question_id)))
            continue
        if option and question.option(option) is None:
            problems.append(_unknown_option(located, loc, question, option))
            continue
        columns[str(header)] = (question_id, option or None)
        columns[_fold_key(str(header))] = (question_id, option or None)
    return columns


def _mapped_answers(
    data: MappingFile, questionnaire: Questionnaire, located: Located, problems: list[Problem]
) -> dict[str, str]:
    """Answer texts valid for any question, folded, to their option."""
    all_options = {o.id for q in questionnaire.all_questions() for o in q.options or []}
    answers: dict[str, str] = {}
    for text, option in data.answers.items():
        if option not in all_options:
            hint = suggestion(option, all_options)
            message = _("unknown_option_anywhere", option=option, hint=hint)
            problems.append(located.problem(("answers", _loc_key(text)), message))
            continue
        answers[fold(_key_text(text))] = option
    return answers


def _mapped_answers_by_question(
    data: MappingFile, questionnaire: Questionnaire, located: Located, problems: list[Problem]
) -> dict[str, dict[str, str]]:
    """Answer texts of one question, folded, to its options."""
    question_ids = [q.id for q in questionnaire.all_questions()]
    by_question: dict[str, dict[str, str]] = {}
    for question_id, texts in data.answers_by_question.items():
        question = questionnaire.question(question_id)
        if question is None:
            loc: Loc = ("answers_by_question", question_id)
            problems.append(_unknown_question(located, loc, question_id, question_ids))
            continue
        table: dict[str, str] = {}
        for text, option in texts.items():
            if question.option(option) is None:
                loc = ("answers_by_question", question_id, _loc_key(text))
                problems.append(_unknown_option(located, loc, question, option))
                continue
            table[fold(_key_text(text))] = option
        by_question[question_id] = table
    return by_question


def load_mapping(path: Path, questionnaire: Questionnaire) -> Mapping:
    """Read and check a mapping file against the questionnaire; every problem at once."""
    located = load_yaml_file(path)
    if located.data is None:
        return Mapping(source=str(path))
    if not isinstance(located.data, dict):
        raise InputError([located.problem((), _("not_a_mapping"))])
    try:
        data = MappingFile.model_validate(located.data)
    except ValidationError as exc:
        raise InputError(validation.problems(exc, located, MappingFile)) from exc
    problems: list[Problem] = []
    columns = _mapped_columns(data, questionnaire, located, problems)
    answers = _mapped_answers(data, questionnaire, located, problems)
    by_question = _mapped_answers_by_question(data, questionnaire, located, problems)
    if problems:
        raise InputError(problems)
    ignore = {str(name) for name in data.ignore} | {_fold_key(str(name)) for name in data.ignore}
    named = [str(h) for h in data.columns] + [str(n) for n in data.ignore]
    if data.organisation_column:
        named.append(data.organisation_column)
    return Mapping(
        source=str(path),
        columns=columns,
        answers=answers,
        answers_by_question=by_question,
        organisation_column=data.organisation_column,
        ignore=frozenset(ignore),
        named_columns=tuple(named),
    )


def _key_text(key: Key) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)


def _loc_key(key: Key) -> str | int:
    return key if isinstance(key, str | int) and not isinstance(key, bool) else str(key)


def _unknown_question(
    located: Located, loc: tuple[str | int, ...], question_id: str, known: list[str]
) -> Problem:
    hint = suggestion(question_id, known)
    return located.problem(loc, _("unknown_question", id=question_id, hint=hint))


def _unknown_option(
    located: Located, loc: tuple[str | int, ...], question: Question, option: str
) -> Problem:
    options = ", ".join(o.id for o in question.options or [])
    return located.problem(loc, _("unknown_option", option=option, id=question.id, options=options))


# --- columns -------------------------------------------------------------------------------


class _QuestionIndex:
    """The questionnaire's questions, findable by id, tool code or text in any language."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.by_compact_id: dict[str, Question] = {}
        self.by_text: dict[str, Question] = {}
        ambiguous: set[str] = set()
        for question in questionnaire.all_questions():
            self.by_compact_id[compact(question.id)] = question
            for text in question.text.values():
                key = fold(_ENUMERATOR.sub("", text))
                if key in self.by_text and self.by_text[key].id != question.id:
                    ambiguous.add(key)
                self.by_text[key] = question
        for key in ambiguous:
            del self.by_text[key]
        self.texts = sorted(self.by_text.items())
        self.codes = limesurvey_codes(questionnaire)
        for asked in questionnaire.all_questions():
            self.by_compact_id.setdefault(compact(self.codes.questions[asked.id]), asked)

    def find(self, header: str) -> tuple[Question, str | None, str] | None:
        """The question (and answer, for a 0/1 column) a header names, and how it was found."""
        found = self._by_id(header) or self._by_text(header) or self._by_slash(header)
        if found:
            return found
        both = _CODE_AND_TEXT.match(header)
        if both:
            return self._by_id(both.group(1)) or self._by_text(both.group(2))
        return None

    def _by_slash(self, header: str) -> tuple[Question, str | None, str] | None:
        """A KoboToolbox per-answer column headed by labels: « Question/Answer », the
        question possibly under its group's label (formpack's ``_get_option_label``);
        either side may hold a ``/`` of its own."""
        parts = header.split("/")
        for cut in range(len(parts) - 1, 0, -1):
            answer = "/".join(parts[cut:])
            for start in range(cut):
                asked = "/".join(parts[start:cut])
                found = self._by_id(asked) or self._by_text(asked)
                if found is None or found[1] is not None:
                    continue
                option = _option_named(found[0], answer)
                if option is not None:
                    return found[0], option, found[2]
        return None

    def near(self, header: str) -> tuple[Question, str | None, str] | None:
        """The question whose text is nearly the header (one word or bracket edited)."""
        key = fold(_ENUMERATOR.sub("", header))
        if len(key) < NEAR_MIN_LENGTH:
            return None
        close = difflib.get_close_matches(key, self.by_text, n=2, cutoff=NEAR_TEXT)
        questions = {self.by_text[text].id for text in close}
        if len(questions) != 1:
            return None
        return self.by_text[close[0]], None, "near"

    def _by_id(self, header: str) -> tuple[Question, str | None, str] | None:
        question = self.questionnaire.question(header.strip())
        if question is not None:
            return question, None, "id"
        key = compact(header)
        if key in self.by_compact_id:
            return self.by_compact_id[key], None, "id"
        # tool codes: LimeSurvey CODE[SUB], KoboToolbox group/question, ODK g1-q2
        bracket = re.fullmatch(r"\s*([^\[\]]+)\[([^\[\]]+)\]\s*", header)
        if bracket:
            code, sub = bracket.group(1), bracket.group(2)
            if compact(sub) in self.by_compact_id:
                return self.by_compact_id[compact(sub)], None, "code"
            choice = self._choice(code, sub)
            if choice:
                return choice
        # LimeSurvey's "ExpressionScript code" headings: CODE_SQ001 (codes hold no "_")
        code, underscore, sub = header.strip().partition("_")
        if underscore and sub:
            choice = self._choice(code, sub)
            if choice:
                return choice
        parts = [part for part in re.split(r"[/\-]", header) if part.strip()]
        if len(parts) > 1:
            if compact(parts[-1]) in self.by_compact_id:
                return self.by_compact_id[compact(parts[-1])], None, "code"
            choice = self._choice(parts[-2], parts[-1])
            if choice:
                return choice
        return None

    def _choice(self, code: str, sub: str) -> tuple[Question, str | None, str] | None:
        question = self.by_compact_id.get(compact(code))
        if question is None:
            return None
        option = _option_named(question, sub)
        return None if option is None else (question, option, "code")

    def _by_text(self, header: str) -> tuple[Question, str | None, str] | None:
        key = fold(_ENUMERATOR.sub("", header))
        if not key:
            return None
        if key in self.by_text:
            return self.by_text[key], None, "text"
        # "Question text [sub-question or answer]" (LimeSurvey full headings, Google grids)
        bracket = re.fullmatch(r"(.*?)\s*\[([^\[\]]+)\]\s*", header, re.DOTALL)
        if bracket:
            inner = fold(bracket.group(2))
            if inner in self.by_text:
                return self.by_text[inner], None, "text"
            outer = fold(_ENUMERATOR.sub("", bracket.group(1)))
            question = self.by_text.get(outer)
            if question is not None and question.type is QuestionType.multiple:
                for option in question.options or []:
                    if inner in {fold(label) for label in option.label.values()}:
                        return question, option.id, "text"
        # headers cut short by the tool ("abbreviated" LimeSurvey headings, Excel widths)
        if len(key) >= 20:
            matches = {q.id: q for text, q in self.texts if text.startswith(key)}
            if len(matches) == 1:
                return next(iter(matches.values())), None, "text"
        # KoboToolbox labels with the group hierarchy kept: "Group label/Question label"
        if "/" in header:
            last = fold(header.rsplit("/", 1)[1])
            if last in self.by_text:
                return self.by_text[last], None, "text"
        return None

    def choice_in_group(self, group: str, label: str) -> tuple[Question, str | None, str] | None:
        """A Webform "separate" column: the question above, one of its answers below."""
        found = self.find(group) if group.strip() else None
        if found is None or found[0].type is not QuestionType.multiple:
            return None
        question = found[0]
        wanted = fold(label)
        for option in question.options or []:
            if wanted == fold(option.id) or wanted in {fold(t) for t in option.label.values()}:
                return question, option.id, "text"
        return None


def _option_named(question: Question, name: str) -> str | None:
    """The option of a multiple-choice question a column names: by id, LimeSurvey
    answer code or label in any language."""
    if question.type is not QuestionType.multiple:
        return None
    wanted = compact(name)
    codes = answer_codes(question)
    for option in question.options or []:
        if (
            compact(option.id) == wanted
            or compact(codes[option.id]) == wanted
            or any(compact(label) == wanted for label in option.label.values())
        ):
            return option.id
    return None


def spreadsheet_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class ColumnMap:
    """Every column of an export, with what it holds."""

    header_row: int
    columns: list[Column]
    width: int
    tool: str
    organisation: Column | None
    submitted: Column | None
    draft: Column | None
    absent_from_export: list[str]

    def unmapped(self) -> list[Column]:
        return [c for c in self.columns if c.role is Role.unmapped]

    def near(self) -> list[tuple[str, str]]:
        """Headers matched to a question by a nearly identical text, for the user to check."""
        return [(c.header, c.question.id) for c in self.columns if c.how == "near" and c.question]

    def scored_columns(self) -> int:
        return sum(
            1
            for c in self.columns
            if c.role in (Role.question, Role.choice)
            and c.question is not None
            and c.question.dimension is not None
        )


def map_columns(
    rows: Sequence[tuple[int, list[str]]],
    questionnaire: Questionnaire,
    mapping: Mapping | None = None,
    organisation_column: str | None = None,
) -> ColumnMap:
    """Pick the header among the first rows and say what every column holds.

    The header is the row that names the most questions and tool columns: some tools
    write a title row or several header rows first (Drupal Webform / Framaforms).
    """
    index = _QuestionIndex(questionnaire)
    best: ColumnMap | None = None
    best_score = -1
    for position, (number, cells) in enumerate(rows[:HEADER_ROWS_LOOKED_AT]):
        above = rows[position - 1][1] if position > 0 else []
        candidate = _map_header(number, cells, above, index, mapping, organisation_column)
        score = sum(1 for c in candidate.columns if c.role is not Role.unmapped)
        if score > best_score:
            best, best_score = candidate, score
    assert best is not None, "at least one row is needed to map columns"
    return best


def _map_header(
    number: int,
    cells: list[str],
    above: list[str],
    index: _QuestionIndex,
    mapping: Mapping | None,
    organisation_column: str | None,
) -> ColumnMap:
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    group = ""
    columns: list[Column] = []
    for i in range(width):
        header = cells[i].strip()
        if i < len(above) and above[i].strip():
            group = above[i].strip()
        columns.append(_map_one(i, header, group, index, mapping, organisation_column))
    columns = _settle(columns, index.questionnaire)
    organisation = next(
        (
            c
            for c in columns
            if c.role is Role.question and c.question is not None and c.question.id == ORGANISATION
        ),
        None,
    )
    named = set(mapping.named_columns) if mapping else set()
    if organisation_column:
        named.add(organisation_column)
    headers = {c.header for c in columns} | {fold(c.header) for c in columns}
    absent = sorted(name for name in named if name not in headers and fold(name) not in headers)
    return ColumnMap(
        header_row=number,
        columns=columns,
        width=width,
        tool=_tool(columns),
        organisation=organisation,
        submitted=_marked(columns, SUBMITTED_MARKERS),
        draft=_marked(columns, DRAFT_MARKERS),
        absent_from_export=absent,
    )


def _marked(columns: list[Column], markers: set[str]) -> Column | None:
    return next(
        (c for c in columns if c.role is Role.metadata and metadata_key(c.header) in markers),
        None,
    )


def _map_one(
    i: int,
    header: str,
    group: str,
    index: _QuestionIndex,
    mapping: Mapping | None,
    organisation_column: str | None,
) -> Column:
    if not header:
        return Column(i, _("untitled", letter=spreadsheet_letter(i)), Role.unmapped)
    questionnaire = index.questionnaire
    wanted_org = organisation_column or (mapping.organisation_column if mapping else None)
    if wanted_org and (header == wanted_org or fold(header) == fold(wanted_org)):
        org = questionnaire.question(ORGANISATION) or _ORGANISATION_QUESTION
        return Column(i, header, Role.question, org, how="org-column")
    if mapping is not None:
        mapped = _by_mapping(i, header, questionnaire, mapping)
        if mapped is not None:
            return mapped
    return _by_header(i, header, group, index) or Column(i, header, Role.unmapped)


def _by_mapping(
    i: int, header: str, questionnaire: Questionnaire, mapping: Mapping
) -> Column | None:
    """The column as the mapping file names it: ignored, or a question's (or option's)."""
    if header in mapping.ignore or _fold_key(header) in mapping.ignore:
        return Column(i, header, Role.ignored, how="mapping")
    target = mapping.column(header)
    if target is None:
        return None
    question = questionnaire.question(target[0])
    assert question is not None, "mapping files are checked against the questionnaire"
    role = Role.choice if target[1] else Role.question
    return Column(i, header, role, question, target[1], how="mapping")


def _by_header(i: int, header: str, group: str, index: _QuestionIndex) -> Column | None:
    """The column recognised from its header alone: an id, a text, a tool's metadata."""
    questionnaire = index.questionnaire
    found = index.find(header)
    if found is None and group:
        found = index.choice_in_group(group, header)
    key = compact(header)
    if found is not None:
        question, option, how = found
        if how == "id" and header != question.id and key in METADATA:
            # Microsoft Forms' own "Name": ours only when no other column answers `name`
            return Column(
                i, header, Role.question, question, how=ID_OR_METADATA, tool=METADATA[key]
            )
        return Column(i, header, Role.choice if option else Role.question, question, option, how)
    if fold(header) in ORGANISATION_ALIASES:
        org = questionnaire.question(ORGANISATION) or _ORGANISATION_QUESTION
        return Column(i, header, Role.question, org, how="alias")
    meta = metadata_key(header)
    if meta is not None:
        return Column(i, header, Role.metadata, tool=METADATA[meta])
    if _LIMESURVEY_TIMING.match(header):
        return Column(i, header, Role.metadata, tool="LimeSurvey")
    # a free-text side column of a mapped question: LimeSurvey Q1[other], Q1[comment]
    bracket = re.fullmatch(
        r"\s*([^\[\]]+?)(?:\[(?:other|comment)\]|_(?:other|comment))\s*", header, re.IGNORECASE
    )
    if bracket and index.find(bracket.group(1)):
        return Column(i, header, Role.ignored, how="comment")
    near = index.near(header)
    if near is not None:
        return Column(i, header, Role.question, near[0], how="near")
    return None


_ORGANISATION_QUESTION = Question(
    id=ORGANISATION,
    type=QuestionType.text,
    text={"fr": "Organisation", "en": "Organisation"},
)


def _settle(columns: list[Column], questionnaire: Questionnaire) -> list[Column]:
    """One column per question: later duplicates are reported; 0/1 columns beside a
    multiple-choice column saying the same (KoboToolbox writes both) are set aside."""
    first: dict[str, Column] = {}
    for column in columns:
        if column.role is Role.question and column.question is not None:
            kept = first.get(column.question.id)
            if kept is None or (kept.how == ID_OR_METADATA and column.how != ID_OR_METADATA):
                first[column.question.id] = column
    settled: list[Column] = []
    for column in columns:
        question = column.question
        if question is None:
            settled.append(column)
        elif column.how == ID_OR_METADATA and first[question.id] is not column:
            settled.append(Column(column.index, column.header, Role.metadata, tool=column.tool))
        elif column.role is Role.question and first[question.id] is not column:
            note = _("duplicate", other=first[question.id].header)
            settled.append(Column(column.index, column.header, Role.unmapped, note=note))
        elif column.role is Role.choice and question.id in first:
            settled.append(Column(column.index, column.header, Role.ignored, question, how="both"))
        else:
            settled.append(column)
    return settled


def _tool(columns: list[Column]) -> str:
    votes = Counter(c.tool for c in columns if c.role is Role.metadata and c.tool)
    if not votes:
        return ""
    tool, count = votes.most_common(1)[0]
    return tool if count >= 2 or tool == "Google Forms" else ""


# --- cells ---------------------------------------------------------------------------------


class Decoder:
    """Cell texts to one question's answers, by option id, score or label in any language.

    Valid texts are remembered, so a batch pays the matching once per distinct text and
    one dict lookup per cell afterwards; free texts (names) are not remembered.
    """

    def __init__(self, question: Question, mapping: Mapping | None, lang: str | None) -> None:
        self.question = question
        self.lang = lang
        self.cache: dict[str, AnswerValue] = {}
        self.unrecognised: Counter[str] = Counter()
        self.unrecognised_other = 0
        self.cacheable = question.type is not QuestionType.text
        self.table = _answer_table(question, mapping)

    def decode(self, text: str) -> tuple[AnswerValue, str | None]:
        """The answer a cell holds, or the reason it is not one; remembered when valid."""
        value, error = self._decode(text)
        if error is None:
            if self.cacheable and len(self.cache) < CACHE_LIMIT:
                self.cache[text] = value
        else:
            self.note_unrecognised(text)
        return value, error

    def peek(self, text: str) -> AnswerValue:
        """The answer a cell holds (None when it holds none that is valid), noting nothing."""
        if text in self.cache:
            return self.cache[text]
        value, error = self._decode(text)
        return None if error else value

    def note_unrecognised(self, text: str) -> None:
        key = text.strip()
        if key in self.unrecognised or len(self.unrecognised) < UNRECOGNISED_KEPT:
            self.unrecognised[key] += 1
        else:
            self.unrecognised_other += 1

    def _decode(self, text: str) -> tuple[AnswerValue, str | None]:
        stripped = text.strip()
        if not stripped:
            return None, None
        kind = self.question.type
        if kind is QuestionType.text:
            return stripped, None
        if fold(stripped) in NO_ANSWER and self._option(stripped) is None:
            return None, None
        if kind is QuestionType.number:
            return coerce(self.question, number_text(stripped), self.lang)
        if kind is QuestionType.multiple:
            chosen = self._choices(stripped)
            if chosen is None:
                return coerce(self.question, [stripped], self.lang)
            return coerce(self.question, chosen, self.lang)
        option = self._option(stripped)
        if option is not None:
            return option, None
        return coerce(self.question, stripped, self.lang)

    def _option(self, text: str) -> str | None:
        if self.question.option(text) is not None:
            return text
        found = self.table.get(fold(text))
        if found is not None:
            return found
        number = _as_number(text)
        if number is not None:
            matches = [o.id for o in self.question.options or [] if o.score == number]
            if len(matches) == 1:
                return matches[0]
        return None

    def _choices(self, text: str) -> list[str] | None:
        """A multiple-choice cell: one answer, or answers joined by a separator.

        Labels may hold the separator ("Action sociale, solidarité"), so parts are
        regrouped: the first split whose parts all read as answers wins.
        """
        single = self._option(text)
        if single is not None:
            return [single]
        for separator in ("\n", ";", ",", " "):
            if separator not in text:
                continue
            parts = text.split(separator)
            if len(parts) > 40:
                continue
            found = self._segment(parts, separator)
            if found is not None:
                return found
        return None

    def _segment(self, parts: list[str], separator: str) -> list[str] | None:
        # best[i]: the answers read from parts[:i], when they all read as answers
        best: list[list[str] | None] = [None] * (len(parts) + 1)
        best[0] = []
        for end in range(1, len(parts) + 1):
            for start in range(end - 1, -1, -1):
                previous = best[start]
                if previous is None:
                    continue
                piece = separator.join(parts[start:end]).strip()
                if not piece:
                    best[end] = previous
                    break
                option = self._option(piece)
                if option is not None:
                    best[end] = [*previous, option]
                    break
        return best[len(parts)]


def _answer_table(question: Question, mapping: Mapping | None) -> dict[str, str]:
    """Folded answer texts to option ids: the mapping file's first, then what names an
    option anywhere (answers.option_table)."""
    table: dict[str, str] = {}
    if mapping is not None:
        known = {o.id for o in question.options or []}
        table.update({k: v for k, v in mapping.answers.items() if v in known})
        table.update(mapping.answers_by_question.get(question.id, {}))
    for key, option in option_table(question).items():
        table.setdefault(key, option)
    # the answer codes of a form made by `form --to limesurvey`
    for option, code in answer_codes(question).items():
        table.setdefault(fold(code), option)
    return table


def _as_number(text: str) -> float | None:
    try:
        return float(number_text(text))
    except ValueError:
        return None


def choice_cell(text: str, question: Question, option: str) -> tuple[bool | None, str | None]:
    """A 0/1 column's cell: ticked, not ticked, empty (None), or why it is neither."""
    stripped = text.strip()
    if not stripped:
        return None, None
    key = fold(stripped)
    if key in NO_ANSWER:
        return None, None
    if key in TRUE_WORDS or key == fold(option):
        return True, None
    chosen = question.option(option)
    if chosen is not None and key in {fold(label) for label in chosen.label.values()}:
        return True, None
    if key in FALSE_WORDS:
        return False, None
    number = _as_number(stripped)
    if number is not None and number in (0, 1):
        return number == 1, None
    return None, _("bad_choice_cell", value=stripped)
