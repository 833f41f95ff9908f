"""Supplier, customer and competitor patterns: SUPPLIER_OF and COMPETES_WITH."""

from __future__ import annotations

import re

from extractors.rules.context import DocumentContext
from extractors.rules.findings import Finding, list_after, list_before, nearest_before
from extractors.rules.mentions import Mention
from extractors.rules.text import Sentence
from extractors.rules.vocabulary import (
    CAREER_CUES,
    COMPETITOR_APPOSITIVE,
    COMPETITOR_LIST_CUES,
    CUSTOMER_LIST_CUES,
    LIMITED_SOURCE,
    ORDER_CUES,
    PEOPLE_SECTIONS,
    PERSONAL_SUBJECT,
    SERVICE_ROLES,
    SOLE_SOURCE,
    SUPPLIER_APPOSITIVES,
    SUPPLIER_LIST_CUES,
)
from schemas.entities import EntityKind

_SUPPLIER_LIST = re.compile(SUPPLIER_LIST_CUES, re.IGNORECASE)
_SUPPLIER_APPOSITIVE = re.compile(SUPPLIER_APPOSITIVES, re.IGNORECASE)
_SERVICE_ROLE = re.compile(r",?\s+as\s+(?:the\s+)?" + SERVICE_ROLES, re.IGNORECASE)
_CUSTOMER_LIST = re.compile(CUSTOMER_LIST_CUES, re.IGNORECASE)
_ORDERS = re.compile(ORDER_CUES, re.IGNORECASE)
_COMPETITOR_LIST = re.compile(COMPETITOR_LIST_CUES, re.IGNORECASE)
_COMPETITOR_APPOSITIVE = re.compile(COMPETITOR_APPOSITIVE, re.IGNORECASE)
# Words that speak of rivals. "Competitive" counts only before an offering ("competitive products");
# "competitive pay" or "a competitive advantage" names no rival.
_COMPETITION = re.compile(
    r"\bcompet(?:itors?|ition|e|es|ed|ing)\b|\bcompetitive\s+(?:products?|services?|offerings?|platforms?|"
    r"technolog(?:y|ies)|solutions?|companies|firms|businesses)\b",
    re.IGNORECASE,
)
# A capitalized competition word next to another capitalized word is part of a name
# ("Italian Competition Authority", "Competition and Markets Authority").
_NAME_BEFORE = re.compile(r"[A-Z][\w-]*\s+$")
_NAME_AFTER = re.compile(r"^\s+(?:and\s+)?[A-Z]")
# First words that many unrelated companies share, so that they cannot mark the issuer's own units.
_SHARED_FIRST_WORDS = frozenset({"general", "american", "united", "international", "national", "first", "global", "new"})
_CAREER = re.compile(CAREER_CUES, re.IGNORECASE)
_PERSONAL_SUBJECT = re.compile(PERSONAL_SUBJECT, re.IGNORECASE)
# Words by which the issuer speaks of itself; with one before a customer cue, the customers are its own.
_ISSUER_VOICE = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
# A company mention that starts this close to the sentence start is taken as its subject.
_OPENING_CHARS = 4
_REVENUE_SHARE = re.compile(
    r"^\s+(?:accounted|represented)\s+for\s+(?:approximately\s+|about\s+)?(\d+(?:\.\d+)?)\s*%\s+of\s+"
    r"(?:our\s+|the\s+company's\s+|total\s+|net\s+|consolidated\s+)*(?:revenue|sales|net\s+sales)",
    re.IGNORECASE,
)
_ADOPTION = re.compile(
    r"(?:,?\s+and\s+others)?\s+(?:is|are|has\s+been|have\s+been)\s+(?:now\s+|also\s+|already\s+)?"
    r"(?:adopting|deploying|building\s+(?:[\w-]+\s+){0,4}with|standing\s+up)\b",
    re.IGNORECASE,
)
# "Azure, GCP, AWS, and OCI bringing GB200 systems to cloud regions": a list of companies, then a participle
# and a product name with a digit, so that "... and OCI bringing new capacity" names no customer.
_ADOPTING_PRODUCT = re.compile(r",?\s+(?:bringing|deploying|adopting)\s+(?=[A-Z][\w-]*\d)")
_RUNS_ON = re.compile(r"\bruns\s+on\s+", re.IGNORECASE)
_PURCHASED_GOODS = re.compile(r"purchase[sd]?\s+((?:[\w-]+\s+){1,3})from", re.IGNORECASE)
# "We purchase substrates from A and B, and memory from C": a second list that shares the verb.
_MORE_GOODS = re.compile(r",?\s+and\s+((?:[\w-]+\s+){1,3})from\s", re.IGNORECASE)
_PRODUCT_PURPOSE = re.compile(
    r"\bto\s+(?:produce|manufacture|perform|supply|provide|fabricate)\s+(?:our\s+)?([^,.;]+?)(?:\s+(?:of|for)\s+our|[,.;]|$)",
    re.IGNORECASE,
)


