"""Idempotent batched writes of documents, paragraphs, entities and assertions into Neo4j.

Rows are written in batches of `BATCH_SIZE`, each in a managed transaction that the driver
retries on transient errors such as deadlocks. Every node has a deterministic id backed by a
uniqueness constraint. Documents and entities are written with `UNWIND $rows ... MERGE`.
Paragraphs and assertions are first looked up by id in the same transaction: the new ones are
created together with their links, the stored ones go through MERGE. Run-time stamps
(`ingested_at`) are set on create only, so loading the same input twice changes no property.

Writes label the documents they touch, and the entities that lose an assertion link,
`FactsPending`, so that `graph.fact_edges.update_fact_edges` knows which facts to recompute.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ConstraintError, Neo4jError, ServiceUnavailable

from graph.resolution import EntityResolver
from graph.units import link_units, parent_refs
from schemas.assertions import Assertion
from schemas.documents import Document
from schemas.entities import EntityRef
from schemas.errors import GraphLoadError
from schemas.relations import SAFE_IDENTIFIER

log = logging.getLogger(__name__)

Rows = list[dict[str, Any]]

# Rows per write transaction. Over six paired loads of 10,000 synthetic assertions, batches of 5,000
# were 9% faster on average than batches of 1,000 (one pair 4% slower), because they need fewer commits.
BATCH_SIZE = 5000


class RowBatch(list[Any]):
    """The rows of one statement, shown by their count only.

    The neo4j driver (6.4) formats every query's parameters for its debug log even when debug
    logging is off. Loading 100,000 assertions, that text cost 2.6 s of client time under cProfile,
    about as much as packing the batches, and a debug log should not hold whole batches anyway.
    """

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


DOCUMENTS_CYPHER = """
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
  ON CREATE SET d.ingested_at = datetime()
SET d:FactsPending, d.kind = row.kind, d.form = row.form, d.issuer_cik = row.issuer_cik,
    d.issuer_name = row.issuer_name, d.title = row.title,
    d.filed_at = date(row.filed_at), d.period_end = date(row.period_end),
    d.event_date = date(row.event_date), d.valid_at = date(row.valid_at),
    d.source_url = row.source_url, d.source_path = row.source_path, d.sha256 = row.sha256
"""

# Writes the paragraphs that are not in the graph yet. CREATE skips the existence checks and locks of MERGE.
NEW_PARAGRAPHS_CYPHER = """
UNWIND $rows AS row
MATCH (d:Document {id: row.document_id})
CREATE (p:Paragraph {id: row.id, text: row.text, section: row.section, char_start: row.char_start,
                     char_end: row.char_end, fingerprint: row.fingerprint, boilerplate: row.boilerplate,
                     speaker: row.speaker})
CREATE (p)-[:PART_OF]->(d)
"""

PARAGRAPHS_CYPHER = """
UNWIND $rows AS row
MATCH (d:Document {id: row.document_id})
MERGE (p:Paragraph {id: row.id})
SET p.text = row.text, p.section = row.section, p.char_start = row.char_start,
    p.char_end = row.char_end, p.fingerprint = row.fingerprint, p.boilerplate = row.boilerplate,
    p.speaker = row.speaker
MERGE (p)-[:PART_OF]->(d)
"""

# The label is interpolated after a SAFE_IDENTIFIER check, because Cypher takes no label parameters.
ENTITIES_CYPHER = """
UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
  ON CREATE SET e.ingested_at = datetime()
SET e:{label}, e.cik = coalesce(row.cik, e.cik), e.ticker = coalesce(row.ticker, e.ticker),
    e.kind = row.factor_kind
