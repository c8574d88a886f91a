"""Safe YAML reading that remembers where every value came from, for located errors."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from alliance_diag.errors import InputError, Problem
from alliance_diag.i18n import Catalog
from alliance_diag.io.atomic import os_problem

MAX_BYTES = 5_000_000
MAX_NODES = 200_000
# characters of text once aliases are expanded: twice what the largest file holds
MAX_CHARACTERS = 2 * MAX_BYTES
MAX_DEPTH = 60

Loc = tuple[str | int, ...]

_ = Catalog(
    {
        "too_large": {
            "fr": "fichier trop volumineux ({size} octets, au plus {limit})",
            "en": "file too large ({size} bytes, at most {limit})",
        },
        "too_many_nodes": {
            "fr": "structure YAML trop grande une fois développée (plus de {limit} valeurs : "
            "alias imbriqués ?)",
            "en": "YAML structure too large once expanded (more than {limit} values: "
            "nested aliases?)",
        },
        "too_much_text": {
            "fr": "texte YAML trop long une fois développé (plus de {limit} caractères : "
            "alias répétés ?)",
            "en": "YAML text too long once expanded (more than {limit} characters: "
            "repeated aliases?)",
        },
        "number_too_long": {
            "fr": "nombre trop long : au plus {limit} chiffres",
            "en": "number too long: {limit} digits at most",
        },
        "too_deep": {
            "fr": "structure YAML trop profondément imbriquée",
            "en": "YAML structure nested too deeply",
        },
        "malformed": {"fr": "YAML invalide : {detail}", "en": "invalid YAML: {detail}"},
        "colon_in_value": {
            "fr": "deux-points inattendus ; si la valeur en contient, mettez-la entre guillemets",
            "en": "unexpected ':'; if the value holds a colon, put it in quotes",
        },
        "tab": {
            "fr": "caractère interdit ici (une tabulation ? indentez avec des espaces)",
            "en": "character not allowed here (a tab? indent with spaces)",
        },
        "unclosed_quote": {
            "fr": "guillemet ouvert jamais refermé",
            "en": "a quote is opened and never closed",
        },
        "unclosed_list": {
            "fr": "liste [ … ] non refermée (il manque « , » ou « ] »)",
            "en": "list [ … ] not closed (',' or ']' missing)",
        },
        "unclosed_mapping": {
            "fr": "dictionnaire {{ … }} non refermé (il manque « , » ou « }} »)",
            "en": "mapping {{ … }} not closed (',' or '}}' missing)",
        },
        "indentation": {
            "fr": "indentation incohérente : alignez cette ligne sur ses voisines",
            "en": "inconsistent indentation: align this line with its neighbours",
        },
        "unknown_alias": {
            "fr": "alias (*nom) sans ancre (&nom) correspondante",
            "en": "alias (*name) with no matching anchor (&name)",
        },
        "bad_tag": {
            "fr": "étiquette YAML non autorisée {tag} (seuls les types simples sont acceptés)",
            "en": "YAML tag {tag} is not allowed (only plain values are accepted)",
        },
        "duplicate_key": {
            "fr": "clé « {key} » répétée (sa première valeur serait ignorée)",
            "en": "key '{key}' appears twice (its first value would be ignored)",
        },
        "bad_key": {
            "fr": "une clé doit être un texte simple",
            "en": "a key must be a plain text",
        },
        "control_character": {
            "fr": "caractère de contrôle U+{code:04X} interdit en YAML : supprimez-le, ou "
            "écrivez-le \\u{code:04x} entre guillemets doubles",
            "en": "control character U+{code:04X} is not allowed in YAML: remove it, or write "
            "it \\u{code:04x} inside double quotes",
        },
        "not_utf8": {
            "fr": "le fichier n'est pas encodé en UTF-8 (octet invalide à la position {pos})",
            "en": "the file is not UTF-8 encoded (invalid byte at position {pos})",
        },
    }
)


# libyaml parses ten times faster and keeps the same marks; the pure-Python parser
# is the fallback where PyYAML was built without it.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader reading YAML 1.2 booleans: only true/false, so `yes`, `no`, `on` stay text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass
class Located:
    """Plain data read from YAML, with the line and column (1-based) of each path."""

    data: Any
    source: str
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Loc) -> tuple[int | None, int | None]:
        """The position of ``loc``, or of its closest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            found = self.positions.get(tuple(loc[:end]))
            if found:
                return found
        return None, None

    def problem(self, loc: Loc, message: str) -> Problem:
        line, column = self.position(loc)
        return Problem(
            source=self.source,
            message=message,
            line=line,
            column=column,
            field=dotted(loc) or None,
        )


# The parser's wording of the usual mistakes, said plainly; anything else keeps its text.
_EXPLAINED = {
    "mapping values are not allowed": "colon_in_value",
    "found character that cannot start any token": "tab",
    "found unexpected end of stream": "unclosed_quote",
    "did not find expected ',' or ']'": "unclosed_list",
    "did not find expected ',' or '}'": "unclosed_mapping",
    "did not find expected key": "indentation",
    "did not find expected '-' indicator": "indentation",
    "found undefined alias": "unknown_alias",
}


