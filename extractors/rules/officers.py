"""OFFICER_OF patterns: signature blocks, call introductions and "I'm the Director of X at Y"."""

from __future__ import annotations

import re

from extractors.rules.context import DocumentContext
from extractors.rules.findings import Finding, mention_at
from extractors.rules.text import Sentence
from extractors.rules.vocabulary import NON_NAME_WORDS, ROLE_QUALIFIER, ROLE_UNIT, TITLE_WORDS
from schemas.entities import EntityKind, EntityRef

# A capitalized word or initial, or run-together initials ("Gareth C.C. Chang").
_NAME_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z][A-Za-z]*\.?(?:[-’'][A-Z][A-Za-z]+)*)"
_NAME_TOKEN_RE = re.compile(_NAME_TOKEN + r"$")
_UNIT_WITH_QUALIFIER = rf"{ROLE_UNIT}\b(?:{ROLE_QUALIFIER})?"
TITLE = rf"(?i:{_UNIT_WITH_QUALIFIER}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){_UNIT_WITH_QUALIFIER})*)"
_TITLE_RE = re.compile(TITLE)

_SIGNATURE_MARK = re.compile(r"/s/\s*")
_NAMED_TITLE = re.compile(
    rf"(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,4}})\s*(?P<separator>,|--|–|—)\s*"
    rf"(?:(?P<former>former\s+)|the\s+|our\s+|(?P<owner>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}})[’']s\s+)*"
    rf"(?P<title>{TITLE})(?P<at>\s+(?:of|at)\s+(?:the\s+)?)?"
)
_SELF_TITLE = re.compile(
    rf"\bI(?:’|')?m\s+(?:the\s+|a\s+)?(?P<former>former\s+)?(?P<title>{TITLE})\s+(?:at|of|for)\s+(?:the\s+)?"
    rf"|\bI\s+am\s+(?:the\s+|a\s+)?(?P<former2>former\s+)?(?P<title2>{TITLE})\s+(?:at|of|for)\s+(?:the\s+)?"
)
_GROUP_TITLE = re.compile(
    rf"\b(?i:our|the\s+company’s|the\s+company's)\s+(?P<title>(?:[A-Z]{{2,5}}\s+)?(?i:(?:vice\s+)?presidents|directors|"
    rf"executive\s+officers|officers))\s*,\s*(?P<names>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})+"
    rf"(?:\s*,\s*(?:and\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})+)*)"
)
_DATE = re.compile(
    r"\s*(?:\(|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d)"
)


def find_officers(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """Find people named with an officer or director title at a company."""
    findings = _signatures(sentence, context)
    findings += _named_titles(sentence, context)
    findings += _self_titles(sentence, context)
    findings += _group_titles(sentence, context)
    return findings


def _signatures(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """Read "/s/ NAME Title (Principal ...) Date" blocks; each signer is an officer or director."""
    if context.issuer is None or context.is_testimony:
        return []
    marks = list(_SIGNATURE_MARK.finditer(sentence.text))
    findings = []
    for i, mark in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else len(sentence.text)
        parsed = _parse_signature(sentence.text, mark.start(), mark.end(), stop)
        if parsed is not None:
            name, role, span = parsed
            person = EntityRef(name=name, kind=EntityKind.PERSON)
            findings.append(Finding("OFFICER_OF", person, context.issuer, {"role": role}, 0.9, span))
    return findings


def _parse_signature(text: str, mark_start: int, start: int, stop: int) -> tuple[str, str, tuple[int, int]] | None:
    words = list(re.finditer(r"\S+", text[start:stop]))
    names = []
    for word in words:
        token = word.group()
        if token.lower().strip(",") in TITLE_WORDS or not _NAME_TOKEN_RE.match(token):
            break
        names.append(word)
    if not names:
        return None

    role_at = start + names[-1].end()
    surfaces = [w.group() for w in names]
    half = len(surfaces) // 2
    if len(surfaces) % 2 == 0 and surfaces[:half] == surfaces[half:]:
        surfaces = surfaces[:half]
    if not 2 <= len(surfaces) <= 4 or surfaces[-1].endswith("."):
        return None

    title = _TITLE_RE.match(text, role_at + 1, stop) if role_at < stop else None
    if title is None or not _DATE.match(text, title.end()) and title.end() != stop:
        return None
    name = " ".join(surfaces)
    if name.replace(".", "").replace("-", "").replace(" ", "").isupper():
        name = name.title()
    span = (mark_start, title.end())
    return name, title.group().strip(), span


def _named_titles(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    findings = []
    for match in _NAMED_TITLE.finditer(sentence.text):
        name = _clean_name(match.group("name"))
        if name is None or not _is_person(sentence, match, name):
            continue
        org = _organization(sentence, match, context)
        if org is None:
            continue
        attributes = _role_attributes(match.group("title"), bool(match.group("former")))
        person = EntityRef(name=name, kind=EntityKind.PERSON)
        findings.append(Finding("OFFICER_OF", person, org, attributes, confidence=0.75))
    return findings


def _self_titles(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """Find the witness's own title: "I'm the Director of Macroeconomic Analysis at the Roosevelt Institute"."""
    if context.witness is None:
        return []
    findings = []
    for match in _SELF_TITLE.finditer(sentence.text):
        org = mention_at(sentence, match.end(), EntityKind.COMPANY)
        if org is None:
            continue
        title = match.group("title") or match.group("title2")
        former = bool(match.group("former") or match.group("former2"))
        attributes = _role_attributes(title, former)
        findings.append(Finding("OFFICER_OF", context.witness, org.entity, attributes, confidence=0.75))
    return findings


def _group_titles(sentence: Sentence, context: DocumentContext) -> list[Finding]:
    """"Our GBU Presidents, Raphael Crawford, Netha Johnson, and Eric Norris"."""
    if context.issuer is None or context.is_testimony:
        return []
    findings = []
    for match in _GROUP_TITLE.finditer(sentence.text):
        role = re.sub(r"s$", "", match.group("title"))
        for raw in re.split(r"\s*,\s*(?:and\s+)?", match.group("names")):
            name = _clean_name(raw)
            if name is not None:
                person = EntityRef(name=name, kind=EntityKind.PERSON)
                findings.append(Finding("OFFICER_OF", person, context.issuer, {"role": role}, confidence=0.7))
    return findings


def _clean_name(raw: str) -> str | None:
    """Drop leading words that cannot open a name; keep two to four name words."""
    words = raw.split()
    while words and words[0].lower().strip("’'") in NON_NAME_WORDS:
        words = words[1:]
    if not 2 <= len(words) <= 4 or words[-1].endswith("."):
        return None
    if any(w.lower() in TITLE_WORDS or w.lower() in NON_NAME_WORDS for w in words):
        return None
    return " ".join(words)


def _is_person(sentence: Sentence, match: re.Match[str], name: str) -> bool:
    """Accept a name that NER tags as a person, or one on a transcript speaker line ("Name -- Title").

    A dash with no space on either side joins the parts of a caption ("Board Matters—Director
    Independence"), so that name, too, must be tagged as a person.
    """
    before = sentence.text[match.start("separator") - 1:match.start("separator")]
    after = sentence.text[match.end("separator"):match.end("separator") + 1]
    glued = not before.isspace() and not after.isspace()
    if match.group("separator") != "," and not glued:
        return True
    start = match.start("name") + match.group("name").find(name)
    return any(m.kind == EntityKind.PERSON and m.start <= start < m.end for m in sentence.mentions)


def _organization(sentence: Sentence, match: re.Match[str], context: DocumentContext) -> EntityRef | None:
    if match.group("owner"):
        owner = mention_at(sentence, match.start("owner"), EntityKind.COMPANY)
        return owner.entity if owner else None
    if match.group("at"):
        named = mention_at(sentence, match.end("at"), EntityKind.COMPANY)
        if named is not None:
            return named.entity
    return None if context.is_testimony else context.issuer


def _role_attributes(title: str, former: bool) -> dict:
    attributes: dict = {"role": title.strip(" ,")}
    if former:
        attributes["current"] = False
    return attributes
