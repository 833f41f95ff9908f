"""SEC filings to `Document`s: bare HTML or inline XBRL documents and EDGAR full submissions."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from extractors.parsing.dates import MONTH_DAY_YEAR, parse_date
from extractors.parsing.exhibit21 import parse_subsidiaries
from extractors.parsing.html import is_preformatted_text, parse_html, unwrap_preformatted
from extractors.parsing.items import split_items
from extractors.parsing.paragraphs import Block, assemble_text, build_paragraphs
from extractors.parsing.paths import PathHints
from extractors.parsing.plaintext import clean_plain_filing
from extractors.parsing.sgml import Submission, SubmissionPart, parse_submission
from schemas.documents import Document, DocumentKind, Issuer, sha256_bytes
from schemas.errors import ParseError

log = logging.getLogger(__name__)

# Exhibits worth a document of their own: press releases and transcripts (EX-99), subsidiaries
# (EX-21) and officer certifications (EX-31, EX-32).
USEFUL_EXHIBIT = re.compile(r"^EX-(?:99|21|31|32)(?:\b|\.)", re.IGNORECASE)
PERIODIC_FORMS = ("10-K", "10-Q", "20-F", "40-F", "10-KT", "10-QT")
_HTML_START = re.compile(r"^\s*(?:<XBRL>|<\?xml|<!DOCTYPE\s+html|<html)", re.IGNORECASE)
_COVER_FORM = re.compile(r"\bFORM\s+(10-K|10-Q|8-K|20-F|40-F|6-K)(/A)?\b", re.IGNORECASE)
_COVER_PERIOD = re.compile(
    r"(?:fiscal\s+year|quarterly\s+period|transition\s+period|period)\s+ended:?\s*", re.IGNORECASE
)
_COVER_EVENT = re.compile(r"date\s+of\s+(?:report|earliest\s+event\s+reported)\b[^:]*:?\s*", re.IGNORECASE)
_EXACT_NAME = re.compile(r"\(?\s*exact name of (?:the )?registrant", re.IGNORECASE)
_EXHIBIT_LABEL = re.compile(r"^\s*exhibit\s+(\d{1,3}(?:\.\d{1,3})?)\b", re.IGNORECASE)


@dataclass
class FilingFacts:
    """Filing facts merged from the SGML header, the dei facts, the cover page and the path."""

    form: str | None = None
    company: str | None = None
    cik: str | None = None
    ticker: str | None = None
    filed_at: dt.date | None = None
    period_end: dt.date | None = None
    event_date: dt.date | None = None
    title: str | None = None
    former_names: tuple[str, ...] = ()


def parse_filing_html(data: bytes, *, path: str, hints: PathHints, source_url: str | None) -> list[Document]:
    """Parse one HTML or inline XBRL filing document that came without its SGML wrapper."""
    if is_preformatted_text(data):
        blocks = clean_plain_filing(unwrap_preformatted(data))
        facts = FilingFacts()
    else:
        converted = parse_html(data, path=path)
        blocks = converted.blocks
        facts = facts_from_dei(converted.dei)
    _fill_from_cover(facts, blocks)
    _fill_from_path(facts, hints)
    document_id = hints.accession or sha256_bytes(data)
    return [build_filing(document_id, blocks, facts, sha256=sha256_bytes(data), path=path, source_url=source_url)]


def parse_full_submission(text: str, data: bytes, *, path: str, hints: PathHints, source_url: str | None) -> list[Document]:
    """Parse an EDGAR full submission: the primary document first, then its useful exhibits."""
    submission = parse_submission(text, path=path)
    accession = submission.accession or hints.accession or sha256_bytes(data)
    primary, *others = [part for part in submission.parts if not part.binary]
    header_facts = facts_from_header(submission)
    blocks, dei = convert_part(primary, path)
    facts = facts_from_dei(dei)
    _merge(facts, header_facts)
    _fill_from_cover(facts, blocks)
    _fill_from_path(facts, hints)
    sha = sha256_bytes(data)
    documents = [build_filing(accession, blocks, facts, sha256=sha, path=path, source_url=source_url)]
    for part in others:
        if USEFUL_EXHIBIT.match(part.type):
            documents.append(_build_exhibit(accession, part, facts, sha=sha, path=path, source_url=source_url))
    return documents


def convert_part(part: SubmissionPart, path: str) -> tuple[list[Block], dict[str, str]]:
    """Convert one submission document to blocks: HTML or inline XBRL, else plain text."""
    if _HTML_START.match(part.body[:500]):
        # EDGAR wraps inline XBRL documents in <XBRL> tags inside <TEXT>.
        body = re.sub(r"^\s*<XBRL>|</XBRL>\s*$", "", part.body, flags=re.IGNORECASE)
        converted = parse_html(body.encode("utf-8"), path=f"{path}#{part.sequence}")
        return converted.blocks, converted.dei
    return clean_plain_filing(part.body), {}


def _build_exhibit(
    accession: str, part: SubmissionPart, parent: FilingFacts, *, sha: str, path: str, source_url: str | None
) -> Document:
    blocks, _ = convert_part(part, path)
    facts = FilingFacts(
        form=part.type,
        company=parent.company,
        cik=parent.cik,
        ticker=parent.ticker,
        former_names=parent.former_names,
        filed_at=parent.filed_at,
        event_date=parent.event_date,
        title=f"{parent.company or 'Filing'} {part.type}: {part.description or part.filename or ''}".rstrip(": "),
    )
    return build_filing(f"{accession}#{part.sequence}", blocks, facts, sha256=sha, path=path, source_url=source_url)


def build_filing(
    document_id: str, blocks: list[Block], facts: FilingFacts, *, sha256: str, path: str, source_url: str | None
) -> Document:
    """Assemble the blocks of a filing into a `Document` with item sections and paragraphs."""
    text, spans = assemble_text(blocks)
    if not text:
        raise ParseError(
            f"no text in filing {path} ({document_id}); check that the file is a complete filing",
            path=path, reason="empty",
        )
    sections = split_items(text, spans, facts.form)
    issuer = None
    if facts.company:
        issuer = Issuer(name=facts.company, cik=facts.cik, ticker=facts.ticker, former_names=facts.former_names)
    subsidiaries = parse_subsidiaries(text) if (facts.form or "").upper().startswith("EX-21") else []
    return Document(
        id=document_id,
        kind=DocumentKind.FILING,
        form=facts.form,
        issuer=issuer,
        title=facts.title or _default_title(facts),
        filed_at=facts.filed_at,
        period_end=facts.period_end,
        event_date=facts.event_date,
        source_path=path,
        source_url=source_url,
        sha256=sha256,
        text=text,
        sections=sections,
        paragraphs=build_paragraphs(document_id, spans, sections),
        subsidiaries=subsidiaries,
    )


def _default_title(facts: FilingFacts) -> str | None:
    if not facts.form:
        return facts.company
    title = f"{facts.company or 'Unknown registrant'} {facts.form}"
    if facts.period_end:
        title += f" for the period ended {facts.period_end.isoformat()}"
    return title


def facts_from_dei(dei: dict[str, str]) -> FilingFacts:
    """Read form, registrant, CIK, ticker and period end from inline XBRL dei facts."""
    form = dei.get("DocumentType")
    if form and dei.get("AmendmentFlag", "").lower() == "true" and not form.endswith("/A"):
        form += "/A"
    period = parse_date(dei.get("DocumentPeriodEndDate", ""))
    facts = FilingFacts(
        form=form,
        company=dei.get("EntityRegistrantName"),
        cik=normalize_cik(dei.get("EntityCentralIndexKey")),
        ticker=(dei.get("TradingSymbol") or "").upper() or None,
    )
    _set_period(facts, period)
    return facts


def facts_from_header(submission: Submission) -> FilingFacts:
    """Read form, filer, CIK and dates from the SGML header of a full submission."""
    header = submission.header
    facts = FilingFacts(
        form=header.get("CONFORMED SUBMISSION TYPE") or header.get("FORM TYPE"),
        company=header.get("COMPANY CONFORMED NAME"),
        cik=normalize_cik(header.get("CENTRAL INDEX KEY")),
        filed_at=parse_date(header.get("FILED AS OF DATE", "")),
        former_names=submission.former_names,
    )
    _set_period(facts, parse_date(header.get("CONFORMED PERIOD OF REPORT", "")))
    return facts


def _set_period(facts: FilingFacts, date: dt.date | None) -> None:
    """Store a period date as the fiscal period end of a periodic report, else as the event date."""
    if date is None:
        return
    if facts.form and facts.form.upper().startswith(PERIODIC_FORMS):
        facts.period_end = date
    else:
        facts.event_date = date


def normalize_cik(value: str | None) -> str | None:
    """Return a CIK zero-padded to 10 digits, or None when `value` is not a CIK."""
    digits = (value or "").strip()
    return digits.zfill(10) if digits.isdigit() and len(digits) <= 10 else None


def _merge(facts: FilingFacts, fallback: FilingFacts) -> None:
    """Fill the empty fields of `facts` from `fallback`; the SGML header's form always wins."""
    for name in ("company", "cik", "ticker", "filed_at", "period_end", "event_date", "title"):
        if getattr(facts, name) is None:
            setattr(facts, name, getattr(fallback, name))
    facts.former_names = facts.former_names or fallback.former_names
    if fallback.form:
        facts.form = fallback.form
        if facts.event_date and facts.form.upper().startswith(PERIODIC_FORMS):
            facts.period_end, facts.event_date = facts.period_end or facts.event_date, None


