"""Assemble blocks of clean text into a document text with paragraphs, and mark boilerplate.

Every parser hands over a list of `Block`s. `assemble_text` joins them with blank lines and
keeps each block's char range, so a paragraph's offsets are known by construction rather
than searched for afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.documents import Paragraph, Section, fingerprint_text

PARAGRAPH_SEPARATOR = "\n\n"
# Longer blocks are cut at a sentence end (or a line end, for tables) so that one paragraph
# stays a sensible unit for an extractor prompt and for a quote.
MAX_PARAGRAPH_CHARS = 4000


@dataclass
class Block:
    """One paragraph of clean text with its speaker, section and boilerplate flag."""

    text: str
    speaker: str | None = None
    section: str | None = None
    boilerplate: bool = False
    table: bool = False


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    block: Block


_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z“\"(])")


def _cut_point(window: str, by_lines: bool) -> int:
    """Return where to cut `window`: after its last line end or sentence end, else its last space."""
    if by_lines:
        cut = window.rfind("\n") + 1
    else:
        ends = [match.end() for match in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends else 0
    if cut <= len(window) // 4:
        cut = window.rfind(" ") + 1
    return cut if cut > 0 else len(window)


def split_long_block(block: Block) -> list[Block]:
    """Cut a block longer than MAX_PARAGRAPH_CHARS at line ends (tables) or sentence ends."""
    text = block.text
    by_lines = block.table or text.count("\n") > 2
    pieces: list[str] = []
    start = 0
    while len(text) - start > MAX_PARAGRAPH_CHARS:
        cut = _cut_point(text[start:start + MAX_PARAGRAPH_CHARS], by_lines)
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    if len(pieces) == 1:
        return [block]
    return [
        Block(piece.strip(), block.speaker, block.section, block.boilerplate, block.table)
        for piece in pieces
        if piece.strip()
    ]


def assemble_text(blocks: list[Block]) -> tuple[str, list[Span]]:
    """Join the blocks with blank lines and return the text with each block's char range."""
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for raw in blocks:
        for block in split_long_block(raw):
            text = block.text.strip()
            if not text:
                continue
            if parts:
                parts.append(PARAGRAPH_SEPARATOR)
                offset += len(PARAGRAPH_SEPARATOR)
            block.text = text
            parts.append(text)
            spans.append(Span(offset, offset + len(text), block))
            offset += len(text)
    return "".join(parts), spans


def sections_from_blocks(spans: list[Span], text_length: int) -> list[Section]:
    """Turn runs of blocks that carry the same section name into sections."""
    sections: list[Section] = []
    for span in spans:
        name = span.block.section
        if name is None:
            continue
        if sections and sections[-1].name == name:
            sections[-1].end = span.end
        else:
            sections.append(Section(name=name, start=span.start, end=span.end))
    return sections


_BOILERPLATE_PATTERNS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"forward[- ]looking (?:statement|information)",
        r"safe[- ]harbor",
        r"private securities litigation reform act",
        r"indicate by check mark",
        r"[☐☒☑]",
        r"^yes\s*\S?\s*no\s*\S?$",
        r"^table of contents$",
        r"\.{6,}\s*\d+\s*$",
        r"/s/",
        r"^signatures?\b",
        r"pursuant to the requirements of (?:the )?(?:section 13 or 15\(d\) of )?the securities exchange act",
        r"\bI,\s+[A-Z][\w.\- ]+,\s+certify that",
        r"18 U\.S\.C\.? (?:Section|§) ?1350",
        r"pursuant to section 906 of the sarbanes",
        r"all rights reserved",
        r"^disclaimer$",
    )
]
# Several lines that each end in a page number: the body of a table of contents.
_CONTENTS_LINE = re.compile(r"^(?:part|item|note|exhibit)\b.*?(?:\|\s*)?\b\d{1,3}\s*$", re.IGNORECASE | re.MULTILINE)


def is_boilerplate(text: str) -> bool:
    """Tell whether a paragraph is legal or navigational boilerplate rather than content."""
    if any(pattern.search(text) for pattern in _BOILERPLATE_PATTERNS):
        return True
    return len(_CONTENTS_LINE.findall(text)) >= 3


def section_at(sections: list[Section], offset: int) -> str | None:
    """Return the name of the innermost section that contains `offset`."""
    found: Section | None = None
    for section in sections:
        if section.start <= offset < section.end and (found is None or section.start >= found.start):
            found = section
    return found.name if found else None


def build_paragraphs(document_id: str, spans: list[Span], sections: list[Section]) -> list[Paragraph]:
    """Turn block spans into `Paragraph`s with ids, sections, speakers and fingerprints."""
    return [
        Paragraph(
            id=f"{document_id}/p{index:05d}",
            start=span.start,
            end=span.end,
            section=section_at(sections, span.start),
            boilerplate=span.block.boilerplate or is_boilerplate(span.block.text),
            speaker=span.block.speaker,
            fingerprint=fingerprint_text(span.block.text),
        )
        for index, span in enumerate(spans)
    ]
