"""Mechanical verification of assertions against the text of their document.

An assertion is kept only when four checks pass. Its quote occurs in the document. Its subject
and object are named in the quote or its paragraph, except the issuer and the witness, who may
stay implicit. A company may be named by a short name that the document defines for it
("Advanced Micro Devices, Inc., or AMD"). Every number in its attributes occurs in the quote. Its entity kinds fit the
relation registry.
The char span is recomputed from the document, so a kept assertion always points at its quote.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from schemas.assertions import Assertion
from schemas.documents import Document, DocumentKind
from schemas.entities import EntityKind, EntityRef
from schemas.factors import factor_by_id, find_factor
from schemas.names import fold
from schemas.relations import REGISTRY, kinds_fit

logger = logging.getLogger(__name__)

QUOTE_NOT_FOUND = "quote_not_found"
SUBJECT_NOT_IN_TEXT = "subject_not_in_text"
OBJECT_NOT_IN_TEXT = "object_not_in_text"
NUMBER_NOT_IN_QUOTE = "number_not_in_quote"
KINDS_DO_NOT_FIT = "kinds_do_not_fit"
UNKNOWN_RELATION = "unknown_relation"

_CHAR_FOLDS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"',
    "\u201e": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u00a0": " ", "\u200b": "",
})
# A short name right after a company's full name: ", or AMD" or " (“Coca-Cola FEMSA”)".
_DEFINED_ALIAS = re.compile(r"\s*(?:,\s*or\s+|\(\s*[\"“]?)([A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,2})")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Attributes whose value is a quote of the document or a date rather than a stated amount.
_NON_NUMERIC_ATTRIBUTES = frozenset({"stance_quote", "date", "announced", "hearing", "committee"})


@dataclass
class GroundingResult:
    kept: list[Assertion] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)


def verify(assertions: list[Assertion], document: Document) -> GroundingResult:
    """Keep the assertions that the document's text supports; count the others by reason."""
    index = NormalizedText(document.text)
    result = GroundingResult()
    for assertion in assertions:
        grounded, reason = _ground(assertion, document, index)
        if grounded is None:
            result.dropped[reason] += 1
            logger.warning(
                "dropped assertion %s (%s %s -> %s) of document %s: %s",
                assertion.id, assertion.type, assertion.subject.name, assertion.object.name, document.id, reason,
            )
            continue
        result.kept.append(grounded)
    return result


def _ground(assertion: Assertion, document: Document, index: NormalizedText) -> tuple[Assertion | None, str]:
    relation = REGISTRY.get(assertion.type)
    if relation is None:
        return None, UNKNOWN_RELATION
    if not kinds_fit(relation, assertion.subject.kind, assertion.object.kind):
        return None, KINDS_DO_NOT_FIT

    span = index.find(assertion.quote, near=assertion.char_start)
    if span is None:
        return None, QUOTE_NOT_FOUND
    start, end = span
    quote = document.text[start:end]
    context = _folded(quote + " " + _paragraph_text(document, start))

    if not _named(assertion.subject, context, document):
        return None, SUBJECT_NOT_IN_TEXT
    if not _named(assertion.object, context, document):
        return None, OBJECT_NOT_IN_TEXT
    if not _numbers_in(assertion, quote.translate(_CHAR_FOLDS)):
        return None, NUMBER_NOT_IN_QUOTE

    grounded = assertion.model_copy(update={"quote": quote, "char_start": start, "char_end": end})
    if (start, end) != (assertion.char_start, assertion.char_end):
        grounded = grounded.with_id()
    return grounded, ""


def _named(entity: EntityRef, context: str, document: Document) -> bool:
    """Tell whether the entity is named in the text, or is the document's implicit issuer or witness."""
    if _is_implicit(entity, document):
        return True
    if entity.kind == EntityKind.GOVERNMENT_BODY and document.committee and entity.name in document.committee:
        return True
    folded_name = _folded(entity.name)
    if folded_name and folded_name in context:
        return True
    if entity.kind == EntityKind.FACTOR:
        return _factor_named(entity, context)
    words = [w for w in folded_name.split() if len(w) > 1]
    if words and all(f" {w} " in f" {context} " for w in words[:2]):
        return True
    if entity.kind not in (EntityKind.COMPANY, EntityKind.ORGANIZATION):
        return False
    return any(f" {_folded(alias)} " in f" {context} " for alias in defined_aliases(entity.name, document.text))