def _fill_from_cover(facts: FilingFacts, blocks: list[Block]) -> None:
    """Fill form, registrant and period from the cover page text where no better source gave them."""
    cover = "\n".join(block.text for block in blocks[:60])[:8000]
    if facts.form is None:
        form = _COVER_FORM.search(cover)
        exhibit = _EXHIBIT_LABEL.search("\n".join(block.text for block in blocks[:5]))
        if exhibit:
            facts.form = f"EX-{exhibit[1]}"
        elif form:
            facts.form = form[1].upper() + (form[2] or "").upper()
    if facts.company is None:
        facts.company = _registrant_name(blocks[:60])
    if facts.period_end is None and facts.event_date is None:
        _set_period(facts, _date_after(_COVER_PERIOD, cover) or _date_after(_COVER_EVENT, cover))


def _date_after(label: re.Pattern[str], text: str) -> dt.date | None:
    for match in label.finditer(text):
        date = MONTH_DAY_YEAR.match(text, match.end())
        if date:
            return parse_date(date.group(0))
    return None


def _registrant_name(blocks: list[Block]) -> str | None:
    """Return the line printed above "(Exact name of registrant as specified in its charter)"."""
    lines = [line.strip() for block in blocks for line in block.text.split("\n") if line.strip()]
    for index, line in enumerate(lines):
        if _EXACT_NAME.match(line) and index > 0:
            name = re.sub(r"\s{2,}.*$", "", lines[index - 1]).strip(" |")
            return name or None
    return None


def _fill_from_path(facts: FilingFacts, hints: PathHints) -> None:
    """Use the path's ticker, form and date where the content gave none.

    A dated folder names either the filing date or the period end. A date on or before the
    period end cannot be the filing date, so it is then left out.
    """
    facts.ticker = facts.ticker or hints.ticker
    facts.form = facts.form or hints.form
    if facts.company is None and facts.ticker:
        facts.company = facts.ticker
    if facts.filed_at is None and hints.day:
        known = facts.period_end or facts.event_date
        if known is None or hints.day > known:
            facts.filed_at = hints.day
