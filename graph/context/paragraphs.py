"""Source paragraphs of the context block: linked paragraphs, then full-text and vector hits fused by rank.

Paragraphs that the entity's assertions were read from come first. The others are found by the
`paragraph_text` full-text index on the entity's names and, when an embedding model is installed,
by the `paragraph_embedding` vector index on a query built from the entity's name and facts. The
two hit lists are merged by reciprocal rank fusion: a paragraph scores the sum of 1 / (60 + rank)
over the lists that found it, ranks counted from 1.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Literal

from neo4j import Driver, Record

from graph.api.lookup import fulltext_query
from graph.api.models import Entity
from graph.api.run import read
from graph.context.models import ContextFact, ContextParagraph
from graph.context.queries import (FULLTEXT_PARAGRAPHS_CYPHER, LINKED_PARAGRAPHS_CYPHER, MAX_PARAGRAPHS,
                                   VECTOR_PARAGRAPHS_CYPHER)
from graph.embeddings.model import SentenceEmbedder, find_embedder
from graph.embeddings.store import MIN_WORDS, VECTOR_INDEX, vector_index_dimensions
from graph.values import plain_value

log = logging.getLogger(__name__)

# Names searched in the paragraph index: the name, the ticker and the first aliases.
MAX_SEARCH_NAMES = 10
# Facts named in the vector query, best ranked first; the model reads at most 256 tokens anyway.
MAX_QUERY_FACTS = 20
# The constant of reciprocal rank fusion; 60 is the common default (LanceDB and LangChain4j use it).
# A larger constant narrows the gap between top and lower ranks.
RRF_K = 60
# Nearest neighbours asked of the vector index before the as-of filter drops later documents.
VECTOR_CANDIDATES = 10 * MAX_PARAGRAPHS

EmbedderChoice = SentenceEmbedder | None | Literal["auto"]

ANY_EMBEDDING_CYPHER = "MATCH (p:Paragraph) WHERE p.embedding_model = $model RETURN p.id LIMIT 1"


def find_paragraphs(driver: Driver, entity: Entity, facts: list[ContextFact], as_of: object | None,
                    embedder: EmbedderChoice, database: str | None) -> tuple[list[ContextParagraph], str]:
    """Return the ranked paragraphs and which searches ran: "fulltext", "vector", "both" or "none".

    `as_of` is a parsed date or None, and no paragraph of a document filed after it is returned.
    """
    # Headings and labels carry no evidence worth a prompt's tokens.
    parameters: dict[str, Any] = {"entity_id": entity.id, "as_of": as_of, "limit": MAX_PARAGRAPHS,
                                  "min_words": MIN_WORDS}
    linked = read(driver, LINKED_PARAGRAPHS_CYPHER, parameters, database)

    hits: dict[str, list[Record]] = {}
    names = [n for n in dict.fromkeys([entity.name or "", entity.ticker or "", *entity.aliases]) if n.strip()]
    if names:
        query = " OR ".join(f'"{fulltext_query(name)}"' for name in names[:MAX_SEARCH_NAMES])
        hits["fulltext"] = read(driver, FULLTEXT_PARAGRAPHS_CYPHER, {**parameters, "query": query}, database)
    model = _usable_embedder(driver, embedder, database)
    if model is not None:
        vector = model.embed([query_text(entity, facts)])[0].tolist()
        hits["vector"] = read(driver, VECTOR_PARAGRAPHS_CYPHER,
                              {**parameters, "vector": vector, "candidates": VECTOR_CANDIDATES}, database)

    ranks = _ranks(hits)
    linked_ids = {record["p"]["id"] for record in linked}
    paragraphs = [_paragraph(r, ranks, linked=True, score=float(r["assertions"])) for r in linked]
    paragraphs += _fused(hits, ranks, linked_ids)
    return paragraphs, _retrieval_name(hits)


def query_text(entity: Entity, facts: list[ContextFact]) -> str:
    """Return the vector query: the entity's name and ticker, then its best facts as plain phrases."""
    name = entity.name or entity.id
    phrases = [name + (f" ({entity.ticker})" if entity.ticker else "")]
    for fact in facts[:MAX_QUERY_FACTS]:
        relation = fact.hop.relation.lower().replace("_", " ")
        other = fact.other.name or fact.other.id
        phrases.append(f"{name} {relation} {other}" if fact.direction == "out" else f"{other} {relation} {name}")
    return ". ".join(phrases) + "."


def _usable_embedder(driver: Driver, embedder: EmbedderChoice, database: str | None) -> SentenceEmbedder | None:
    """Return the embedder when the graph has a vector index of its dimensions, else None."""
    model = find_embedder() if embedder == "auto" else embedder
    if not isinstance(model, SentenceEmbedder):
        return None
    dimensions = vector_index_dimensions(driver, database)
    if dimensions != model.dimensions:
        _warn_once(f"the graph has no {VECTOR_INDEX} vector index of {model.dimensions} dimensions "
                   f"(found {dimensions}), so paragraphs are searched by full text only: run "
                   f"`fingraph neo4j init`, then `fingraph embed`")
        return None
    if not read(driver, ANY_EMBEDDING_CYPHER, {"model": model.name}, database):
        _warn_once(f"no paragraph has an embedding of {model.name} yet, so paragraphs are searched by full text "
                   f"only: run `fingraph embed`")
        return None
    return model


@functools.cache
def _warn_once(message: str) -> None:
    log.warning(message)


def _ranks(hits: dict[str, list[Record]]) -> dict[str, dict[str, int]]:
    """Return each paragraph id's rank, counted from 1, in each hit list that contains it."""
    ranks: dict[str, dict[str, int]] = {}
    for method, records in hits.items():
        for rank, record in enumerate(records, start=1):
            ranks.setdefault(record["p"]["id"], {})[method] = rank
    return ranks


def _fused(hits: dict[str, list[Record]], ranks: dict[str, dict[str, int]],
           skipped: set[str]) -> list[ContextParagraph]:
    """Merge the hit lists by reciprocal rank fusion, best first, leaving out `skipped` ids."""
    records: dict[str, Record] = {}
    for found in hits.values():
        for record in found:
            records.setdefault(record["p"]["id"], record)
    scores = {pid: sum(1.0 / (RRF_K + rank) for rank in ranks[pid].values()) for pid in records if pid not in skipped}
    order = sorted(scores, key=lambda pid: (-scores[pid], pid))
    return [_paragraph(records[pid], ranks, linked=False, score=scores[pid]) for pid in order]


def _retrieval_name(hits: dict[str, list[Record]]) -> str:
    if len(hits) == 2:
        return "both"
    return next(iter(hits), "none")


def _paragraph(record: Record, ranks: dict[str, dict[str, int]], *, linked: bool, score: float) -> ContextParagraph:
    paragraph, document = record["p"], record["d"]
    found = ranks.get(paragraph["id"], {})
    return ContextParagraph(id=paragraph["id"], document=document["id"],
                            filed_at=plain_value(document.get("filed_at")), section=paragraph.get("section"),
                            text=paragraph.get("text") or "", linked=linked, score=score,
                            fulltext_rank=found.get("fulltext"), vector_rank=found.get("vector"))
