"""Export cells to answers: a question's cell decoded by option id, score or label, and
a 0/1 column's cell read as ticked or not."""

from __future__ import annotations

from collections import Counter

from alliance_diag.batch.mapping_file import Mapping
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.textfold import fold, number_text, visible_text
from alliance_diag.engine.answers import AnswerValue, coerce, option_table
from alliance_diag.engine.questionnaire import Question, QuestionType
from alliance_diag.forms.codes import answer_codes

CACHE_LIMIT = 50_000
UNRECOGNISED_KEPT = 50

_ = Catalog(
    {
        "bad_choice_cell": {
            "fr": "« {value} » : attendu 1 (coché) ou 0 / vide (non coché)",
            "en": "'{value}': expected 1 (ticked) or 0 / empty (not ticked)",
        },
    }
)

TRUE_WORDS = {"1", "x", "y", "yes", "oui", "o", "true", "vrai", "checked", "coche"}
FALSE_WORDS = {"0", "n", "no", "non", "false", "faux"}
# "N/A" is LimeSurvey's word for no answer (a hidden question, an unanswered yes/no)
NO_ANSWER = {"n a"}


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

    def learn(self, text: str) -> bool:
        """Whether a text is now remembered: decoded when new, noting nothing (a text that
        is no answer is noted when its row is read)."""
        if text not in self.cache:
            value, error = self._decode(text)
            if error is None and self.cacheable and len(self.cache) < CACHE_LIMIT:
                self.cache[text] = value
        return text in self.cache

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
            return visible_text(stripped), None
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
