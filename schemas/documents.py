"""Parsed documents: the text every assertion points into, with its sections and paragraphs."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DocumentKind(StrEnum):
    FILING = "filing"
    EARNINGS_CALL = "earnings_call"
    TESTIMONY = "testimony"


class Issuer(BaseModel):
    """The company a filing or call is about; for testimony, the witness's organization."""

    model_config = ConfigDict(frozen=True)

    name: str
    cik: str | None = None
    ticker: str | None = None
    # Names the company filed under before, from EDGAR's header: aliases that need no extraction.
    former_names: tuple[str, ...] = ()


class Section(BaseModel):
    """A named part of the text, such as "Item 1A" or "Q&A", as a half-open char range."""

    name: str
    start: int
    end: int


class Paragraph(BaseModel):
    """A paragraph of the text: its char range, the section it sits in and its fingerprint."""

    id: str
    start: int
    end: int
    section: str | None = None
    boilerplate: bool = False
    speaker: str | None = None
    fingerprint: str


class Speaker(BaseModel):
    """A participant of a call or hearing, with the role and firm where the document gives them."""

    name: str
    role: str | None = None
    firm: str | None = None
    is_witness: bool = False


class Subsidiary(BaseModel):
    """A row of an Exhibit 21 list: the subsidiary, where it is incorporated and the row's char range."""

    name: str
    jurisdiction: str | None = None
    start: int
    end: int


class Document(BaseModel):
    """A parsed source document whose `text` offsets stay stable for the life of the graph."""

    id: str
    kind: DocumentKind
    form: str | None = None
    issuer: Issuer | None = None
    title: str | None = None
    filed_at: dt.date | None = None
    period_end: dt.date | None = None
    event_date: dt.date | None = None
    source_path: str | None = None
    source_url: str | None = None
    sha256: str
    text: str
    sections: list[Section] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    speakers: list[Speaker] = Field(default_factory=list)
    committee: str | None = None
    subsidiaries: list[Subsidiary] = Field(default_factory=list)

    @property
    def valid_at(self) -> dt.date | None:
        """Return the date the document speaks for: period end, else event date, else filing date."""
        return self.period_end or self.event_date or self.filed_at

    def section_at(self, offset: int) -> str | None:
        """Return the name of the innermost section that contains `offset`, if any."""
        found = None
        for section in self.sections:
            if section.start <= offset < section.end:
                if found is None or section.start >= found.start:
                    found = section
        return found.name if found else None


_WORD = re.compile(r"[a-z0-9]+")


def fingerprint_text(text: str) -> str:
    """Hash a paragraph's words, ignoring case, punctuation and spacing.

    Two filings that repeat a risk factor verbatim but wrap or punctuate it differently get the
    same fingerprint, which is what lets next year's unchanged paragraph reuse this year's facts.
    """
    words = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:32]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
