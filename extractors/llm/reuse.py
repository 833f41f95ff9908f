"""Reuse of earlier extractions: which parts of a document the model reads, and which facts carry over.

A segment whose fingerprint was extracted before, from another document of the same issuer, is
not sent. A segment that is new is split into sentences. Its sentences that were extracted before
keep their facts, and only the new sentences are sent. A new sentence that refers back ("They
also supply ...") goes with the sentence before it. An unchanged sentence that refers back to a
new one is sent with it, because its facts may change with what it refers to. Reused facts are
regrounded in the new document by their quote.

A segment or sentence that differs from one extracted before only in its numbers (amounts,
percentages, dates, fiscal years) is found by a second key with the numbers masked. Its facts are
reused only when every number in their quotes, entity names and attributes is unchanged in the
new text, in the same place, so a fact never keeps last year's amount or date. Comparing places
matters because filings move numbers: this year's "compared with fiscal year 2023" was last year's
"in fiscal year 2023".

NOTE: back-references are found by pronouns and determiners only. A sentence that refers back with
a definite noun phrase ("the agreement") is reused or sent without the sentence it refers to.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Mapping, Sequence
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
# A number with its separators ("2,500", "26.97", "2024"): amounts, percentages, dates and fiscal years.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A number whose commas group thousands: "1,500" and "2,500,000.75", not "1,5" or "12,34".
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# The prefix of index keys whose text had its numbers masked, which keeps them apart from fingerprints.
NUMBER_MASKED = "numbers-masked:"

# An index entry: {"document_id": the document it came from, "facts": [stored facts]}, and under a
# number-masked key also "numbers": the numbers of the text the facts were extracted from, in order.
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


def find_entry(lookup: Callable[[str], Entry | None], document: Document, segment: Segment) -> Entry | None:
    """Return the index entry of a segment by its fingerprint, else by its number-masked key.

    An entry found by the masked key is returned only when its facts' numbers are unchanged in the
    segment (see `numbers_unchanged`). The caller still regrounds each quote, which must be found in
    the segment as it is.

    NOTE: an entry without facts is reused whatever the new numbers are, on the view that the
    relation types depend on the words, not the amounts. A text whose new number alone makes a
    fact worth stating is therefore not sent.
    """
    entry = lookup(segment.fingerprint)
    if entry is not None:
        return entry
    text = document.text[segment.start:segment.end]
    if not _NUMBER.search(text):
        return None
    entry = lookup(number_masked_key(text))
    if entry is None or not numbers_unchanged(entry["facts"], entry["numbers"], text):
        return None
    return entry


def number_masked_key(text: str) -> str:
    """Return the index key of a text with each number replaced by 0, so that changed amounts and dates match."""
    return NUMBER_MASKED + fingerprint_text(_NUMBER.sub("0", text))


def numbers_of(text: str) -> list[str]:
    """Return the numbers of a text in order, without thousands separators: "$1,500.5" gives "1500.5".

    A comma that does not group thousands stays, so that "1,5" and "15" are different numbers.
    """
    return [number.replace(",", "") if _THOUSANDS.fullmatch(number) else number for number in _NUMBER.findall(text)]


def numbers_unchanged(facts: Sequence[Mapping[str, Any]], old_numbers: Sequence[str], text: str) -> bool:
    """Tell whether every number of the facts is unchanged in the text, given the numbers of the old text.

    The old and the new text share their number-masked key, so their numbers pair up by position.
    A number of a fact's quote, entity names or attributes must occur in the new text and in no
    pair whose two numbers differ. Entity ids and CIKs are not compared, because the text never
    states them. A numeric attribute may be stated as a percentage: a `revenue_share` of 0.12 by
    "12%".
    """
    new_numbers = numbers_of(text)
    if len(new_numbers) != len(old_numbers):
        return False
    changed = {number for old, new in zip(old_numbers, new_numbers, strict=True) if old != new
               for number in (old, new)}
    unchanged = set(new_numbers) - changed
    for fact in facts:
        strings = [fact["quote"], fact["subject"]["name"], fact["object"]["name"]]
        for value in [*strings, *fact["attributes"].values()]:
            if not _value_unchanged(value, unchanged, changed):
                return False
    return True


def _value_unchanged(value: Any, unchanged: set[str], changed: set[str]) -> bool:
    """Tell whether a value's numbers are unchanged. A number may be stated as is or as a percentage ("12" for 0.12).

    It is unchanged only when neither form changed, because the text
    does not show which one stated it: with "12%" now "13%", a `revenue_share` of 0.12 has
    changed even when "$0.12 per share" has not.
    """
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        written = {_number_text(value), _number_text(value * 100)}
        return bool(written & unchanged) and not written & changed
    return set(numbers_of(str(value))) <= unchanged


def _number_text(value: float) -> str:
    """Write a number as a filing would, to 6 decimals without trailing zeros: 12.0 as "12", 0.125 as "0.125"."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def reuse_entries(document: Document, segment: Segment, assertions: Sequence[Assertion],
                  counter: TokenCounter) -> dict[str, Entry | None]:
    """Return the index entries of a segment the model read: the segment's and each of its sentences'.

    Each text with a number also gets an entry under its number-masked key, None when two texts
    share that key with different facts (see `merge_entries`). A sentence that a quote only partly
    covers gets no entry, because its facts need the sentences around it. It is sent again when it
    next appears.
    """
    entries: dict[str, Entry | None] = {}
    _add_entry(entries, document, segment, assertions)
    sentences = sentence_segments(document, segment, counter)
    if len(sentences) < 2:
        return entries
    for sentence in sentences:
        inside = [a for a in assertions if sentence.start <= a.char_start and a.char_end <= sentence.end]
        overlapping = [a for a in assertions if a.char_start < sentence.end and sentence.start < a.char_end]
        if len(overlapping) == len(inside):
            _add_entry(entries, document, sentence, inside)
    return entries


def merge_entries(entries: dict[str, Entry | None], added: dict[str, Entry | None]) -> None:
    """Add a segment's entries to those of its document; the first entry of a fingerprint wins.

    A number-masked key that two texts share becomes None when their facts differ, or when they
    have facts and their numbers differ, so that neither text's facts are reused by it. Leave None
    entries out of the index.
    """
    for key, entry in added.items():
        if key not in entries:
            entries[key] = entry
            continue
        current = entries[key]
        if key.startswith(NUMBER_MASKED) and current is not None and not _same_masked(current, entry):
            entries[key] = None


def _same_masked(current: Entry, added: Entry | None) -> bool:
    if added is None or current["facts"] != added["facts"]:
        return False
    return not current["facts"] or current["numbers"] == added["numbers"]


def _add_entry(entries: dict[str, Entry | None], document: Document, segment: Segment,
               assertions: Sequence[Assertion]) -> None:
    entry = {"document_id": document.id, "facts": [stored_fact(a) for a in assertions]}
    added: dict[str, Entry | None] = {segment.fingerprint: entry}
    text = document.text[segment.start:segment.end]
    if _NUMBER.search(text):
        added[number_masked_key(text)] = {**entry, "numbers": numbers_of(text)}
    merge_entries(entries, added)
