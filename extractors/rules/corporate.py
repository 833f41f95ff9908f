"""Ownership patterns: ACQUIRED and SUBSIDIARY_OF."""

from __future__ import annotations

import re

from extractors.rules.context import DocumentContext
from extractors.rules.findings import Finding, list_after, mention_at, nearest_before
from extractors.rules.mentions import Mention
from extractors.rules.text import Sentence
from extractors.rules.vocabulary import SUBSIDIARY_NOUN
from schemas.entities import EntityKind, EntityRef

_ACQUISITION_OF = re.compile(
    r"\b(?:acquisition|buyout|takeover)\s+of\s+(?:all\s+of\s+)?(?:the\s+)?(?:assets\s+of\s+)?(?:[\w-]+-based\s+)?",
    re.IGNORECASE,
)
# "acquired Bombardier business jet programs", "acquire Prospect's Connecticut facility": the name
# only qualifies the assets bought, and the company itself stays with its owner.
_ASSETS_OF_NAMED = re.compile(
    r"^(?:[’']s\b|\s+(?-i:[a-z][\w-]*\s+){0,2}(?:business(?:es)?|programs?|facilit(?:y|ies)|plants?|assets|"
    r"operations|divisions?|product\s+lines?|portfolios?)\b)",
    re.IGNORECASE,
)
_NAME_THEN_ACQUISITION = re.compile(r"^\s+(?:acquisition|buyout|takeover)\b", re.IGNORECASE)
_ACQUIRED = re.compile(
    r"\b(?:acquired|acquires|bought|completed\s+the\s+acquisition\s+of|agreed\s+to\s+acquire)\s+"
    r"(?:all\s+of\s+)?(?:the\s+)?(?:assets\s+of\s+|outstanding\s+shares\s+of\s+)?(?:[\w-]+-based\s+)?",
    re.IGNORECASE,
)
_ACQUIRER_VERB = re.compile(
    r"^\s+(?:has\s+|had\s+|also\s+)?(?:acquired|acquires|bought|completed\s+the\s+acquisition|agreed\s+to\s+acquire)\b",
    re.IGNORECASE,
)
# "the termination of the agreement whereby NVIDIA would have acquired Arm": a deal that did not happen.
_COUNTERFACTUAL = re.compile(
    r"\bwould\s+have\s+(?:acquired|bought)\b|\btermination\s+of\s+(?:the|our|its)\s+(?:[\w-]+\s+){0,3}"
    r"(?:agreement|acquisition|merger)\b",
    re.IGNORECASE,
)
_DIVESTITURE = re.compile(r"\b(?:sold|divest|dispos|spin-?off|separation\s+from)", re.IGNORECASE)
_DEAL_VALUE = re.compile(
    r"\bfor\s+(?:(?:net\s+|total\s+)?(?:cash\s+)?consideration\s+of\s+|approximately\s+|about\s+)?"
    r"(\$\s?[\d.,]+\s*(?:million|billion|trillion)?)",
    re.IGNORECASE,
)
_OUR_NAMED_SUBSIDIARY = re.compile(r"\b(our|its)\s+(?:wholly[- ]owned\s+|majority[- ]owned\s+)?$", re.IGNORECASE)
_SUBSIDIARY_AFTER_NAME = re.compile(r"^\s+" + SUBSIDIARY_NOUN, re.IGNORECASE)
_SUBSIDIARY_THEN_NAME = re.compile(r"\b(our|its)\s+" + SUBSIDIARY_NOUN + r",?\s+", re.IGNORECASE)
_APPOSITIVE_SUBSIDIARY = re.compile(
    r"^,\s+(?:a|an|our)\s+(?:([A-Z][\w]+)-based\s+)?(?:[\w-]+\s+){0,2}?" + SUBSIDIARY_NOUN + r"(?:\s+of\s+)?",
)
_IS_SUBSIDIARY_OF = re.compile(r"^,?\s+(?:is|became)\s+(?:a|an)\s+" + SUBSIDIARY_NOUN + r"\s+of\s+", re.IGNORECASE)
_OWNS = re.compile(r"^,?\s+(?:which\s+)?(?:also\s+)?(?:owns|acquired\s+and\s+owns)\s+", re.IGNORECASE)


