"""The one Jinja2 environment factory for reports: template lookup, escaping, locale filters."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import math
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
import jinja2.environment
import jinja2.filters
import jinja2.runtime
import jinja2.sandbox
import jinja2.utils
import markupsafe
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from alliance_diag.core.dates import format_date
from alliance_diag.core.errors import InputError, Problem
from alliance_diag.core.i18n import NBSP, Catalog, format_number
from alliance_diag.core.textfold import printable

_ = Catalog(
    {
        "not_a_folder": {
            "fr": "le dossier de gabarits n'existe pas ou n'est pas un dossier",
            "en": "the template folder does not exist or is not a folder",
        },
        "template_error": {
            "fr": "gabarit invalide : {detail}",
            "en": "invalid template: {detail}",
        },
        "outside_folder": {
            "fr": "gabarit refusé : ce n'est pas un fichier ordinaire du dossier de gabarits "
            "(lien symbolique vers {target} ?)",
            "en": "template refused: not a regular file inside the template folder "
            "(a symbolic link to {target}?)",
        },
        "not_utf8": {
            "fr": "gabarit refusé : il n'est pas encodé en UTF-8",
            "en": "template refused: it is not UTF-8 encoded",
        },
        "too_big": {
            "fr": "calcul refusé dans un gabarit : résultat trop grand ({operator})",
            "en": "computation refused in a template: result too large ({operator})",
        },
        "file_too_big": {
            "fr": "gabarit refusé : {size} octets, au plus {limit}",
            "en": "template refused: {size} bytes, at most {limit}",
        },
        "output_too_big": {
            "fr": "gabarit arrêté : il écrit plus de {limit} caractères",
            "en": "template stopped: it writes more than {limit} characters",
        },
        "too_slow": {
            "fr": "gabarit arrêté : il tourne depuis plus de {seconds} secondes",
            "en": "template stopped: it has been running for more than {seconds} seconds",
        },
    }
)


def format_percent(value: float | None, lang: str, digits: int = 0) -> str:
    """A 0–1 share as a percentage: ``85 %`` in French, ``85%`` in English."""
    if value is None:
        return ""
    number = format_number(value * 100, lang, digits)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|~<>])|&(?=#?\w+;)")
_MARKDOWN_LINE_START = re.compile(r"^(\s*[#+-]|\s*\d+[.)])")


_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def markdown_escape(value: object) -> str:
    """User text made inert in Markdown (no markup, no raw HTML, one line), yet still readable.

    Only what would change the rendering is backslash-escaped, so "Jean-Pierre & Cie"
    stays as typed when the Markdown is pasted as plain text.
    """
    # line breaks and runs of spaces become one space; no-break spaces stay where they are
    text = " ".join(_ASCII_SPACE.split(printable(str(value)).strip(" \t\r\n\f\v")))
    text = _MARKDOWN_INLINE.sub(lambda m: "\\" + m[0], text)
    return _MARKDOWN_LINE_START.sub(lambda m: f"{m[1][:-1]}\\{m[1][-1]}", text)


def markdown_url(url: str) -> str:
    """A URL that cannot close the Markdown link around it."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _number_filter(value: float | None, lang: str, digits: int | None = 1) -> str:
    return format_number(value, lang, digits)


def _percent_filter(value: float | None, lang: str, digits: int = 0) -> str:
    return format_percent(value, lang, digits)


def _date_filter(value: date | datetime, lang: str) -> str:
    return format_date(value, lang)


def _md_filter(value: object) -> str:
    return markdown_escape(value)


def template_folder_problem(template_dir: Path) -> InputError:
    return InputError([Problem(str(template_dir), _("not_a_folder"))])


