"""Pattern results (`Finding`) and helpers that read lists of named entities around a cue."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from extractors.rules.mentions import Mention
from extractors.rules.text import Sentence
from schemas.assertions import AttributeValue
from schemas.entities import EntityKind, EntityRef

# What may stand between two items of a list of names: a comma, "and", "or", "as well as".
_LIST_SEPARATOR = re.compile(r"^\s*(?:[,;]\s*)?(?:(?:and|or|and/or|as\s+well\s+as|&)\s+)?(?:the\s+)?$")
_CLAUSE_BREAK = re.compile(r"[;.!?]")
MAX_WORDS_BEFORE_LIST = 6


@dataclass
class Finding:
    """One relation found by a pattern; `span` overrides the sentence as the quote when set."""

    relation: str
    subject: EntityRef
    object: EntityRef
    attributes: dict[str, AttributeValue] = field(default_factory=dict)
    confidence: float = 0.7
    span: tuple[int, int] | None = None


def list_after(
    sentence: Sentence,
    position: int,
    kinds: Iterable[EntityKind] = (EntityKind.COMPANY,),
    max_words: int = MAX_WORDS_BEFORE_LIST,
) -> list[Mention]:
    """Return the list of named entities that starts within `max_words` words after `position`."""
    wanted = set(kinds)
    following = [m for m in sentence.mentions if m.start >= position]
    if not following:
        return []
    first = following[0]
    gap = sentence.text[position:first.start]
    if first.kind not in wanted or len(gap.split()) > max_words or _CLAUSE_BREAK.search(gap):
        return []
    return _continue_list(sentence, following, wanted)


def list_before(
    sentence: Sentence, position: int, kinds: Iterable[EntityKind] = (EntityKind.COMPANY,)
) -> list[Mention]:
    """Return the list of named entities that ends right before `position`, in text order."""
    wanted = set(kinds)
    preceding = [m for m in sentence.mentions if m.end <= position]
    items: list[Mention] = []
    boundary = position
    for mention in reversed(preceding):
        gap = sentence.text[mention.end:boundary]
        if mention.kind not in wanted or not _LIST_SEPARATOR.match(gap):
            break
        items.append(mention)
        boundary = mention.start
    return list(reversed(items))


def _continue_list(sentence: Sentence, following: list[Mention], wanted: set[EntityKind]) -> list[Mention]:
    items = [following[0]]
    for mention in following[1:]:
        gap = sentence.text[items[-1].end:mention.start]
        if mention.kind not in wanted or not _LIST_SEPARATOR.match(gap):
            break
        items.append(mention)
    return items


def nearest_before(sentence: Sentence, position: int, kind: EntityKind, max_chars: int = 60) -> Mention | None:
    """Return the closest mention of `kind` that ends within `max_chars` before `position`."""
    candidates = [m for m in sentence.mentions if m.end <= position and m.kind == kind]
    if not candidates or position - candidates[-1].end > max_chars:
        return None
    return candidates[-1]


def mention_at(sentence: Sentence, position: int, kind: EntityKind) -> Mention | None:
    """Return the mention of `kind` that starts at `position`, allowing for spaces."""
    for mention in sentence.mentions:
        if mention.kind == kind and mention.start >= position and not sentence.text[position:mention.start].strip():
            return mention
    return None
