"""networkx export of an entity's neighbourhood of fact edges, with GraphML and node-link JSON writers."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import networkx as nx
from neo4j import Driver, Record

from graph.api.cypher import fact_visible, latest_evidence
from graph.api.limits import MAX_EXPORT_EDGES, check_hops
from graph.api.lookup import resolve_entity
from graph.api.models import Entity, Hop
from graph.api.run import read
from graph.as_of import parse_as_of
from schemas.relations import REGISTRY, SAFE_IDENTIFIER

log = logging.getLogger(__name__)


def _frontier_cypher() -> str:
    types = "|".join(name for name in sorted(REGISTRY) if SAFE_IDENTIFIER.match(name))
    return f"""
MATCH (near:Entity)-[fact:{types}]-(:Entity)
WHERE near.id IN $frontier AND {fact_visible("fact")}
// An edge between two frontier entities is matched from both ends.
WITH DISTINCT fact
{latest_evidence("fact", "fact")}
RETURN fact, startNode(fact) AS subject, endNode(fact) AS object, fact_assertion, fact_source
ORDER BY elementId(fact)
LIMIT $limit
"""


def export_neighbourhood(driver: Driver, entity: str, hops: int, as_of: object | None = None, *,
                         database: str | None = None) -> nx.MultiDiGraph:
    """Return the fact edges within `hops` of `entity` (id, ticker, CIK or name) as a MultiDiGraph.

    Nodes are keyed by entity id and edges by relation type. Every property is a string, number,
    boolean or list, and dates are ISO strings. Past MAX_EXPORT_EDGES edges the export stops and
    sets `graph.graph["truncated"]`.
    """
    check_hops(hops)
    as_of_date = parse_as_of(as_of)
    start = resolve_entity(driver, entity, database=database)
    graph = nx.MultiDiGraph(entity=start.id, hops=hops, as_of=as_of_date.isoformat() if as_of_date else None,
                            truncated=False)
    _add_node(graph, start)
    frontier = {start.id}
    cypher = _frontier_cypher()
    for _ in range(hops):
        parameters = {"frontier": sorted(frontier), "as_of": as_of_date, "limit": MAX_EXPORT_EDGES + 1}
        known = set(graph.nodes)
        for record in read(driver, cypher, parameters, database):
            if graph.number_of_edges() >= MAX_EXPORT_EDGES:
                graph.graph["truncated"] = True
                log.warning("export of %s stopped at %d edges", start.id, MAX_EXPORT_EDGES)
                return graph
            _add_edge(graph, record, as_of_date)
        frontier = set(graph.nodes) - known
        if not frontier:
            break
    return graph


def _add_node(graph: nx.MultiDiGraph, entity: Entity) -> None:
    graph.add_node(entity.id, **{key: value for key, value in entity.to_dict().items() if value is not None})


def _add_edge(graph: nx.MultiDiGraph, record: Record, as_of: object | None) -> None:
    hop = Hop.from_record(record["fact"], record["fact_assertion"], record["fact_source"], as_of)
    for node in (record["subject"], record["object"]):
        if node["id"] not in graph:
            _add_node(graph, Entity.from_node(node))
    fact = record["fact"]
    properties: dict[str, Any] = {
        "relation": hop.relation, "status": hop.status, "first_seen": hop.first_seen,
        "last_seen": hop.last_seen, "documents": fact.get("documents"), "mentions": fact.get("mentions"),
        "confidence": fact.get("confidence"), "periods": list(fact.get("periods") or []),
        "document": hop.evidence.document, "filed_at": hop.evidence.filed_at,
        "stated_for": hop.evidence.stated_for, "quote": hop.evidence.quote,
        **hop.evidence.attributes,
    }
    graph.add_edge(hop.subject_id, hop.object_id, key=hop.relation,
                   **{key: value for key, value in properties.items() if value is not None})


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write `graph` as GraphML, joining list properties with "; " because GraphML has no list type."""
    flat = graph.copy()
    for _, data in flat.nodes(data=True):
        _flatten(data)
    for _, _, data in flat.edges(data=True):
        _flatten(data)
    _flatten(flat.graph)
    nx.write_graphml(flat, path)


def write_node_link_json(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write `graph` as networkx node-link JSON, whose edge list is under "edges"."""
    data = nx.node_link_data(graph, edges="edges")
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def _flatten(data: dict[str, Any]) -> None:
    for key, value in list(data.items()):
        if isinstance(value, (list, tuple)):
            data[key] = "; ".join(str(item) for item in value)
        elif value is None:
            del data[key]