def find_acquisitions(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """Find completed or agreed acquisitions of named companies."""
    if _DIVESTITURE.search(sentence.text) or _COUNTERFACTUAL.search(sentence.text):
        return []
    targets = _acquisition_targets(sentence)
    if not targets:
        return []

    explicit = _explicit_acquirer(sentence)
    value = _DEAL_VALUE.search(sentence.text)
    attributes = {"value": value.group(1)} if value else {}
    findings = []
    for target in targets:
        acquirer = explicit or (None if context.is_testimony else context.issuer)
        if acquirer is None or acquirer == target.entity or target.entity == context.issuer:
            continue
        findings.append(Finding("ACQUIRED", acquirer, target.entity, dict(attributes), confidence=0.7))
    return findings


def find_subsidiaries(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """Find "our X subsidiary", "X, a subsidiary", "its subsidiary X", "A, which owns B"."""
    findings: list[Finding] = []
    for mention in _companies(sentence):
        findings += _named_subsidiary(sentence, mention, context)
        findings += _appositive_subsidiary(sentence, mention, context)
        findings += _owner_of(sentence, mention)
    for cue in _SUBSIDIARY_THEN_NAME.finditer(sentence.text):
        child = mention_at(sentence, cue.end(), EntityKind.COMPANY)
        parent = _possessor(sentence, cue, context)
        if child is not None and parent is not None and child.entity != parent:
            findings.append(Finding("SUBSIDIARY_OF", child.entity, parent, confidence=0.75))
    return findings


def _acquisition_targets(sentence: Sentence) -> list[Mention]:
    targets: list[Mention] = []
    for cue in (*_ACQUISITION_OF.finditer(sentence.text), *_ACQUIRED.finditer(sentence.text)):
        listed = list_after(sentence, cue.end(), max_words=0)
        targets += [m for m in listed if not _ASSETS_OF_NAMED.match(sentence.text[m.end:])]
    for mention in _companies(sentence):
        if _NAME_THEN_ACQUISITION.match(sentence.text[mention.end:]):
            targets.append(mention)
    return targets


def _explicit_acquirer(sentence: Sentence) -> EntityRef | None:
    for mention in _companies(sentence):
        if _ACQUIRER_VERB.match(sentence.text[mention.end:]):
            return mention.entity
    return None


def _named_subsidiary(sentence: Sentence, mention: Mention, context: DocumentContext) -> list[Finding]:
    before = _OUR_NAMED_SUBSIDIARY.search(sentence.text[: mention.start])
    if before is None or not _SUBSIDIARY_AFTER_NAME.match(sentence.text[mention.end:]):
        return []
    parent = _possessor(sentence, before, context)
    if parent is None or parent == mention.entity:
        return []
    return [Finding("SUBSIDIARY_OF", mention.entity, parent, confidence=0.8)]


def _appositive_subsidiary(sentence: Sentence, mention: Mention, context: DocumentContext) -> list[Finding]:
    cue = _APPOSITIVE_SUBSIDIARY.match(sentence.text[mention.end:])
    if cue is None:
        return []
    stated = mention_at(sentence, mention.end + cue.end(), EntityKind.COMPANY) if cue.group().endswith("of ") else None
    parent = _implicit_parent(context)
    if stated is not None:
        parent = stated.entity
    if parent is None or parent == mention.entity:
        return []
    attributes = {"jurisdiction": cue.group(1)} if cue.group(1) else {}
    return [Finding("SUBSIDIARY_OF", mention.entity, parent, attributes, confidence=0.75)]


def _implicit_parent(context: DocumentContext) -> EntityRef | None:
    """Return the issuer as the unnamed parent, except in testimony, which has no issuer of its own."""
    return None if context.is_testimony else context.issuer


def _owner_of(sentence: Sentence, mention: Mention) -> list[Finding]:
    findings = []
    for pattern in (_OWNS, _IS_SUBSIDIARY_OF):
        cue = pattern.match(sentence.text[mention.end:])
        if cue is None:
            continue
        other = mention_at(sentence, mention.end + cue.end(), EntityKind.COMPANY)
        if other is None or other.entity == mention.entity:
            continue
        if pattern is _OWNS:
            findings.append(Finding("SUBSIDIARY_OF", other.entity, mention.entity, confidence=0.7))
        else:
            findings.append(Finding("SUBSIDIARY_OF", mention.entity, other.entity, confidence=0.8))
    return findings


def _possessor(sentence: Sentence, cue: re.Match[str], context: DocumentContext) -> EntityRef | None:
    """Return whom "our" or "its" refers to: the issuer, or the company named just before."""
    if cue.group(1).lower() == "our":
        return None if context.is_testimony else context.issuer
    owner = nearest_before(sentence, cue.start(), EntityKind.COMPANY, max_chars=40)
    return owner.entity if owner else None


def _companies(sentence: Sentence) -> list[Mention]:
    return [m for m in sentence.mentions if m.kind == EntityKind.COMPANY]
