"""Written witness statements: PDFs read with pdfplumber and text converted with pdftotext -layout.

A statement opens with a cover block (name, role, organization, committee, hearing title and
date) and is the witness's own text throughout, so every body paragraph is attributed to them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extractors.parsing.dates import MONTH_DAY_YEAR, parse_date
from extractors.parsing.paragraphs import Block
from extractors.parsing.pdf import PdfLine, group_paragraphs, read_pdf_lines
from extractors.parsing.testimony import FRONT_MATTER, ParsedHearing
from extractors.parsing.textclean import drop_glued_footnotes, join_lines, normalize_characters, word_vocabulary
from schemas.documents import Speaker

_SEPARATOR = re.compile(r"^=+ WITNESS: (?P<label>[^=]+?) =+$", re.MULTILINE)
_NOT_AN_ORGANIZATION = re.compile(
    r"^(?:before|for|hearing|testimony|subcommittee|committee|united states|energy|house|senate|on )", re.IGNORECASE
)
_BULLET = re.compile(r"^\s*[•●▪◦\-–]\s+")
# A footnote's text at the bottom of a page: its number, then a citation with a year or a URL.
_FOOTNOTE = re.compile(r"^\d{1,3} [A-Z].*(?:\b(?:19|20)\d\d\b|https?://)")
_QUOTED_TITLE = re.compile(r"[“\"]([^”\"]{10,200})[”\"]")
# The cover block of a statement fits in its first lines.
COVER_LINES = 25


@dataclass
class StatementCover:
    """Facts from the cover block of a written statement."""

    witness: Speaker | None = None
    committee: str | None = None
    hearing_date: dt.date | None = None
    title: str | None = None


def is_combined_statements(text: str) -> bool:
    return bool(_SEPARATOR.search(text[:500]))


def parse_combined_statements(text: str) -> ParsedHearing:
    """Parse written statements joined by "==== WITNESS: name ====" lines, one witness after another."""
    text = normalize_characters(text).replace("\f", "\n")
    vocabulary = word_vocabulary(text)
    matches = list(_SEPARATOR.finditer(text))
    parsed = ParsedHearing(blocks=[])
    for match, following in zip(matches, [*matches[1:], None]):
        body = text[match.end():following.start() if following else len(text)]
        paragraphs = split_layout_paragraphs(body)
        cover = read_cover([line for paragraph in paragraphs[:COVER_LINES] for line in paragraph], match["label"])
        witness = cover.witness or Speaker(name=match["label"].strip().title(), is_witness=True)
        parsed.speakers.append(witness)
        parsed.title = parsed.title or cover.title
        parsed.committee = parsed.committee or cover.committee
        parsed.hearing_date = parsed.hearing_date or cover.hearing_date
        section = f"Statement of {witness.name}"
        parsed.blocks.append(Block(match.group(0).strip("= ").title(), None, section, boilerplate=True))
        for paragraph in paragraphs:
            joined = drop_glued_footnotes(join_lines(paragraph, vocabulary))
            if not re.fullmatch(r"\d{1,3}", joined):
                parsed.blocks.append(Block(joined, witness.name, section, boilerplate=bool(_FOOTNOTE.match(joined))))
    return parsed


def split_layout_paragraphs(body: str) -> list[list[str]]:
    """Split pdftotext -layout text into paragraphs of lines.

    Some converted statements put an empty line after every text line; there, only two or more
    empty lines end a paragraph. A deeper first-line indent or a bullet also starts one.
    """
    lines = body.split("\n")
    texts = [index for index, line in enumerate(lines) if line.strip()]
    single_gaps = sum(1 for a, b in zip(texts, texts[1:]) if b - a == 2)
    double_spaced = single_gaps > len(texts) * 0.4
    min_gap = 3 if double_spaced else 2
    indents = sorted(len(lines[index]) - len(lines[index].lstrip()) for index in texts)
    usual_indent = indents[len(indents) // 2] if indents else 0
    paragraphs: list[list[str]] = []
    previous = None
    for index in texts:
        line = lines[index]
        indent = len(line) - len(line.lstrip())
        new_paragraph = (
            previous is None
            or index - previous >= min_gap
            or _BULLET.match(line)
            or (indent >= usual_indent + 3 and lines[previous].rstrip().endswith((".", ":", "?", "”", '"')))
        )
        if new_paragraph:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
        previous = index
    return paragraphs


def read_cover(lines: list[str], surname_hint: str | None = None) -> StatementCover:
    """Read witness, role, organization, committee, title and date from a statement's first lines."""
    cover_lines = [" ".join(line.split()) for line in lines if line.strip()][:COVER_LINES]
    cover = StatementCover()
    joined = " ".join(cover_lines)
    date = MONTH_DAY_YEAR.search(joined)
    cover.hearing_date = parse_date(date.group(0)) if date else None
    title = _QUOTED_TITLE.search(joined)
    cover.title = title.group(1) if title else None
    cover.committee = _committee(cover_lines)
    if surname_hint:
        cover.witness = _witness(cover_lines, surname_hint.strip())
    return cover


def _committee(lines: list[str]) -> str | None:
    parts = []
    for line in lines:
        for match in re.finditer(r"((?:House |Senate )?(?:Sub)?[Cc]ommittee on [A-Z][^,\n]*(?:, (?:and )?[A-Z&][^,\n]*)*)", line):
            part = re.sub(r"\s+of the$", "", match.group(1).strip(" ,"))
            if part not in parts:
                parts.append(part)
    return ", ".join(parts) if parts else None


def _witness(lines: list[str], surname: str) -> Speaker | None:
    for index, line in enumerate(lines):
        if surname.lower() not in line.lower() or len(line.split()) > 8:
            continue
        name = re.sub(r"^(?:testimony of|statement of)\s+", "", line, flags=re.IGNORECASE).strip()
        role_line = lines[index + 1] if index + 1 < len(lines) else None
        firm_line = lines[index + 2] if index + 2 < len(lines) else None
        role, firm = role_line, None
        if firm_line and not _NOT_AN_ORGANIZATION.match(firm_line) and not MONTH_DAY_YEAR.search(firm_line):
            firm = firm_line
        elif role_line and ", " in role_line:
            role, firm = role_line.split(", ", 1)
        return Speaker(name=name, role=role, firm=firm, is_witness=True)
    return None


def parse_statement_pdf(data: bytes, *, path: str, surname_hint: str | None) -> ParsedHearing:
    """Parse a written statement PDF; the cover lines are those above the first body paragraph."""
    lines, metadata = read_pdf_lines(data, path=path)
    paragraphs = group_paragraphs(lines)
    body_size = _body_size(lines)
    cover_end = next((i for i, p in enumerate(paragraphs) if abs(p[0].size - body_size) < 0.5 and len(p) > 1), 0)
    cover_texts = [line.text for paragraph in paragraphs[:cover_end] for line in paragraph]
    author = metadata.get("Author") or surname_hint
    cover = read_cover(cover_texts, (author or "").split()[-1] if author else None)
    witness = cover.witness or (Speaker(name=author, is_witness=True) if author else None)
    parsed = ParsedHearing(
        blocks=[],
        speakers=[witness] if witness else [],
        title=metadata.get("Title") or (cover_texts[0] if cover_texts else None),
        committee=cover.committee,
        hearing_date=cover.hearing_date,
    )
    vocabulary = word_vocabulary(" ".join(line.text for line in lines))
    for index, paragraph in enumerate(paragraphs):
        text = drop_glued_footnotes(join_lines((line.text for line in paragraph), vocabulary))
        if index < cover_end:
            parsed.blocks.append(Block(text, None, FRONT_MATTER))
        else:
            parsed.blocks.append(Block(text, witness.name if witness else None))
    return parsed


def _body_size(lines: list[PdfLine]) -> float:
    sizes: dict[float, int] = {}
    for line in lines:
        sizes[round(line.size, 1)] = sizes.get(round(line.size, 1), 0) + len(line.text)
    return max(sizes, key=sizes.__getitem__) if sizes else 0.0
