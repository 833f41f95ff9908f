"""Sentence selection: the cheap checks that decide which sentences reach spaCy and the patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from extractors.rules.context import DocumentContext
from extractors.rules.lists import list_lead_ins
from extractors.rules.text import Sentence, split_sentences
from extractors.rules.vocabulary import (
    BACK_REFERENCE,
    BLAME_CUES,
    COMPANY_DEPENDENCY,
    EXPOSURE_CUES,
    RELATION_TRIGGERS,
    TESTIMONY_ADDRESS,
)
from schemas.documents import Document, DocumentKind, Paragraph, fingerprint_text
from schemas.factors import VOCABULARY
from schemas.names import fold, normalize_person_name

_TRIGGER = re.compile(RELATION_TRIGGERS, re.IGNORECASE)
_DEPENDENCY = re.compile(COMPANY_DEPENDENCY, re.IGNORECASE)
_EXPOSURE = re.compile(EXPOSURE_CUES, re.IGNORECASE)
_BACK_REFERENCE = re.compile(BACK_REFERENCE, re.IGNORECASE)
_TESTIMONY_CUE = re.compile(f"{BLAME_CUES}|{TESTIMONY_ADDRESS}", re.IGNORECASE)


def trie_pattern(words: Iterable[str]) -> str:
    """Build a regex alternation of `words` with shared prefixes factored out.

    It matches the same strings as a flat `a|b|c` alternation. Python's `re` tries every branch
    of a flat alternation at each position, which made the factor vocabulary's hundreds of
    surfaces the costliest check of the prefilter. The factored form drops most branches at
    their first character. Pass lower-case words when compiling with IGNORECASE, so that "Oil"
    and "oil" share a branch.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_branches(trie)


def _trie_branches(node: dict[str, dict]) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _trie_branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        body = body + "?" if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + body + ")?"
    return body


_FACTOR_WORD = re.compile(
    r"\b(?:" + trie_pattern({s.lower() for f in VOCABULARY for s in (f.name, *f.synonyms)}) + r")\b",
    re.IGNORECASE,
)
# A speaker turn inside a hearing transcript paragraph: "Mr. Bejar." or "Senator Blackburn.".
_SPEAKER_TURN = re.compile(
    r"(?:(?<=\s)|^)(?:(?:Mr|Ms|Mrs|Dr)\.|Senator|Chair|Chairman|Chairwoman|Representative)\s+([A-Z][A-Za-z’'-]+)\.(?=\s)"
)


# A "sentence" with this many cell separators is a table row (an exhibit index, a financial
# table), whose cells name parties without stating how they relate.
TABLE_ROW_CELLS = 3


def candidate_sentences(document: Document, context: DocumentContext) -> Iterator[Sentence]:
    """Yield the sentences of non-boilerplate paragraphs that could hold a relation.

    The first sentence of a list item comes twice when its list has a lead-in: first with the
    lead-in in front of it, then alone.
    """
    is_testimony = document.kind == DocumentKind.TESTIMONY
    paragraphs = paragraphs_of(document)
    lead_ins = list_lead_ins(document, paragraphs)
    for paragraph in paragraphs:
        if paragraph.boilerplate:
            continue
        section = paragraph.section or document.section_at(paragraph.start)
        lead_in = _lead_in_sentence(document, lead_ins.get(paragraph.id), context)
        for start, end in readable_ranges(document, paragraph, context):
            spans = list(split_sentences(document.text[start:end]))
            texts = [document.text[start + a:start + b] for a, b in spans]
            for i, (sentence_start, _) in enumerate(spans):
                text = texts[i]
                if text.count(" | ") >= TABLE_ROW_CELLS:
                    continue
                refers_back = i + 1 < len(texts) and bool(_BACK_REFERENCE.search(texts[i + 1]))
                if lead_in and i == 0 and start == paragraph.start:
                    joined = f"{lead_in} {text}"
                    if _worth_reading(joined, refers_back, is_testimony):
                        yield Sentence(
                            joined, start + sentence_start, paragraph, section, lead_in_length=len(lead_in) + 1
                        )
                if _worth_reading(text, refers_back, is_testimony):
                    yield Sentence(text, start + sentence_start, paragraph, section)


def _worth_reading(text: str, next_refers_back: bool, is_testimony: bool) -> bool:
    return might_hold_relation(text, next_refers_back) or (is_testimony and bool(_TESTIMONY_CUE.search(text)))


def _lead_in_sentence(document: Document, paragraph: Paragraph | None, context: DocumentContext) -> str | None:
    """Return the last sentence of a list's lead-in paragraph, the one that ends with ":".

    In testimony, the sentence counts only when the witness states it, which means the paragraph's
    last readable range must reach the paragraph's end.
    """
    if paragraph is None:
        return None
    ranges = readable_ranges(document, paragraph, context)
    if not ranges or ranges[-1][1] != paragraph.end:
        return None
    start, end = ranges[-1]
    spans = list(split_sentences(document.text[start:end]))
    if not spans:
        return None
    sentence_start, sentence_end = spans[-1]
    return document.text[start + sentence_start:start + sentence_end]


def might_hold_relation(text: str, next_refers_back: bool = False) -> bool:
    """Tell whether a sentence could hold a relation; the rest skip spaCy entirely.

    A factor needs effect wording in its own sentence, or a next sentence that refers back
    to it ("Pricing for these materials may fluctuate").
    """
    if _TRIGGER.search(text) or _DEPENDENCY.search(text):
        return True
    return bool((next_refers_back or _EXPOSURE.search(text)) and _FACTOR_WORD.search(text))


def paragraphs_of(document: Document) -> list[Paragraph]:
    """Return the document's paragraphs, or the whole text as one paragraph when it has none."""
    if document.paragraphs:
        return document.paragraphs
    return [Paragraph(id=f"{document.id}#p0", start=0, end=len(document.text), fingerprint=fingerprint_text(document.text))]


def readable_ranges(document: Document, paragraph: Paragraph, context: DocumentContext) -> list[tuple[int, int]]:
    """Return the char ranges of a paragraph whose statements count: in testimony, the witness's only."""
    if document.kind != DocumentKind.TESTIMONY:
        return [(paragraph.start, paragraph.end)]
    if paragraph.speaker is not None:
        return [(paragraph.start, paragraph.end)] if _is_witness(paragraph.speaker, context) else []
    return _witness_turns(document.text, paragraph.start, paragraph.end, context)


def _witness_turns(text: str, start: int, end: int, context: DocumentContext) -> list[tuple[int, int]]:
    """Split a paragraph at speaker turns and keep the witness's turns and any unattributed opening."""
    turns = list(_SPEAKER_TURN.finditer(text, start, end))
    ranges = [(start, turns[0].start())] if turns else [(start, end)]
    for i, turn in enumerate(turns):
        stop = turns[i + 1].start() if i + 1 < len(turns) else end
        if _is_witness(turn.group(1), context):
            ranges.append((turn.end(), stop))
    return [(a, b) for a, b in ranges if b > a]


def _is_witness(speaker: str, context: DocumentContext) -> bool:
    if context.witness is None:
        return True
    witness_words = set(normalize_person_name(context.witness.name).split())
    speaker_words = set(fold(speaker).split())
    return bool(witness_words & speaker_words)
