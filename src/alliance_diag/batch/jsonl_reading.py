"""A JSON Lines export read line by line: its columns are every key seen, in order."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from alliance_diag.batch.table import (
    CountingReader,
    Kind,
    Malformed,
    Record,
    Table,
    TableFormat,
    cell_text,
    checked,
    decode_error,
)
from alliance_diag.core.errors import InputError, Problem
from alliance_diag.core.i18n import Catalog

_ = Catalog(
    {
        "bad_json_line": {
            "fr": "ligne JSON illisible : {detail}",
            "en": "unreadable JSON line: {detail}",
        },
        "not_an_object": {
            "fr": "chaque ligne JSON doit être un objet {{…}}",
            "en": "each JSON line must be an object {{…}}",
        },
        "lone_surrogate": {
            "fr": "la ligne JSON contient un caractère qui n'en est pas un ({code}, une moitié "
            "de paire UTF-16) : elle n'est pas lue",
            "en": "the JSON line holds a character that is none ({code}, half of a UTF-16 "
            "pair): it is not read",
        },
        "too_deep": {
            "fr": "ligne JSON trop profondément imbriquée",
            "en": "JSON line nested too deeply",
        },
    }
)


def open_jsonl(path: Path, size: int, encoding: str, warnings: tuple[str, ...]) -> Table:
    source = str(path)
    keys: dict[str, None] = {}
    # JSON Lines leave out unanswered keys, so the columns are every key seen, in order
    with path.open("r", encoding=encoding) as text:
        try:
            for number, line in enumerate(text, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except (ValueError, RecursionError) as exc:
                    if not keys:
                        raise InputError(
                            [Problem(source, _("bad_json_line", detail=exc), line=number)]
                        ) from exc
                    continue
                if isinstance(data, dict):
                    keys.update(dict.fromkeys(str(key) for key in data))
        except UnicodeDecodeError as exc:
            raise decode_error(source, encoding, exc) from exc
    stream = path.open("rb")
    position = [0]
    text = io.TextIOWrapper(
        io.BufferedReader(CountingReader(stream, position), 1 << 16), encoding=encoding
    )
    header = list(keys)
    return Table(
        path=path,
        format=TableFormat(Kind.jsonl, encoding=encoding, warnings=warnings),
        records=_jsonl_records(text, header),
        size=size,
        _stream=stream,
        _position=position,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _jsonl_records(text: IO[str], header: list[str]) -> Iterator[Record]:
    # the header is no line of the file (row 0), so records keep their own line numbers;
    # a key holding half a UTF-16 pair is shown with U+FFFD, and still read as it is
    yield 0, [_SURROGATE.sub("\ufffd", key) for key in header]
    for number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            yield number, Malformed(_("bad_json_line", detail=exc))
            continue
        except RecursionError:
            yield number, Malformed(_("too_deep"))
            continue
        if not isinstance(data, dict):
            yield number, Malformed(_("not_an_object"))
            continue
        cells = [cell_text(data.get(key)) for key in header]
        # JSON may escape half a UTF-16 pair ("\ud800"), which no file can hold as text
        half = next((found for cell in cells if (found := _SURROGATE.search(cell))), None)
        if half is not None:
            yield number, Malformed(_("lone_surrogate", code=f"\\u{ord(half[0]):04x}"))
            continue
        yield number, checked(cells)
