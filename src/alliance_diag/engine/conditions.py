"""`when:` conditions as they run: a checked condition's program, compiled into Python
closures. Checking one against Jinja2's parser is ``condition_check``'s job; this module
imports no Jinja2, so that scoring a questionnaire kept compiled never loads it."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from numbers import Number
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import nodes

Context = Mapping[str, Any]
Compiled = Callable[[Context], Any]

# A checked expression as plain data, one tuple per node, its kind first:
# ("const", value), ("list" | "tuple", item…), ("name", name), ("get", owner, key),
# ("and" | "or", left, right), ("not" | "neg" | "pos", operand),
# ("compare", first, ((operator, operand), …)), ("test" | "filter", name, subject, (arg, …)),
# ("if", test, then, otherwise). Plain data pickles, so a compiled questionnaire can be
# kept on disk; closures do not.
Program = tuple[Any, ...]


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
    """A checked condition: its program, compiled to a Python function over a context of
    namespaces once, when the condition is made or read back from the cache."""

    source: str
    refs: tuple[tuple[str, str | None], ...]
    program: Program = field(repr=False, compare=False)
    run: Compiled = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "run", _compile(self.program))

    def __reduce__(self) -> tuple[type[Condition], tuple[Any, ...]]:
        # the closures are made again from the program
        return Condition, (self.source, self.refs, self.program)

    def expression(self) -> nodes.Expr:
        """The parsed expression, for writers that translate it into another language."""
        from jinja2 import nodes
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        output = ImmutableSandboxedEnvironment().parse("{{ (" + self.source + ") }}").body[0]
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


# Jinja's meaning of each comparison, test and filter that the check lets through; a
# condition is checked against Jinja's own parser, then run as plain Python closures (no
# template rendering per evaluation).
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
TESTS: dict[str, Callable[..., bool]] = {
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


FILTERS: dict[str, Callable[..., Any]] = {
    "length": len,
    "abs": abs,
    "round": lambda value, precision=0, method="common": round(value, precision),
    "int": _to_int,
    "float": _to_float,
    "lower": lambda value: str(value).lower(),
    "upper": lambda value: str(value).upper(),
}
_UNARY: dict[str, Callable[[Any], Any]] = {
    "not": operator.not_,
    "neg": operator.neg,
    "pos": operator.pos,
}


def _compile(program: Program) -> Compiled:
    """The program as nested closures."""
    kind = program[0]
    if kind == "const":
        value = program[1]
        return lambda context: value
    if kind in ("list", "tuple"):
        items = [_compile(item) for item in program[1:]]
        make = list if kind == "list" else tuple
        return lambda context: make(item(context) for item in items)
    if kind == "name":
        name = program[1]
        return lambda context: context.get(name)
    if kind == "get":
        return _compile_reference(_compile(program[1]), program[2])
    if kind in ("and", "or"):
        return _compile_logic(kind, _compile(program[1]), _compile(program[2]))
    if kind in _UNARY:
        apply, inner = _UNARY[kind], _compile(program[1])
        return lambda context: apply(inner(context))
    if kind == "compare":
        return _compile_compare(program)
    if kind in ("test", "filter"):
        return _compile_call(program)
    if kind == "if":
        test, then = _compile(program[1]), _compile(program[2])
        otherwise = _compile(program[3]) if program[3] is not None else (lambda context: None)
        return lambda context: then(context) if test(context) else otherwise(context)
    raise TypeError(f"unchecked condition program {kind!r}")


def _compile_reference(owner: Compiled, key: Any) -> Compiled:
    def lookup(context: Context) -> Any:
        found = owner(context)
        return found.get(key) if isinstance(found, Mapping) else None

    return lookup


def _compile_logic(kind: str, left: Compiled, right: Compiled) -> Compiled:
    if kind == "and":
        return lambda context: left(context) and right(context)
    return lambda context: left(context) or right(context)


def _compile_compare(program: Program) -> Compiled:
    first = _compile(program[1])
    steps = [(_COMPARE[op], _compile(operand)) for op, operand in program[2]]

    def compare(context: Context) -> bool:
        left = first(context)
        for test, operand in steps:
            right = operand(context)
            if not test(left, right):
                return False
            left = right
        return True

    return compare


def _compile_call(program: Program) -> Compiled:
    kind, name, subject_program, arg_programs = program
    function = (TESTS if kind == "test" else FILTERS)[name]
    subject = _compile(subject_program) if subject_program is not None else (lambda context: None)
    # the check lets no keyword argument through (a Keyword node is refused)
    args = [_compile(arg) for arg in arg_programs]
    return lambda context: function(subject(context), *(arg(context) for arg in args))
