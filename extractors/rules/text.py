"""Sentence splitting with char offsets, and the units of text the patterns read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from schemas.documents import Paragraph

# Words that end with a period without ending the sentence: legal forms, titles, initials.
_ABBREVIATIONS = frozenset({
    "inc", "corp", "co", "ltd", "no", "nos", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "pte",
    "u.s", "u.k", "n.a", "n.v", "s.a", "l.p", "e.g", "i.e", "approx", "fig", "sen", "rep", "hon",
    "gov", "gen", "prof", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "dept", "assn", "bros", "p.m", "a.m",
})
_BOUNDARY = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z0-9\"“‘(•])")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


@dataclass
class Sentence:
    """One sentence of a paragraph, with its offsets into the document text.

    The first sentence of a list item can be read with the lead-in of its list in front of it
    ("Our current competitors include: •suppliers of ..."). Then `text` opens with the
    `lead_in_length` chars of the lead-in and a space. `start` is always the document offset of
    the sentence's own first char, `text[lead_in_length]`.
    """

    text: str
    start: int
    paragraph: Paragraph
    section: str | None
    mentions: list = field(default_factory=list)
    lead_in_length: int = 0

    @property
    def end(self) -> int:
        return self.start + len(self.text) - self.lead_in_length

    def quotable(self, span: tuple[int, int] | None) -> tuple[int, int]:
        """Return the offsets in `text` of a quote: `span` cut to the sentence's own text, else all of it.

        A quote never includes the lead-in, because the lead-in is no contiguous part of the
        document text around the sentence.
        """
        own = self.lead_in_length
        start, end = span or (own, len(self.text))
        start = max(start, own)
        if end <= start:
            return own, len(self.text)
        return start, end

    def document_offset(self, index: int) -> int:
        """Return the document offset of `text[index]`, for an index past the lead-in."""
        return self.start + index - self.lead_in_length


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the sentences of `text`, trimmed of surrounding spaces."""
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        period_at = boundary.start()
        before = _WORD_BEFORE.search(text, 0, period_at)
        word = before.group(1).lower().rstrip(".") if before else ""
        is_initial = len(word) == 1 and text[period_at - 1].isupper()
        is_dotted = "." in word
        if word in _ABBREVIATIONS or is_initial or is_dotted:
            continue
        end = period_at + len(boundary.group().rstrip())
        yield from _trimmed(text, start, end)
        start = boundary.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
