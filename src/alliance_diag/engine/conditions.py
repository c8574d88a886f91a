"""`when:` conditions: a small expression language, checked with Jinja2's parser, run as Python."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from numbers import Number
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from alliance_diag.core.i18n import Catalog
from alliance_diag.core.suggest import suggestion

_ = Catalog(
    {
        "unbalanced": {
            "fr": "condition illisible : une parenthèse ou un crochet n'est pas refermé (ou de "
            "trop)",
            "en": "unreadable condition: a parenthesis or a bracket is left open (or closed "
            "once too often)",
        },
        "too_long": {
            "fr": "condition trop longue ({length} caractères ; au plus {limit})",
            "en": "condition too long ({length} characters; {limit} at most)",
        },
        "too_deep": {
            "fr": "condition trop imbriquée (au plus {limit} niveaux de parenthèses et "
            "d'opérateurs) : découpez-la",
            "en": "condition nested too deeply (at most {limit} levels of parentheses and "
            "operators): split it",
        },
        "too_big": {
            "fr": "condition trop complexe (au plus {limit} éléments) : simplifiez-la",
            "en": "condition too complex (at most {limit} parts): simplify it",
        },
        "syntax": {
            "fr": "condition illisible : {detail}",
            "en": "unreadable condition: {detail}",
        },
        "forbidden": {
            "fr": "« {what} » n'est pas permis dans une condition (seuls comparaisons, "
            "and/or/not, in, nombres, textes et listes le sont)",
            "en": "'{what}' is not allowed in a condition (only comparisons, and/or/not, in, "
            "numbers, texts and lists are)",
        },
        "unknown_name": {
            "fr": "nom inconnu « {name} » (noms possibles : {allowed})",
            "en": "unknown name '{name}' (possible names: {allowed})",
        },
        "unknown_id": {
            "fr": "« {name}.{key} » : identifiant inconnu{hint}",
            "en": "'{name}.{key}': unknown id{hint}",
        },
        "later_question": {
            "fr": "« answers.{key} » renvoie à une question posée plus tard ; une condition "
            "ne peut dépendre que des questions précédentes",
            "en": "'answers.{key}' refers to a later question; a condition can only depend "
            "on earlier questions",
        },
        "bare_namespace": {
            "fr": "« {name} » s'emploie avec un identifiant : {name}.ID",
            "en": "'{name}' needs an id: {name}.ID",
        },
        "unknown_value": {
            "fr": "« {ref} » ne vaut jamais « {value} »{hint} ; valeurs possibles : {allowed}",
            "en": "'{ref}' is never '{value}'{hint}; possible values: {allowed}",
        },
    }
)

_ALLOWED_NODES = (
    nodes.Template,
    nodes.Output,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Neg,
    nodes.Pos,
    nodes.Const,
    nodes.List,
    nodes.Tuple,
    nodes.Name,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Test,
    nodes.CondExpr,
)
# No arithmetic: conditions compare answers, and Jinja folds constants while compiling,
# so "'ab' * 400000000" would allocate at load time.
_SYMBOLS = {
    "Add": "+",
    "Sub": "-",
    "Mul": "*",
    "Div": "/",
    "FloorDiv": "//",
    "Mod": "%",
    "Pow": "**",
    "Concat": "~",
}
_ALLOWED_TESTS = {"none", "defined", "undefined", "number", "string", "in"}
_ALLOWED_FILTERS = {"length", "abs", "round", "int", "float", "lower", "upper"}

_env = ImmutableSandboxedEnvironment()

Context = Mapping[str, Any]
Compiled = Callable[[Context], Any]


@dataclass(frozen=True)
class Scope:
    """What a condition may refer to: plain names, and namespaces with their known ids."""

    names: frozenset[str] = frozenset()
    namespaces: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # ids that exist in the questionnaire but come later than the condition's owner
    later: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # the texts a reference can equal (option ids, statuses, level ids), to catch typos
    values: Mapping[tuple[str, str | None], frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Condition:
    """A checked condition, compiled to a Python function over a context of namespaces."""

    source: str
    refs: tuple[tuple[str, str | None], ...]
    run: Compiled = field(repr=False, compare=False)

    def expression(self) -> nodes.Expr:
        """The parsed expression, for writers that translate it into another language."""
        output = _env.parse("{{ (" + self.source + ") }}").body[0]
        assert isinstance(output, nodes.Output), "a checked condition is one expression"
        expression = output.nodes[0]
        assert isinstance(expression, nodes.Expr)
        return expression

    def evaluate(self, context: Context) -> bool:
        """True when the condition holds; a comparison that cannot be made (with none) is false."""
        try:
            return bool(self.run(context))
        except (TypeError, ValueError, OverflowError, AttributeError):
            return False


# Bounds on what a questionnaire author may write, so that a condition that validates
# always evaluates: deep nesting would overflow Python's stack, long ones slow every row.
MAX_LENGTH = 2_000
MAX_BRACKETS = 24
MAX_DEPTH = 100
MAX_NODES = 400


def check(source: str, scope: Scope) -> tuple[Condition | None, list[str]]:
    """Parse and check a condition against what it may refer to; all messages at once."""
    if len(source) > MAX_LENGTH:
        return None, [_("too_long", length=len(source), limit=MAX_LENGTH)]
    if any(source.count(o) != source.count(c) for o, c in ("()", "[]")):
        return None, [_("unbalanced")]
    if _nesting(source) > MAX_BRACKETS:
        return None, [_("too_deep", limit=MAX_BRACKETS)]
    try:
        tree = _env.parse("{{ (" + source + ") }}")
    except TemplateSyntaxError as exc:
        return None, [_("syntax", detail=exc.message)]
    except RecursionError:
        return None, [_("too_deep", limit=MAX_DEPTH)]
    except ValueError as exc:  # an integer of more digits than Python converts
        return None, [_("syntax", detail=str(exc))]
    size, depth = _measure(tree)
    if depth > MAX_DEPTH:
        return None, [_("too_deep", limit=MAX_DEPTH)]
    if size > MAX_NODES:
        return None, [_("too_big", limit=MAX_NODES)]
    messages: list[str] = []
    refs: list[tuple[str, str | None]] = []
    _walk(tree, scope, messages, refs)
    if messages:
        return None, messages
    expression = tree.body[0].nodes[0]  # type: ignore[attr-defined]
    return Condition(source, tuple(dict.fromkeys(refs)), _compile(expression)), []


# Jinja's meaning of each comparison, test and filter that _walk lets through; a condition
# is checked against Jinja's own parser, then run as plain Python closures (no template
# rendering per evaluation).
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "lteq": operator.le,
    "gt": operator.gt,
    "gteq": operator.ge,
    "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b,
}
_TESTS: dict[str, Callable[..., bool]] = {
    "none": lambda value: value is None,
    "defined": lambda value: True,
    "undefined": lambda value: False,
    "number": lambda value: isinstance(value, Number),
    "string": lambda value: isinstance(value, str),
    "in": lambda value, seq: value in seq,
}


def _to_int(value: Any, default: int = 0, base: int = 10) -> int:
    try:
        return int(value, base) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        try:
            return int(float(value))
        except (TypeError, ValueError, OverflowError):
            return default


def _to_float(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


_FILTERS: dict[str, Callable[..., Any]] = {
    "length": len,
    "abs": abs,
    "round": lambda value, precision=0, method="common": round(value, precision),
    "int": _to_int,
    "float": _to_float,
    "lower": lambda value: str(value).lower(),
    "upper": lambda value: str(value).upper(),
}


def _compile(node: nodes.Node) -> Compiled:
    """The checked expression as nested closures; only the nodes _walk allows."""
    if isinstance(node, nodes.Const):
        value = node.value
        return lambda context: value
    if isinstance(node, nodes.List | nodes.Tuple):
        items = [_compile(item) for item in node.items]
        kind = list if isinstance(node, nodes.List) else tuple
        return lambda context: kind(item(context) for item in items)
    if isinstance(node, nodes.Name):
        name = node.name
        return lambda context: context.get(name)
    if isinstance(node, nodes.Getattr | nodes.Getitem):
        return _compile_reference(node)
    if isinstance(node, nodes.And | nodes.Or):
        return _compile_logic(node)
    if isinstance(node, nodes.Not | nodes.Neg | nodes.Pos):
        inner = _compile(node.node)
        apply: Callable[[Any], Any] = (
            operator.not_
            if isinstance(node, nodes.Not)
            else operator.neg
            if isinstance(node, nodes.Neg)
            else operator.pos
        )
        return lambda context: apply(inner(context))
    if isinstance(node, nodes.Compare):
        return _compile_compare(node)
    if isinstance(node, nodes.Test | nodes.Filter):
        return _compile_call(node)
    if isinstance(node, nodes.CondExpr):
        test, then = _compile(node.test), _compile(node.expr1)
        otherwise = _compile(node.expr2) if node.expr2 is not None else (lambda context: None)
        return lambda context: then(context) if test(context) else otherwise(context)
    raise TypeError(f"unchecked condition node {type(node).__name__}")


def _compile_reference(node: nodes.Getattr | nodes.Getitem) -> Compiled:
    owner = _compile(node.node)
    key = node.attr if isinstance(node, nodes.Getattr) else node.arg.value  # type: ignore[attr-defined]

    def lookup(context: Context) -> Any:
        found = owner(context)
        return found.get(key) if isinstance(found, Mapping) else None

    return lookup


def _compile_logic(node: nodes.And | nodes.Or) -> Compiled:
    left, right = _compile(node.left), _compile(node.right)
    if isinstance(node, nodes.And):
        return lambda context: left(context) and right(context)
    return lambda context: left(context) or right(context)


def _compile_compare(node: nodes.Compare) -> Compiled:
    first = _compile(node.expr)
    steps = [(_COMPARE[op.op], _compile(op.expr)) for op in node.ops]

    def compare(context: Context) -> bool:
        left = first(context)
        for test, operand in steps:
            right = operand(context)
            if not test(left, right):
                return False
            left = right
        return True

    return compare


def _compile_call(node: nodes.Test | nodes.Filter) -> Compiled:
    table = _TESTS if isinstance(node, nodes.Test) else _FILTERS
    function = table[node.name]
    subject = _compile(node.node) if node.node is not None else (lambda context: None)
    # _walk lets no keyword argument through (a Keyword node is refused)
    args = [_compile(arg) for arg in node.args]
    return lambda context: function(subject(context), *(arg(context) for arg in args))


def _nesting(source: str) -> int:
    """The deepest bracket nesting, checked before Jinja's recursive parser sees it."""
    depth = deepest = 0
    for char in source:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest


