"""Item sections of 10-K, 10-Q, 20-F and 8-K filings, found in the body and not in the contents.

A heading is a paragraph that starts with "Item <n>" and reads like a title. Lines of a table
of contents are rejected where they can be recognised (table cells, trailing page numbers,
dotted leaders, a run of headings with no text between them). The survivors are then taken
in increasing item order, so a stray early heading cannot reorder the sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.parsing.paragraphs import PARAGRAPH_SEPARATOR, Span
from schemas.documents import Section

_ITEM_HEADING = re.compile(
    r"^(?:part\s+(?P<part>[IV]{1,3})\s*[,.\-–—:]?\s*)?item\s*(?P<number>\d{1,2}(?:\.\d{2})?)\s*(?P<letter>[A-D])?\b"
    r"\s*[.:\-–—]?\s*(?P<title>[^\n]{0,200})$",
    re.IGNORECASE,
)
_PART_HEADING = re.compile(r"^part\s+(?P<part>[IV]{1,3})\b\s*[.:\-–—]?\s*(?P<rest>[^\n]{0,120})$", re.IGNORECASE)
_SUBITEM_HEADING = re.compile(r"^(?P<letter>[A-H])\.\s+(?P<title>[A-Z][A-Za-z ,&'’\-]{2,80})$")
_TRAILING_PAGE = re.compile(r"(?:\||\.{3,}|\s{2,})\s*\d{1,3}\s*$")
# CONTENTS_MIN_RUN or more headings in a row with no paragraph between them are a table of
# contents laid out as separate lines rather than as a table. A body always has some text
# under a heading, if only "Not applicable".
CONTENTS_MIN_RUN = 3
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class _Heading:
    index: int
    start: int
    part: int
    number: float
    letter: str
    label: str


def split_items(text: str, spans: list[Span], form: str | None) -> list[Section]:
    """Return the item sections (with 20-F sub-items such as "Item 3.D") found in `text`."""
    headings = _find_headings(spans, form)
    headings = _drop_contents_runs(headings)
    chosen = _increasing(headings, by_part=_uses_parts(form))
    sections = [
        Section(
            name=heading.label,
            start=heading.start,
            end=following.start - len(PARAGRAPH_SEPARATOR) if following else _body_end(spans),
        )
        for heading, following in zip(chosen, [*chosen[1:], None])
    ]
    if form and form.upper().startswith("20-F"):
        sections.extend(_sub_items(sections, spans))
    return sections


def _uses_parts(form: str | None) -> bool:
    return bool(form and form.upper().startswith("10-Q"))


def _body_end(spans: list[Span]) -> int:
    return spans[-1].end if spans else 0


def _find_headings(spans: list[Span], form: str | None) -> list[_Heading]:
    headings = []
    part = 0
    for index, span in enumerate(spans):
        first_line = span.block.text.split("\n", 1)[0].strip()
        if _TRAILING_PAGE.search(first_line):
            continue
        one_row_table = span.block.table and "\n" not in span.block.text
        if one_row_table:
            first_line = first_line.replace(" | ", " ")
        part_match = _PART_HEADING.match(first_line)
        if part_match and (one_row_table or not span.block.table) and len(first_line) < 150:
            part = _ROMAN.get(part_match["part"].upper(), part)
        match = _ITEM_HEADING.match(first_line)
        if not match or (span.block.table and not one_row_table):
            continue
        title = match["title"].strip()
        if title and not (title[0].isupper() or title[0] in "(\"“"):
            continue
        if match["part"]:
            part = _ROMAN.get(match["part"].upper(), part)
        number = float(match["number"])
        letter = (match["letter"] or "").upper()
        headings.append(_Heading(index, span.start, part, number, letter, _label(form, part, match["number"], letter)))
    return headings


def _label(form: str | None, part: int, number: str, letter: str) -> str:
    item = f"Item {number}{letter}"
    if _uses_parts(form) and part:
        roman = {value: key for key, value in _ROMAN.items()}[part]
        return f"Part {roman}, {item}"
    return item


def _drop_contents_runs(headings: list[_Heading]) -> list[_Heading]:
    """Drop runs of CONTENTS_MIN_RUN or more headings with no paragraph between them."""
    close = [following.index == heading.index + 1 for heading, following in zip(headings, headings[1:])] + [False]
    keep = []
    for index, heading in enumerate(headings):
        run_start = index
        while run_start > 0 and close[run_start - 1]:
            run_start -= 1
        run_end = index
        while close[run_end]:
            run_end += 1
        if run_end - run_start + 1 >= CONTENTS_MIN_RUN:
            continue
        keep.append(heading)
    return keep


def _increasing(headings: list[_Heading], *, by_part: bool) -> list[_Heading]:
    """Keep the headings whose (part, item) order rises, skipping any that would go back."""
    chosen: list[_Heading] = []
    for heading in headings:
        key = (heading.part if by_part else 0, heading.number, heading.letter)
        if not chosen:
            chosen.append(heading)
            continue
        last = chosen[-1]
        if key > (last.part if by_part else 0, last.number, last.letter):
            chosen.append(heading)
    return chosen


# Form 20-F's lettered sub-items of Item 3, for filings that print the title without its letter.
_ITEM_3_TITLES = {
    "selected financial data": "A",
    "capitalization and indebtedness": "B",
    "reasons for the offer and use of proceeds": "C",
    "risk factors": "D",
}


def _sub_item_letter(section: Section, text: str) -> str | None:
    first_line = text.split("\n", 1)[0].strip()
    match = _SUBITEM_HEADING.match(first_line)
    if match:
        return match["letter"]
    if section.name == "Item 3":
        return _ITEM_3_TITLES.get(first_line.lower().rstrip(".:"))
    return None


def _sub_items(sections: list[Section], spans: list[Span]) -> list[Section]:
    """Find sub-items ("D. Risk Factors", or an unlettered "Risk factors" in Item 3) in a 20-F."""
    subsections = []
    for section in sections:
        inner = [
            (span.start, letter)
            for span in spans
            if section.start < span.start < section.end
            and (letter := _sub_item_letter(section, span.block.text))
        ]
        for (start, letter), following in zip(inner, [*inner[1:], None]):
            end = following[0] - len(PARAGRAPH_SEPARATOR) if following else section.end
            subsections.append(Section(name=f"{section.name}.{letter}", start=start, end=end))
    return subsections
