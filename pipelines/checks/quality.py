"""Plain quality checks over stored intermediates and the graph, testable without Dagster.

Each function returns the offending ids, so that an asset check can fail with them in its
metadata and a test can assert on them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from neo4j import Driver

from schemas.assertions import Assertion
from schemas.documents import Document
from schemas.names import normalize_company_name, normalize_generic_name, normalize_person_name

# Above this share of dropped candidates, a document's extraction deserves a look: the rules
# extractor on the team corpus drops well under half, so a higher rate points to a parser
# offset bug or a model that paraphrases its quotes.
MAX_DROP_RATE = 0.5
# Fewer candidates than this say too little about a document's drop rate to warn on it.
MIN_CANDIDATES_FOR_DROP_RATE = 5

UNGROUNDED_NO_DOCUMENT = "document not found"
UNGROUNDED_EMPTY_QUOTE = "empty quote"
UNGROUNDED_EMPTY_SPAN = "empty or inverted char span"
UNGROUNDED_MISMATCH = "quote differs from the document text at its span"

ENTITIES_CYPHER = """
MATCH (e:Entity)
RETURN e.id AS id, e.name AS name, [label IN labels(e) WHERE NOT label IN ['Entity', 'FactsPending']][0] AS kind
"""

# A fact edge is a relationship between entities that carries a derived `status`; it must be
# backed by at least one assertion of its type with the same subject and object.
UNBACKED_FACT_EDGES_CYPHER = """
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.status IS NOT NULL
  AND NOT EXISTS {
    MATCH (a:Assertion)-[:SUBJECT]->(s)
    MATCH (a)-[:OBJECT]->(o)
    WHERE a.type = type(r)
  }
RETURN type(r) AS type, s.id AS subject_id, o.id AS object_id
ORDER BY type, subject_id, object_id
"""


@dataclass(frozen=True)
class UngroundedAssertion:
    assertion_id: str
    document_id: str
    reason: str


def find_ungrounded(assertions: Sequence[Assertion], documents: Sequence[Document]) -> list[UngroundedAssertion]:
    """Return the assertions whose quote is missing, whose span is empty, or whose quote is not the
    document's text at that span."""
    texts = {document.id: document.text for document in documents}
    found: list[UngroundedAssertion] = []
    for assertion in assertions:
        reason = _grounding_problem(assertion, texts.get(assertion.document_id))
        if reason:
            found.append(UngroundedAssertion(assertion.id, assertion.document_id, reason))
    return found


def _grounding_problem(assertion: Assertion, text: str | None) -> str | None:
    if text is None:
        return UNGROUNDED_NO_DOCUMENT
    if not assertion.quote.strip():
        return UNGROUNDED_EMPTY_QUOTE
    if assertion.char_start < 0 or assertion.char_end <= assertion.char_start:
        return UNGROUNDED_EMPTY_SPAN
    if text[assertion.char_start:assertion.char_end] != assertion.quote:
        return UNGROUNDED_MISMATCH
    return None


def drop_rates(extracted: Sequence[Assertion], verified: Sequence[Assertion]) -> dict[str, float]:
    """Return each document's share of extracted candidates that verification dropped."""
    candidates = Counter(a.document_id for a in extracted)
    kept = Counter(a.document_id for a in verified)
    return {document_id: 1 - min(kept[document_id], total) / total
            for document_id, total in sorted(candidates.items()) if total}


def high_drop_rates(extracted: Sequence[Assertion], verified: Sequence[Assertion],
                    threshold: float = MAX_DROP_RATE) -> dict[str, float]:
    """Return the documents with enough candidates whose drop rate is above `threshold`."""
    candidates = Counter(a.document_id for a in extracted)
    return {document_id: rate for document_id, rate in drop_rates(extracted, verified).items()
            if rate > threshold and candidates[document_id] >= MIN_CANDIDATES_FOR_DROP_RATE}


def normalize_entity_name(kind: str, name: str) -> str:
    """Normalize a name the way resolution does for its kind of entity."""
    if kind == "Company":
        return normalize_company_name(name)
    if kind == "Person":
        return normalize_person_name(name)
    return normalize_generic_name(name)


def find_duplicate_entities(driver: Driver, database: str | None = None) -> dict[str, list[str]]:
    """Return the entity ids that share a kind and a normalized name, keyed by `kind:normalized name`.

    NOTE: two different people who share a name are legitimate and get a disambiguating id, so a
    Person group found here may be intended; the check reports it for a curator to confirm.
    """
    records, _, _ = driver.execute_query(ENTITIES_CYPHER, database_=database)
    groups: dict[str, set[str]] = defaultdict(set)
    for record in records:
        normalized = normalize_entity_name(record["kind"] or "", record["name"] or "")
        if normalized:
            groups[f"{record['kind']}:{normalized}"].add(record["id"])
    return {key: sorted(ids) for key, ids in sorted(groups.items()) if len(ids) > 1}


def find_unbacked_fact_edges(driver: Driver, database: str | None = None) -> list[str]:
    """Return the fact edges, as `subject -TYPE-> object`, that no assertion states."""
    records, _, _ = driver.execute_query(UNBACKED_FACT_EDGES_CYPHER, database_=database)
    return [f"{r['subject_id']} -{r['type']}-> {r['object_id']}" for r in records]