WITH e, row
// Sorting the union keeps aliases and the chosen name the same whatever the load order.
CALL (e, row) {{
  UNWIND coalesce(e.aliases, []) + row.aliases AS alias
  WITH DISTINCT alias ORDER BY size(alias) DESC, alias
  RETURN collect(alias) AS aliases
}}
SET e.aliases = aliases, e.name = coalesce(row.canonical_name, aliases[0])
"""

# The label is one of the loader's own, never input.
EXISTING_IDS_CYPHER = """
UNWIND $ids AS id
MATCH (n:{label} {{id: id}})
RETURN n.id AS id
"""

# Writes the assertions that are not in the graph yet, with their links, in one pass. CREATE
# skips the existence checks and locks of MERGE, which cost more than the writes themselves.
# Returns the rows written, fewer than given when an entity or document is missing.
NEW_ASSERTIONS_CYPHER = """
UNWIND $rows AS row
MATCH (s:Entity {id: row.subject_id})
MATCH (o:Entity {id: row.object_id})
MATCH (d:Document {id: row.document_id})
CREATE (a:Assertion)
SET a = row.properties, a.id = row.id, a.valid_at = date(row.valid_at), a.ingested_at = datetime()
CREATE (a)-[:SUBJECT]->(s), (a)-[:OBJECT]->(o), (a)-[:STATED_IN]->(d)
WITH a, row
CALL (a, row) {
  MATCH (p:Paragraph {id: row.paragraph_id})
  CREATE (a)-[:FROM_PARAGRAPH]->(p)
}
RETURN count(*) AS written
"""

# Assertions already in the graph take three statements: the properties, the removal of links
# that moved, and the links.
ASSERTION_NODES_CYPHER = """
UNWIND $rows AS row
MERGE (a:Assertion {id: row.id})
  ON CREATE SET a.ingested_at = datetime()