class _FolderLoader(jinja2.FileSystemLoader):
    """A consultant's templates: regular files inside the folder only, UTF-8 only.

    A symbolic link leading out of the folder (to ``/etc/passwd``, say) is refused, so a
    template folder received from someone else cannot make a report embed local files.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        real = path.resolve()
        if not (real.is_relative_to(self.folder) and real.is_file()):
            raise InputError([Problem(str(path), _("outside_folder", target=real))])
        size = real.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            message = _("file_too_big", size=size, limit=MAX_TEMPLATE_BYTES)
            raise InputError([Problem(str(path), message)])
        raw = real.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError([Problem(str(path), _("not_utf8"), line=line)]) from exc
        return text, str(path), lambda: True


REPORT_PACKAGE = "alliance_diag.report."
_VIEW_FIELDS: dict[type, frozenset[str]] = {}
# what Jinja finds on a dict before its keys (``t.items`` is the method, not a key)
_DICT_ATTRIBUTES = frozenset(dir(dict))
# a loop's own names (loop.first, loop.index), every one of them safe
_LOOP_NAMES = frozenset(name for name in dir(jinja2.runtime.LoopContext) if name[0] != "_")


def _view_fields(kind: type) -> frozenset[str]:
    """The names read at once on an object of ``kind``: the data fields and properties of
    a report view (a dataclass of this package's report modules), a loop's names."""
    fields = _VIEW_FIELDS.get(kind)
    if fields is None:
        ours = dataclasses.is_dataclass(kind) and kind.__module__.startswith(REPORT_PACKAGE)
        names = [f.name for f in dataclasses.fields(kind)] if ours else []
        if ours:
            names += [name for name, value in vars(kind).items() if isinstance(value, property)]
        fields = frozenset(name for name in names if not name.startswith("_"))
        if kind is jinja2.runtime.LoopContext:
            fields = _LOOP_NAMES
        if len(_VIEW_FIELDS) < MAX_REMEMBERED:
            _VIEW_FIELDS[kind] = fields
    return fields


def _set_in_template(obj: Any, name: Any) -> Any:
    """What an imported template (``palette.j2``) sets under ``name``, or ``missing``."""
    if type(obj) is not jinja2.environment.TemplateModule or not isinstance(name, str):
        return jinja2.utils.missing
    if name.startswith("_"):
        return jinja2.utils.missing
    return vars(obj).get(name, jinja2.utils.missing)


# markupsafe's own escaping of a text (its C code), without the Markup it wraps each in;
# a markupsafe that keeps it under another name gives the same text through ``escape``
_escape_text: Callable[[str], str] = getattr(markupsafe, "_escape_inner", None) or (
    lambda text: str(markupsafe.escape(text))
)


def escaped(value: Any) -> str:
    """A value written into an HTML page: the text markupsafe's ``escape`` gives, as a
    plain string. The page is joined into one string anyway, and making a Markup of each
    of a report's 500 values was a third of its rendering."""
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is float or kind is int:
        # a number has nothing to escape: the charts' coordinates, many values of a page
        return str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escape_text(str(value))


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox (no reaching Python internals from a template), with arithmetic
    that cannot make a report run for hours or fill the memory."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}
        self.code_generator_class = _BoundedCodeGenerator

    def call(self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A function called from a template (``lipsum``, ``"…".format``): no count or width
        beyond what a report needs, no result longer than a report may be."""
        name = getattr(__obj, "__name__", "()")
        _check_arguments(args, kwargs, name)
        return bounded(super().call(__context, __obj, *args, **kwargs), name)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``"{:>9}".format(x)`` in a template: no width of six digits or more."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_widths(getattr(value, "__self__", None))
        return wrapped

    escaped = staticmethod(escaped)

    def bounded_concat(self, joined: Any) -> Any:
        """``a ~ b``, refused once the text it makes is longer than a report may be."""
        return bounded(joined, "~")

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A field of our own report views read at once (they hold plain data, computed in
        Python), and so a loop's names, a key of a plain dict (``t.level``) and a name a
        template sets (``palette.ink``) where Jinja would find no attribute first; anything
        else goes through the sandbox's checks."""
        kind = type(obj)
        fields = _VIEW_FIELDS.get(kind)
        if fields is None:
            fields = _view_fields(kind)
        if attribute in fields:
            return getattr(obj, attribute)
        if kind is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        value = _set_in_template(obj, attribute)
        if value is not jinja2.utils.missing:
            return value
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``palette[status]`` read at once; anything else goes through the sandbox."""
        value = _set_in_template(obj, argument)
        if value is not jinja2.utils.missing:
            return value
        return super().getitem(obj, argument)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's answer, remembered: it depends on the object's type and the name only,
        and asking it again for every ``{{ dimension.label }}`` of every report is slow."""
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = super().is_safe_attribute(obj, attr, value)
            if len(self._safe) < MAX_REMEMBERED:
                self._safe[key] = safe
        return safe

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**" and _power_digits(left, right) > MAX_DIGITS:
            raise SecurityError(_("too_big", operator="**"))
        repeated = max(_length(left) * _magnitude(right), _length(right) * _magnitude(left))
        if operator == "*" and repeated > MAX_REPEAT:
            raise SecurityError(_("too_big", operator="*"))
        if operator == "%":
            _check_widths(left)
        return bounded(super().call_binop(context, operator, left, right), operator)


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's compiler, with ``~`` going through the sandbox's bound (it has no hook), and
    every value written into an autoescaped page through ``escaped``."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat(")
        super().visit_Concat(node, frame)
        self.write(")")

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        # Jinja's hook for what wraps a value it writes (3.0 on); were it renamed, values
        # would go through markupsafe's escape again: slower, the same page
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escaped(")
            if finalize.src is not None:
                self.write(finalize.src)
            return
        super()._output_child_pre(node, frame, finalize)


def bounded(value: Any, operator: str) -> Any:
    """``value``, unless it is a text or list longer than a report may be."""
    if _length(value) > MAX_OUTPUT:
        raise SecurityError(_("too_big", operator=operator))
    return value


# a width or count in a format (%999999999s, {:>999999999}): six digits or more
_WIDE = re.compile(r"%[-+ #0]*\d{6,}|\{[^{}]*:[^{}]*\d{6,}")


def _check_widths(text: Any) -> None:
    if isinstance(text, str) and _WIDE.search(text):
        raise SecurityError(_("too_big", operator="format"))


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any], name: str) -> None:
    """No number past MAX_RANGE given to a function or a filter: a width, a count of
    paragraphs or repetitions larger than that only makes a template run or fill memory."""
    for value in (*args, *kwargs.values()):
        if _magnitude(value) > MAX_RANGE:
            raise SecurityError(_("too_big", operator=name))


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter with the same bounds as a call (``center(10**9)``, ``"%9999999s"|format``)."""

    # the value filtered comes first, after the context or environment some filters take
    value_at = 1 if hasattr(function, "jinja_pass_arg") else 0

    @functools.wraps(function)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        if function is jinja2.filters.do_format and len(args) > value_at:
            _check_widths(args[value_at])
        _check_arguments(args[value_at + 1 :], kwargs, name)
        return bounded(function(*args, **kwargs), name)

    return filtered


# far beyond what laying out a report needs, far below what would exhaust the machine
MAX_REMEMBERED = 4096
MAX_DIGITS = 10_000
MAX_REPEAT = 1_000_000
MAX_RANGE = jinja2.sandbox.MAX_RANGE
# a template file, and what one rendering writes (our largest report is about 300 KB)
MAX_TEMPLATE_BYTES = 1_000_000
MAX_OUTPUT = 20_000_000
# how long one rendering (or one PDF printing) may run
MAX_SECONDS = 60


def _magnitude(value: Any) -> float:
    return abs(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _power_digits(base: Any, exponent: Any) -> float:
    """About how many digits ``base ** exponent`` has."""
    if _magnitude(base) <= 1 or _magnitude(exponent) <= 1:
        return 0
    return float(_magnitude(exponent) * math.log10(_magnitude(base)))


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


@functools.lru_cache(maxsize=16)
def environment(template_dir: Path | None, *, html: bool) -> jinja2.Environment:
    """The environment for one template folder (ours behind it); built once, then reused.

    Templates in ``template_dir`` override ours by name, so a consultant can replace
    only ``report.css`` or only ``report.html.j2``. Caching the environment keeps the
    compiled templates, which is what makes rendering a thousand reports cheap.
    """
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        if not template_dir.is_dir():
            raise template_folder_problem(template_dir)
        loaders.append(_FolderLoader(template_dir))
    loaders.append(jinja2.PackageLoader("alliance_diag.templates", ""))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # each CLI run is a fresh process, so checking file times on every render buys nothing
        auto_reload=False,
    )
    env.filters["number"] = _number_filter
    env.filters["percent"] = _percent_filter
    env.filters["date"] = _date_filter
    env.filters["md"] = _md_filter
    env.filters["md_url"] = markdown_url
    env.filters = {name: _bounded_filter(name, f) for name, f in env.filters.items()}
    return env


def get_template(template_dir: Path | None, name: str, *, html: bool) -> jinja2.Template:
    """A compiled template by name, with a template's own mistakes reported as input errors."""
    env = environment(template_dir, html=html)
    try:
        return env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        source = exc.filename or name
        raise InputError(
            [Problem(source, _("template_error", detail=exc.message), line=exc.lineno)]
        ) from exc


