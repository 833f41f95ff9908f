"""The parse entry points: read a file, detect its kind, dispatch to the parser, build documents."""

from __future__ import annotations

import logging
from pathlib import Path

from extractors.parsing import detect
from extractors.parsing.dates import parse_date
from extractors.parsing.filings import parse_filing_html, parse_full_submission
from extractors.parsing.paragraphs import assemble_text, build_paragraphs, sections_from_blocks
from extractors.parsing.paths import PathHints, read_path_hints
from extractors.parsing.statements import is_combined_statements, parse_combined_statements, parse_statement_pdf
from extractors.parsing.testimony import (
    ParsedHearing,
    committee_from_folder,
    is_gpo_hearing,
    is_politico_transcript,
    parse_answers,
    parse_gpo_hearing,
    parse_politico_transcript,
    witness_from_folder,
)
from extractors.parsing.transcript import ParsedTranscript, parse_transcript
from schemas.documents import Document, DocumentKind, Issuer, sha256_bytes
from schemas.errors import ParseError

log = logging.getLogger(__name__)

# Larger files are rejected before they are read: the biggest EDGAR primary documents are tens of
# MB, and a full submission with every exhibit and XBRL attachment stays well below this.
MAX_FILE_BYTES = 256 * 1024 * 1024


def parse_file(path: Path, *, source_url: str | None = None) -> list[Document]:
    """Parse one file into documents, the primary document first; raise ParseError for bad input."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ParseError(f"cannot read {path}: {exc.strerror}; check the path", path=str(path), reason="unreadable") from exc
    if size > MAX_FILE_BYTES:
        raise ParseError(
            f"{path} is {size} bytes, above the limit of {MAX_FILE_BYTES}; split the submission or "
            "raise extractors.parsing.api.MAX_FILE_BYTES",
            path=str(path), reason="too-large",
        )
    return parse_bytes(path.read_bytes(), path, source_url=source_url)


def parse_bytes(data: bytes, path: Path, *, source_url: str | None = None) -> list[Document]:
    """Parse the bytes of a file; `path` names it in messages and gives the fallback hints."""
    name = str(path)
    if not data.strip():
        raise ParseError(f"{name} is empty; download the file again", path=name, reason="empty")
    kind = detect.detect_kind(data, name)
    hints = read_path_hints(path)
    log.debug("parsing %s as %s", name, kind)
    if kind == detect.FULL_SUBMISSION:
        return parse_full_submission(detect.decode_text(data, name=name), data, path=name, hints=hints, source_url=source_url)
    if kind == detect.FILING_HTML:
        return parse_filing_html(data, path=name, hints=hints, source_url=source_url)
    if kind == detect.EARNINGS_CALL:
        parsed = parse_transcript(detect.decode_text(data, name=name))
        return [build_call(parsed, data, name, hints, source_url)]
    if kind == detect.TESTIMONY_PDF:
        surname = witness_from_folder(hints.folder_label or "", "")
        hearing = parse_statement_pdf(data, path=name, surname_hint=surname.name if surname else None)
        return [build_hearing(hearing, data, name, hints, source_url)]
    text = detect.decode_text(data, name=name)
    return [build_hearing(parse_hearing_text(text, hints), data, name, hints, source_url)]


def parse_hearing_text(text: str, hints: PathHints) -> ParsedHearing:
    """Parse hearing text in whichever layout it shows."""
    if is_gpo_hearing(text):
        return parse_gpo_hearing(text)
    if is_combined_statements(text):
        return parse_combined_statements(text)
    if is_politico_transcript(text):
        return parse_politico_transcript(text)
    return parse_answers(text, witness_from_folder(hints.folder_label or "", text))


def build_call(parsed: ParsedTranscript, data: bytes, name: str, hints: PathHints, source_url: str | None) -> Document:
    """Build the `Document` of an earnings call; path hints fill ticker, company and dates."""
    document_id = hints.accession or sha256_bytes(data)
    text, spans = assemble_text(parsed.blocks)
    if not text:
        raise ParseError(f"no text in transcript {name}; check the file", path=name, reason="empty")
    sections = sections_from_blocks(spans, len(text))
    ticker = parsed.ticker or hints.ticker
    company = parsed.company or ticker
    event_date = parsed.call_date or hints.day
    title = parsed.title or (f"{company} earnings call" if company else None)
    return Document(
        id=document_id,
        kind=DocumentKind.EARNINGS_CALL,
        issuer=Issuer(name=company, ticker=ticker) if company else None,
        title=title,
        event_date=event_date,
        period_end=hints.quarter_end if event_date is None else None,
        source_path=name,
        source_url=source_url,
        sha256=sha256_bytes(data),
        text=text,
        sections=sections,
        paragraphs=build_paragraphs(document_id, spans, sections),
        speakers=parsed.speakers,
    )


def build_hearing(parsed: ParsedHearing, data: bytes, name: str, hints: PathHints, source_url: str | None) -> Document:
    """Build the `Document` of a hearing or statement; the issuer is the lone witness's organization."""
    document_id = sha256_bytes(data)
    text, spans = assemble_text(parsed.blocks)
    if not text:
        raise ParseError(f"no text in testimony {name}; check the file", path=name, reason="empty")
    sections = sections_from_blocks(spans, len(text))
    witnesses = [speaker for speaker in parsed.speakers if speaker.is_witness]
    firms = {witness.firm for witness in witnesses if witness.firm}
    issuer = Issuer(name=firms.pop(), ticker=None) if len(firms) == 1 else None
    title = parsed.title
    if title is None and witnesses:
        title = "Testimony of " + ", ".join(witness.name for witness in witnesses)
    return Document(
        id=document_id,
        kind=DocumentKind.TESTIMONY,
        issuer=issuer,
        title=title,
        event_date=parsed.hearing_date or hints.day or parse_date(hints.folder_label or ""),
        source_path=name,
        source_url=source_url,
        sha256=sha256_bytes(data),
        text=text,
        sections=sections,
        paragraphs=build_paragraphs(document_id, spans, sections),
        speakers=parsed.speakers,
        committee=parsed.committee or committee_from_folder(hints.folder_label or ""),
    )
