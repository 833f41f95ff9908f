"""Old EDGAR plain-text documents to clean blocks: page markers, column tags and wraps removed."""

from __future__ import annotations

import re

from extractors.parsing.paragraphs import Block
from extractors.parsing.sgml import undo_pem_dash_escaping

_PAGE_BREAK = "\ue010"
# A page ends with an optional page number line ("1", "-1-", "F-3", "ii") before <PAGE>.
_PAGE_END = re.compile(
    r"\n[ \t]*(?:-\s*)?(?:\d{1,4}|[A-Z]-\d{1,3}|[ivxlc]{1,6})(?:\s*-)?[ \t]*\n(?=\s*(?:<PAGE>|\f|\Z))"
    r"|\n[ \t]*<PAGE>[^\n]*(?=\n)|\f",
    re.IGNORECASE,
)
_STANDALONE_PAGE_NUMBER = re.compile(r"^[ \t]*(?:-\s*\d{1,4}\s*-|F-\d{1,3})[ \t]*$", re.MULTILINE)
_COLUMN_TAG_LINE = re.compile(r"^[ \t]*(?:<(?:S|C|/?TABLE|/?CAPTION|/?FN|/?PRE)>[ \t]*)+$", re.MULTILINE | re.IGNORECASE)
_COLUMN_TAG = re.compile(r"</?(?:S|C|TABLE|CAPTION|FN|PRE|PAGE)>", re.IGNORECASE)
_RULE_LINE = re.compile(r"^[ \t]*(?:- )?[=_*-]{3,}[ \t=_*-]*$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
# Two or more runs of 3+ spaces inside a line: columns of a table, not wrapped prose.
_COLUMN_GAP = re.compile(r"\S {3,}\S")
_TRADEMARK = re.compile(r"-(?:Registered\s+Trademark|TM|Trademark)-")


def clean_plain_filing(text: str) -> list[Block]:
    """Convert an old plain-text filing document to blocks of prose and preformatted tables."""
    # Copies taken out of their PEM envelope can keep its "- " dash escaping.
    text = undo_pem_dash_escaping(text.replace("\r\n", "\n"))
    text = _PAGE_END.sub(_PAGE_BREAK, text)
    text = _STANDALONE_PAGE_NUMBER.sub("", text)
    text = _COLUMN_TAG_LINE.sub("", text)
    text = _COLUMN_TAG.sub("   ", text)
    text = _RULE_LINE.sub("", text)
    text = _TRADEMARK.sub("", text)
    text = _join_page_breaks(text)
    blocks = []
    for raw in _BLANK_LINES.split(text):
        block = _format_block(raw)
        if block:
            blocks.append(block)
    return blocks


def _join_page_breaks(text: str) -> str:
    """Drop page breaks; join across one when a sentence runs on to the next page."""
    pieces = text.split(_PAGE_BREAK)
    joined = pieces[0]
    for piece in pieces[1:]:
        before = joined.rstrip()
        after = piece.lstrip("\n \t")
        runs_on = before and before[-1] not in ".:;!?)\"" and after[:1].islower()
        joined = f"{before}\n{after}" if runs_on else f"{before}\n\n{piece.lstrip(chr(10))}"
    return joined


def _format_block(raw: str) -> Block | None:
    lines = [line.rstrip() for line in raw.split("\n") if line.strip()]
    if not lines:
        return None
    tabular = sum(1 for line in lines if _COLUMN_GAP.search(line.strip())) >= max(2, len(lines) // 2)
    if tabular:
        indent = min(len(line) - len(line.lstrip()) for line in lines)
        return Block("\n".join(line[indent:] for line in lines), table=True)
    return Block(unwrap_lines(line.strip() for line in lines))


def unwrap_lines(lines: object) -> str:
    """Join hard-wrapped lines into one line.

    A line that ends in a hyphen before a lower-case word is joined without a space and keeps
    the hyphen: filings wrap compounds ("software-" / "based") far more often than they split words.
    """
    text = ""
    for line in lines:  # type: ignore[attr-defined]
        if not text:
            text = line
        elif text.endswith("-") and not text.endswith("--") and line[:1].islower() and text[-2:-1].isalpha():
            text = text + line
        else:
            text = f"{text} {line}"
    return text
