"""EDGAR full-submission SGML: the PEM envelope, the header fields and the <DOCUMENT> blocks.

EDGAR's SGML leaves most tags unclosed (<TYPE>, <SEQUENCE>, <FILENAME>, <DESCRIPTION> end at
the line end), so this reads it with line-oriented regular expressions rather than a parser.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from schemas.errors import ParseError

log = logging.getLogger(__name__)

_PEM_BEGIN = "-----BEGIN PRIVACY-ENHANCED MESSAGE-----"
_HEADER = re.compile(r"<(?:SEC-HEADER|IMS-HEADER)>(.*?)</(?:SEC-HEADER|IMS-HEADER)>", re.DOTALL)
_HEADER_FIELD = re.compile(r"^\s*([A-Z][A-Z0-9 \-]*?):[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_DOCUMENT = re.compile(r"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.DOTALL)
_DOCUMENT_FIELD = re.compile(r"^<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_TEXT = re.compile(r"<TEXT>\r?\n?(.*?)(?:</TEXT>|\Z)", re.DOTALL)
_UUENCODE_BEGIN = re.compile(r"^begin [0-7]{3,4} (\S.*)$", re.MULTILINE)
_SEC_DOCUMENT = re.compile(r"<SEC-DOCUMENT>([^\n]*)")
_ACCESSION = re.compile(r"\d{10}-\d{2}-\d{6}")


@dataclass
class SubmissionPart:
    """One <DOCUMENT> of a submission: the primary document, an exhibit or an attachment."""

    type: str
    sequence: str
    filename: str | None
    description: str | None
    body: str
    binary: bool = False


@dataclass
class Submission:
    """A parsed full submission: header fields (first value of each name) and its documents."""

    header: dict[str, str]
    parts: list[SubmissionPart] = field(default_factory=list)
    pem: bool = False
    # Every FORMER CONFORMED NAME of the filer, newest first as EDGAR lists them.
    former_names: tuple[str, ...] = ()

    @property
    def accession(self) -> str | None:
        value = self.header.get("ACCESSION NUMBER")
        if value and _ACCESSION.fullmatch(value):
            return value
        return None


def parse_submission(text: str, *, path: str | None = None) -> Submission:
    """Split a full submission into its header and documents; raise ParseError when truncated."""
    pem = text.lstrip().startswith(_PEM_BEGIN)
    if pem:
        text = undo_pem_dash_escaping(text)
    header_match = _HEADER.search(text)
    if not header_match:
        raise ParseError(
            f"truncated EDGAR submission {path}: no complete <SEC-HEADER> block; download the file again",
            path=path, reason="truncated-sgml",
        )
    header = read_header(header_match.group(1))
    _check_complete(text, header, path)
    parts = [part for block in _DOCUMENT.finditer(text, header_match.end()) if (part := _read_part(block.group(1)))]
    if not parts:
        raise ParseError(
            f"EDGAR submission {path} has no <DOCUMENT> block; download the file again",
            path=path, reason="truncated-sgml",
        )
    return Submission(header=header, parts=parts, pem=pem, former_names=read_former_names(header_match.group(1)))


def undo_pem_dash_escaping(text: str) -> str:
    """Undo the PEM escaping that prefixed every line starting with "-" by "- " (RFC 1421)."""
    return re.sub(r"^- (?=-)", "", text, flags=re.MULTILINE)


def read_header(block: str) -> dict[str, str]:
    """Read `NAME:\tvalue` header lines; the first value of a repeated name wins."""
    header: dict[str, str] = {}
    sec_document = _SEC_DOCUMENT.search(block)
    if sec_document:
        header["SEC-DOCUMENT"] = sec_document.group(1).strip()
    for name, value in _HEADER_FIELD.findall(block):
        name = name.strip()
        if value and name not in header:
            header[name] = value
    return header


def read_former_names(block: str) -> tuple[str, ...]:
    """Read every FORMER CONFORMED NAME of the header, which `read_header` keeps only once."""
    names = (value.strip() for name, value in _HEADER_FIELD.findall(block) if name.strip() == "FORMER CONFORMED NAME")
    return tuple(dict.fromkeys(name for name in names if name))


def _check_complete(text: str, header: dict[str, str], path: str | None) -> None:
    """Raise ParseError when the submission stops before its last document ends."""
    opened = text.count("<DOCUMENT>")
    closed = text.count("</DOCUMENT>")
    declared = header.get("PUBLIC DOCUMENT COUNT", "")
    if opened and closed < opened:
        raise ParseError(
            f"truncated EDGAR submission {path}: {opened} <DOCUMENT> blocks open but {closed} closed; "
            "download the file again",
            path=path, reason="truncated-sgml",
        )
    if declared.isdigit() and opened < int(declared):
        log.warning("submission %s declares %s documents but holds %d", path, declared, opened)


def _read_part(block: str) -> SubmissionPart | None:
    fields = {name: value for name, value in reversed(_DOCUMENT_FIELD.findall(block[:2000]))}
    text_match = _TEXT.search(block)
    body = text_match.group(1) if text_match else ""
    uuencoded = _UUENCODE_BEGIN.search(body[:2000])
    part = SubmissionPart(
        type=fields.get("TYPE", "").upper(),
        sequence=fields.get("SEQUENCE", ""),
        filename=fields.get("FILENAME"),
        description=fields.get("DESCRIPTION"),
        body="" if uuencoded else body,
        binary=bool(uuencoded),
    )
    if uuencoded:
        log.info("skipped uuencoded %s %s (sequence %s)", part.type or "document", uuencoded.group(1), part.sequence)
    return part if part.type or part.body else None
