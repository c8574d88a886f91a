"""A workbook's zip checked before any XML parser sees it: unpacked size, ratio, DTDs."""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

from defusedxml import DefusedXmlException

from alliance_diag.errors import InputError, Problem
from alliance_diag.i18n import Catalog

# A survey export of 100,000 answers by 100 questions unpacks to a few hundred megabytes.
MAX_UNPACKED = 1 << 30
# Spreadsheet XML packs 5 to 30 times; a zip bomb, a thousand times or more.
MAX_RATIO = 200
# Small parts may pack much better (a sheet of empty cells); only big ones can hurt.
RATIO_FROM = 16 << 20
MAX_PARTS = 10_000
# the XML declaration and comments before the first element, generously
PROLOG_BYTES = 64 << 10

_ = Catalog(
    {
        "too_big": {
            "fr": "classeur refusé : il se décompresse en {size} Mo (au plus {limit} Mo)",
            "en": "workbook refused: it unpacks to {size} MB (at most {limit} MB)",
        },
        "ratio": {
            "fr": "classeur refusé : la partie {part} se décompresse {ratio} fois (au plus "
            "{limit}) ; c'est la marque d'une bombe de décompression",
            "en": "workbook refused: part {part} unpacks {ratio} times over (at most {limit}); "
            "that is the mark of a decompression bomb",
        },
        "too_many_parts": {
            "fr": "classeur refusé : {count} parties (au plus {limit})",
            "en": "workbook refused: {count} parts (at most {limit})",
        },
        "dtd": {
            "fr": "classeur refusé : la partie {part} déclare une DTD ou des entités "
            "(<!DOCTYPE>, <!ENTITY>), ce qu'aucun tableur n'écrit",
            "en": "workbook refused: part {part} declares a DTD or entities (<!DOCTYPE>, "
            "<!ENTITY>), which no spreadsheet writes",
        },
        "parser_refused": {
            "fr": "classeur refusé : son XML déclare des entités (<!ENTITY>) ou renvoie à un "
            "fichier extérieur, ce qu'aucun tableur n'écrit",
            "en": "workbook refused: its XML declares entities (<!ENTITY>) or refers to an "
            "outside file, which no spreadsheet writes",
        },
        "long_prolog": {
            "fr": "classeur refusé : la partie {part} ne commence par aucun élément XML",
            "en": "workbook refused: part {part} starts with no XML element",
        },
    }
)

_FIRST_ELEMENT = re.compile(r"<[A-Za-z_]")
_DECLARATION = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_workbook(path: Path) -> None:
    """Refuse a workbook that would unpack too big, or whose XML declares a DTD.

    Python's zipfile never unpacks more than a part's declared size, so checking the
    declared sizes bounds the memory and time of everything read after. A DTD is where
    entity bombs and external entities live; spreadsheets never write one.

    openpyxl parses through defusedxml, which refuses entity declarations itself: a
    second wall, not a replacement for this one. defusedxml lets a DTD without entities
    through, openpyxl leaves it aside when ``OPENPYXL_DEFUSEDXML=False`` or for lxml's
    parser when lxml is installed, and only this check names the part.
    """
    source = str(path)
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            message = _("too_many_parts", count=len(parts), limit=MAX_PARTS)
            raise InputError([Problem(source, message)])
        total = sum(part.file_size for part in parts)
        if total > MAX_UNPACKED:
            message = _("too_big", size=total >> 20, limit=MAX_UNPACKED >> 20)
            raise InputError([Problem(source, message)])
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > RATIO_FROM and ratio > MAX_RATIO:
                message = _("ratio", part=part.filename, ratio=int(ratio), limit=MAX_RATIO)
                raise InputError([Problem(source, message)])
        for part in parts:
            if part.filename.lower().endswith((".xml", ".rels", ".vml")):
                _check_prolog(archive, part, source)


def _check_prolog(archive: zipfile.ZipFile, part: zipfile.ZipInfo, source: str) -> None:
    with archive.open(part) as stream:
        head = stream.read(PROLOG_BYTES)
    text = _decoded(head)
    start = _FIRST_ELEMENT.search(text)
    prolog = text if start is None else text[: start.start()]
    if _DECLARATION.search(prolog):
        raise InputError([Problem(source, _("dtd", part=part.filename))])
    if start is None and len(head) == PROLOG_BYTES:
        raise InputError([Problem(source, _("long_prolog", part=part.filename))])


def _decoded(head: bytes) -> str:
    """The start of an XML part as text: UTF-16 when a byte-order mark or NULs say so."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "replace")
    if head[:1] == b"<" and head[1:2] == b"\x00":
        return head.decode("utf-16-le", "replace")
    if head[:1] == b"\x00":
        return head.decode("utf-16-be", "replace")
    return head.decode("utf-8", "replace")


def parser_refusal(source: str, exc: BaseException) -> Problem | None:
    """Our words for an entity trick that defusedxml, inside openpyxl's parser, refused.

    openpyxl wraps the refusal in a ValueError of its own, in English and on three lines.
    """
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return Problem(source, _("parser_refused"))
        cause = cause.__cause__ or cause.__context__
    return None
