"""`when:` conditions rewritten for survey tools, from the checked condition's parsed tree."""

from __future__ import annotations

from typing import Protocol

from jinja2 import nodes

from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.errors import InputError, Problem
from alliance_diag.i18n import Catalog

_ = Catalog(
    {
        "untranslatable": {
            "fr": "la condition de « {id} » ({source}) ne s'écrit pas pour {tool} : « {what} » "
            "n'y a pas d'équivalent",
            "en": "the condition of '{id}' ({source}) cannot be written for {tool}: '{what}' has "
            "no equivalent there",
        },
    }
)

_COMPARISONS = {"eq", "ne", "gt", "gteq", "lt", "lteq"}


class Dialect(Protocol):
    """How one tool writes references, values and operators."""

    tool: str

    def ref(self, question: Question) -> str: ...
    def value(self, question: Question | None, value: object) -> str: ...
    def compare(self, left: str, op: str, right: str) -> str: ...
    def selected(self, question: Question, option: str) -> str: ...
    def empty(self, question: Question) -> str: ...
    def join(self, word: str, parts: list[str]) -> str: ...
    def negate(self, text: str) -> str: ...
    def one_of(self, question: Question, values: list[str], negated: bool) -> str: ...


def any_equal(dialect: Dialect, question: Question, values: list[str], negated: bool) -> str:
    """``ref == a or ref == b``, negated for ``not in``: how tools without a list test say
    ``one_of``."""
    ref = dialect.ref(question)
    text = dialect.join("or", [dialect.compare(ref, "eq", value) for value in values])
    return dialect.negate(text) if negated else text


class _Untranslatable(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def relevance(questionnaire: Questionnaire, question: Question, dialect: Dialect) -> str:
    """The question's `when:` in the tool's language, or '' when it always applies."""
    condition = questionnaire.condition(question.id)
    if condition is None:
        return ""
    try:
        return _Translator(questionnaire, dialect).expr(condition.expression())
    except _Untranslatable as exc:
        message = _(
            "untranslatable",
            id=question.id,
            source=condition.source,
            tool=dialect.tool,
            what=exc.what,
        )
        raise InputError([Problem(questionnaire.id, message)]) from exc


class _Translator:
    def __init__(self, questionnaire: Questionnaire, dialect: Dialect) -> None:
        self.questionnaire = questionnaire
        self.dialect = dialect

    def expr(self, node: nodes.Node) -> str:
        d = self.dialect
        if isinstance(node, nodes.And | nodes.Or):
            word = "and" if isinstance(node, nodes.And) else "or"
            return d.join(word, [self.expr(node.left), self.expr(node.right)])
        if isinstance(node, nodes.Not):
            return d.negate(self.expr(node.node))
        if isinstance(node, nodes.Compare):
            return self.compare(node)
        if isinstance(node, nodes.Test):
            return self.test(node)
        question = self.question(node)
        if question is not None:
            # a bare reference is true when answered
            return d.negate(d.empty(question))
        raise _Untranslatable(_what(node))

    def question(self, node: nodes.Node) -> Question | None:
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            key = node.attr
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.node, nodes.Name)
            and isinstance(node.arg, nodes.Const)
        ):
            key = str(node.arg.value)
        else:
            return None
        if node.node.name not in ("profile", "answers"):
            raise _Untranslatable(node.node.name)
        return self.questionnaire.question(key)

    def operand(self, node: nodes.Node, beside: Question | None) -> str:
        question = self.question(node)
        if question is not None:
            return self.dialect.ref(question)
        if isinstance(node, nodes.Const):
            return self.dialect.value(beside, node.value)
        if isinstance(node, nodes.Neg) and isinstance(node.node, nodes.Const):
            return self.dialect.value(beside, -node.node.value)
        raise _Untranslatable(_what(node))

    def compare(self, node: nodes.Compare) -> str:
        parts = []
        left = node.expr
        for operand in node.ops:
            parts.append(self.pair(left, operand.op, operand.expr))
            left = operand.expr
        return parts[0] if len(parts) == 1 else self.dialect.join("and", parts)

    def pair(self, left: nodes.Node, op: str, right: nodes.Node) -> str:
        d = self.dialect
        if op in ("in", "notin"):
            return self.membership(left, right, negated=op == "notin")
        if op not in _COMPARISONS:
            raise _Untranslatable(op)
        beside = self.question(left) or self.question(right)
        return d.compare(self.operand(left, beside), op, self.operand(right, beside))

    def membership(self, item: nodes.Node, container: nodes.Node, *, negated: bool) -> str:
        d = self.dialect
        multiple = self.question(container)
        if multiple is not None and multiple.type is QuestionType.multiple:
            if not isinstance(item, nodes.Const):
                raise _Untranslatable("in")
            text = d.selected(multiple, str(item.value))
            return d.negate(text) if negated else text
        question = self.question(item)
        if question is None or not isinstance(container, nodes.List | nodes.Tuple):
            raise _Untranslatable("in")
        values = [self.operand(element, question) for element in container.items]
        return d.one_of(question, values, negated)

    def test(self, node: nodes.Test) -> str:
        question = self.question(node.node)
        if question is None or node.name not in ("none", "defined", "undefined"):
            raise _Untranslatable(f"is {node.name}")
        empty = self.dialect.empty(question)
        return empty if node.name in ("none", "undefined") else self.dialect.negate(empty)


def _what(node: nodes.Node) -> str:
    """How the user wrote what has no equivalent: ``|lower``, or the construct's name."""
    if isinstance(node, nodes.Filter):
        return f"|{node.name}"
    return type(node).__name__
