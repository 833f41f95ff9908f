"""Person ids: one id per person across documents, and a disambiguating key when names collide.

The rule, applied the same way at load and at re-resolution:
- A person's base id is `person:<normalized-name>` ("Dr. Jane Q. Doe" and "Doe, Jane" are
  `person:jane-doe`).
- The affiliations known for a name are the resolved ids of the companies and organizations
  that OFFICER_OF assertions name for it. They are gathered over the whole batch being resolved,
  or the whole graph when `apply_resolution_changes` runs, never over the documents seen so far.
- While a name has at most one known affiliation, every mention of it gets the base id.
- Once a name has two or more, each mention that states an affiliation gets
  `person:<normalized-name>~<affiliation-id-slug>`, and a mention that states none keeps the
  base id, because it cannot be told apart.
The id is therefore a function of the mention and the set of affiliations, never of load order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from schemas.names import normalize_person_name, slugify


@dataclass(frozen=True)
class AffiliationIndex:
    """The affiliation ids known for each normalized person name."""

    by_name: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> AffiliationIndex:
        """Build the index from (person surface name, affiliation entity id) pairs."""
        collected: dict[str, set[str]] = {}
        for name, affiliation_id in pairs:
            normalized = normalize_person_name(name)
            if normalized and affiliation_id:
                collected.setdefault(normalized, set()).add(affiliation_id)
        return cls({name: frozenset(ids) for name, ids in collected.items()})

    def affiliations(self, normalized: str) -> frozenset[str]:
        return self.by_name.get(normalized, frozenset())


def person_id(normalized: str, affiliation_id: str | None, index: AffiliationIndex) -> str:
    """Return the id of a person mention by the rule in this module's docstring."""
    base = f"person:{slugify(normalized)}"
    known = index.affiliations(normalized) | ({affiliation_id} if affiliation_id else set())
    if len(known) < 2 or not affiliation_id:
        return base
    return f"{base}~{affiliation_slug(affiliation_id)}"


def affiliation_slug(entity_id: str) -> str:
    """Turn an entity id into an id fragment: `cik:0000320193` becomes `cik-0000320193`."""
    return entity_id.replace(":", "-").replace("~", "-")
