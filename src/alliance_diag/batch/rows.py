"""Export rows to checked answers, naming every problem; a known cell costs one dict lookup."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from alliance_diag.batch.cells import TRUE_WORDS, Decoder, choice_cell
from alliance_diag.batch.mapping import Column, ColumnMap, Role
from alliance_diag.batch.mapping_file import Mapping
from alliance_diag.batch.table import Malformed
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.textfold import fold, visible_text
from alliance_diag.engine.answers import AnswerValue
from alliance_diag.engine.conditions import Condition
from alliance_diag.engine.questionnaire import RESPONDENT_FIELDS, Question, Questionnaire
from alliance_diag.engine.scoring import scorer_for

_ = Catalog(
    {
        "required": {
            "fr": "réponse obligatoire manquante : « {id} »",
            "en": "required answer missing: '{id}'",
        },
        "incomplete": {
            "fr": "réponse inachevée (« {column} » vide) : non notée",
            "en": "unfinished response ('{column}' empty): not scored",
        },
        "draft": {
            "fr": "brouillon (« {column} » = {value}) : non noté",
            "en": "draft ('{column}' = {value}): not scored",
        },
        "carried_empty": {
            "fr": "« {column} » : réponse de l'ancienne version que la question actuelle "
            "n'accepte plus, laissée vide dans {count} ligne(s)",
            "en": "'{column}': an answer of the earlier version that today's question no "
            "longer accepts, left empty in {count} row(s)",
        },
        "left_empty": {
            "fr": "« {column} » : réponse non reconnue dans {count} ligne(s), gardée(s) avec "
            "cette réponse facultative laissée vide",
            "en": "'{column}': answer not recognised in {count} row(s), kept with this optional "
            "answer left empty",
        },
    }
)


@dataclass(frozen=True)
class RowProblem:
    """One reason a row was rejected: a line of errors.csv."""

    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class Unrecognised:
    column: str
    text: str
    count: int


def cell_at(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


class RowReader:
    """Turns a row's cells into checked answers, or into the reasons it is rejected.

    A row whose every cell text was met before costs one dict lookup per cell; the
    first time a text is met, or when something is wrong, the row takes the slow path
    that decodes each cell and names every problem.
    """

    def __init__(
        self,
        columns: ColumnMap,
        questionnaire: Questionnaire,
        mapping: Mapping | None,
        lang: str,
        *,
        carried: bool = False,
    ) -> None:
        self.columns = columns
        # an export of an earlier version, read under today's rules: an answer today's
        # question no longer accepts is left empty, as in an answer file carried over
        self.carried = carried
        self.questionnaire = questionnaire
        self.lang = lang
        self.width = columns.width
        self.decoders: dict[int, Decoder] = {}
        self.fast: list[tuple[int, dict[str, AnswerValue]]] = []
        self.fast_ids: list[str] = []
        self.text: list[tuple[int, str]] = []
        self.choices: dict[str, list[Column]] = {}
        self.choice_decoders: dict[str, Decoder] = {}
        self.sections: dict[str, str] = {}
        for column in columns.columns:
            question = column.question
            if question is None:
                continue
            self.sections[question.id] = _section(question)
            if column.role is Role.choice:
                self.choices.setdefault(question.id, []).append(column)
                if question.id not in self.choice_decoders:
                    self.choice_decoders[question.id] = Decoder(question, mapping, lang)
                continue
            if column.role is not Role.question:
                continue
            decoder = Decoder(question, mapping, lang)
            self.decoders[column.index] = decoder
            if decoder.cacheable:
                self.fast.append((column.index, decoder.cache))
                self.fast_ids.append(question.id)
            else:
                self.text.append((column.index, question.id))
        scorer = scorer_for(questionnaire)
        # every id a condition may read, unanswered: as the scorer sees them
        self._blank: dict[str, Any] = dict.fromkeys(
            [*scorer.profile_ids, *(item.question.id for item in scorer.items)]
        )
        self.required: list[tuple[str, Condition | None]] = [
            (q.id, questionnaire.condition(q.id))
            for q in questionnaire.all_questions()
            if q.required and q.id in self.sections
        ]
        self.submitted = columns.submitted.index if columns.submitted else None
        self.draft = columns.draft.index if columns.draft else None
        self.extra_cells = 0
        # optional profile answers left empty because their text was not recognised
        self.left_empty: Counter[str] = Counter()
        # answers of an earlier version that today's question no longer accepts
        self.carried_empty: Counter[str] = Counter()
        self._choice_cache: dict[tuple[str, tuple[str, ...]], AnswerValue] = {}

    def read(self, number: int, cells: list[str]) -> tuple[dict[str, Any], list[RowProblem]]:
        try:
            values: dict[str, Any] = dict(
                zip(self.fast_ids, [cache[cells[i]] for i, cache in self.fast], strict=True)
            )
            for i, question_id in self.text:
                values[question_id] = visible_text(cells[i])
        except (KeyError, IndexError):
            return self._slow(number, cells)
        if self.choices and self._read_choices(cells, values, number):
            return self._slow(number, cells)
        if self.submitted is not None and not cell_at(cells, self.submitted).strip():
            return self._slow(number, cells)
        if self.draft is not None and fold(cell_at(cells, self.draft)) in TRUE_WORDS:
            return self._slow(number, cells)
        for question_id, condition in self.required:
            if values.get(question_id) is None and self.applies(question_id, condition, values):
                return self._slow(number, cells)
        if len(cells) > self.width and any(cells[self.width :]):
            self.extra_cells += 1
        return values, []

    def applies(
        self, question_id: str, condition: Condition | None, values: dict[str, Any]
    ) -> bool:
        if condition is None:
            return True
        known = {**self._blank, **values}
        context = {"profile": known, "answers": known}
        return condition.evaluate(context)

    def _read_choices(self, cells: list[str], values: dict[str, Any], number: int) -> bool:
        """Assemble multiple-choice answers from 0/1 columns; True when a cell is wrong."""
        for question_id, columns in self.choices.items():
            key = (question_id, tuple(cell_at(cells, c.index) for c in columns))
            if key in self._choice_cache:
                values[question_id] = self._choice_cache[key]
                continue
            value, problems = self._assemble(question_id, columns, cells, number)
            if problems:
                return True
            if len(self._choice_cache) < 10_000:
                self._choice_cache[key] = value
            values[question_id] = value
        return False

    def _assemble(
        self, question_id: str, columns: list[Column], cells: list[str], number: int
    ) -> tuple[AnswerValue, list[RowProblem]]:
        chosen: list[str] = []
        answered = False
        problems: list[RowProblem] = []
        for column in columns:
            assert column.question is not None and column.option is not None
            text = cell_at(cells, column.index)
            ticked, error = choice_cell(text, column.question, column.option)
            if error:
                problems.append(RowProblem(number, column.header, text, error))
                continue
            if ticked is not None:
                answered = True
            if ticked:
                chosen.append(column.option)
        if problems or not answered:
            return None, problems
        decoder = self.choice_decoders[question_id]
        value, error = decoder.decode("\n".join(chosen)) if chosen else ([], None)
        if error:
            problems.append(RowProblem(number, columns[0].header, ", ".join(chosen), error))
        return value, problems

    def _slow(self, number: int, cells: list[str]) -> tuple[dict[str, Any], list[RowProblem]]:
        if isinstance(cells, Malformed):
            return {}, [RowProblem(number, "", "", cells.reason)]
        problems: list[RowProblem] = []
        if self.submitted is not None and not cell_at(cells, self.submitted).strip():
            header = self.columns.columns[self.submitted].header
            return {}, [RowProblem(number, header, "", _("incomplete", self.lang, column=header))]
        if self.draft is not None and fold(cell_at(cells, self.draft)) in TRUE_WORDS:
            header = self.columns.columns[self.draft].header
            flag = cell_at(cells, self.draft)
            reason = _("draft", self.lang, column=header, value=flag)
            return {}, [RowProblem(number, header, flag, reason)]
        values: dict[str, Any] = {}
        for index, decoder in self.decoders.items():
            text = cell_at(cells, index)
            value, error = decoder.decode(text)
            if error and (self.carried or _optional_profile(decoder.question)):
                # optional, or an answer of the earlier version the export answers
                optional = _optional_profile(decoder.question)
                counter = self.left_empty if optional else self.carried_empty
                counter[self.columns.columns[index].header] += 1
                values[decoder.question.id] = None
            elif error:
                header = self.columns.columns[index].header
                problems.append(RowProblem(number, header, text, error))
            else:
                values[decoder.question.id] = value
        for question_id, columns in self.choices.items():
            value, choice_problems = self._assemble(question_id, columns, cells, number)
            problems.extend(choice_problems)
            values[question_id] = value
        wrong = {problem.column for problem in problems}
        for question_id, condition in self.required:
            column = self.column_of(question_id)
            if column in wrong or values.get(question_id) is not None:
                continue
            if self.applies(question_id, condition, values):
                reason = _("required", self.lang, id=question_id)
                problems.append(RowProblem(number, column, "", reason))
        if not problems and len(cells) > self.width and any(cells[self.width :]):
            self.extra_cells += 1
        return values, problems

    def column_of(self, question_id: str) -> str:
        """The header of the column that answers a question (its id when none does)."""
        for column in self.columns.columns:
            if column.question is not None and column.question.id == question_id:
                return column.header
        return question_id

    def warnings(self) -> list[str]:
        """Rows kept with an optional answer left empty, per column."""
        return [
            _("left_empty", self.lang, column=column, count=count)
            for column, count in self.left_empty.items()
        ] + [
            _("carried_empty", self.lang, column=column, count=count)
            for column, count in self.carried_empty.items()
        ]

    def unrecognised(self) -> list[Unrecognised]:
        found = [
            Unrecognised(self.columns.columns[index].header, text, count)
            for index, decoder in self.decoders.items()
            for text, count in decoder.unrecognised.items()
        ]
        return sorted(found, key=lambda u: (-u.count, u.column, u.text))


def _optional_profile(question: Question) -> bool:
    """An answer that describes the respondent, unscored and not required: an unknown
    code there empties the answer, not the row."""
    return question.dimension is None and not question.required


def _section(question: Question) -> str:
    if question.id in RESPONDENT_FIELDS:
        return "respondent"
    return "profile" if question.dimension is None else "answers"
