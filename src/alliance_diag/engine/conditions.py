"""`when:` conditions: a small expression language run in Jinja2's sandbox, checked at load."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from alliance_diag.i18n import Catalog
from alliance_diag.suggest import suggestion

_ = Catalog(
    {
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
    """A checked condition, ready to run against a context of namespaces."""

    source: str
    refs: tuple[tuple[str, str | None], ...]
    # compiled on first use: loading a questionnaire checks every condition, but a run
    # evaluates few of them (and batches memoise the rest)
    _compiled: list[Callable[..., Any]] = field(default_factory=list, repr=False, compare=False)

    def expression(self) -> nodes.Expr:
        """The parsed expression, for writers that translate it into another language."""
        output = _env.parse("{{ (" + self.source + ") }}").body[0]
        assert isinstance(output, nodes.Output), "a checked condition is one expression"
        expression = output.nodes[0]
        assert isinstance(expression, nodes.Expr)
        return expression

    def evaluate(self, context: Mapping[str, Any]) -> bool:
        """True when the condition holds; a comparison that cannot be made (with none) is false."""
        if not self._compiled:
            self._compiled.append(_env.compile_expression(self.source, undefined_to_none=True))
        try:
            return bool(self._compiled[0](**context))
        except Exception:
            return False


def check(source: str, scope: Scope) -> tuple[Condition | None, list[str]]:
    """Parse and check a condition against what it may refer to; all messages at once."""
    try:
        tree = _env.parse("{{ (" + source + ") }}")
    except TemplateSyntaxError as exc:
        return None, [_("syntax", detail=exc.message)]
    messages: list[str] = []
    refs: list[tuple[str, str | None]] = []
    _walk(tree, scope, messages, refs)
    if messages:
        return None, messages
    return Condition(source=source, refs=tuple(dict.fromkeys(refs))), []


def _walk(
    node: nodes.Node,
    scope: Scope,
    messages: list[str],
    refs: list[tuple[str, str | None]],
) -> None:
    if isinstance(node, nodes.Filter):
        if node.name not in _ALLOWED_FILTERS:
            messages.append(_("forbidden", what=f"|{node.name}"))
            return
    elif isinstance(node, nodes.Test):
        if node.name not in _ALLOWED_TESTS:
            messages.append(_("forbidden", what=f"is {node.name}"))
            return
    elif isinstance(node, nodes.Call):
        messages.append(_("forbidden", what="()"))
        return
    elif not isinstance(node, _ALLOWED_NODES):
        messages.append(_("forbidden", what=_SYMBOLS.get(type(node).__name__, type(node).__name__)))
        return
    if isinstance(node, nodes.Compare):
        _check_values(node, scope, messages)
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
