"""Paragraph embeddings in Neo4j: the `paragraph_embedding` vector index and the writes that fill it.

Each embedded paragraph stores `embedding` (a float32 vector), `embedding_model` (the model's
name) and `embedding_fingerprint` (the paragraph's fingerprint when it was embedded). A paragraph
is embedded again only when one of the last two no longer matches, so loading the same documents
twice encodes nothing the second time.

Boilerplate and paragraphs under `MIN_WORDS` words (headings, labels) get no embedding: the
context never cites them. A paragraph whose fingerprint another paragraph already has an
embedding for (last year's unchanged risk factor) takes a copy of that vector instead of being
encoded again, because the encoder, not Neo4j, is what a load waits for.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from graph.api.run import read
from graph.embeddings.model import SentenceEmbedder
from graph.loader import RowBatch
from schemas.errors import GraphLoadError

log = logging.getLogger(__name__)

VECTOR_INDEX = "paragraph_embedding"
# Paragraphs read, encoded and written per transaction; at most about 1.5 MB of vectors.
PAGE_SIZE = 256

# Headings and labels are shorter than this; the context cites only paragraphs at least this long.
MIN_WORDS = 5

_PENDING = f"""NOT coalesce(p.boilerplate, false) AND size(split(trim(p.text), ' ')) >= {MIN_WORDS}
       AND (p.embedding IS NULL OR $recompute
            OR coalesce(p.embedding_model, '') <> $model OR coalesce(p.embedding_fingerprint, '') <> p.fingerprint)"""

PENDING_BY_ID_CYPHER = f"""
UNWIND $ids AS id
MATCH (p:Paragraph {{id: id}})
WHERE {_PENDING}
RETURN p.id AS id, p.text AS text, p.fingerprint AS fingerprint
"""

PENDING_AFTER_CYPHER = f"""
MATCH (p:Paragraph)
WHERE p.id > $after AND {_PENDING}
RETURN p.id AS id, p.text AS text, p.fingerprint AS fingerprint
ORDER BY p.id
LIMIT $limit
"""

PENDING_COUNT_CYPHER = f"""
MATCH (p:Paragraph)
WHERE {_PENDING}
RETURN count(p) AS pending
"""

# setNodeVectorProperty stores a float32 array and rejects a value that is not a list of numbers.
WRITE_CYPHER = """
UNWIND $rows AS row
MATCH (p:Paragraph {id: row.id})
CALL db.create.setNodeVectorProperty(p, 'embedding', row.embedding)
SET p.embedding_model = $model, p.embedding_fingerprint = row.fingerprint
"""

# Copies the vector of another paragraph with the same fingerprint, embedded by the same model.
COPY_CYPHER = """
UNWIND $ids AS id
MATCH (p:Paragraph {id: id})
CALL (p) {
  MATCH (donor:Paragraph {fingerprint: p.fingerprint})
  WHERE donor.id <> p.id AND donor.embedding_model = $model AND donor.embedding_fingerprint = donor.fingerprint
  RETURN donor
  ORDER BY donor.id
  LIMIT 1
}
CALL db.create.setNodeVectorProperty(p, 'embedding', donor.embedding)
SET p.embedding_model = $model, p.embedding_fingerprint = p.fingerprint
RETURN p.id AS id
"""

INDEX_OPTIONS_CYPHER = """
SHOW VECTOR INDEXES YIELD name, state, options WHERE name = $name
RETURN state, options.indexConfig['vector.dimensions'] AS dimensions
"""


def vector_index_statement(dimensions: int) -> str:
    """Return the CREATE statement of the cosine vector index on `Paragraph.embedding`."""
    if isinstance(dimensions, bool) or not isinstance(dimensions, int) or dimensions <= 0:
        raise ValueError(f"vector dimensions must be a positive integer, got {dimensions!r}")
    return (f"CREATE VECTOR INDEX {VECTOR_INDEX} IF NOT EXISTS FOR (p:Paragraph) ON p.embedding "
            f"OPTIONS {{indexConfig: {{`vector.dimensions`: {dimensions}, `vector.similarity_function`: 'cosine'}}}}")


def vector_index_dimensions(driver: Driver, database: str | None = None) -> int | None:
    """Return the dimensions of the paragraph vector index, or None when it does not exist."""
    records = read(driver, INDEX_OPTIONS_CYPHER, {"name": VECTOR_INDEX}, database)
    return int(records[0]["dimensions"]) if records else None


def create_vector_index(driver: Driver, dimensions: int, database: str | None = None) -> None:
    """Create the paragraph vector index when missing; raise GraphLoadError when it has other dimensions."""
    driver.execute_query(vector_index_statement(dimensions), database_=database)
    existing = vector_index_dimensions(driver, database)
    if existing != dimensions:
        raise GraphLoadError(f"the vector index {VECTOR_INDEX} has {existing} dimensions but the embedding model "
                             f"has {dimensions}: drop it with `DROP INDEX {VECTOR_INDEX}`, run `fingraph neo4j init`, "
                             f"then `fingraph embed --all`")


def count_pending(driver: Driver, embedder: SentenceEmbedder, *, recompute: bool = False,
                  database: str | None = None) -> int:
    """Return how many paragraphs of the graph `embed_paragraphs` would embed or copy a vector to."""
    records = read(driver, PENDING_COUNT_CYPHER, {"model": embedder.name, "recompute": recompute}, database)
    return int(records[0]["pending"])


def embed_paragraphs(driver: Driver, embedder: SentenceEmbedder, ids: Sequence[str] | None = None, *,
                     recompute: bool = False, database: str | None = None,
                     progress: Callable[[int], None] | None = None) -> int:
    """Encode and store the embeddings of paragraphs that lack a current one; return how many were written.

    `ids` limits the work to those paragraphs, and None means every paragraph in the graph.
    `recompute` encodes them again even when their embedding is current. `progress` is called
    with the running total after each page is stored, so an interrupted run keeps every page before it.
    """
    started = time.monotonic()
    written = copied = 0
    parameters = {"model": embedder.name, "recompute": recompute}
    for page in _pending_pages(driver, parameters, ids, database):
        if not recompute:
            done = set(_write(driver, COPY_CYPHER, {"ids": [row["id"] for row in page], "model": embedder.name},
                              database, f"copying embeddings to {len(page)} paragraphs"))
            copied += len(done)
            page = [row for row in page if row["id"] not in done]
        # Paragraphs with one fingerprint in the same page are encoded once.
        texts = {row["fingerprint"]: row["text"] or "" for row in page}
        vectors = dict(zip(texts, embedder.embed(list(texts.values())), strict=True))
        rows = [{"id": row["id"], "fingerprint": row["fingerprint"], "embedding": vectors[row["fingerprint"]].tolist()}
                for row in page]
        if rows:
            _write(driver, WRITE_CYPHER, {"rows": RowBatch(rows), "model": embedder.name}, database,
                   f"writing {len(rows)} paragraph embeddings")
        written += len(rows)
        log.debug("embedded %d paragraphs and copied %d so far", written, copied)
        if progress is not None:
            progress(written + copied)
    log.info("embedded %d paragraphs with %s and copied %d by fingerprint in %.1f s", written, embedder.name, copied,
             time.monotonic() - started)
    return written + copied


def _pending_pages(driver: Driver, parameters: dict[str, Any], ids: Sequence[str] | None,
                   database: str | None) -> Iterator[list[dict[str, Any]]]:
    """Yield pages of paragraphs that need an embedding: among `ids`, or across the graph in id order."""
    if ids is not None:
        for chunk in _chunks(ids, PAGE_SIZE):
            page = _read(driver, PENDING_BY_ID_CYPHER, {**parameters, "ids": list(chunk)}, database)
            if page:
                yield page
        return
    after = ""
    while page := _read(driver, PENDING_AFTER_CYPHER, {**parameters, "after": after, "limit": PAGE_SIZE}, database):
        yield page
        after = page[-1]["id"]


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    return (items[start:start + size] for start in range(0, len(items), size))


def _read(driver: Driver, cypher: str, parameters: dict[str, Any], database: str | None) -> list[dict[str, Any]]:
    return [record.data() for record in read(driver, cypher, parameters, database)]


def _write(driver: Driver, cypher: str, parameters: dict[str, Any], database: str | None, action: str) -> list[str]:
    """Run one write in a managed transaction; return the ids it reports."""
    def run(tx: ManagedTransaction) -> list[str]:
        return [record["id"] for record in tx.run(cypher, parameters) if "id" in record.keys()]

    try:
        with driver.session(database=database) as session:
            return session.execute_write(run)
    except (Neo4jError, ServiceUnavailable) as exc:
        raise GraphLoadError(f"{action} in Neo4j failed: {exc}") from exc
