"""EXPOSED_TO patterns: the issuer's exposure to factors and its dependence on named companies."""

from __future__ import annotations

import re

from extractors.rules.context import DocumentContext
from extractors.rules.findings import Finding, list_after
from extractors.rules.mentions import Mention
from extractors.rules.text import Sentence
from extractors.rules.vocabulary import (
    ADVERSE_CUES,
    BACK_REFERENCE,
    BENEFICIAL_CUES,
    COMPANY_DEPENDENCY,
    EXPOSURE_CUES,
    SUPPLIER_LIST_CUES,
)
from schemas.entities import EntityKind, FactorKind

_EXPOSURE = re.compile(EXPOSURE_CUES, re.IGNORECASE)
_ADVERSE = re.compile(ADVERSE_CUES, re.IGNORECASE)
_BENEFICIAL = re.compile(BENEFICIAL_CUES, re.IGNORECASE)
_DEPENDENCY = re.compile(COMPANY_DEPENDENCY, re.IGNORECASE)
_SUPPLIER_LIST = re.compile(SUPPLIER_LIST_CUES, re.IGNORECASE)
_SUPPLY_WORDS = re.compile(r"\bsuppl|availab|shortage|sourc", re.IGNORECASE)
_DEMAND_WORDS = re.compile(r"\bdemand|sales\s+of|affordab", re.IGNORECASE)
_RISK_WORD = re.compile(r"\brisks?\b", re.IGNORECASE)
_BACK_REFERENCE = re.compile(BACK_REFERENCE, re.IGNORECASE)
# "currencies other than the U.S. dollar" names the reporting currency, which is no exposure.
_OTHER_THAN = re.compile(r"other\s+than\s+(?:the\s+)?$", re.IGNORECASE)
# "•Europe, Middle East and Africa — favorable pricing ...": a run of capitalized words before a dash
# that opens a paragraph or list item is a heading, which names a segment rather than an exposure.
_DASH_HEADING = re.compile(
    r"^[\s\W]*?(?P<heading>[A-Z][\w’'.-]*(?:(?:,\s*|\s+(?:and\s+|&\s+)?)[A-Z][\w’'.-]*)*)\s*[—–]\s"
)
# "in the India and Southwest Asia operating unit", "our Europe, Middle East and Africa and Global
# Ventures operating segments": a place that opens the name of a segment or unit.
_SEGMENT_NAME_REST = re.compile(
    r"^(?:,?\s+(?:and\s+|&\s+)?[A-Z][\w’'-]*){0,6}\s+(?:operating\s+|business\s+|reporting\s+)?(?:units?|segments?)\b"
)
# A dependency names the company within this many words after the cue ("dependent on the
# ability and desire of IBM").
MAX_WORDS_TO_DEPENDENCY = 8

_CHANNEL_BY_KIND = {
    FactorKind.CURRENCY: "currency",
    FactorKind.REGULATION: "regulatory",
    FactorKind.COMMODITY: "price",
}


def find_exposures(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """Find factors the issuer is exposed to and companies whose loss it names as a risk."""
    if context.issuer is None or context.is_testimony:
        return []
    return _factor_exposures(sentence, context) + _company_dependencies(sentence, context)


def _factor_exposures(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    named = [m for m in sentence.mentions if m.kind == EntityKind.FACTOR]
    heading = _heading_span(sentence)
    factors = [
        m for m in named
        if not _OTHER_THAN.search(sentence.text[: m.start])
        and not heading[0] <= m.start < heading[1]
        and not _names_segment(sentence.text, m)
    ]
    residue = _text_without(sentence.text, named)
    previous_paragraph, previous = context.recent_factors
    context.recent_factors = (sentence.paragraph.id, factors)
    if not factors and previous_paragraph == sentence.paragraph.id and _BACK_REFERENCE.search(residue):
        factors = previous
    if not factors or not _EXPOSURE.search(residue):
        return []

    direction = _direction(residue)
    findings = []
    for factor in factors:
        attributes = {"direction": direction}
        channel = _channel(factor, residue)
        if channel:
            attributes["channel"] = channel
        findings.append(Finding("EXPOSED_TO", context.issuer, factor.entity, attributes, confidence=0.6))
    return findings


def _names_segment(text: str, factor: Mention) -> bool:
    return factor.entity.factor_kind == FactorKind.COUNTRY and bool(_SEGMENT_NAME_REST.match(text[factor.end:]))


def _heading_span(sentence: Sentence) -> tuple[int, int]:
    """Return the span of a dash heading at the start of the sentence's own text, or an empty span."""
    own_start = sentence.lead_in_length
    heading = _DASH_HEADING.match(sentence.text, own_start)
    if heading is None:
        return (0, 0)
    return heading.span("heading")


def _company_dependencies(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    cue = _DEPENDENCY.search(sentence.text)
    if cue is None or not _ADVERSE.search(sentence.text) and "depend" not in cue.group().lower():
        return []
    companies = list_after(sentence, cue.end(), max_words=MAX_WORDS_TO_DEPENDENCY)
    for listed in _SUPPLIER_LIST.finditer(sentence.text):
        companies += list_after(sentence, listed.end())
    relationship = re.search(r"\s+relationship\s+may\s+have\s+an\s+adverse", sentence.text, re.IGNORECASE)
    if relationship:
        companies += [m for m in sentence.mentions if m.end == relationship.start()]

    attributes = {"direction": "adverse", "channel": "supply"}
    return [
        Finding("EXPOSED_TO", context.issuer, m.entity, dict(attributes), confidence=0.6)
        for m in companies
        if m.kind == EntityKind.COMPANY and m.entity != context.issuer
    ]


def _direction(text: str) -> str:
    without_risk = _RISK_WORD.sub(" ", text)
    adverse = bool(_ADVERSE.search(without_risk))
    beneficial = bool(_BENEFICIAL.search(without_risk))
    if adverse and not beneficial:
        return "adverse"
    if beneficial and not adverse:
        return "beneficial"
    return "uncertain"


def _channel(factor: Mention, text: str) -> str | None:
    kind = factor.entity.factor_kind
    if kind == FactorKind.COMMODITY and _SUPPLY_WORDS.search(text) and "price" not in text.lower():
        return "supply"
    if kind in _CHANNEL_BY_KIND:
        return _CHANNEL_BY_KIND[kind]
    if _DEMAND_WORDS.search(text):
        return "demand"
    if kind == FactorKind.COUNTRY and _SUPPLY_WORDS.search(text):
        return "supply"
    return None


def _text_without(text: str, mentions: list[Mention]) -> str:
    """Blank out the mentions, so that "interest rate risk" does not count as its own risk cue."""
    chars = list(text)
    for mention in mentions:
        chars[mention.start:mention.end] = " " * (mention.end - mention.start)
    return "".join(chars)
