"""Read the active profile's assertions from Neo4j, derive fact edges and write them back.

`update_fact_edges` recomputes only the facts that a load can have changed. Every write of a
document, of its assertions or of its extraction profile labels the document `FactsPending`,
and a link that the loader moves away from an entity labels that entity. The update then
recomputes every fact stated in a document of a stream that contains a pending document, in a
pending document itself (calls, 8-Ks and other documents outside a stream), or about a pending
entity, and removes the labels. `rebuild_fact_edges` recomputes every fact of the profile.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from typing import Any

from neo4j import Driver

from graph.facts import Fact, Mention, ReportInfo, derive_facts, stream_of
from graph.loader import Neo4jLoader
from schemas.assertions import ExtractionProfile
from schemas.errors import GraphLoadError
from schemas.relations import REGISTRY, SAFE_IDENTIFIER

log = logging.getLogger(__name__)

PENDING_LABEL = "FactsPending"
PROFILE_FILTER = "a.extractor = $extractor AND a.prompt_version = $version AND coalesce(a.model, '') = $model"

# One record per document, with a list of [type, subject id, object id, confidence] per mention,
# because the driver's cost per record dominated these reads (measured: 0.5 s of client CPU for 10,000 records).
MENTION_LIST = "collect([a.type, s.id, o.id, a.confidence]) AS mentions"

MENTIONS_CYPHER = f"""
MATCH (a:Assertion)-[:STATED_IN]->(d:Document)
WHERE {PROFILE_FILTER}
MATCH (a)-[:SUBJECT]->(s:Entity)
MATCH (a)-[:OBJECT]->(o:Entity)
RETURN d.id AS document_id, {MENTION_LIST}
"""

REPORT_FIELDS = """d.id AS id, d.form AS form, d.issuer_cik AS issuer_cik, d.valid_at AS valid_at,
       d.filed_at AS filed_at, $profile IN coalesce(d.extracted_profiles, []) AS profile_extracted"""

# A report counts for demotion only when this profile extracted it, even if it stated nothing.
REPORTS_CYPHER = f"""
MATCH (d:Document)
RETURN {REPORT_FIELDS}
"""

PENDING_CYPHER = f"""
MATCH (n:{PENDING_LABEL})
RETURN elementId(n) AS element_id, n.id AS id, n:Document AS is_document, n.form AS form,
       n.issuer_cik AS issuer_cik
"""

ISSUER_DOCUMENTS_CYPHER = """
MATCH (d:Document) WHERE d.issuer_cik IN $ciks
RETURN d.id AS id, d.form AS form, d.issuer_cik AS issuer_cik
"""

MENTIONS_IN_DOCUMENTS_CYPHER = f"""
UNWIND $ids AS id
MATCH (d:Document {{id: id}})<-[:STATED_IN]-(a:Assertion)
WHERE {PROFILE_FILTER}
MATCH (a)-[:SUBJECT]->(s:Entity)
MATCH (a)-[:OBJECT]->(o:Entity)
RETURN d.id AS document_id, {MENTION_LIST}
"""

FACT_KEYS_OF_ENTITIES_CYPHER = f"""
UNWIND $ids AS id
MATCH (:Entity {{id: id}})<-[:SUBJECT|OBJECT]-(a:Assertion)
WHERE {PROFILE_FILTER}
MATCH (a)-[:SUBJECT]->(s:Entity)
MATCH (a)-[:OBJECT]->(o:Entity)
RETURN DISTINCT a.type AS relation, s.id AS subject_id, o.id AS object_id
"""

# The mentions of the given subjects outside the given documents, from which the caller keeps
# those of the facts it recomputes.
MENTIONS_OF_SUBJECTS_CYPHER = f"""
UNWIND $ids AS id
MATCH (s:Entity {{id: id}})<-[:SUBJECT]-(a:Assertion)
WHERE {PROFILE_FILTER}
MATCH (a)-[:STATED_IN]->(d:Document)
WHERE NOT d.id IN $read
MATCH (a)-[:OBJECT]->(o:Entity)
RETURN d.id AS document_id, {MENTION_LIST}
"""

# The stating documents and every report of their issuers, which may end a period or demote a fact.
REPORTS_OF_CYPHER = f"""
UNWIND $ids AS id
MATCH (stating:Document {{id: id}})
WITH collect(stating) AS stating, collect(DISTINCT stating.issuer_cik) AS ciks
CALL (ciks) {{
  MATCH (report:Document) WHERE report.issuer_cik IN ciks
  RETURN collect(report) AS reports
}}
UNWIND stating + reports AS d
WITH DISTINCT d
RETURN {REPORT_FIELDS}
"""

EDGES_AT_ENTITIES_CYPHER = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})-[r]-(:Entity)
WHERE type(r) IN $relations
RETURN DISTINCT type(r) AS relation, startNode(r).id AS subject_id, endNode(r).id AS object_id
"""