def _measure(tree: nodes.Node) -> tuple[int, int]:
    """Number of nodes and depth of the tree, without recursion."""
    size = depth = 0
    stack = [(tree, 1)]
    while stack:
        node, level = stack.pop()
        size += 1
        depth = max(depth, level)
        if depth > MAX_DEPTH or size > MAX_NODES:
            break
        stack.extend((child, level + 1) for child in node.iter_child_nodes())
    return size, depth


def _refused(node: nodes.Node) -> str | None:
    """What a node is called when conditions may not hold it: a call, an unknown filter or
    test, arithmetic, anything else outside comparisons of answers."""
    if isinstance(node, nodes.Filter):
        return None if node.name in _ALLOWED_FILTERS else f"|{node.name}"
    if isinstance(node, nodes.Test):
        return None if node.name in _ALLOWED_TESTS else f"is {node.name}"
    if isinstance(node, nodes.Call):
        return "()"
    if not isinstance(node, _ALLOWED_NODES):
        return _SYMBOLS.get(type(node).__name__, type(node).__name__)
    return None


def _walk(
    node: nodes.Node,
    scope: Scope,
    messages: list[str],
    refs: list[tuple[str, str | None]],
) -> None:
    refused = _refused(node)
    if refused is not None:
        messages.append(_("forbidden", what=refused))
        return
    if isinstance(node, nodes.Compare):
        _check_values(node, scope, messages)
    if isinstance(node, nodes.Getitem) and not (
        isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)
    ):
        # only a quoted id may stand between brackets: answers["id"]
        messages.append(_("forbidden", what="[…]"))
        return
    if isinstance(node, nodes.Getattr | nodes.Getitem) and isinstance(node.node, nodes.Name):
        _reference(node, scope, messages, refs)
        return
    if isinstance(node, nodes.Name):
        if node.name in scope.namespaces:
            messages.append(_("bare_namespace", name=node.name))
        elif node.name not in scope.names:
            allowed = sorted(scope.names | set(scope.namespaces))
            messages.append(_("unknown_name", name=node.name, allowed=", ".join(allowed)))
        else:
            refs.append((node.name, None))
        return
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        messages.append(_("forbidden", what="." + node.attr))
        return
    for child in node.iter_child_nodes():
        _walk(child, scope, messages, refs)


