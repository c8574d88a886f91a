"""`when:` conditions as JavaScript, compiled from the parsed tree the engine checks and runs.

The member's HTML form evaluates the questionnaire's conditions in the browser. Each
condition is written from ``Condition.expression()``, node by node, as calls of a small
runtime (``templates/form.js``, object ``R``) that keeps Python's meaning: ``==`` between
lists, ``in`` on lists and texts, truthiness, a comparison with ``none`` failing (the whole
condition is then false, as ``Condition.evaluate`` says).
"""

from __future__ import annotations

import json

from jinja2 import nodes

from alliance_diag.engine.questionnaire import Questionnaire


def _literal(value: object) -> str:
    # "<" escaped: the code is written inside a <script> element
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def javascript(node: nodes.Node) -> str:
    """A checked condition's expression as one JavaScript expression over ``c``, the
    context (``c.profile``, ``c.answers``, …)."""
    if isinstance(node, nodes.Const):
        return _literal(node.value)
    if isinstance(node, nodes.List | nodes.Tuple):
        return "[" + ", ".join(javascript(item) for item in node.items) + "]"
    if isinstance(node, nodes.Name):
        return f"R.get(c, {_literal(node.name)})"
    if isinstance(node, nodes.Getattr):
        return f"R.get({javascript(node.node)}, {_literal(node.attr)})"
    if isinstance(node, nodes.Getitem):
        return f"R.get({javascript(node.node)}, {javascript(node.arg)})"
    if isinstance(node, nodes.And | nodes.Or):
        word = "and" if isinstance(node, nodes.And) else "or"
        return f"R.{word}({javascript(node.left)}, () => {javascript(node.right)})"
    if isinstance(node, nodes.Not):
        return f"!R.truthy({javascript(node.node)})"
    if isinstance(node, nodes.Neg | nodes.Pos):
        sign = "neg" if isinstance(node, nodes.Neg) else "pos"
        return f"R.{sign}({javascript(node.node)})"
    if isinstance(node, nodes.Compare):
        steps = ", ".join(f'["{op.op}", () => {javascript(op.expr)}]' for op in node.ops)
        return f"R.compare({javascript(node.expr)}, [{steps}])"
    if isinstance(node, nodes.Test | nodes.Filter):
        kind = "test" if isinstance(node, nodes.Test) else "filter"
        subject = javascript(node.node) if node.node is not None else "null"
        args = "".join(", " + javascript(arg) for arg in node.args)
        return f"R.{kind}({_literal(node.name)}, {subject}{args})"
    if isinstance(node, nodes.CondExpr):
        otherwise = javascript(node.expr2) if node.expr2 is not None else "null"
        test, then = javascript(node.test), javascript(node.expr1)
        return f"(R.truthy({test}) ? {then} : {otherwise})"
    raise TypeError(f"unchecked condition node {type(node).__name__}")


def conditions_script(questionnaire: Questionnaire) -> str:
    """``const CONDITIONS = {id: c => …}`` for every question that has a condition."""
    lines = []
    for question in questionnaire.all_questions():
        condition = questionnaire.condition(question.id)
        if condition is not None:
            body = javascript(condition.expression())
            lines.append(f"  {_literal(question.id)}: (c) => {body},")
    return "const CONDITIONS = {\n" + "\n".join(lines) + "\n};\n"