def find_supplier_relations(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """Find suppliers of the issuer, customers of the issuer and orders between named companies."""
    if context.issuer is None or context.is_testimony or is_biographical(sentence):
        return []
    findings = _listed_suppliers(sentence, context)
    findings += _appositive_suppliers(sentence, context)
    findings += _service_providers(sentence, context)
    findings += _customers(sentence, context)
    findings += _adopters(sentence, context)
    findings += _orders(sentence, context)
    return findings


def find_competitors(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """Find competitors the issuer names, in lists after a competition cue or as "a competitor"."""
    issuer = context.issuer
    if issuer is None or context.is_testimony or is_biographical(sentence):
        return []
    first = _first_competition_word(sentence.text)
    if first is None:
        return []

    competitors: list[Mention] = []
    for cue in _COMPETITOR_LIST.finditer(sentence.text, first.start()):
        competitors += list_after(sentence, cue.end())
    for cue in _COMPETITOR_APPOSITIVE.finditer(sentence.text):
        named = nearest_before(sentence, cue.start(), EntityKind.COMPANY)
        if named is not None:
            competitors.append(named)
    return [
        Finding("COMPETES_WITH", issuer, m.entity, confidence=0.75)
        for m in competitors
        if m.entity != issuer and not _is_issuer_unit(m, context)
    ]


def _first_competition_word(text: str) -> re.Match[str] | None:
    for word in _COMPETITION.finditer(text):
        in_name = bool(_NAME_BEFORE.search(text[:word.start()]) or _NAME_AFTER.match(text[word.end():]))
        if not (word.group()[0].isupper() and in_name):
            return word
    return None


def _is_issuer_unit(mention: Mention, context: DocumentContext) -> bool:
    """Tell whether a company name opens with the issuer's short name: "Amazon Services Europe" in Amazon's 10-K.

    Such a name is a unit, program or brand of the issuer, which does not compete with it.
    """
    words = mention.text.split()
    if len(words) < 2 or words[0].lower() in _SHARED_FIRST_WORDS:
        return False
    return context.is_issuer_name(words[0])


def is_biographical(sentence: Sentence) -> bool:
    """Tell whether a sentence describes a person's career, or sits in a section about people only.

    "She served from 2002 to 2004 as Senior Vice President at Coherent, Inc., a manufacturer of
    laser equipment" names a past employer, which supplies nothing to the issuer.
    """
    if sentence.section in PEOPLE_SECTIONS:
        return True
    if not _CAREER.search(sentence.text):
        return False
    return bool(_PERSONAL_SUBJECT.search(sentence.text)) or any(m.kind == EntityKind.PERSON for m in sentence.mentions)


def _listed_suppliers(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    findings = []
    for cue in _SUPPLIER_LIST.finditer(sentence.text):
        attributes = _supply_attributes(sentence.text, cue)
        suppliers = list_after(sentence, cue.end())
        for supplier in suppliers:
            findings.append(_supplies_issuer(supplier, context, attributes))
        if suppliers and _PURCHASED_GOODS.match(cue.group()):
            findings += _more_purchases(sentence, context, suppliers[-1].end, attributes)
    return [f for f in findings if f is not None]


def _more_purchases(sentence: Sentence, context: DocumentContext, position: int,
                    attributes: dict) -> list[Finding | None]:
    """Read the lists that share a purchase verb: ", and memory from C, or D" after the first list."""
    findings: list[Finding | None] = []
    more = _MORE_GOODS.match(sentence.text, position)
    while more is not None:
        suppliers = list_after(sentence, more.end())
        if not suppliers:
            break
        goods = {**attributes, "product": more.group(1).strip()}
        findings += [_supplies_issuer(supplier, context, goods) for supplier in suppliers]
        more = _MORE_GOODS.match(sentence.text, suppliers[-1].end)
    return findings


def _appositive_suppliers(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    findings = []
    for mention in sentence.mentions:
        appositive = _SUPPLIER_APPOSITIVE.match(sentence.text, mention.end)
        if appositive is None:
            continue
        attributes = _source_attribute(appositive.group())
        for supplier in list_before(sentence, mention.end):
            findings.append(_supplies_issuer(supplier, context, attributes))
    return [f for f in findings if f is not None]


def _service_providers(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """Underwriters, trustees and agents named in a list that ends ", as <role>"."""
    issuer_named = any(m.entity == context.issuer for m in sentence.mentions)
    if not issuer_named:
        return []
    findings = []
    for role in _SERVICE_ROLE.finditer(sentence.text):
        product = role.group().strip(" ,").removeprefix("as ").strip()
        for provider in list_before(sentence, role.start()):
            findings.append(_supplies_issuer(provider, context, {"product": product}))
    return [f for f in findings if f is not None]


def _customers(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    issuer = context.issuer
    if issuer is None:
        return []
    findings = []
    for cue in _CUSTOMER_LIST.finditer(sentence.text):
        if _customers_of_another(sentence, cue.start(), context):
            continue
        for customer in list_after(sentence, cue.end()):
            if customer.entity != issuer:
                findings.append(Finding("SUPPLIER_OF", issuer, customer.entity, confidence=0.7))
    for mention in sentence.mentions:
        share = _REVENUE_SHARE.match(sentence.text, mention.end)
        if share and mention.kind == EntityKind.COMPANY and mention.entity != issuer:
            attributes = {"revenue_share": round(float(share.group(1)) / 100, 4)}
            findings.append(Finding("SUPPLIER_OF", issuer, mention.entity, attributes, confidence=0.8))
    return findings


def _customers_of_another(sentence: Sentence, cue_start: int, context: DocumentContext) -> bool:
    """Return True when the customers belong to the company that opens the sentence, not to the issuer.

    "WPP is implementing ... for customers such as The Coca-Cola Company" names WPP's customers.
    "Our", "we" or the issuer's name before the cue keeps them the issuer's.
    """
    before = sentence.text[:cue_start]
    if _ISSUER_VOICE.search(before) or any(m.entity == context.issuer for m in sentence.mentions if m.end <= cue_start):
        return False
    opening = [m for m in sentence.mentions if m.start <= _OPENING_CHARS and m.end <= cue_start]
    return any(m.kind == EntityKind.COMPANY for m in opening)


def _adopters(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """"xAI is adopting the GB200", "Azure, OCI, and others are building AI factories with Spectrum-X".

    In the issuer's own document a named company adopting, deploying or building with a product
    is the issuer's customer, and so is each of a list of companies "bringing GB200 systems".
    "Runs on our" or "runs on <issuer>'s" states the same relation.
    """
    issuer = context.issuer
    if issuer is None:
        return []
    customers: list[Mention] = []
    for cue in [*_ADOPTION.finditer(sentence.text), *_ADOPTING_PRODUCT.finditer(sentence.text)]:
        customers += list_before(sentence, cue.start())
    runs_on = _RUNS_ON.search(sentence.text)
    if runs_on and _names_issuer(sentence.text[runs_on.end():], context):
        customers += [m for m in sentence.mentions if m.end <= runs_on.start() and m.kind == EntityKind.COMPANY][:1]
    return [
        Finding("SUPPLIER_OF", issuer, m.entity, confidence=0.6)
        for m in customers
        if m.entity != issuer
    ]


def _names_issuer(text: str, context: DocumentContext) -> bool:
    head = text.split(" ", 1)[0].removesuffix("’s").removesuffix("'s")
    return head.lower() == "our" or context.is_issuer_name(head)


def _orders(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """"Boeing has secured orders from Southwest and Ryanair": the seller supplies each buyer."""
    findings = []
    for cue in _ORDERS.finditer(sentence.text):
        seller = nearest_before(sentence, cue.start(), EntityKind.COMPANY, max_chars=12)
        if seller is None:
            continue
        for buyer in list_after(sentence, cue.end()):
            if buyer.entity != seller.entity:
                findings.append(Finding("SUPPLIER_OF", seller.entity, buyer.entity, confidence=0.65))
    return findings


def _supplies_issuer(supplier: Mention, context: DocumentContext, attributes: dict) -> Finding | None:
    if context.issuer is None or supplier.entity == context.issuer or supplier.kind != EntityKind.COMPANY:
        return None
    return Finding("SUPPLIER_OF", supplier.entity, context.issuer, dict(attributes), confidence=0.75)


def _supply_attributes(text: str, cue: re.Match[str]) -> dict:
    attributes = _source_attribute(text)
    purchased = _PURCHASED_GOODS.match(cue.group())
    purpose = _PRODUCT_PURPOSE.search(text, cue.end())
    if purchased:
        attributes["product"] = purchased.group(1).strip()
    elif purpose:
        attributes["product"] = purpose.group(1).strip()
    return attributes


def _source_attribute(text: str) -> dict:
    if re.search(SOLE_SOURCE, text, re.IGNORECASE):
        return {"sole_source": "sole"}
    if re.search(LIMITED_SOURCE, text, re.IGNORECASE):
        return {"sole_source": "limited"}
    return {}
