"""Entity mentions of one sentence: organizations, people and factors, with aliases folded in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from extractors.rules.context import DocumentContext
from extractors.rules.pipeline import COMPANY_LABEL, FACTOR_LABEL
from extractors.rules.vocabulary import (
    ANONYMISED_PARTY,
    COMPANY_NAME_ENDINGS,
    GOVERNMENT_WORDS,
    HOME_COUNTRIES,
    NON_COMPANY_LAST_WORDS,
    NON_ENTITY_ORGS,
)
from schemas.entities import EntityKind, EntityRef, FactorKind
from schemas.factors import Factor, find_factor
from schemas.factors import factor_by_id as find_factor_by_id
from schemas.names import fold, normalize_company_name

# Legal forms that NER often leaves outside the organization span ("Goldman Sachs & Co." + "LLC").
_LEGAL_TAIL = re.compile(
    r"^(?:\s*&\s*Co\b\.?|,?\s*(?:Inc|Corp|Co|Ltd|LLC|L\.L\.C|L\.P|LP|N\.A|plc|PLC|S\.A|N\.V|AG|SE|Limited|"
    r"Incorporated|Corporation|Company|Pte|GmbH|B\.V|Holdings|National\s+Association)\b\.?)+"
)
# "Advanced Micro Devices, Inc., or AMD" and "Contemporary Amperex Technology Co. Limited (CATL)".
_ALIAS_OR = re.compile(r"^\s*,?\s*or\s+$")
_ALIAS_OPEN = re.compile(r"^\s*\(\s*[\"“]?$")
_ALIAS_CLOSE = re.compile(r"^[\"”]?\s*\)")
# ", or Cisco," after a company whose alias NER tagged as no company at all ("Cisco" as GPE).
_UNTAGGED_ALIAS = re.compile(r"^\s*,\s*or\s+([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2})(?=\s*[,;:)]|\s*\.?$|\s+and\b)")
# A legal form right after a name that NER tagged as a person: "Branch Messenger, Inc.". Narrower
# than _LEGAL_TAIL, because "Co" and "Company" can open a title after a person's name
# ("Jane Doe, Co-Chief Executive Officer", "John Doe, Company Secretary"). A legal form spelled
# out counts only when no capitalized word follows it, because it can open a title too
# ("Sylvia Hinds-Radix, Corporation Counsel", "Jane Doe, Limited Partner").
_PERSON_LEGAL_TAIL = re.compile(
    r"^,?\s+(?:(?:Inc|Corp|Ltd|LLC|L\.L\.C|L\.P|plc|PLC|S\.A|N\.V|GmbH|B\.V)\b\.?(?![\w-])"
    r"|(?:Limited|Incorporated|Corporation)\b(?![\w-])(?!\s+[A-Z]))"
)
_ORG_LABELS = frozenset({"ORG", COMPANY_LABEL})
# One capitalized word after a list separator: "Wistron Corporation, and Fabrinet to perform".
_LISTED_WORD = re.compile(r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)([A-Z][A-Za-z0-9&-]{2,})\b(?!\s+[A-Z])")
# NER labels under which the small model tags factors ("China" as GPE, "the Chinese yuan" as
# EVENT). Such spans become factors when the vocabulary names them.
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "EVENT", "PRODUCT", "LAW"})
_HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Ms|Mrs|Dr)\.?\s+$")
# "The Transamerica acquisition": the small model tags some one-word company names as people, but
# only a company is the object of "<name> acquisition".
_ACQUISITION_AFTER = re.compile(r"\s+(?:acquisition|buyout|takeover)\b", re.IGNORECASE)


@dataclass
class Mention:
    """A named entity in a sentence; `start` and `end` are offsets into the sentence text."""

    start: int
    end: int
    text: str
    entity: EntityRef

    @property
    def kind(self) -> EntityKind:
        return self.entity.kind


def find_mentions(doc: Doc, context: DocumentContext) -> list[Mention]:
    """Turn the entities of a parsed sentence into mentions, in text order."""
    text = doc.text
    mentions: list[Mention] = _issuer_mentions(text, context)
    for span in _longest_first(doc):
        start, end = span.start_char, span.end_char
        # A listed unregistered company wins over NER's label: "SK Hynix" as PERSON, "Foxconn" as GPE.
        if span.label_ in _ORG_LABELS or context.index.is_unregistered_company(span.text):
            end = _extend_legal_tail(text, end)
            for part_start, part_end in _split_listed_names(text, start, end):
                mention = _organization(text, part_start, part_end, context)
                if mention and not any(_overlaps(mention, kept) for kept in mentions):
                    mentions.append(mention)
            continue
        elif span.label_ == "PERSON":
            mention = _person(text, start, end, context)
        elif span.label_ == FACTOR_LABEL:
            mention = _factor(text, start, end, find_factor_by_id(span.ent_id_))
        elif span.label_ in _PLACE_LABELS:
            mention = _place(text, start, end) or _place(text, start, _next_word_end(text, end))
        else:
            mention = None
        if mention and not any(_overlaps(mention, kept) for kept in mentions):
            mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    return _fold_aliases(text, _with_listed_registrants(text, mentions, context), context)


def _with_listed_registrants(text: str, mentions: list[Mention], context: DocumentContext) -> list[Mention]:
    """Add the one-word SEC registrant names that follow a company in a list.

    The gazetteer leaves one-word names out, because most are also ordinary words, and NER misses
    some ("Fabrinet"). Right after a company and a list separator, such a word is taken as the registrant.
    """
    found = list(mentions)
    for mention in found:
        following = _LISTED_WORD.match(text, mention.end) if mention.kind == EntityKind.COMPANY else None
        if following is None or context.index.lookup(following.group(1)) is None:
            continue
        start, end = following.span(1)
        if not any(m.start < end and start < m.end for m in found):
            found.append(Mention(start, end, following.group(1), company_ref(following.group(1), context)))
    return sorted(found, key=lambda m: m.start)


def _issuer_mentions(text: str, context: DocumentContext) -> list[Mention]:
    """Find the issuer's short name, which the small NER model often misses ("AEGON", "NVIDIA").

    A country right after it names a regional unit that is a company of its own ("AEGON UK").
    """
    if context.issuer is None:
        return []
    short = re.split(r"[\s,]+", context.issuer.name.strip())[0]
    if len(short) < 3:
        return []
    mentions = []
    for match in re.finditer(rf"\b{re.escape(short)}\b(?:\s+([A-Z][A-Za-z.]+))?", text):
        unit = match.group(1)
        place = find_factor(unit.rstrip(".")) if unit else None
        if place is not None and place.kind == FactorKind.COUNTRY and unit and unit[0].isupper():
            name = match.group()
            mentions.append(Mention(match.start(), match.end(), name, company_ref(name, context)))
        else:
            end = match.start() + len(short)
            mentions.append(Mention(match.start(), end, short, context.issuer))
    return mentions


def _longest_first(doc: Doc) -> list:
    return sorted(doc.ents, key=lambda span: (-(span.end_char - span.start_char), span.start_char))


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _split_listed_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an NER span that swallowed a list ("Broadcom, Cisco Systems") at commas.

    A comma followed by a legal form ("Samsung Electronics Co., Ltd.") does not split.
    """
    parts: list[tuple[int, int]] = []
    cursor = start
    for comma in re.finditer(r",\s+", text[start:end]):
        rest = text[start + comma.start():end]
        if _LEGAL_TAIL.match(rest):
            continue
        parts.append((cursor, start + comma.start()))
        cursor = start + comma.end()
    parts.append((cursor, end))
    return parts