def _explain(exc: yaml.MarkedYAMLError) -> tuple[str, bool]:
    """The problem in plain words, and whether it is something left open."""
    problem = str(exc.problem or "")
    for start, key in _EXPLAINED.items():
        if problem.startswith(start):
            return _(key), key.startswith("unclosed")
    return " ".join(str(part) for part in (exc.context, exc.problem) if part), False


def short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def dotted(loc: Loc) -> str:
    """``('questions', 3, 'text')`` → ``questions[3].text``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_text(path: Path, source: str | None = None) -> str:
    """A UTF-8 text file (BOM tolerated), refusing huge files before reading them."""
    name = source or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError([Problem(name, _("too_large", size=size, limit=MAX_BYTES))])
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([os_problem(name, exc)]) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, _("not_utf8", pos=exc.start))]) from exc


def load_yaml_file(path: Path, source: str | None = None) -> Located:
    return load_yaml_text(read_text(path, source), source or str(path))


def load_yaml_text(text: str, source: str) -> Located:
    """Parse YAML safely; every problem found is raised at once as an InputError."""
    if len(text) > MAX_BYTES:
        raise InputError([Problem(source, _("too_large", size=len(text), limit=MAX_BYTES))])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail, opened = _explain(exc)
        if opened and exc.context_mark:
            # point at what was left open, not at the end of the file
            mark = exc.context_mark
        raise InputError(
            [
                Problem(
                    source,
                    _("malformed", detail=detail),
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ]
        ) from exc
    except yaml.reader.ReaderError as exc:
        raise InputError([_reader_problem(text, source, exc)]) from exc
    except yaml.YAMLError as exc:
        raise InputError([Problem(source, _("malformed", detail=exc))]) from exc
    except RecursionError as exc:
        raise InputError([Problem(source, _("too_deep"))]) from exc
    located = Located(data=None, source=source)
    if node is not None:
        builder = _Builder(loader, located)
        located.data = builder.build(node, ())
        if builder.problems:
            raise InputError(builder.problems)
    loader.dispose()
    return located


def _reader_problem(text: str, source: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML refuses, located by line and column in our words."""
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    # libyaml counts its position in bytes: the refused character is found by itself instead
    found = text.find(chr(code))
    position = found if found >= 0 else exc.position
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    return Problem(source, _("control_character", code=code), line=line, column=column)


class _Builder:
    """Turns a composed node graph into plain data, counting values to stop alias bombs."""

    def __init__(self, loader: _Loader, located: Located) -> None:
        self.loader = loader
        self.located = located
        self.count = 0
        self.characters = 0
        self.problems: list[Problem] = []

    def _problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.located.source, message, mark.line + 1, mark.column + 1))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self._problem(node, _("too_many_nodes", limit=MAX_NODES))
            raise InputError(self.problems)
        if len(loc) > MAX_DEPTH:
            self._problem(node, _("too_deep"))
            raise InputError(self.problems)
        mark = node.start_mark
        self.located.positions.setdefault(loc, (mark.line + 1, mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._problem(node, _("bad_tag", tag=short_tag(node.tag)))
                return None
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        # an alias is built again wherever it is used: its text counts each time
        self.characters += len(node.value)
        if self.characters > MAX_CHARACTERS:
            self._problem(node, _("too_much_text", limit=MAX_CHARACTERS))
            raise InputError(self.problems)
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self._problem(node, _("bad_tag", tag=short_tag(node.tag)))
            return None
        except ValueError:  # an integer of more digits than Python converts
            self._problem(node, _("number_too_long", limit=sys.get_int_max_str_digits()))
            return None

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any] | None:
        if node.tag != _MAP:
            self._problem(node, _("bad_tag", tag=short_tag(node.tag)))
            return None
        # keys written here, not brought in by a merge (<<): only those may not repeat
        own = {id(key) for key, _value in node.value if key.tag != "tag:yaml.org,2002:merge"}
        try:
            self.loader.flatten_mapping(node)
        except yaml.constructor.ConstructorError as exc:
            self._problem(node, _("malformed", detail=exc.problem))
            return None
        result: dict[Any, Any] = {}
        written: set[Any] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, _("bad_key"))
                continue
            key = self.build(key_node, (*loc, "\0key"))
            if not isinstance(key, str | int | float | bool) or key is None:
                self._problem(key_node, _("bad_key"))
                continue
            if id(key_node) in own:
                if key in written:
                    self._problem(key_node, _("duplicate_key", key=key))
                written.add(key)
            mark = key_node.start_mark
            child: Loc = (*loc, key if isinstance(key, str | int) else str(key))
            self.located.positions[child] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, child)
        self.located.positions.pop((*loc, "\0key"), None)
        return result
