"""The values the query API returns: entities, evidence, fact hops, neighbours and paths.

Each is a frozen dataclass; `to_dict()` gives a JSON-ready dict with dates as ISO strings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from graph.values import plain_value

KIND_LABELS = ("Company", "Organization", "Person", "GovernmentBody", "Factor")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str | None
    kind: str | None
    ticker: str | None = None
    cik: str | None = None
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_node(cls, node: Any) -> Entity:
        kind = next((label for label in KIND_LABELS if label in node.labels), None)
        return cls(id=node["id"], name=node.get("name"), kind=kind, ticker=node.get("ticker"),
                   cik=node.get("cik"), aliases=tuple(node.get("aliases") or ()))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Evidence:
    """The assertion behind a fact: its document, dates and verbatim quote."""

    assertion_id: str
    document: str
    filed_at: str | None
    stated_for: str | None
    quote: str
    attributes: dict[str, Any]

    @classmethod
    def from_nodes(cls, assertion: Any, document: Any) -> Evidence:
        attributes = {key: plain_value(value) for key, value in assertion.items() if key in EVIDENCE_ATTRIBUTES}
        return cls(assertion_id=assertion["id"], document=document["id"],
                   filed_at=plain_value(document.get("filed_at")), stated_for=plain_value(assertion.get("valid_at")),
                   quote=assertion["quote"], attributes=attributes)


# The relation attributes of the registry that an assertion may carry, shown with its evidence.
EVIDENCE_ATTRIBUTES = frozenset({
    "product", "sole_source", "revenue_share", "direction", "channel", "magnitude", "hearing", "committee",
    "stance_quote", "role", "current", "jurisdiction", "market", "announced", "value", "date",
})


@dataclass(frozen=True)
class Hop:
    """One fact edge of a path: `subject -[relation]-> object`, whichever way the path walks it."""

    relation: str
    subject_id: str
    object_id: str
    status: str | None
    first_seen: str | None
    last_seen: str | None
    evidence: Evidence

    @classmethod
    def from_record(cls, fact: Any, assertion: Any, document: Any, as_of: object | None) -> Hop:
        evidence = Evidence.from_nodes(assertion, document)
        status = fact.get("status")
        last_seen = plain_value(fact.get("last_seen"))
        if as_of is not None:
            # A fact visible on a past date was active then, and later statements were not yet known.
            status = "active"
            last_seen = evidence.stated_for
        return cls(relation=fact.type, subject_id=fact.start_node["id"], object_id=fact.end_node["id"],
                   status=status, first_seen=plain_value(fact.get("first_seen")), last_seen=last_seen,
                   evidence=evidence)


@dataclass(frozen=True)
class Neighbour:
    entity: Entity
    direction: str
    hop: Hop

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SecondOrderPath:
    """start -first- middle -second- end, with the evidence of both facts."""

    start: Entity
    middle: Entity
    end: Entity
    first: Hop
    second: Hop

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