def _extend_legal_tail(text: str, end: int) -> int:
    tail = _LEGAL_TAIL.match(text[end:])
    return end + tail.end() if tail else end


def _organization(text: str, start: int, end: int, context: DocumentContext) -> Mention | None:
    surface = text[start:end].strip()
    if surface.lower().startswith("the "):
        start, surface = start + 4, surface[4:]
    surface = re.sub(r"[’']s$", "", surface)
    if not _is_named_organization(surface):
        return None

    if GOVERNMENT_WORDS.search(surface):
        return Mention(start, start + len(surface), surface, EntityRef(name=surface, kind=EntityKind.GOVERNMENT_BODY))
    return Mention(start, start + len(surface), surface, company_ref(surface, context))


def _is_named_organization(surface: str) -> bool:
    if not surface or not surface[0].isupper() or ANONYMISED_PARTY.match(surface):
        return False
    words = fold(surface).split()
    if words and words[-1] in NON_COMPANY_LAST_WORDS:
        return False
    legal_form = _LEGAL_TAIL.match(surface)
    if legal_form and legal_form.end() == len(surface):
        # A legal form alone ("National Association") is the tail of the name before it.
        return False
    return normalize_company_name(surface) not in NON_ENTITY_ORGS and len(surface) > 1


def company_ref(name: str, context: DocumentContext) -> EntityRef:
    """Return the company that `name` denotes: the issuer, an alias seen earlier, or a new name."""
    if context.issuer is not None and context.is_issuer_name(name):
        return context.issuer
    canonical = context.aliases.get(normalize_company_name(name), name)
    if context.issuer is not None and context.is_issuer_name(canonical):
        return context.issuer
    found = context.index.lookup(canonical)
    cik, ticker = found if found else (None, None)
    return EntityRef(name=canonical, kind=EntityKind.COMPANY, cik=cik, ticker=ticker)


