"""Mapping an export's columns to questions: by the mapping file, a question's id, tool
code or text, or a survey tool's own columns."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from alliance_diag.batch.cells import Decoder as Decoder
from alliance_diag.batch.cells import _answer_table as _answer_table
from alliance_diag.batch.cells import choice_cell as choice_cell
from alliance_diag.batch.mapping_file import Mapping, fold_key
from alliance_diag.batch.mapping_file import load_mapping as load_mapping
from alliance_diag.batch.tool_columns import (
    CODE_AND_TEXT,
    DRAFT_MARKERS,
    ENUMERATOR,
    LIMESURVEY_TIMING,
    METADATA,
    ORGANISATION_ALIASES,
    SUBMITTED_MARKERS,
    compact,
    metadata_key,
)
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.textfold import fold
from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.forms.codes import answer_codes, limesurvey_codes

ORGANISATION = "organisation"
HEADER_ROWS_LOOKED_AT = 5

_ = Catalog(
    {
        "duplicate": {
            "fr": "même question que la colonne « {other} » (gardée)",
            "en": "same question as column '{other}' (kept)",
        },
        "untitled": {"fr": "colonne {letter} (sans titre)", "en": "column {letter} (untitled)"},
    }
)

# a header this close to a question's text (an edited label) names that question
NEAR_TEXT = 0.9
NEAR_MIN_LENGTH = 15

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
                key = fold(ENUMERATOR.sub("", text))
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
        both = CODE_AND_TEXT.match(header)
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
        key = fold(ENUMERATOR.sub("", header))
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
        key = fold(ENUMERATOR.sub("", header))
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
            outer = fold(ENUMERATOR.sub("", bracket.group(1)))
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
    if header in mapping.ignore or fold_key(header) in mapping.ignore:
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
    if LIMESURVEY_TIMING.match(header):
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
