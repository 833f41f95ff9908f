"""The context block: facts and paragraphs chosen for one entity, as text for a prompt or as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graph.api.models import Entity, Hop

# Long quotes and paragraphs are cut so that one source cannot take the whole budget.
MAX_QUOTE_CHARS = 300
MAX_PARAGRAPH_CHARS = 800


def clip(text: str, limit: int) -> str:
    """Return `text` on one line, cut to `limit` characters with an ellipsis when longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class ContextFact:
    """One fact edge next to the entity, or one step further for a second-order fact.

    `confidence` is the highest confidence and `mentions` the count of the fact's assertions known
    by the as-of date. `via` names the middle entity and relation of a second-order fact.
    """

    hop: Hop
    other: Entity
    direction: str
    confidence: float
    mentions: int
    section: str | None
    paragraph_id: str | None
    via: Entity | None = None
    via_relation: str | None = None

    def line(self, subject_name: str) -> str:
        arrow = f"-[{self.hop.relation}]->"
        other = f"{self.other.name} ({self.other.id})"
        edge = f"{subject_name} {arrow} {other}" if self.direction == "out" else f"{other} {arrow} {subject_name}"
        evidence = self.hop.evidence
        section = f", {self.section}" if self.section else ""
        return (f"- {edge}; date {evidence.stated_for}; confidence {self.confidence:.2f}; status {self.hop.status}; "
                f"mentions {self.mentions}; source {evidence.document}{section}: \"{clip(evidence.quote, MAX_QUOTE_CHARS)}\"")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ContextParagraph:
    """A source paragraph; `linked` is true when one of the entity's assertions was read from it.

    `score` is the count of those assertions for a linked paragraph, else its reciprocal rank fusion
    score. `fulltext_rank` and `vector_rank` are its ranks, from 1, in the searches that found it.
    """

    id: str
    document: str
    filed_at: str | None
    section: str | None
    text: str
    linked: bool
    score: float
    fulltext_rank: int | None = None
    vector_rank: int | None = None

    def line(self) -> str:
        section = f", {self.section}" if self.section else ""
        # A call or a hearing has an event date and no filing date.
        filed = f", filed {self.filed_at}" if self.filed_at else ""
        return f"- [{self.document}{section}{filed}] {clip(self.text, MAX_PARAGRAPH_CHARS)}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Context:
    """The chosen facts and paragraphs of an entity, in rank order, and what the budget left out.

    `retrieval` names the paragraph searches that ran: "fulltext", "vector", "both" or "none".
    """

    entity: Entity
    as_of: str | None
    max_tokens: int
    facts: list[ContextFact] = field(default_factory=list)
    second_order: list[ContextFact] = field(default_factory=list)
    paragraphs: list[ContextParagraph] = field(default_factory=list)
    omitted: int = 0
    retrieval: str = "fulltext"

    def to_text(self) -> str:
        """Render the block: the entity, facts grouped by relation, second-order facts, then paragraphs."""
        lines = [self.header()]
        lines += _grouped(self.facts, self.entity.name or self.entity.id, "Facts")
        groups: dict[str, list[ContextFact]] = {}
        for fact in self.second_order:
            groups.setdefault(fact.via.id if fact.via else "", []).append(fact)
        for group in groups.values():
            via = group[0].via or self.entity
            lines += _grouped(group, f"{via.name} ({via.id})",
                              f"Second-order facts via {via.name} ({group[0].via_relation})")
        if self.paragraphs:
            lines.append("Source paragraphs:")
            lines += [paragraph.line() for paragraph in self.paragraphs]
        if self.omitted:
            lines.append(f"({self.omitted} lower-ranked facts and paragraphs left out to fit {self.max_tokens} tokens)")
        return "\n".join(lines)

    def header(self) -> str:
        entity = self.entity
        ticker = f", ticker {entity.ticker}" if entity.ticker else ""
        as_of = self.as_of or "current graph"
        return f"Entity: {entity.name} (id {entity.id}, kind {entity.kind}{ticker}); as of {as_of}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity.to_dict(), "as_of": self.as_of, "max_tokens": self.max_tokens,
            "facts": [f.to_dict() for f in self.facts], "second_order": [f.to_dict() for f in self.second_order],
            "paragraphs": [p.to_dict() for p in self.paragraphs], "omitted": self.omitted,
            "retrieval": self.retrieval,
        }


def _grouped(facts: list[ContextFact], subject_name: str, title: str) -> list[str]:
    """Return the lines of `facts` under `title`, one sub-heading per relation and direction."""
    if not facts:
        return []
    lines = [f"{title}:"]
    keys = dict.fromkeys((f.hop.relation, f.direction) for f in facts)
    for relation, direction in keys:
        lines.append(f"{relation} ({'outgoing' if direction == 'out' else 'incoming'}):")
        lines += [f.line(subject_name) for f in facts if (f.hop.relation, f.direction) == (relation, direction)]
    return lines