def _person(text: str, start: int, end: int, context: DocumentContext) -> Mention | None:
    surface = re.sub(r"[’']s$", "", text[start:end].strip())
    currency = _currency_tagged_as_person(text, start, surface)
    if currency is not None:
        return _factor(text, start, start + len(surface), currency)
    if _names_company(text, surface, start + len(surface)) or _ACQUISITION_AFTER.match(text, start + len(surface)):
        return _organization(text, start, _extend_legal_tail(text, start + len(surface)), context)
    if len(surface.split()) < 2 or not surface[0].isupper():
        return None
    return Mention(start, start + len(surface), surface, EntityRef(name=surface, kind=EntityKind.PERSON))


def _currency_tagged_as_person(text: str, start: int, surface: str) -> Factor | None:
    """Return the currency that a span tagged as a person names: "Euros", "Japanese Yen".

    The small English model reads capitalized currency names in lists as people, and the factor
    gazetteer cannot override NER's span. An honorific before the span ("Mr. Sterling") keeps it a person.
    """
    factor = find_factor(surface)
    if factor is None or factor.kind != FactorKind.CURRENCY or _HONORIFIC_BEFORE.search(text[:start]):
        return None
    return factor


def _names_company(text: str, surface: str, end: int) -> bool:
    """Tell whether a span that NER tagged as a person names a company.

    The small English model reads a short name without a legal form as a person's: "Branch
    Messenger", "Samas Groep". The span is a company when a legal form follows it or when its last
    word ends company names only.
    """
    words = fold(surface).split()
    if len(words) < 2 or not surface[0].isupper():
        return False
    return bool(_PERSON_LEGAL_TAIL.match(text[end:])) or words[-1] in COMPANY_NAME_ENDINGS


def _next_word_end(text: str, end: int) -> int:
    """Extend a place past the next word: "British" + "pound", "Chinese" + "government"."""
    following = re.match(r"\s+[A-Za-z]+", text[end:])
    return end + following.end() if following else end


def _place(text: str, start: int, end: int) -> Mention | None:
    surface = text[start:end]
    if surface.lower().startswith("the "):
        start, surface = start + 4, surface[4:]
    factor = find_factor(surface)
    if factor is None:
        return None
    return _factor(text, start, start + len(surface), factor)


