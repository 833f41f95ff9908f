"""Issuer nodes from document metadata: former EDGAR names become aliases without any extraction."""

from __future__ import annotations

from collections.abc import Iterable

from neo4j import Driver

from graph.loader import Neo4jLoader
from graph.resolution import cik_id
from schemas.documents import Document

ISSUER_ALIASES_CYPHER = """
UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
  ON CREATE SET e.ingested_at = datetime(), e:Company, e.cik = row.cik, e.name = row.name
WITH e, row
// The sorted union keeps the aliases the same whatever the load order.
CALL (e, row) {
  UNWIND coalesce(e.aliases, []) + row.aliases AS alias
  WITH DISTINCT alias ORDER BY size(alias) DESC, alias
  RETURN collect(alias) AS aliases
}
SET e.aliases = aliases
"""


def load_former_names(driver: Driver, documents: Iterable[Document], database: str | None = None) -> int:
    """Add each issuer's former EDGAR names as aliases of its company node; return the issuers touched."""
    rows: dict[str, dict[str, object]] = {}
    for document in documents:
        issuer = document.issuer
        if issuer is None or not issuer.cik or not issuer.former_names:
            continue
        row = rows.setdefault(cik_id(issuer.cik), {"id": cik_id(issuer.cik), "cik": f"{int(issuer.cik):010d}",
                                                    "name": issuer.name, "aliases": set()})
        row["aliases"] |= set(issuer.former_names)  # type: ignore[operator]
    for row in rows.values():
        row["aliases"] = sorted(row["aliases"])  # type: ignore[arg-type]
    Neo4jLoader(driver, database).write(ISSUER_ALIASES_CYPHER, list(rows.values()), "issuer aliases")
    return len(rows)
