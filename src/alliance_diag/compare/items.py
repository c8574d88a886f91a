"""Mirrored statements: the same point answered from each side, and how far apart."""

from __future__ import annotations

from collections.abc import Sequence

from alliance_diag.compare.model import ITEM_STEPS, Entry, ItemGap, ItemPair, ItemSide
from alliance_diag.core.i18n import Catalog, pick
from alliance_diag.engine.answers import option_label
from alliance_diag.engine.applicability import applicable_questions
from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.engine.scoring import scorer_for

_ = Catalog(
    {
        "unknown_mirrors": {
            "fr": "{count} affirmation(s) de «\u202f{id}\u202f» en reflètent d'autres que "
            "«\u202f{other}\u202f» n'a pas ({names})\u00a0: elles ne sont pas comparées",
            "en": "{count} statement(s) of '{id}' mirror questions that '{other}' does not have "
            "({names}): they are not compared",
        },
    }
)

Pair = tuple[str, str]
# a warning names this many statements at most; the count says how many there are
NAMED = 5


def mirror_pairs(a: Questionnaire, b: Questionnaire, lang: str) -> tuple[list[Pair], list[str]]:
    """The (question in a, question in b) pairs that ask the same thing from each side.

    A statement pairs with the one of the same id in the other questionnaire (the
    same questionnaire on both sides, or its short version), and with the one its
    ``mirrors`` names there, whichever side declares it; a ``mirrors`` naming no
    question there is a warning.
    """
    pairs: dict[Pair, None] = {
        (q.id, q.id): None for q in a.questions if b.question(q.id) is not None
    }
    if a.id == b.id:
        return list(pairs), []
    warnings = []
    for own, other, forward in ((a, b, True), (b, a, False)):
        unknown = []
        for question in own.questions:
            if question.mirrors is None:
                continue
            if other.question(question.mirrors) is None:
                unknown.append(question.id)
            elif forward:
                pairs[(question.id, question.mirrors)] = None
            else:
                pairs[(question.mirrors, question.id)] = None
        if unknown:
            warnings.append(
                _(
                    "unknown_mirrors",
                    lang,
                    count=len(unknown),
                    id=own.id,
                    other=other.id,
                    names=", ".join(unknown[:NAMED]) + (", …" if len(unknown) > NAMED else ""),
                )
            )
    return list(pairs), warnings


def scale_steps(question: Question) -> int | None:
    """How many steps a choice question's scale has (agreement from 1 to 5: four)."""
    if question.type in (QuestionType.number, QuestionType.multiple, QuestionType.text):
        return None
    scores = {option.score for option in question.options or [] if option.score is not None}
    return len(scores) - 1 if len(scores) > 1 else None


def comparable(a: Question, b: Question) -> bool:
    """Whether two mirrored statements measure on scales of one kind, so that a gap
    between them means something: the same scored answers, in the same order (agreement
    against agreement, a count against the same count), never a count against an
    agreement."""
    if a.type is QuestionType.number or b.type is QuestionType.number:
        return a.type is b.type and (a.min, a.max) == (b.min, b.max)
    scored_a = [o.id for o in a.options or [] if o.score is not None]
    scored_b = [o.id for o in b.options or [] if o.score is not None]
    return scored_a == scored_b


Valued = dict[str, tuple[Question, float, str]]


def valued_answers(entry: Entry, lang: str) -> Valued:
    """Each answered statement that applies: the question, its value on 0–1 as the engine
    reads it (reverse applied) and the answer's label."""
    questionnaire, answers = entry.questionnaire, entry.answers
    assert questionnaire is not None and answers is not None
    applicable = {q.id for q in applicable_questions(questionnaire, answers)}
    valued: Valued = {}
    for item in scorer_for(questionnaire).items:
        question = item.question
        raw = answers.answers.get(question.id)
        value = item.value(raw) if question.id in applicable else None
        if value is not None:
            valued[question.id] = (question, value, option_label(question, raw, lang))
    return valued


def answered(side: Sequence[Valued], question_id: str, lang: str) -> ItemSide | None:
    """A side's answers to one statement; None when nobody on that side answered it."""
    found = [valued[question_id] for valued in side if question_id in valued]
    if not found:
        return None
    question = found[0][0]
    return ItemSide(
        question=question_id,
        text=pick(question.text, lang),
        reverse=question.reverse,
        answers=[label for _question, _value, label in found],
        value=round(sum(value for _question, value, _label in found) / len(found), 3),
    )


def mirrored_gaps(
    a: Sequence[Entry], b: Sequence[Entry], labels: dict[str, str], lang: str
) -> tuple[list[ItemGap], bool, list[str], list[ItemPair]]:
    """Mirrored statements answered two scale steps apart or more, widest gap first;
    whether statements could be compared at all (result files hold scores, not answers,
    so only answer files on both sides are); warnings; and the mirrored statements on
    scales of different kinds, side by side without a gap figure."""
    if not all(e.answers is not None and e.questionnaire is not None for e in [*a, *b]):
        return [], False, [], []
    qa, qb = a[0].questionnaire, b[0].questionnaire
    assert qa is not None and qb is not None
    pairs, warnings = mirror_pairs(qa, qb, lang)
    valued_a = [valued_answers(entry, lang) for entry in a]
    valued_b = [valued_answers(entry, lang) for entry in b]
    gaps = []
    apart = []
    for id_a, id_b in pairs:
        question_a, question_b = qa.question(id_a), qb.question(id_b)
        assert question_a is not None and question_b is not None
        steps_a, steps_b = scale_steps(question_a), scale_steps(question_b)
        if steps_a is None or steps_b is None:
            continue
        side_a, side_b = answered(valued_a, id_a, lang), answered(valued_b, id_b, lang)
        if side_a is None or side_b is None:
            continue
        if not comparable(question_a, question_b):
            dimension = question_a.dimension or ""
            label = labels.get(dimension, dimension)
            apart.append(ItemPair(dimension=dimension, dimension_label=label, a=side_a, b=side_b))
            continue
        steps = round((side_b.value - side_a.value) * max(steps_a, steps_b), 1)
        if abs(steps) + 1e-9 >= ITEM_STEPS:
            dimension = question_a.dimension or ""
            gaps.append(
                ItemGap(
                    dimension=dimension,
                    dimension_label=labels.get(dimension, dimension),
                    a=side_a,
                    b=side_b,
                    steps=steps,
                )
            )
    gaps.sort(key=lambda gap: -abs(gap.steps))
    return gaps, True, warnings, apart