def _factor(text: str, start: int, end: int, factor: Factor | None) -> Mention | None:
    if factor is None or factor.name in HOME_COUNTRIES:
        return None
    entity = EntityRef(name=factor.name, kind=EntityKind.FACTOR, factor_kind=factor.kind, id=factor.id)
    return Mention(start, end, text[start:end], entity)


def _fold_aliases(text: str, mentions: list[Mention], context: DocumentContext) -> list[Mention]:
    """Merge "Full Name, or ABBR" and "Full Name (ABBR)" into one mention and remember the alias."""
    folded: list[Mention] = []
    for mention in mentions:
        previous = folded[-1] if folded else None
        if previous and _defines_alias(text, previous, mention):
            context.aliases[normalize_company_name(mention.text)] = previous.entity.name
            close = _ALIAS_CLOSE.match(text[mention.end:])
            end = mention.end + (close.end() if close else 0)
            folded[-1] = Mention(previous.start, end, text[previous.start:end], previous.entity)
            continue
        folded.append(mention)
    folded = _with_untagged_aliases(text, folded, context)
    return [_with_known_alias(m, context) for m in folded]


def _with_untagged_aliases(text: str, mentions: list[Mention], context: DocumentContext) -> list[Mention]:
    """Fold "Cisco Systems, Inc., or Cisco" into one mention when NER left "Cisco" untagged.

    Without the fold, the untagged alias sits between two list items and ends the list there.
    The alias must be in capitals or open with the company's first word, as `_defines_alias` requires.
    """
    extended = []
    for i, mention in enumerate(mentions):
        alias = _UNTAGGED_ALIAS.match(text[mention.end:]) if mention.kind == EntityKind.COMPANY else None
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if alias is None or following is not None and following.start < mention.end + alias.end(1):
            extended.append(mention)
            continue
        short_key = normalize_company_name(alias.group(1))
        full_key = normalize_company_name(mention.entity.name)
        if not (alias.group(1).isupper() or short_key and full_key.split()[:1] == short_key.split()[:1]):
            extended.append(mention)
            continue
        context.aliases[short_key] = mention.entity.name
        end = mention.end + alias.end(1)
        extended.append(Mention(mention.start, end, text[mention.start:end], mention.entity))
    return extended


def _with_known_alias(mention: Mention, context: DocumentContext) -> Mention:
    """Re-resolve a name that the document defined as a company's alias earlier.

    NER tags some short company names as people ("Hon Hai"); once the document has defined the
    name as a company's alias, the company wins.
    """
    if mention.kind not in (EntityKind.COMPANY, EntityKind.PERSON):
        return mention
    if normalize_company_name(mention.text) not in context.aliases:
        return mention
    return Mention(mention.start, mention.end, mention.text, company_ref(mention.text, context))


def _defines_alias(text: str, full: Mention, short: Mention) -> bool:
    if full.kind != EntityKind.COMPANY:
        return False
    if short.kind == EntityKind.PERSON:
        return _person_tagged_alias(text, full, short)
    if short.kind != EntityKind.COMPANY:
        return False
    gap = text[full.end:short.start]
    if _ALIAS_OPEN.match(gap):
        return bool(_ALIAS_CLOSE.match(text[short.end:]))
    if not _ALIAS_OR.match(gap):
        return False
    short_key = normalize_company_name(short.text)
    full_key = normalize_company_name(full.entity.name)
    return short.text.isupper() or (bool(short_key) and full_key.startswith(short_key.split()[0]))


def _person_tagged_alias(text: str, full: Mention, short: Mention) -> bool:
    """Tell whether "Hon Hai Precision Industry Co., or Hon Hai" defines an alias that NER tagged as a person.

    The short name must be the first words of the company's name, which a person's name is not.
    """
    if not _ALIAS_OR.match(text[full.end:short.start]):
        return False
    short_words = normalize_company_name(short.text).split()
    full_words = normalize_company_name(full.entity.name).split()
    return bool(short_words) and len(short_words) < len(full_words) and full_words[:len(short_words)] == short_words
