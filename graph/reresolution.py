"""Re-resolution in the graph: when resolution improves, move assertions to their canonical entities.

`apply_resolution_changes` resolves again every entity mention that the graph stores (the
assertion keeps its subject and object surface names), moves each SUBJECT or OBJECT link whose
id changed, deletes the entity nodes it leaves without assertions, and removes the assertions
that curation now suppresses. It then links the curated units to their parents as a load does.
Assertion ids hash surface names, not resolved ids, so a moved assertion keeps its id. Fact
edges must be rebuilt afterwards with `graph.fact_edges.rebuild_fact_edges`, which also drops
the edges of the old entities.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from neo4j import Driver

from graph.loader import ENTITIES_CYPHER, Neo4jLoader, entity_rows_of
from graph.person_ids import AffiliationIndex
from graph.resolution import EntityResolver
from graph.units import link_units, parent_refs, units_in_graph, unlink_stale_units
from schemas.entities import EntityKind, EntityRef, FactorKind
from schemas.errors import GraphLoadError
from schemas.relations import SAFE_IDENTIFIER

log = logging.getLogger(__name__)

# Identifiers that the document itself stated are authoritative: only name-based decisions move.
FIXED_METHODS = frozenset({"cik", "ticker"})

MENTIONS_CYPHER = """
MATCH (a:Assertion)-[r:SUBJECT|OBJECT]->(e:Entity)
RETURN a.id AS assertion_id, a.type AS relation, type(r) AS role, e.id AS entity_id,
       CASE type(r) WHEN 'SUBJECT' THEN a.subject_name ELSE a.object_name END AS name,
       CASE type(r) WHEN 'SUBJECT' THEN a.subject_method ELSE a.object_method END AS method,
       [label IN labels(e) WHERE NOT label IN ['Entity', 'FactsPending']][0] AS label, e.kind AS factor_kind
ORDER BY assertion_id, role
"""

# The role is interpolated from the fixed pair SUBJECT or OBJECT, because Cypher takes no
# relationship-type parameters.
MOVE_CYPHER = """
UNWIND $rows AS row
MATCH (a:Assertion {{id: row.assertion_id}})-[old:{role}]->(:Entity {{id: row.old_id}})
MATCH (n:Entity {{id: row.new_id}})
DELETE old
MERGE (a)-[:{role}]->(n)
SET a.{method_property} = row.method
"""

# A company that owns a curated unit in the graph stays, with or without assertions of its own.
DELETE_ORPHANS_CYPHER = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE NOT EXISTS { (:Assertion)-[:SUBJECT|OBJECT]->(e) } AND NOT EXISTS { (:Entity)-[:UNIT_OF]->(e) }
DETACH DELETE e
RETURN count(*) AS deleted
"""

# An entity that lost some assertions keeps only the surface names of those it still has.
REFRESH_ALIASES_CYPHER = """
UNWIND $ids AS id
MATCH (a:Assertion)-[r:SUBJECT|OBJECT]->(e:Entity {id: id})
WITH e, CASE type(r) WHEN 'SUBJECT' THEN a.subject_name ELSE a.object_name END AS name
WITH DISTINCT e, name ORDER BY size(name) DESC, name
WITH e, collect(name) AS aliases
SET e.aliases = aliases, e.name = CASE WHEN e.cik IS NULL AND NOT e:Factor THEN aliases[0] ELSE e.name END
"""

SUPPRESS_CYPHER = """
MATCH (a:Assertion)-[:SUBJECT]->(s:Entity)
MATCH (a)-[:OBJECT]->(o:Entity)
WHERE a.id IN $assertion_ids OR [a.type, s.id, o.id] IN $facts
DETACH DELETE a
RETURN s.id AS subject_id, o.id AS object_id
"""

_LABEL_KINDS = {kind.value: kind for kind in EntityKind}


@dataclass(frozen=True)
class StoredMention:
    """One SUBJECT or OBJECT link of an assertion, as the graph stores it."""

    assertion_id: str
    relation: str
    role: str
    entity_id: str
    name: str
    method: str | None
    kind: EntityKind
    factor_kind: FactorKind | None


