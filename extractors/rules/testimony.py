"""Testimony patterns: TESTIFIED_BEFORE and TESTIFIED_AGAINST, from the witness's own words only."""

from __future__ import annotations

import re

from extractors.rules.context import DocumentContext
from extractors.rules.findings import Finding
from extractors.rules.text import Sentence
from extractors.rules.vocabulary import BLAME_CUES, TESTIMONY_ADDRESS
from schemas.entities import EntityKind, EntityRef

_ADDRESS = re.compile(TESTIMONY_ADDRESS, re.IGNORECASE)
_BLAME = re.compile(BLAME_CUES, re.IGNORECASE)


def find_testimony_relations(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """Find the committees the witness addresses and the companies the witness blames."""
    if not context.is_testimony or context.witness is None:
        return []
    return _testified_before(sentence, context) + _testified_against(sentence, context)


def _testified_before(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    if not _ADDRESS.search(sentence.text) or context.witness is None:
        return []
    attributes = _hearing_attributes(context)
    valid_at = context.document.valid_at
    if valid_at is not None:
        attributes["date"] = valid_at.isoformat()
    return [
        Finding(
            "TESTIFIED_BEFORE",
            context.witness,
            EntityRef(name=committee, kind=EntityKind.GOVERNMENT_BODY),
            dict(attributes),
            confidence=0.8,
        )
        for committee in context.committees
    ]


def _testified_against(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    if not _BLAME.search(sentence.text) or context.witness is None:
        return []
    attributes = _hearing_attributes(context)
    if context.committees:
        attributes["committee"] = "; ".join(context.committees)
    attributes["stance_quote"] = sentence.text
    # The witness's own organization ("we failed to ...") is self-criticism, not an accusation.
    return [
        Finding("TESTIFIED_AGAINST", context.witness, m.entity, dict(attributes), confidence=0.55)
        for m in sentence.mentions
        if m.kind == EntityKind.COMPANY and m.entity != context.issuer
    ]


def _hearing_attributes(context: DocumentContext) -> dict:
    title = context.document.title
    return {"hearing": title} if title else {}
