"""Text of PDF written statements through pdfplumber, without running footers and chart labels.

Two-column parts of a page are read left column first (`pdf_columns.py`); other pages keep
pdfplumber's line order.

pdfplumber's default x_tolerance of 3 points glues the words of justified lines together
("ChairmanKrishnamoorthi,RankingMemberCloud"); 1.5 points keeps those spaces on LaTeX output
without splitting words.
"""

from __future__ import annotations

import io
import logging
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from extractors.parsing.dates import MONTH_DAY_YEAR
from extractors.parsing.pdf_columns import Region, column_regions
from schemas.errors import ParseError

log = logging.getLogger(__name__)

WORD_GAP_TOLERANCE = 1.5
# Digits smaller than this share of their line's median size, and raised, are footnote markers.
SUPERSCRIPT_SIZE_RATIO = 0.85
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_MONTH_TICK = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)$", re.IGNORECASE)
_NUMBER_TOKEN = re.compile(r"^[−\-–+$€(]?[\d.,]+%?[)]?$")
_FIGURE_CAPTION = re.compile(r"^(?:Figure|Table|Chart)\s+\d+[.:]", re.IGNORECASE)


@dataclass
class PdfLine:
    """One line of a page with its position, in PDF points from the top-left corner."""

    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    # 0 on full-width parts of a page, 1 and 2 in the left and right column of a two-column band.
    column: int = 0
    # How far the line's column starts right of the left column, in points (0 outside right columns).
    column_shift: float = 0.0


def read_pdf_lines(data: bytes, *, path: str) -> tuple[list[PdfLine], dict[str, str]]:
    """Return the body lines of every page and the PDF's metadata; raise ParseError on bad PDFs."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            metadata = {key: str(value) for key, value in (pdf.metadata or {}).items()}
            pages = [_page_lines(page, number) for number, page in enumerate(pdf.pages, start=1)]
    except PdfminerException as exc:
        raise _pdf_error(exc.args[0] if exc.args else exc, path) from exc
    except (PDFSyntaxError, PSException, PDFPasswordIncorrect, PDFEncryptionError, ValueError, KeyError, TypeError) as exc:
        raise _pdf_error(exc, path) from exc
    lines = _drop_figure_labels(_drop_running_lines(pages))
    return [line for line in lines if not _is_chart_label(line)], metadata


def _pdf_error(cause: object, path: str) -> ParseError:
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ParseError(
            f"encrypted PDF {path}: it needs a password to be read; ask the publisher for an unlocked copy",
            path=path, reason="encrypted-pdf",
        )
    return ParseError(
        f"corrupt PDF {path}: {cause}; download the file again or convert it with another tool",
        path=path, reason="corrupt-pdf",
    )


def _page_lines(page: pdfplumber.page.Page, number: int) -> list[PdfLine]:
    """Return a page's lines in reading order: on two-column parts, the left column first."""
    rows = page.extract_text_lines(x_tolerance=WORD_GAP_TOLERANCE, return_chars=True)
    regions = column_regions(rows)
    if regions is None:
        return _lines(rows, number, Region(-math.inf, math.inf))
    lines = []
    for region in regions:
        part = page.filter(lambda obj, region=region: obj.get("object_type") != "char" or region.contains(obj))
        lines.extend(_lines(part.extract_text_lines(x_tolerance=WORD_GAP_TOLERANCE, return_chars=True),
                            number, region))
    return lines


def _lines(rows: list[dict], number: int, region: Region) -> list[PdfLine]:
    lines = []
    for raw in rows:
        sizes = [char["size"] for char in raw["chars"] if char["text"].strip()]
        size = statistics.median(sizes) if sizes else 0.0
        text = _drop_superscript_digits(raw["text"], raw["chars"], size, raw["bottom"])
        text = text.translate(_LIGATURES).strip()
        if not text:
            continue
        lines.append(PdfLine(text, number, raw["x0"], raw["x1"], raw["top"], raw["bottom"], size,
                             region.column, region.shift))
    return lines