def render_template(template: jinja2.Template, **context: object) -> str:
    """Render, turning a template's failures (an undefined name, ``1/0``, endless recursion,
    a refused operation) into input errors naming the template file and line."""
    name = template.filename or template.name or "template"
    try:
        with time_limit(name):
            return _bounded_render(template, context, name)
    except InputError:
        raise
    # a template is code: whatever Python raises while running it is that code's mistake
    except Exception as exc:
        source, line = _error_location(exc, template.filename or template.name or "template")
        raise InputError(
            [Problem(source, _("template_error", detail=str(exc)), line=line)]
        ) from exc


def _bounded_render(template: jinja2.Template, context: dict[str, object], name: str) -> str:
    """``template.render``, stopped once it has written more than MAX_OUTPUT characters;
    pieces are joined a few thousand at a time, as fast as ``render`` joins them."""
    pieces = template.root_render_func(template.new_context(dict(context)))
    written: list[str] = []
    size = 0
    try:
        while chunk := list(itertools.islice(pieces, 4096)):
            text = "".join(chunk)
            size += len(text)
            if size > MAX_OUTPUT:
                raise InputError([Problem(name, _("output_too_big", limit=MAX_OUTPUT))])
            written.append(text)
    except InputError:
        raise
    except Exception:
        # the traceback rewritten to the template's own lines, as render does
        template.environment.handle_exception()
    return "".join(written)


class _TooSlow(BaseException):
    """Raised in a rendering that went past MAX_SECONDS; not an Exception, so that no
    ``except Exception`` of a library (WeasyPrint's, drawing an SVG) swallows it."""


@contextlib.contextmanager
def time_limit(source: str) -> Iterator[None]:
    """Stop what runs inside (a template, a PDF printing) after MAX_SECONDS, as an input
    error naming ``source``. The timer is the process's (SIGALRM), so this holds in the
    main thread only; elsewhere the other bounds still do. It fires again every second
    until the work unwinds, and the time is said to be up even when a library caught it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    expired = False

    def expire(signum: int, frame: Any) -> None:
        nonlocal expired
        expired = True
        raise _TooSlow

    seconds = MAX_SECONDS
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1)
    try:
        yield
    except _TooSlow:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:
        raise InputError([Problem(source, _("too_slow", seconds=seconds))])


def _error_location(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """The template file and line where rendering failed, from the frames Jinja rewrites."""
    found: tuple[str, int | None] = (fallback, None)
    traceback = exc.__traceback__
    while traceback is not None:
        frame_globals = traceback.tb_frame.f_globals
        if "__jinja_exception__" in frame_globals:
            found = (traceback.tb_frame.f_code.co_filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found
