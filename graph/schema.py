"""Constraints and indexes of the fingraph graph, created idempotently by `fingraph neo4j init`."""

from __future__ import annotations

import logging

from neo4j import Driver

from graph.embeddings.model import find_embedder
from graph.embeddings.store import create_vector_index

log = logging.getLogger(__name__)

# Each statement uses IF NOT EXISTS, so `init` can run before every load.
SCHEMA_STATEMENTS: tuple[str, ...] = (
    # Uniqueness constraints back every MERGE on an id: without one, MERGE scans the label
    # and two concurrent writers can create the same node twice.
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT assertion_id IF NOT EXISTS FOR (n:Assertion) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT paragraph_id IF NOT EXISTS FOR (n:Paragraph) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT company_cik IF NOT EXISTS FOR (n:Company) REQUIRE n.cik IS UNIQUE",
    "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    "CREATE INDEX company_ticker IF NOT EXISTS FOR (n:Company) ON (n.ticker)",
    "CREATE INDEX assertion_type IF NOT EXISTS FOR (n:Assertion) ON (n.type)",
    "CREATE INDEX document_issuer IF NOT EXISTS FOR (n:Document) ON (n.issuer_cik)",
    "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases]",
    "CREATE FULLTEXT INDEX paragraph_text IF NOT EXISTS FOR (n:Paragraph) ON EACH [n.text]",
    # Embeddings are copied between paragraphs with one fingerprint (graph/embeddings/store.py).
    "CREATE INDEX paragraph_fingerprint IF NOT EXISTS FOR (n:Paragraph) ON (n.fingerprint)",
)


def init_schema(driver: Driver, database: str | None = None) -> None:
    """Create the constraints and indexes that are missing and wait until they are online.

    The paragraph vector index is created too when an embedding model is installed.
    """
    for statement in SCHEMA_STATEMENTS:
        driver.execute_query(statement, database_=database)
    embedder = find_embedder()
    if embedder is not None:
        create_vector_index(driver, embedder.dimensions, database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    log.info("graph schema ready: %d constraints and indexes%s", len(SCHEMA_STATEMENTS),
             ", and the paragraph vector index" if embedder is not None else "")


def list_constraints(driver: Driver, database: str | None = None) -> set[str]:
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name", database_=database)
    return {record["name"] for record in records}


def server_summary(driver: Driver, database: str | None = None) -> dict[str, object]:
    """Return the server's version and the graph's node and relationship counts."""
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition",
        database_=database,
    )
    nodes, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
    relationships, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n", database_=database)
    return {
        "version": records[0]["version"],
        "edition": records[0]["edition"],
        "nodes": nodes[0]["n"],
        "relationships": relationships[0]["n"],
    }