def _drop_superscript_digits(text: str, chars: list[dict], size: float, bottom: float) -> str:
    """Remove footnote markers: digits set smaller than the line and raised above its baseline.

    pdfplumber's line text is the chars' text with spaces inserted between words, so the two
    are walked side by side.
    """
    superscripts = {
        index
        for index, char in enumerate(chars)
        if char["text"].isdigit() and char["size"] < size * SUPERSCRIPT_SIZE_RATIO and char["bottom"] < bottom - 1
    }
    if not superscripts:
        return text
    kept = []
    position = 0
    for character in text:
        if position < len(chars) and character == chars[position]["text"]:
            if position not in superscripts:
                kept.append(character)
            position += 1
        else:
            kept.append(character)
    return "".join(kept)


def _drop_running_lines(pages: list[list[PdfLine]]) -> list[PdfLine]:
    """Drop page numbers and the header and footer lines that repeat on most pages."""
    def shape(line: PdfLine) -> str:
        return re.sub(r"\d+", "#", line.text.lower())

    edges: Counter[str] = Counter()
    for page in pages:
        edges.update({shape(line) for position, line in enumerate(page) if position < 2 or position >= len(page) - 2})
    threshold = max(2, len(pages) // 2)
    kept = []
    for page in pages:
        for position, line in enumerate(page):
            at_edge = position < 2 or position >= len(page) - 2
            if at_edge and (edges[shape(line)] >= threshold or re.fullmatch(r"[-–]?\s*\d{1,3}\s*[-–]?", line.text)):
                continue
            kept.append(line)
    return kept


# Text this small is a chart's axis title or tick, often rotated and so read backwards.
MIN_TEXT_SIZE = 6.5


def _drop_figure_labels(lines: list[PdfLine]) -> list[PdfLine]:
    """Drop tiny text, and the lines in another font size just above a figure caption (legends)."""
    sizes = Counter(round(line.size) for line in lines)
    body_size = sizes.most_common(1)[0][0] if sizes else 0
    drop: set[int] = set()
    for index, line in enumerate(lines):
        if line.size < MIN_TEXT_SIZE:
            drop.add(index)
        if _FIGURE_CAPTION.match(line.text):
            above = index - 1
            while above >= 0 and lines[above].page == line.page and abs(lines[above].size - body_size) > 0.5:
                drop.add(above)
                above -= 1
    return [line for index, line in enumerate(lines) if index not in drop]


def _is_chart_label(line: PdfLine) -> bool:
    """Tell axis ticks and legend values of a chart from text: mostly numbers and month names."""
    tokens = line.text.split()
    if _FIGURE_CAPTION.match(line.text) or MONTH_DAY_YEAR.search(line.text):
        return False
    numeric = sum(1 for token in tokens if _NUMBER_TOKEN.match(token) or _MONTH_TICK.match(token))
    return numeric >= max(1, len(tokens) * 0.6) or (len(tokens) == 1 and len(tokens[0]) <= 4)


def group_paragraphs(lines: list[PdfLine]) -> list[list[PdfLine]]:
    """Group lines into paragraphs at larger vertical gaps, short last lines and font changes."""
    if not lines:
        return []
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.bottom]
    usual_gap = statistics.median(gaps) if gaps else 2.0
    # Right-column lines are shifted onto the left column, so each column is measured by its own margin.
    columns: dict[int, list[float]] = {}
    for line in lines:
        columns.setdefault(line.column, []).append(line.x1 - line.column_shift)
    right_margins = {column: statistics.median(ends) for column, ends in columns.items()}
    paragraphs: list[list[PdfLine]] = [[lines[0]]]
    for previous, line in zip(lines, lines[1:]):
        same_page = previous.page == line.page
        wide_gap = same_page and line.top - previous.bottom > usual_gap * 1.8 + 1
        right = right_margins[previous.column]
        end = previous.x1 - previous.column_shift
        short_previous = end < right - 40 and previous.text[-1:] in ".:?!\"”)" or end < right * 0.6
        font_change = abs(previous.size - line.size) > 0.9
        if wide_gap or short_previous or font_change or _FIGURE_CAPTION.match(line.text):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs
