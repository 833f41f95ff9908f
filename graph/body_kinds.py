"""Tell government bodies from other organizations by the words in their names."""

from __future__ import annotations

from schemas.entities import EntityKind
from schemas.names import fold

GOVERNMENT_WORDS = frozenset({
    "committee", "subcommittee", "senate", "house", "department", "agency", "commission", "federal",
    "bureau", "administration", "congress", "ministry", "parliament",
})
ORGANIZATION_WORDS = frozenset({
    "institute", "foundation", "center", "centre", "association", "council", "coalition",
})
# "Federal" and "House" also open the names of private bodies ("Federal Bar Association",
# "Clearing House Association"), so they make a name governmental only when no word of an
# organization is in it.
WEAK_GOVERNMENT_WORDS = frozenset({"federal", "house"})


def classify_body(name: str) -> EntityKind | None:
    """Return GOVERNMENT_BODY or ORGANIZATION when a keyword of `name` decides, else None."""
    words = set(fold(name).split())
    organization = bool(words & ORGANIZATION_WORDS)
    strong = words & (GOVERNMENT_WORDS - WEAK_GOVERNMENT_WORDS)
    if strong or (words & WEAK_GOVERNMENT_WORDS and not organization):
        return EntityKind.GOVERNMENT_BODY
    if organization:
        return EntityKind.ORGANIZATION
    return None
