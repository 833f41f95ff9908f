"""Turn the model's reply into assertions located in the document, counting what is dropped and why.

Each fact is validated on its own against its relation's response model. Its entities are
resolved against the document context ("we" becomes the issuer). Its kinds are checked against
the registry, and its quote is located inside the window's own text. Anything that does not fit
is dropped under one of the reason codes below.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from extractors.grounding import NormalizedText
from extractors.llm.schema import FACT_MODELS, EntityReply, ExtractionReply, FactReply
from extractors.llm.windows import Segment
from extractors.rules.context import DocumentContext
from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import DocumentKind
from schemas.entities import EntityKind, EntityRef
from schemas.factors import find_factor
from schemas.names import fold, normalize_generic_name
from schemas.relations import REGISTRY, RelationType, kinds_fit

UNKNOWN_RELATION = "unknown_relation"
INVALID_FACT = "invalid_fact"
ANONYMOUS_PARTY = "anonymous_party"
KINDS_DO_NOT_FIT = "kinds_do_not_fit"
QUOTE_NOT_FOUND = "quote_not_found"
NOT_TESTIMONY = "testimony_relation_outside_testimony"

# The model's facts carry no calibrated probability, so every LLM assertion gets one prior;
# grounding and the gold-set scores are what separate good facts from bad.
LLM_CONFIDENCE = 0.7

_ISSUER_WORDS = frozenset({"we", "us", "our", "company", "the company", "our company", "my company",
                           "registrant", "the registrant"})
_WITNESS_WORDS = frozenset({"i", "me", "witness", "the witness"})
_COMMITTEE_WORDS = frozenset({"committee", "the committee", "subcommittee", "the subcommittee"})
# "Customer A", "Distributor B", "OEM 2": the anonymised parties of SEC filings.
_LETTERED_PARTY = re.compile(
    r"^(?:(?:direct|indirect|end|major|large|key)\s+)?"
    r"(?:customer|distributor|supplier|partner|vendor|client|reseller|manufacturer|oem|odm|licensee)s?\s+[A-Z0-9]{1,2}$",
    re.IGNORECASE,
)
# "a large cloud provider", "one customer", "certain distributors": descriptions, not names.
_DESCRIBED_PARTY = re.compile(r"^(?:a|an|one|another|certain|some|several|various|two|three|other)\s", re.IGNORECASE)


class InvalidReplyError(ValueError):
    """The reply is not JSON, or not an object with a list of facts."""


@dataclass
class ParsedFacts:
    """Assertions located in the window's segments, and the count of dropped facts per reason."""

    located: list[tuple[Segment, Assertion]] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    flipped: int = 0


def read_reply(content: str | None) -> list[dict[str, Any]]:
    """Return the raw facts of a reply, or raise InvalidReplyError naming what is wrong."""
    try:
        data = json.loads(content or "")
    except json.JSONDecodeError as exc:
        raise InvalidReplyError(f"reply is not JSON: {exc}") from exc
    try:
        return ExtractionReply.model_validate(data).facts
    except ValidationError as exc:
        raise InvalidReplyError(f"reply does not match the schema: {exc.errors()[0]['msg']}") from exc


