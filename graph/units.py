"""Curated `UNIT_OF` links from brands, business units and subsidiaries to the companies that own them.

A unit such as Amazon Web Services keeps its own entity, because its facts are its own (AWS
competes with Microsoft Azure, Amazon's retail business does not). `graph/curation/units.csv`
names its parent. Every load links the two, and re-resolution also removes the links of deleted
rows, so that a Cypher query can roll a company's units up to it:
`MATCH (e:Entity) WHERE e = parent OR (e)-[:UNIT_OF]->(parent)`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from neo4j import Driver

from graph.curation_rules import Curation
from graph.resolution import EntityResolver
from schemas.entities import EntityKind, EntityRef

log = logging.getLogger(__name__)

# The relationship type of the links, also the `via_relation` of a unit's facts in the RAG context.
UNIT_OF = "UNIT_OF"

# Links only units and parents that are both in the graph, so a unit row never creates a node.
UNIT_LINKS_CYPHER = """
UNWIND $rows AS row
MATCH (unit:Entity {id: row.unit_id})
MATCH (parent:Entity {id: row.parent_id})
MERGE (unit)-[link:UNIT_OF]->(parent)
SET link.rule = row.rule
"""

# Removes the links of rows that the analyst deleted or changed, and returns their owners.
STALE_UNIT_LINKS_CYPHER = """
MATCH (unit)-[link:UNIT_OF]->(parent)
WHERE NOT [unit.id, parent.id] IN $pairs
DELETE link
RETURN parent.id AS parent_id
"""

UNITS_IN_GRAPH_CYPHER = """
UNWIND $ids AS id
MATCH (unit:Entity {id: id})
RETURN unit.id AS id
"""


def parent_refs(entity_ids: Iterable[str], resolver: EntityResolver) -> list[EntityRef]:
    """Return a reference to each SEC-registered parent of the curated units among `entity_ids`.

    The loader writes these parents as entities, so that a unit is linked even when no document
    names its owner. A parent that is not a registered company is linked only once it is in the graph.
    """
    refs = []
    for unit_id in sorted(set(entity_ids) & resolver.curation.units.keys()):
        parent_id = resolver.curation.units[unit_id].entity_id
        record = resolver.directory.by_cik.get(parent_id.removeprefix("cik:")) if parent_id.startswith("cik:") else None
        if record is not None:
            refs.append(EntityRef(name=record.name, kind=EntityKind.COMPANY, id=parent_id, cik=record.cik,
                                  ticker=record.ticker, resolution_method="curated_unit"))
    return refs


def units_in_graph(driver: Driver, curation: Curation, database: str | None = None) -> list[str]:
    """Return the ids of the curated units that the graph has as entities."""
    records, _, _ = driver.execute_query(UNITS_IN_GRAPH_CYPHER, {"ids": sorted(curation.units)}, database_=database)
    return [record["id"] for record in records]


def link_units(driver: Driver, curation: Curation, database: str | None = None) -> None:
    """Link every curated unit in the graph to its parent. Links already there stay."""
    rows = [{"unit_id": unit, "parent_id": target.entity_id, "rule": str(target.rule)}
            for unit, target in sorted(curation.units.items())]
    if rows:
        driver.execute_query(UNIT_LINKS_CYPHER, {"rows": rows}, database_=database)


def unlink_stale_units(driver: Driver, curation: Curation, database: str | None = None) -> list[str]:
    """Remove the UNIT_OF links that units.csv no longer lists, and return the ids of their former parents.

    Only re-resolution calls it, as it applies edited curation files, so a load with a resolver
    that lacks the curation files removes nothing.
    """
    pairs = [[unit, target.entity_id] for unit, target in sorted(curation.units.items())]
    records, _, _ = driver.execute_query(STALE_UNIT_LINKS_CYPHER, {"pairs": pairs}, database_=database)
    if records:
        log.info("removed %d UNIT_OF links that units.csv no longer lists", len(records))
    return [record["parent_id"] for record in records]
