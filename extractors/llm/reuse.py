"""Reuse of earlier extractions: which parts of a document the model reads, and which facts carry over.

A segment whose fingerprint was extracted before, from another document of the same issuer, is
not sent. A segment that is new is split into sentences. Its sentences that were extracted before
keep their facts, and only the new sentences are sent. A new sentence that refers back ("They
also supply ...") goes with the sentence before it. An unchanged sentence that refers back to a
new one is sent with it, because its facts may change with what it refers to. Reused facts are
regrounded in the new document by their quote.

NOTE: back-references are found by pronouns and determiners only. A sentence that refers back with
a definite noun phrase ("the agreement") is reused or sent without the sentence it refers to.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from extractors.llm.parser import stored_fact
from extractors.llm.tokens import TokenCounter
from extractors.llm.windows import Segment
from extractors.rules.text import split_sentences
from schemas.assertions import Assertion
from schemas.documents import Document, fingerprint_text

# Pronouns and determiners that point to something named outside the sentence ("They also supply
# ...", "Such restrictions ..."). A sentence that contains one is read with the sentence before it.
_BACK_REFERENCE = re.compile(
    r"\b(?:they|them|their|theirs|it|its|this|these|those|such|he|she|him|his|her|hers|both|each|either|"
    r"neither|former|latter|foregoing|above|same)\b",
    re.IGNORECASE,
)

# An index entry: {"document_id": the document it came from, "facts": [stored facts]}.
Entry = dict[str, Any]
# The caller's result for a reusable segment or sentence, such as its regrounded facts.
Reused = TypeVar("Reused")


@dataclass
class ReusePlan(Generic[Reused]):
    """The segments to send, and the segments or sentences whose earlier facts are reused."""

    fresh: list[Segment] = field(default_factory=list)
    reused: list[tuple[Segment, Reused]] = field(default_factory=list)
    segments_reused: int = 0
    sentences_reused: int = 0


def plan_reuse(document: Document, segments: Sequence[Segment], lookup: Callable[[Segment], Reused | None],
               counter: TokenCounter) -> ReusePlan[Reused]:
    """Split segments into what the model must read and what earlier extractions cover.

    `lookup` returns the reusable result of a segment or sentence, or None when it must be read.
    """
    plan: ReusePlan[Reused] = ReusePlan()
    for segment in segments:
        found = lookup(segment)
        if found is not None:
            plan.reused.append((segment, found))
            plan.segments_reused += 1
            continue
        _plan_sentences(document, segment, lookup, counter, plan)
    return plan


def _plan_sentences(document: Document, segment: Segment, lookup: Callable[[Segment], Reused | None],
                    counter: TokenCounter, plan: ReusePlan[Reused]) -> None:
    sentences = sentence_segments(document, segment, counter)
    entries = [lookup(sentence) for sentence in sentences]
    if len(sentences) < 2 or all(entry is None for entry in entries):
        plan.fresh.append(segment)
        return
    texts = [document.text[sentence.start:sentence.end] for sentence in sentences]
    sent = _with_context([i for i, entry in enumerate(entries) if entry is None], texts)
    for first, last in _runs(sent):
        plan.fresh.append(_covering(document, segment, sentences[first], sentences[last], counter))
    for index, (sentence, entry) in enumerate(zip(sentences, entries, strict=True)):
        if index not in sent and entry is not None:
            plan.reused.append((sentence, entry))
            plan.sentences_reused += 1


def sentence_segments(document: Document, segment: Segment, counter: TokenCounter) -> list[Segment]:
    """Return the sentences of a segment as segments of their own, each with its fingerprint."""
    text = document.text[segment.start:segment.end]
    sentences = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        sentences.append(Segment(segment.paragraph_id, segment.section, segment.start + start, segment.start + end,
                                 fingerprint_text(sentence), counter.count(sentence)))
    return sentences


def _with_context(new: list[int], texts: list[str]) -> set[int]:
    """Add to the new sentences the neighbours they refer to, and the next sentences that refer to them."""
    sent = set(new)
    for index in new:
        if index > 0 and _BACK_REFERENCE.search(texts[index]):
            sent.add(index - 1)
        if index + 1 < len(texts) and _BACK_REFERENCE.search(texts[index + 1]):
            sent.add(index + 1)
    return sent


def _runs(indexes: set[int]) -> list[tuple[int, int]]:
    """Group sorted indexes into runs of consecutive numbers, as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for index in sorted(indexes):
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _covering(document: Document, segment: Segment, first: Segment, last: Segment, counter: TokenCounter) -> Segment:
    text = document.text[first.start:last.end]
    return Segment(segment.paragraph_id, segment.section, first.start, last.end, fingerprint_text(text),
                   counter.count(text))


def reuse_entries(document: Document, segment: Segment, assertions: Sequence[Assertion],
                  counter: TokenCounter) -> dict[str, Entry]:
    """Return the index entries of a segment the model read: the segment's and each of its sentences'.

    A sentence that a quote only partly covers gets no entry, because its facts need the sentences
    around it. It is sent again when it next appears.
    """
    entries = {segment.fingerprint: _entry(document, assertions)}
    sentences = sentence_segments(document, segment, counter)
    if len(sentences) < 2:
        return entries
    for sentence in sentences:
        inside = [a for a in assertions if sentence.start <= a.char_start and a.char_end <= sentence.end]
        overlapping = [a for a in assertions if a.char_start < sentence.end and sentence.start < a.char_end]
        if len(overlapping) == len(inside):
            entries.setdefault(sentence.fingerprint, _entry(document, inside))
    return entries


def _entry(document: Document, assertions: Sequence[Assertion]) -> Entry:
    return {"document_id": document.id, "facts": [stored_fact(a) for a in assertions]}