# NOTE: when no edge of another profile exists, this reads the profile of every fact edge, the
# one step of the update whose cost grows with the whole graph (a relationship-type scan).
OTHER_PROFILE_EDGE_CYPHER = """
MATCH (:Entity)-[r:{relations}]->(:Entity)
WHERE r.profile <> $profile
RETURN r.profile AS profile LIMIT 1
"""

CLEAR_PENDING_CYPHER = f"""
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.element_id
REMOVE n:{PENDING_LABEL}
"""

EXISTING_EDGES_CYPHER = "MATCH (s:Entity)-[r:{relation}]->(o:Entity) RETURN s.id AS subject_id, o.id AS object_id"

DELETE_EDGES_CYPHER = """
UNWIND $rows AS row
MATCH (:Entity {{id: row.subject_id}})-[r:{relation}]->(:Entity {{id: row.object_id}})
DELETE r
"""

WRITE_EDGES_CYPHER = """
UNWIND $rows AS row
MATCH (s:Entity {{id: row.subject_id}})
MATCH (o:Entity {{id: row.object_id}})
MERGE (s)-[r:{relation}]->(o)
SET r.first_seen = date(row.first_seen), r.last_seen = date(row.last_seen),
    r.documents = row.documents, r.mentions = row.mentions, r.confidence = row.confidence,
    r.status = row.status, r.periods = row.periods, r.valid_from = date(row.valid_from),
    r.valid_to = date(row.valid_to), r.period_starts = row.period_starts,
    r.period_ends = row.period_ends, r.period_filed = row.period_filed, r.profile = row.profile
"""

FactKey = tuple[str, str, str]


@dataclass(frozen=True)
class PendingNode:
    """A document or entity whose facts wait for an update."""

    element_id: str
    id: str
    is_document: bool
    form: str | None
    issuer_cik: str | None


def mark_extracted(driver: Driver, document_ids: list[str], profile: ExtractionProfile,
                   database: str | None = None) -> None:
    """Record on each document that `profile` extracted it, so that its silence can demote facts."""
    Neo4jLoader(driver, database).write(
        f"UNWIND $rows AS row MATCH (d:Document {{id: row.id}}) SET d:{PENDING_LABEL}, "
        "d.extracted_profiles = [p IN coalesce(d.extracted_profiles, []) WHERE p <> row.profile] + row.profile",
        [{"id": i, "profile": profile.key} for i in document_ids], "document profiles")


STORED_PROFILES_CYPHER = """
MATCH (a:Assertion)
RETURN DISTINCT a.extractor AS extractor, a.model AS model, a.prompt_version AS version
"""

FACT_EDGE_PROFILE_CYPHER = """
MATCH (:Entity)-[r:{relations}]->(:Entity)
RETURN r.profile AS profile LIMIT 1
"""


def stored_profile(driver: Driver, database: str | None = None) -> ExtractionProfile | None:
    """Return the extraction profile whose facts the graph shows, for a rebuild of its fact edges.

    That is the only profile of the stored assertions, else the profile of a stored fact edge
    when the assertions have it, else None.
    """
    records, _, _ = driver.execute_query(STORED_PROFILES_CYPHER, database_=database)
    profiles = {ExtractionProfile(extractor=r["extractor"], model=r["model"], version=r["version"])
                for r in records if r["extractor"] and r["version"]}
    if len(profiles) == 1:
        return profiles.pop()
    cypher = FACT_EDGE_PROFILE_CYPHER.format(relations="|".join(_safe_relations()))
    records, _, _ = driver.execute_query(cypher, database_=database)
    by_key = {profile.key: profile for profile in profiles}
    if records and records[0]["profile"] in by_key:
        return by_key[records[0]["profile"]]
    return None


