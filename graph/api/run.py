"""Read queries of the API, with Neo4j errors wrapped in GraphLoadError."""

from __future__ import annotations

from typing import Any

from neo4j import Driver, Record
from neo4j.exceptions import Neo4jError

from schemas.errors import GraphLoadError


def read(driver: Driver, cypher: str, parameters: dict[str, Any], database: str | None) -> list[Record]:
    """Run a read query with parameters and return its records."""
    try:
        records, _, _ = driver.execute_query(cypher, parameters, database_=database, routing_="r")
    except Neo4jError as exc:
        raise GraphLoadError(f"graph query failed in Neo4j: {exc}") from exc
    return records