class FactParser:
    """Map facts to assertions of one document, with the issuer, witness and committee as context."""

    def __init__(self, context: DocumentContext, profile: ExtractionProfile) -> None:
        self._context = context
        self._document = context.document
        self._profile = profile

    def parse(self, raw_facts: list[dict[str, Any]], segments: tuple[Segment, ...]) -> ParsedFacts:
        """Validate, resolve, orient and locate each fact of a reply within `segments`."""
        result = ParsedFacts()
        for raw in raw_facts:
            reply, reason = _validated(raw)
            if reply is None:
                result.dropped[reason] += 1
                continue
            self._add(result, reply.relation, self._entity(reply.subject), self._entity(reply.object),
                      _attributes(reply), reply.quote, segments)
        return result

    def reground(self, stored: list[dict[str, Any]], segment: Segment) -> ParsedFacts:
        """Rebuild facts stored from an earlier document on the same paragraph of this one."""
        result = ParsedFacts()
        for fact in stored:
            self._add(result, fact["type"], EntityRef.model_validate(fact["subject"]),
                      EntityRef.model_validate(fact["object"]), fact["attributes"], fact["quote"], (segment,))
        return result

    def _add(self, result: ParsedFacts, relation_name: str, subject: EntityRef, object_: EntityRef,
             attributes: dict[str, Any], quote: str, segments: tuple[Segment, ...]) -> None:
        relation = REGISTRY[relation_name]
        if relation.name.startswith("TESTIFIED_") and self._document.kind != DocumentKind.TESTIMONY:
            result.dropped[NOT_TESTIMONY] += 1
            return
        if _is_anonymous(subject.name) or _is_anonymous(object_.name):
            result.dropped[ANONYMOUS_PARTY] += 1
            return
        oriented = _orient(relation, subject, object_)
        if oriented is None:
            result.dropped[KINDS_DO_NOT_FIT] += 1
            return
        if oriented != (subject, object_):
            result.flipped += 1
        located = self._locate(quote, segments)
        if located is None:
            result.dropped[QUOTE_NOT_FOUND] += 1
            return
        segment, start, end = located
        result.located.append((segment, self._assertion(relation, *oriented, attributes, segment, start, end)))

    def _assertion(self, relation: RelationType, subject: EntityRef, object_: EntityRef,
                   attributes: dict[str, Any], segment: Segment, start: int, end: int) -> Assertion:
        document = self._document
        return Assertion(
            type=relation.name,
            subject=subject,
            object=object_,
            attributes=attributes,
            quote=document.text[start:end],
            char_start=start,
            char_end=end,
            document_id=document.id,
            section=segment.section or document.section_at(start),
            paragraph_id=segment.paragraph_id,
            valid_at=document.valid_at,
            confidence=LLM_CONFIDENCE,
            extractor=self._profile.extractor,
            model=self._profile.model,
            prompt_version=self._profile.version,
        ).with_id()

    def _locate(self, quote: str, segments: tuple[Segment, ...]) -> tuple[Segment, int, int] | None:
        """Find the quote inside one of the segments, ignoring spacing, curly quotes and dash forms."""
        for segment in segments:
            span = NormalizedText(self._document.text[segment.start:segment.end]).find(quote)
            if span is not None:
                return segment, segment.start + span[0], segment.start + span[1]
        return None

    def _entity(self, reply: EntityReply) -> EntityRef:
        """Resolve "we", "I" and "the Committee" to the document's issuer, witness and committee."""
        context = self._context
        folded = fold(reply.name)
        if reply.kind in (EntityKind.COMPANY, EntityKind.ORGANIZATION) and context.issuer is not None:
            if folded in _ISSUER_WORDS or context.is_issuer_name(reply.name):
                return context.issuer
        if reply.kind == EntityKind.PERSON and context.witness is not None:
            if folded in _WITNESS_WORDS or context.is_witness_name(reply.name):
                return context.witness
        if reply.kind == EntityKind.GOVERNMENT_BODY:
            committee = self._committee(reply.name)
            if committee is not None:
                return EntityRef(name=committee, kind=EntityKind.GOVERNMENT_BODY)
        factor_kind = reply.factor_kind
        if reply.kind == EntityKind.FACTOR and factor_kind is None:
            factor = find_factor(reply.name)
            factor_kind = factor.kind if factor else None
        return EntityRef(name=reply.name.strip(), kind=reply.kind,
                         factor_kind=factor_kind if reply.kind == EntityKind.FACTOR else None)

    def _committee(self, name: str) -> str | None:
        committees = self._context.committees
        if fold(name) in _COMMITTEE_WORDS and len(committees) == 1:
            return committees[0]
        key = normalize_generic_name(name)
        return next((c for c in committees if normalize_generic_name(c) == key), None)


def _validated(raw: dict[str, Any]) -> tuple[FactReply | None, str]:
    relation = raw.get("relation") if isinstance(raw, dict) else None
    model = FACT_MODELS.get(relation) if isinstance(relation, str) else None
    if model is None:
        return None, UNKNOWN_RELATION
    try:
        return model.model_validate(raw), ""
    except ValidationError:
        return None, INVALID_FACT


def _attributes(reply: FactReply) -> dict[str, Any]:
    return {name: value for name, value in reply.attributes.model_dump().items() if value is not None}


def _orient(relation: RelationType, subject: EntityRef, object_: EntityRef) -> tuple[EntityRef, EntityRef] | None:
    """Keep a fact whose kinds fit; swap one that fits only reversed; drop the rest.

    A swap is safe only when the kinds leave one reading: an OFFICER_OF from a Company to a Person
    can only mean the person is the officer. When both directions fit (SUPPLIER_OF between two
    companies) the kinds cannot tell supplier from customer, so the fact stays as the model gave it.
    """
    if kinds_fit(relation, subject.kind, object_.kind):
        return subject, object_
    if kinds_fit(relation, object_.kind, subject.kind):
        return object_, subject
    return None


def _is_anonymous(name: str) -> bool:
    name = name.strip()
    return bool(_LETTERED_PARTY.match(name) or _DESCRIBED_PARTY.match(name))


def stored_fact(assertion: Assertion) -> dict[str, Any]:
    """Return what the reuse index keeps of an assertion: the fact and its quote, not its place."""
    return {
        "type": assertion.type,
        "subject": assertion.subject.model_dump(mode="json", exclude_none=True),
        "object": assertion.object.model_dump(mode="json", exclude_none=True),
        "attributes": assertion.attributes,
        "quote": assertion.quote,
    }