def _reference_key(node: nodes.Node) -> tuple[str, str | None] | None:
    if isinstance(node, nodes.Name):
        return node.name, None
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return node.node.name, node.attr
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.node, nodes.Name)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        return node.node.name, node.arg.value
    return None


def _texts(node: nodes.Node) -> list[str]:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, nodes.List | nodes.Tuple):
        return [
            i.value for i in node.items if isinstance(i, nodes.Const) and isinstance(i.value, str)
        ]
    return []


def _check_values(node: nodes.Compare, scope: Scope, messages: list[str]) -> None:
    """`profile.partner_type == 'peeer'` would silently never hold: report the typo."""
    operands = [node.expr, *(op.expr for op in node.ops)]
    refs = [key for key in map(_reference_key, operands) if key is not None]
    texts = [text for operand in operands for text in _texts(operand)]
    for ref in refs:
        allowed = scope.values.get(ref)
        if not allowed:
            continue
        for text in texts:
            if text not in allowed:
                messages.append(
                    _(
                        "unknown_value",
                        ref=ref[0] if ref[1] is None else f"{ref[0]}.{ref[1]}",
                        value=text,
                        hint=suggestion(text, allowed),
                        allowed=", ".join(sorted(allowed)),
                    )
                )


def _reference(
    node: nodes.Getattr | nodes.Getitem,
    scope: Scope,
    messages: list[str],
    refs: list[tuple[str, str | None]],
) -> None:
    assert isinstance(node.node, nodes.Name)
    name = node.node.name
    if isinstance(node, nodes.Getattr):
        key: object = node.attr
    elif isinstance(node.arg, nodes.Const):
        key = node.arg.value
    else:
        messages.append(_("forbidden", what=f"{name}[…]"))
        return
    if name not in scope.namespaces:
        allowed = sorted(scope.names | set(scope.namespaces))
        messages.append(_("unknown_name", name=name, allowed=", ".join(allowed)))
        return
    known = scope.namespaces[name]
    if not isinstance(key, str) or key not in known:
        if isinstance(key, str) and key in scope.later.get(name, frozenset()):
            messages.append(_("later_question", key=key))
            return
        hint = suggestion(str(key), known)
        messages.append(_("unknown_id", name=name, key=key, hint=hint))
        return
    refs.append((name, key))
