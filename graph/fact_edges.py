"""Read the active profile's assertions from Neo4j, derive fact edges and write them back."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from neo4j import Driver

from graph.facts import Fact, Mention, ReportInfo, derive_facts
from graph.loader import Neo4jLoader
from schemas.assertions import ExtractionProfile
from schemas.errors import GraphLoadError
from schemas.relations import REGISTRY, SAFE_IDENTIFIER

log = logging.getLogger(__name__)

MENTIONS_CYPHER = """
MATCH (a:Assertion)-[:STATED_IN]->(d:Document)
WHERE a.extractor = $extractor AND a.prompt_version = $version AND coalesce(a.model, '') = $model
MATCH (a)-[:SUBJECT]->(s:Entity)
MATCH (a)-[:OBJECT]->(o:Entity)
RETURN a.type AS relation, s.id AS subject_id, o.id AS object_id, d.id AS document_id,
       a.confidence AS confidence
"""

# A report counts for demotion only when this profile extracted it, even if it stated nothing.
REPORTS_CYPHER = """
MATCH (d:Document)
RETURN d.id AS id, d.form AS form, d.issuer_cik AS issuer_cik, d.valid_at AS valid_at,
       d.filed_at AS filed_at, $profile IN coalesce(d.extracted_profiles, []) AS profile_extracted
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


def mark_extracted(driver: Driver, document_ids: list[str], profile: ExtractionProfile,
                   database: str | None = None) -> None:
    """Record on each document that `profile` extracted it, so that its silence can demote facts."""
    Neo4jLoader(driver, database).write(
        "UNWIND $rows AS row MATCH (d:Document {id: row.id}) "
        "SET d.extracted_profiles = [p IN coalesce(d.extracted_profiles, []) WHERE p <> row.profile] + row.profile",
        [{"id": i, "profile": profile.key} for i in document_ids], "document profiles")


def rebuild_fact_edges(driver: Driver, profile: ExtractionProfile, database: str | None = None) -> Counter[str]:
    """Recompute every fact edge of `profile` and replace the stored ones; return counts by type and status.

    NOTE: this recomputes all facts, not only those of the streams a load touched; it is exact
    but its cost grows with the whole graph, not with the new documents.
    """
    parameters = {"extractor": profile.extractor, "version": profile.version, "model": profile.model or ""}
    records, _, _ = driver.execute_query(MENTIONS_CYPHER, parameters, database_=database)
    mentions = [Mention(r["relation"], r["subject_id"], r["object_id"], r["document_id"], r["confidence"] or 0.0)
                for r in records]
    records, _, _ = driver.execute_query(REPORTS_CYPHER, {"profile": profile.key}, database_=database)
    reports = {r["id"]: ReportInfo(r["id"], r["form"], r["issuer_cik"], _date(r["valid_at"]), _date(r["filed_at"]),
                                   r["profile_extracted"]) for r in records}
    facts = derive_facts(mentions, reports)
    _replace_edges(driver, facts, profile, database)
    counts = Counter(f"{fact.relation} {fact.status}" for fact in facts)
    log.info("derived %d fact edges from %d assertions", len(facts), len(mentions))
    return counts


def _replace_edges(driver: Driver, facts: list[Fact], profile: ExtractionProfile, database: str | None) -> None:
    loader = Neo4jLoader(driver, database)
    for relation in REGISTRY:
        if not SAFE_IDENTIFIER.match(relation):
            raise GraphLoadError(f"relation type {relation!r} is not a safe Cypher identifier")
        rows = [_fact_row(f, profile) for f in facts if f.relation == relation]
        wanted = {(row["subject_id"], row["object_id"]) for row in rows}
        records, _, _ = driver.execute_query(EXISTING_EDGES_CYPHER.format(relation=relation), database_=database)
        stale = [{"subject_id": r["subject_id"], "object_id": r["object_id"]} for r in records
                 if (r["subject_id"], r["object_id"]) not in wanted]
        loader.write(DELETE_EDGES_CYPHER.format(relation=relation), stale, f"stale {relation} edges")
        loader.write(WRITE_EDGES_CYPHER.format(relation=relation), rows, f"{relation} edges")


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