def apply_resolution_changes(driver: Driver, resolver: EntityResolver, database: str | None = None) -> Counter[str]:
    """Move assertions whose entities now resolve to other ids; return counts of what changed."""
    mentions = read_mentions(driver, database)
    moves = plan_moves(mentions, resolver)
    loader = Neo4jLoader(driver, database)
    _write_entities(loader, [ref for _, ref in moves], resolver)
    for role, method_property in (("SUBJECT", "subject_method"), ("OBJECT", "object_method")):
        rows = [{"assertion_id": m.assertion_id, "old_id": m.entity_id, "new_id": ref.id,
                 "method": ref.resolution_method} for m, ref in moves if m.role == role]
        loader.write(MOVE_CYPHER.format(role=role, method_property=method_property), rows, f"moved {role} links")
    touched = {m.entity_id for m, _ in moves}
    suppressed, emptied = suppress_curated(driver, resolver, database)
    # Links first, so that an owner that lost its last unit is checked as an orphan below.
    unlinked = unlink_stale_units(driver, resolver.curation, database)
    _write_entities(loader, parent_refs(units_in_graph(driver, resolver.curation, database), resolver), resolver)
    link_units(driver, resolver.curation, database)
    ids = sorted(touched | emptied | set(unlinked))
    records, _, _ = driver.execute_query(DELETE_ORPHANS_CYPHER, {"ids": ids}, database_=database)
    deleted = records[0]["deleted"]
    driver.execute_query(REFRESH_ALIASES_CYPHER, {"ids": ids}, database_=database)
    counts = Counter({"moved": len(moves), "suppressed": suppressed, "deleted entities": deleted,
                      "unit links removed": len(unlinked)})
    log.info("re-resolution: %d links moved, %d assertions suppressed, %d entities deleted",
             counts["moved"], suppressed, counts["deleted entities"])
    return counts


def read_mentions(driver: Driver, database: str | None = None) -> list[StoredMention]:
    records, _, _ = driver.execute_query(MENTIONS_CYPHER, database_=database)
    return [StoredMention(r["assertion_id"], r["relation"], r["role"], r["entity_id"], r["name"], r["method"],
                          _LABEL_KINDS[r["label"]], FactorKind(r["factor_kind"]) if r["factor_kind"] else None)
            for r in records if r["name"] and r["label"] in _LABEL_KINDS]


def plan_moves(mentions: list[StoredMention], resolver: EntityResolver) -> list[tuple[StoredMention, EntityRef]]:
    """Resolve every stored mention again; return the ones whose id changes, with their new reference."""
    resolved: dict[tuple[str, str], EntityRef] = {}
    for mention in mentions:
        if mention.kind is not EntityKind.PERSON:
            resolved[(mention.assertion_id, mention.role)] = _re_resolve(mention, resolver, None, None)
    affiliations = AffiliationIndex.from_pairs(_affiliation_pairs(mentions, resolved))
    for mention in (m for m in mentions if m.kind is EntityKind.PERSON):
        affiliation = _affiliation_of(mention, resolved)
        resolved[(mention.assertion_id, mention.role)] = _re_resolve(mention, resolver, affiliation, affiliations)
    return [(m, resolved[(m.assertion_id, m.role)]) for m in mentions
            if resolved[(m.assertion_id, m.role)].id != m.entity_id]


def _re_resolve(mention: StoredMention, resolver: EntityResolver, affiliation: str | None,
                affiliations: AffiliationIndex | None) -> EntityRef:
    ref = EntityRef(name=mention.name, kind=mention.kind, id=mention.entity_id, factor_kind=mention.factor_kind,
                    resolution_method=mention.method)
    if mention.method in FIXED_METHODS:
        return ref
    return resolver.resolve(ref.model_copy(update={"id": None}), affiliation, affiliations)


def _affiliation_of(mention: StoredMention, resolved: dict[tuple[str, str], EntityRef]) -> str | None:
    if mention.relation != "OFFICER_OF" or mention.role != "SUBJECT":
        return None
    target = resolved.get((mention.assertion_id, "OBJECT"))
    return target.id if target else None


def _affiliation_pairs(mentions: list[StoredMention], resolved: dict[tuple[str, str], EntityRef]) -> list[tuple[str, str]]:
    pairs = []
    for mention in mentions:
        affiliation = _affiliation_of(mention, resolved) if mention.kind is EntityKind.PERSON else None
        if affiliation:
            pairs.append((mention.name, affiliation))
    return pairs


def suppress_curated(driver: Driver, resolver: EntityResolver, database: str | None = None) -> tuple[int, set[str]]:
    """Delete the stored assertions that curation suppresses; return their count and their entities' ids."""
    curation = resolver.curation
    parameters = {"assertion_ids": sorted(curation.suppressed_assertions),
                  "facts": [list(key) for key in sorted(curation.suppressed_facts)]}
    records, _, _ = driver.execute_query(SUPPRESS_CYPHER, parameters, database_=database)
    return len(records), {r[key] for r in records for key in ("subject_id", "object_id")}


def _write_entities(loader: Neo4jLoader, refs: list[EntityRef], resolver: EntityResolver) -> None:
    """Create or update the target entities the way a load does, each with its moved surface names."""
    for label, rows in entity_rows_of(refs, resolver).items():
        if not SAFE_IDENTIFIER.match(label.upper()):
            raise GraphLoadError(f"entity label {label!r} is not a safe Cypher identifier")
        loader.write(ENTITIES_CYPHER.format(label=label), rows, f"{label} entities")