def rebuild_fact_edges(driver: Driver, profile: ExtractionProfile, database: str | None = None) -> Counter[str]:
    """Recompute every fact edge of `profile` and replace the stored ones; return counts by type and status.

    Its cost grows with the whole graph. `update_fact_edges` does the same work for the pending
    documents and entities only.
    """
    pending = read_pending(driver, database)
    records, _, _ = driver.execute_query(MENTIONS_CYPHER, _profile_parameters(profile), database_=database)
    mentions = _mentions(records)
    records, _, _ = driver.execute_query(REPORTS_CYPHER, {"profile": profile.key}, database_=database)
    facts = derive_facts(mentions, {r["id"]: _report(r) for r in records})
    _replace_edges(driver, facts, profile, database)
    _clear_pending(driver, pending, database)
    log.info("derived %d fact edges from %d assertions", len(facts), len(mentions))
    return Counter(f"{fact.relation} {fact.status}" for fact in facts)


def update_fact_edges(driver: Driver, profile: ExtractionProfile, database: str | None = None) -> Counter[str]:
    """Recompute the facts of the pending documents' streams and of the pending entities.

    Returns the counts of the recomputed facts by type and status. When a stored fact edge
    comes from another profile, the active profile changed and every fact is rebuilt.
    """
    other = _other_profile(driver, profile, database)
    if other is not None:
        log.info("fact edges of profile %s found: rebuilding every fact for %s", other, profile.key)
        return rebuild_fact_edges(driver, profile, database)
    pending = read_pending(driver, database)
    if not pending:
        log.info("no pending documents or entities: fact edges are up to date")
        return Counter()
    mentions = _pending_mentions(driver, pending, profile, database)
    reports = _reports_of(driver, {m.document_id for m in mentions}, profile, database)
    facts = derive_facts(mentions, reports)
    entity_ids = sorted(node.id for node in pending if not node.is_document)
    stale = _edges_at(driver, entity_ids, database) - {(f.relation, f.subject_id, f.object_id) for f in facts}
    _write_edges(driver, facts, stale, profile, database)
    _clear_pending(driver, pending, database)
    log.info("recomputed %d fact edges from %d assertions for %d pending documents and entities, "
             "removed %d", len(facts), len(mentions), len(pending), len(stale))
    return Counter(f"{fact.relation} {fact.status}" for fact in facts)


def read_pending(driver: Driver, database: str | None = None) -> list[PendingNode]:
    records, _, _ = driver.execute_query(PENDING_CYPHER, database_=database)
    return [PendingNode(r["element_id"], r["id"], r["is_document"], r["form"], r["issuer_cik"]) for r in records]


def _pending_mentions(driver: Driver, pending: list[PendingNode], profile: ExtractionProfile,
                      database: str | None) -> list[Mention]:
    """Return every mention of the facts stated in the pending documents' streams or about the pending entities.

    The documents of those streams are read whole. Mentions of the same facts elsewhere, such as
    in a call or an 8-K, are then read from the facts' subjects, skipping the documents read already.
    """
    documents = [node for node in pending if node.is_document]
    streams = {stream for stream in (stream_of(node.form, node.issuer_cik) for node in documents) if stream}
    scope = {node.id for node in documents}
    records, _, _ = driver.execute_query(ISSUER_DOCUMENTS_CYPHER, {"ciks": sorted({cik for cik, _ in streams})},
                                         database_=database)
    scope |= {r["id"] for r in records if stream_of(r["form"], r["issuer_cik"]) in streams}
    parameters = _profile_parameters(profile)
    records, _, _ = driver.execute_query(MENTIONS_IN_DOCUMENTS_CYPHER, {**parameters, "ids": sorted(scope)},
                                         database_=database)
    mentions = _mentions(records)
    keys = {(m.relation, m.subject_id, m.object_id) for m in mentions}
    entity_ids = sorted(node.id for node in pending if not node.is_document)
    if entity_ids:
        records, _, _ = driver.execute_query(FACT_KEYS_OF_ENTITIES_CYPHER, {**parameters, "ids": entity_ids},
                                             database_=database)
        keys |= {(r["relation"], r["subject_id"], r["object_id"]) for r in records}
    subjects = sorted({subject for _, subject, _ in keys})
    records, _, _ = driver.execute_query(MENTIONS_OF_SUBJECTS_CYPHER,
                                         {**parameters, "ids": subjects, "read": sorted(scope)}, database_=database)
    return mentions + [m for m in _mentions(records) if (m.relation, m.subject_id, m.object_id) in keys]


def _reports_of(driver: Driver, document_ids: set[str], profile: ExtractionProfile,
                database: str | None) -> dict[str, ReportInfo]:
    """Return the stating documents and every report of their issuers, by id."""
    records, _, _ = driver.execute_query(REPORTS_OF_CYPHER, {"ids": sorted(document_ids), "profile": profile.key},
                                         database_=database)
    return {r["id"]: _report(r) for r in records}