def defined_aliases(name: str, text: str) -> set[str]:
    """Return the short names that `text` defines for `name`: "Intel Corporation, or Intel", "… (CATL)".

    A short name counts when it starts with the first word of `name` and has no word that
    `name` lacks, or when it is in capitals and its letters follow the initials of `name`
    ("TSMC"). So "Alphabet Inc., or Amazon", "General Motors Company, or General Dynamics" and
    "Samsung Electronics Co., Ltd., or TSMC" in a list of companies define nothing, and neither
    does an exchange before a ticker ("International Business Machines Corporation (NYSE: IBM)").
    """
    name_words = _folded(name).split()
    first_word = (name_words or [""])[0]
    aliases = set()
    for found in re.finditer(re.escape(name), text):
        defined = _DEFINED_ALIAS.match(text, found.end())
        if defined is None:
            continue
        alias = defined.group(1)
        alias_words = _folded(alias).split()
        if (alias.isupper() and _abbreviates(alias, name)) or (
            alias_words[0] == first_word and set(alias_words) <= set(name_words)
        ):
            aliases.add(alias)
    return aliases


def _abbreviates(acronym: str, name: str) -> bool:
    """Tell whether the letters of `acronym` are, in order, among the initials of the words of `name`.

    A word in capitals gives all its letters ("LG Energy Solution", "LGES"), and a word with
    capitals inside gives those too ("MediaTek").
    """
    initials = "".join(word if word.isupper() else word[0] + "".join(c for c in word[1:] if c.isupper())
                       for word in re.findall(r"[A-Za-z]+", name))
    remaining = iter(initials.upper())
    return all(letter in remaining for letter in acronym.upper() if letter.isalpha())


def _is_implicit(entity: EntityRef, document: Document) -> bool:
    if document.issuer is not None and entity.kind in (EntityKind.COMPANY, EntityKind.ORGANIZATION):
        same_cik = entity.cik is not None and entity.cik == document.issuer.cik
        if same_cik or entity.name == document.issuer.name:
            return True
    if document.kind == DocumentKind.TESTIMONY and entity.kind == EntityKind.PERSON:
        witnesses = {s.name for s in document.speakers if s.is_witness}
        if document.issuer is not None:
            witnesses.add(document.issuer.name)
        return entity.name in witnesses
    return False


def _factor_named(entity: EntityRef, context: str) -> bool:
    factor = (factor_by_id(entity.id) if entity.id else None) or find_factor(entity.name)
    if factor is None:
        return False
    return any(f" {_folded(s)} " in f" {context} " for s in (factor.name, *factor.synonyms))


def _numbers_in(assertion: Assertion, quote: str) -> bool:
    quote_numbers = {n.replace(",", "") for n in _NUMBER.findall(quote)}
    for name, value in assertion.attributes.items():
        if name in _NON_NUMERIC_ATTRIBUTES or isinstance(value, bool) or value is None:
            continue
        for number in _stated_numbers(value):
            if number not in quote_numbers:
                return False
    return True


def _stated_numbers(value: str | float | int) -> set[str]:
    """Return the numbers a value states; a share such as 0.12 is also looked for as "12"."""
    if isinstance(value, (int, float)):
        numbers = {_plain(float(value))}
        if 0 < float(value) < 1:
            numbers = {_plain(float(value) * 100)}
        return numbers
    return {n.replace(",", "") for n in _NUMBER.findall(str(value))}


def _plain(number: float) -> str:
    return f"{round(number, 4):g}"


def _paragraph_text(document: Document, offset: int) -> str:
    for paragraph in document.paragraphs:
        if paragraph.start <= offset < paragraph.end:
            return document.text[paragraph.start:paragraph.end]
    return ""


def _folded(text: str) -> str:
    return fold(text.translate(_CHAR_FOLDS))


class NormalizedText:
    """The document text with whitespace, quotes and dashes normalized, mapped back to raw offsets."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        offsets: list[int] = []
        previous_space = False
        for i, raw in enumerate(text):
            char = raw.translate(_CHAR_FOLDS)
            if not char:
                continue
            if char.isspace():
                if previous_space:
                    continue
                char, previous_space = " ", True
            else:
                previous_space = False
            chars.append(char)
            offsets.append(i)
        self.text = "".join(chars)
        self.offsets = offsets

    def find(self, quote: str, near: int = 0) -> tuple[int, int] | None:
        """Return the raw (start, end) of the occurrence of `quote` closest to offset `near`."""
        needle = re.sub(r"\s+", " ", quote.translate(_CHAR_FOLDS)).strip()
        if not needle:
            return None
        hits = [m.start() for m in re.finditer(re.escape(needle), self.text)]
        if not hits:
            return None
        best = min(hits, key=lambda hit: abs(self.offsets[hit] - near))
        last = best + len(needle) - 1
        return self.offsets[best], self.offsets[last] + 1
