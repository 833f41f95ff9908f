"""Cut a document into windows: the non-boilerplate text the model reads, under a token budget.

A segment is the part of one paragraph that may hold facts. In filings and calls that is the
whole paragraph; in testimony it is the witness's own turns only, found by the rules extractor's
selection. Segments are packed in document order into windows; a segment longer than the budget
is cut at sentence ends first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.llm.tokens import TokenCounter
from extractors.rules.context import DocumentContext
from extractors.rules.selection import paragraphs_of, readable_ranges
from schemas.documents import Document, Paragraph, fingerprint_text

# Segments shorter than this (headings, table cells, page labels) state no relation.
MIN_SEGMENT_WORDS = 4
SEGMENT_SEPARATOR = "\n\n"
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


@dataclass(frozen=True)
class Segment:
    """A char range of one paragraph, with the fingerprint that reuse looks up."""

    paragraph_id: str
    section: str | None
    start: int
    end: int
    fingerprint: str
    tokens: int


@dataclass(frozen=True)
class Window:
    """The segments sent in one request; `id` names the window in logs and statistics."""

    id: str
    segments: tuple[Segment, ...]

    def text(self, document: Document) -> str:
        return SEGMENT_SEPARATOR.join(document.text[s.start:s.end] for s in self.segments)

    def split(self) -> tuple[Window, Window] | None:
        """Halve the window by segments, for a reply cut at the output limit; None when it is one segment."""
        if len(self.segments) < 2:
            return None
        middle = len(self.segments) // 2
        return Window(f"{self.id}a", self.segments[:middle]), Window(f"{self.id}b", self.segments[middle:])


def document_segments(document: Document, context: DocumentContext, counter: TokenCounter,
                      max_tokens: int) -> list[Segment]:
    """Return the segments of the document that may hold facts, none longer than `max_tokens`."""
    segments: list[Segment] = []
    for paragraph in paragraphs_of(document):
        if paragraph.boilerplate:
            continue
        for start, end in readable_ranges(document, paragraph, context):
            segments.extend(_bounded_segments(document, paragraph, start, end, counter, max_tokens))
    return [s for s in segments if len(document.text[s.start:s.end].split()) >= MIN_SEGMENT_WORDS]


def pack_windows(document_id: str, segments: list[Segment], max_tokens: int) -> list[Window]:
    """Pack segments in document order into windows of at most `max_tokens` tokens each."""
    windows: list[Window] = []
    current: list[Segment] = []
    used = 0
    for segment in segments:
        if current and used + segment.tokens > max_tokens:
            windows.append(Window(f"{document_id}#w{len(windows)}", tuple(current)))
            current, used = [], 0
        current.append(segment)
        used += segment.tokens
    if current:
        windows.append(Window(f"{document_id}#w{len(windows)}", tuple(current)))
    return windows


def _bounded_segments(document: Document, paragraph: Paragraph, start: int, end: int,
                      counter: TokenCounter, max_tokens: int) -> list[Segment]:
    text = document.text[start:end]
    tokens = counter.count(text)
    whole = (start, end) == (paragraph.start, paragraph.end)
    if tokens <= max_tokens:
        fingerprint = paragraph.fingerprint if whole else fingerprint_text(text)
        return [Segment(paragraph.id, paragraph.section, start, end, fingerprint, tokens)]
    pieces: list[Segment] = []
    piece_start = start
    for boundary in _sentence_boundaries(text, start, counter, max_tokens):
        pieces.append(_segment(document, paragraph, piece_start, boundary, counter))
        piece_start = boundary
    pieces.append(_segment(document, paragraph, piece_start, end, counter))
    return [p for p in pieces if p.end > p.start]


def _sentence_boundaries(text: str, offset: int, counter: TokenCounter, max_tokens: int) -> list[int]:
    """Return the offsets where a long paragraph is cut: at sentence ends, or hard cuts when there are none."""
    boundaries: list[int] = []
    piece_start = 0
    last_end = 0
    for match in _SENTENCE_END.finditer(text):
        if counter.count(text[piece_start:match.start()]) > max_tokens and last_end > piece_start:
            boundaries.append(offset + last_end)
            piece_start = last_end
        last_end = match.end()
    if counter.count(text[piece_start:]) > max_tokens and last_end > piece_start:
        boundaries.append(offset + last_end)
        piece_start = last_end
    step = max_tokens * 3  # a hard cut in characters, below the budget for any ordinary text
    while len(text) - piece_start > step and counter.count(text[piece_start:]) > max_tokens:
        piece_start += step
        boundaries.append(offset + piece_start)
    return boundaries


def _segment(document: Document, paragraph: Paragraph, start: int, end: int, counter: TokenCounter) -> Segment:
    text = document.text[start:end]
    return Segment(paragraph.id, paragraph.section, start, end, fingerprint_text(text), counter.count(text))