SET a += row.properties, a.valid_at = date(row.valid_at)
"""

# An improved resolution may point an existing assertion at another entity: drop the old link
# and mark the old entity, so that the fact-edge update recomputes its facts.
STALE_LINKS_CYPHER = """
UNWIND $rows AS row
MATCH (a:Assertion {id: row.id})-[old:SUBJECT|OBJECT]->(e:Entity)
WHERE (type(old) = 'SUBJECT' AND e.id <> row.subject_id) OR (type(old) = 'OBJECT' AND e.id <> row.object_id)
DELETE old
SET e:FactsPending
"""

ASSERTION_LINKS_CYPHER = """
UNWIND $rows AS row
MATCH (a:Assertion {id: row.id})
MATCH (s:Entity {id: row.subject_id})
MATCH (o:Entity {id: row.object_id})
MATCH (d:Document {id: row.document_id})
MERGE (a)-[:SUBJECT]->(s)
MERGE (a)-[:OBJECT]->(o)
MERGE (a)-[:STATED_IN]->(d)
WITH a, row
CALL (a, row) {
  MATCH (p:Paragraph {id: row.paragraph_id})
  MERGE (a)-[:FROM_PARAGRAPH]->(p)
}
RETURN count(*) AS written
"""

# Documents whose assertions changed, so that the fact-edge update recomputes their streams.
MARK_DOCUMENTS_CYPHER = """
UNWIND $ids AS id
MATCH (d:Document {id: id})
SET d:FactsPending
"""


def batches(rows: Sequence[dict[str, Any]], size: int = BATCH_SIZE) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


class Neo4jLoader:
    """Writes parsed documents and resolved assertions into the graph model of fingraph."""

    def __init__(self, driver: Driver, database: str | None = None, batch_size: int = BATCH_SIZE) -> None:
        if batch_size < 1:
            raise ValueError(f"invalid batch size {batch_size}: use 1 or more rows per transaction")
        self.driver = driver
        self.database = database
        self.batch_size = batch_size

    def write(self, cypher: str, rows: Sequence[dict[str, Any]], what: str) -> int:
        """Write `rows` in batches, each in a retried managed transaction; return rows written."""
        return self.write_with(lambda tx, batch: _run(tx, cypher, batch), rows, what)

    def write_with(self, work: Callable[[ManagedTransaction, Rows], None], rows: Sequence[dict[str, Any]], what: str,
                   *, retry_on_constraint: bool = False) -> int:
        """Run the transaction function `work` on each batch of `rows` in a retried managed transaction.

        Set `retry_on_constraint` for a `work` that CREATEs the nodes it did not find. A concurrent
        writer may create one of them first, and then the batch fails on a uniqueness constraint.
        The batch runs once more, and that run finds the node and merges into it.
        """
        with self.driver.session(database=self.database) as session:
            for batch in batches(rows, self.batch_size):
                try:
                    try:
                        session.execute_write(work, RowBatch(batch))
                    except ConstraintError as exc:
                        if not retry_on_constraint:
                            raise
                        log.warning("writing %d %s met a uniqueness constraint, retrying once: %s",
                                    len(batch), what, exc)
                        session.execute_write(work, RowBatch(batch))
                except (Neo4jError, ServiceUnavailable) as exc:
                    raise GraphLoadError(f"writing {len(batch)} {what} to Neo4j failed: {exc}") from exc
        return len(rows)

    def load_documents(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        self.write(DOCUMENTS_CYPHER, [document_row(d) for d in documents], "documents")
        paragraphs = [row for d in documents for row in paragraph_rows(d)]
        # A document listed twice would make CREATE break the uniqueness constraint, so the last copy wins.
        paragraphs = list({row["id"]: row for row in paragraphs}.values())
        self.write_with(write_paragraph_batch, paragraphs, "paragraphs", retry_on_constraint=True)
        log.info("loaded %d documents with %d paragraphs", len(documents), len(paragraphs))
        return len(documents)

    def load_assertions(self, assertions: Sequence[Assertion], resolver: EntityResolver) -> int:
        """Write the entities and assertions; every assertion must already carry resolved ids.

        The companies that own the curated units among the entities are written too, and then
        linked to their units (`graph.units`). Links that units.csv no longer lists stay until
        `fingraph reresolve` removes them.
        """
        refs = [ref for assertion in assertions for ref in (assertion.subject, assertion.object)]
        entities = entity_rows_of(refs + parent_refs((ref.id for ref in refs if ref.id), resolver), resolver)
        for label, rows in entities.items():
            if not SAFE_IDENTIFIER.match(label.upper()):
                raise GraphLoadError(f"entity label {label!r} is not a safe Cypher identifier")
            self.write(ENTITIES_CYPHER.format(label=label), rows, f"{label} entities")
        # Rows with the same id would make CREATE break the uniqueness constraint, so the last one wins.
        rows = list({row["id"]: row for row in map(assertion_row, assertions)}.values())
        self.write_with(write_assertion_batch, rows, "assertions", retry_on_constraint=True)
        try:
            link_units(self.driver, resolver.curation, self.database)
        except (Neo4jError, ServiceUnavailable) as exc:
            raise GraphLoadError(f"writing the UNIT_OF links of units.csv to Neo4j failed: {exc}") from exc
        log.info("loaded %d assertions about %d entities", len(assertions),
                 sum(len(rows) for rows in entities.values()))
        return len(assertions)


def _run(tx: ManagedTransaction, cypher: str, rows: list[dict[str, Any]]) -> None:
    # The result is consumed inside the transaction function, as the driver's retries require.
    tx.run(cypher, rows=rows).consume()


def split_existing(tx: ManagedTransaction, label: str, rows: Rows) -> tuple[Rows, Rows]:
    """Split `rows` into those whose `label` node is not in the graph yet and those whose node is."""
    ids = [row["id"] for row in rows]
    existing = {record["id"] for record in tx.run(EXISTING_IDS_CYPHER.format(label=label), ids=RowBatch(ids))}
    return (RowBatch(row for row in rows if row["id"] not in existing),
            RowBatch(row for row in rows if row["id"] in existing))


def write_paragraph_batch(tx: ManagedTransaction, rows: Rows) -> None:
    new, old = split_existing(tx, "Paragraph", rows)
    if new:
        tx.run(NEW_PARAGRAPHS_CYPHER, rows=new).consume()
    if old:
        tx.run(PARAGRAPHS_CYPHER, rows=old).consume()


def write_assertion_batch(tx: ManagedTransaction, rows: Rows) -> None:
    """Write one batch of assertions with their links; raise if a row's entity or document is missing."""
    new, old = split_existing(tx, "Assertion", rows)
    written = 0
    if new:
        written += tx.run(NEW_ASSERTIONS_CYPHER, rows=new).single(strict=True)["written"]
    if old:
        tx.run(ASSERTION_NODES_CYPHER, rows=old).consume()
        tx.run(STALE_LINKS_CYPHER, rows=old).consume()
        written += tx.run(ASSERTION_LINKS_CYPHER, rows=old).single(strict=True)["written"]
    if written < len(rows):
        raise GraphLoadError(f"{len(rows) - written} of {len(rows)} assertions reference entities or documents "
                             f"that are not in the graph: load documents and entities before their assertions")
    document_ids = sorted({row["document_id"] for row in rows})
    tx.run(MARK_DOCUMENTS_CYPHER, ids=RowBatch(document_ids)).consume()


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def document_row(document: Document) -> dict[str, Any]:
    issuer = document.issuer
    return {
        "id": document.id, "kind": document.kind.value, "form": document.form,
        "issuer_cik": issuer.cik if issuer else None, "issuer_name": issuer.name if issuer else None,
        "title": document.title, "filed_at": _iso(document.filed_at),
        "period_end": _iso(document.period_end), "event_date": _iso(document.event_date),
        "valid_at": _iso(document.valid_at), "source_url": document.source_url,
        "source_path": document.source_path, "sha256": document.sha256,
    }


