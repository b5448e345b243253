"""The DfE SSDA903 return as XML: ``<EXPSSDA903>`` of ``<CHILD>`` elements.

Each child's ``<HEADER>`` holds ``<CHILDID>`` and ``<DOB>``; each ``<AREVIEW>`` under the child
holds ``<REVIEW>`` (the date) and ``<REVIEW_CODE>``. A whole council's return is read as a stream
(iterparse, each child cleared once read) so that memory stays small whatever its size, and by
defusedxml, which refuses entity expansion and external DTDs, so that a crafted file cannot
exhaust the server or read its files.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, iterparse
from flask_babel import gettext as _

from app.domain.imports.files import WINDOWS_1252
from app.domain.imports.rows import ImportResult
from app.domain.imports.table import EITHER, FileProblem, Table

ROOT = "EXPSSDA903"
COLUMNS = {"child_ref": 0, "date_of_birth": 1, "review_date": 2, "participation_code": 3}
LABELS = {
    "child_ref": "CHILDID",
    "date_of_birth": "DOB",
    "review_date": "REVIEW",
    "participation_code": "REVIEW_CODE",
}


def recognises(start: bytes) -> bool:
    """Whether the file starts like XML, in UTF-8 or (with its byte-order mark) UTF-16."""
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = start.decode("utf-16", errors="ignore")
    else:
        head = start.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    return head.lstrip(" \t\r\n").startswith("<")


_DECLARED = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def as_declared(data: bytes) -> bytes:
    """The file in the encoding it declares (UTF-8 when it declares none).

    A return whose software says UTF-8 but writes a name in Windows-1252 ("Siân") would stop
    the parser at that name; such bytes are read as Windows-1252, as in a CSV.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data
    data = _declaration_first(data.removeprefix(codecs.BOM_UTF8))
    declared = _DECLARED.match(data[:200])
    if declared and _codec(declared.group(1).decode()) != "utf-8":
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors=WINDOWS_1252).encode("utf-8")
    return data


def _declaration_first(data: bytes) -> bytes:
    # Some exports write a blank line before <?xml ...?>, which XML forbids; the blank lines
    # move after the declaration so that every later line keeps its number.
    start = data.lstrip(b" \t\r\n")
    if len(start) == len(data) or not start.startswith(b"<?xml") or b"?>" not in start:
        return data
    end = start.index(b"?>") + 2
    return start[:end] + data[: len(data) - len(start)] + start[end:]


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _local(tag: str) -> str:
    # A return written with a namespace (xmlns="...") names each element "{namespace}TAG".
    return tag.rpartition("}")[2]


class _LineBuilder(TreeBuilder):
    """A tree builder that notes the line each review and child starts on, for messages."""

    def __init__(self):
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        if _local(tag) in ("AREVIEW", "CHILD", ROOT):
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def read(source: BinaryIO, result: ImportResult) -> Table:
    return Table(
        kind="903-xml",
        label=_("903 XML file"),
        columns=dict(COLUMNS),
        records=_records(source),
        labels=dict(LABELS),
        dates=EITHER,
    )


def _records(source: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    root = None
    child: dict[str, str] = {}
    reviews: list[tuple[int, str, str]] = []
    review: dict[str, str] = {}
    try:
        for event, element in iterparse(source, ("start", "end"), parser=parser):
            tag = _local(element.tag)
            if event == "start":
                if root is None:
                    root = element
                    if tag != ROOT:
                        raise FileProblem(
                            _(
                                "The XML file is not an SSDA903 return: its first element is "
                                "<%(tag)s>, not <%(root)s>.",
                                tag=tag[:40],
                                root=ROOT,
                            )
                        )
                continue
            text = (element.text or "").strip()
            if tag in ("CHILDID", "DOB"):
                child.setdefault(tag, text)
            elif tag in ("REVIEW", "REVIEW_CODE"):
                review[tag] = text
            elif tag == "AREVIEW":
                line = builder.lines.pop(id(element), 0)
                reviews.append((line, review.get("REVIEW", ""), review.get("REVIEW_CODE", "")))
                review = {}
                element.clear()
            elif tag == "CHILD":
                builder.lines.pop(id(element), None)
                for line, day, code in reviews:
                    yield line, [child.get("CHILDID", ""), child.get("DOB", ""), day, code]
                child, reviews = {}, []
                # Nothing of a child read is kept: the tree never grows past one child.
                root.clear()
    except DefusedXmlException:
        raise FileProblem(
            _("The XML file declares entities or a DTD, which My Say does not accept.")
        ) from None
    except ParseError as error:
        raise FileProblem(
            _(
                "line %(line)d: the file cannot be read as XML (%(reason)s).",
                line=error.position[0],
                reason=str(error).split(":")[0],
            )
        ) from None
