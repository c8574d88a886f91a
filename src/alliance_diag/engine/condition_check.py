"""`when:` conditions checked with Jinja2's parser against what they may refer to, and
written out as the program ``conditions`` runs."""

from __future__ import annotations

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from alliance_diag.core.i18n import Catalog
from alliance_diag.core.suggest import suggestion
from alliance_diag.engine.conditions import FILTERS, TESTS, Condition, Program, Scope

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

_env = ImmutableSandboxedEnvironment()

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
    return Condition(source, tuple(dict.fromkeys(refs)), _lower(expression)), []


_UNARY_KINDS: dict[type[nodes.Node], str] = {nodes.Not: "not", nodes.Neg: "neg", nodes.Pos: "pos"}


def _lower(node: nodes.Node) -> Program:
    """The checked expression as the program ``conditions`` runs; only the nodes _walk
    allows."""
    if isinstance(node, nodes.Const):
        return ("const", node.value)
    if isinstance(node, nodes.List | nodes.Tuple):
        kind = "list" if isinstance(node, nodes.List) else "tuple"
        return (kind, *(_lower(item) for item in node.items))
    if isinstance(node, nodes.Name):
        return ("name", node.name)
    if isinstance(node, nodes.Getattr):
        return ("get", _lower(node.node), node.attr)
    if isinstance(node, nodes.Getitem):
        return ("get", _lower(node.node), node.arg.value)  # type: ignore[attr-defined]
    if isinstance(node, nodes.And | nodes.Or):
        kind = "and" if isinstance(node, nodes.And) else "or"
        return (kind, _lower(node.left), _lower(node.right))
    if isinstance(node, nodes.Not | nodes.Neg | nodes.Pos):
        return (_UNARY_KINDS[type(node)], _lower(node.node))
    if isinstance(node, nodes.Compare):
        return ("compare", _lower(node.expr), tuple((op.op, _lower(op.expr)) for op in node.ops))
    if isinstance(node, nodes.Test | nodes.Filter):
        kind = "test" if isinstance(node, nodes.Test) else "filter"
        subject = _lower(node.node) if node.node is not None else None
        return (kind, node.name, subject, tuple(_lower(arg) for arg in node.args))
    if isinstance(node, nodes.CondExpr):
        otherwise = _lower(node.expr2) if node.expr2 is not None else None
        return ("if", _lower(node.test), _lower(node.expr1), otherwise)
    raise TypeError(f"unchecked condition node {type(node).__name__}")


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
        return None if node.name in FILTERS else f"|{node.name}"
    if isinstance(node, nodes.Test):
        return None if node.name in TESTS else f"is {node.name}"
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