def paragraph_rows(document: Document) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id, "document_id": document.id, "text": document.text[p.start:p.end],
            "section": p.section, "char_start": p.start, "char_end": p.end,
            "fingerprint": p.fingerprint, "boilerplate": p.boilerplate, "speaker": p.speaker,
        }
        for p in document.paragraphs
    ]


def entity_rows(assertions: Sequence[Assertion], resolver: EntityResolver) -> dict[str, list[dict[str, Any]]]:
    """Group the assertions' entities by label, one row per id with every surface name as an alias."""
    return entity_rows_of([r for a in assertions for r in (a.subject, a.object)], resolver)


def entity_rows_of(refs: Iterable[EntityRef], resolver: EntityResolver) -> dict[str, list[dict[str, Any]]]:
    """Group resolved entity references by label, one row per id with every surface name as an alias."""
    merged: dict[str, dict[str, Any]] = {}
    for ref in refs:
        if not ref.id:
            raise GraphLoadError(f"entity {ref.name!r} ({ref.kind}) has no id: resolve assertions before loading")
        row = merged.get(ref.id)
        if row is None:
            row = merged[ref.id] = {
                "id": ref.id, "label": ref.kind.value, "cik": ref.cik, "ticker": ref.ticker,
                "factor_kind": ref.factor_kind.value if ref.factor_kind else None,
                "canonical_name": resolver.fixed_name(ref), "aliases": set(),
            }
        row["aliases"].add(ref.name)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in merged.values():
        row["aliases"] = sorted(row["aliases"])
        grouped.setdefault(row.pop("label"), []).append(row)
    return grouped


def assertion_row(assertion: Assertion) -> dict[str, Any]:
    """Return the ids of the assertion and its linked nodes, its date, and the node's other properties.

    The attributes go in first, so that a fixed property such as `type` wins over an attribute of
    the same name. The date travels as ISO text for Cypher's `date()`, because the driver's
    conversion of Python dates cost 1.8 s of client time per 100,000 rows under cProfile.
    """
    if not assertion.id:
        raise GraphLoadError(f"assertion of type {assertion.type} in {assertion.document_id} has no id")
    properties = dict(assertion.attributes)
    properties.pop("valid_at", None)
    properties.update({
        "type": assertion.type, "quote": assertion.quote,
        "section": assertion.section, "char_start": assertion.char_start, "char_end": assertion.char_end,
        "confidence": assertion.confidence, "extractor": assertion.extractor, "model": assertion.model,
        "prompt_version": assertion.prompt_version, "subject_name": assertion.subject.name,
        "object_name": assertion.object.name, "subject_method": assertion.subject.resolution_method,
        "object_method": assertion.object.resolution_method,
    })
    return {
        "id": assertion.id, "subject_id": assertion.subject.id, "object_id": assertion.object.id,
        "document_id": assertion.document_id, "paragraph_id": assertion.paragraph_id,
        "valid_at": _iso(assertion.valid_at), "properties": properties,
    }