def _edges_at(driver: Driver, entity_ids: list[str], database: str | None) -> set[FactKey]:
    if not entity_ids:
        return set()
    records, _, _ = driver.execute_query(EDGES_AT_ENTITIES_CYPHER, {"ids": entity_ids, "relations": list(REGISTRY)},
                                         database_=database)
    return {(r["relation"], r["subject_id"], r["object_id"]) for r in records}


def _other_profile(driver: Driver, profile: ExtractionProfile, database: str | None) -> str | None:
    """Return the profile of one stored fact edge that another profile derived, or None."""
    cypher = OTHER_PROFILE_EDGE_CYPHER.format(relations="|".join(_safe_relations()))
    records, _, _ = driver.execute_query(cypher, {"profile": profile.key}, database_=database)
    return records[0]["profile"] if records else None


def _clear_pending(driver: Driver, pending: list[PendingNode], database: str | None) -> None:
    # Only the nodes read at the start lose the label, so that a document written meanwhile stays pending.
    Neo4jLoader(driver, database).write(CLEAR_PENDING_CYPHER, [{"element_id": node.element_id} for node in pending],
                                        "pending labels")


def _replace_edges(driver: Driver, facts: list[Fact], profile: ExtractionProfile, database: str | None) -> None:
    stale: set[FactKey] = set()
    derived = {(f.relation, f.subject_id, f.object_id) for f in facts}
    for relation in _safe_relations():
        records, _, _ = driver.execute_query(EXISTING_EDGES_CYPHER.format(relation=relation), database_=database)
        stale |= {(relation, r["subject_id"], r["object_id"]) for r in records} - derived
    _write_edges(driver, facts, stale, profile, database)


def _write_edges(driver: Driver, facts: list[Fact], stale: set[FactKey], profile: ExtractionProfile,
                 database: str | None) -> None:
    """Delete the `stale` edges, then create or update one edge per fact."""
    loader = Neo4jLoader(driver, database)
    for relation in _safe_relations():
        rows = [{"subject_id": subject, "object_id": target} for kind, subject, target in sorted(stale)
                if kind == relation]
        loader.write(DELETE_EDGES_CYPHER.format(relation=relation), rows, f"stale {relation} edges")
    for relation in _safe_relations():
        rows = [_fact_row(f, profile) for f in facts if f.relation == relation]
        loader.write(WRITE_EDGES_CYPHER.format(relation=relation), rows, f"{relation} edges")


def _safe_relations() -> list[str]:
    for relation in REGISTRY:
        if not SAFE_IDENTIFIER.match(relation):
            raise GraphLoadError(f"relation type {relation!r} is not a safe Cypher identifier")
    return list(REGISTRY)


def _profile_parameters(profile: ExtractionProfile) -> dict[str, str]:
    return {"extractor": profile.extractor, "version": profile.version, "model": profile.model or ""}


def _mentions(records: list[Any]) -> list[Mention]:
    """Return the mentions of records that MENTION_LIST grouped by document."""
    return [Mention(relation, subject_id, object_id, record["document_id"], confidence or 0.0)
            for record in records for relation, subject_id, object_id, confidence in record["mentions"]]


def _report(record: Any) -> ReportInfo:
    return ReportInfo(record["id"], record["form"], record["issuer_cik"], _date(record["valid_at"]),
                      _date(record["filed_at"]), record["profile_extracted"])


def _fact_row(fact: Fact, profile: ExtractionProfile) -> dict[str, Any]:
    last = fact.periods[-1] if fact.periods else None
    return {
        "subject_id": fact.subject_id, "object_id": fact.object_id,
        "first_seen": fact.first_seen.isoformat(), "last_seen": fact.last_seen.isoformat(),
        "documents": fact.documents, "mentions": fact.mentions, "confidence": fact.confidence,
        "status": fact.status, "periods": [p.label() for p in fact.periods],
        "valid_from": last.valid_from.isoformat() if last else None,
        "valid_to": last.valid_to.isoformat() if last and last.valid_to else None,
        # Neo4j lists cannot hold nulls, so an open end is an empty string here.
        "period_starts": [p.valid_from.isoformat() for p in fact.periods],
        "period_ends": [p.valid_to.isoformat() if p.valid_to else "" for p in fact.periods],
        "period_filed": [p.stated_filed_at.isoformat() if p.stated_filed_at else "" for p in fact.periods],
        "profile": profile.key,
    }


def _date(value: Any) -> Any:
    return value.to_native() if value is not None else None
