"""Cypher of the context block: an entity's facts, second-order facts and source paragraphs.

Relation types come from the registry and pass `relationship_pattern`'s identifier check; caller
values reach Neo4j only as parameters. Visibility as of a date is `graph.api`'s rule.
"""

from __future__ import annotations

from graph.api.cypher import fact_visible, known_assertions, latest_evidence
from graph.api.traversal import relationship_pattern
from graph.units import UNIT_OF
from schemas.relations import REGISTRY

# Facts read per query before ranking and trimming: enough for any budget up to MAX_TOKENS.
MAX_FACTS = 200
MAX_PARAGRAPHS = 40


def _fact_support(fact: str) -> str:
    """Return a CALL clause that yields `mentions` and `confidence` of the assertions known by `$as_of`."""
    return f"""CALL ({fact}) {{
{known_assertions(fact)}
  RETURN count(a) AS mentions, max(a.confidence) AS confidence
}}"""


def _all_relations(variable: str) -> tuple[str, str]:
    return relationship_pattern(variable, sorted(REGISTRY), "both")


def first_order_cypher() -> str:
    left, right = _all_relations("fact")
    return f"""
MATCH (start:Entity {{id: $entity_id}}){left}{right}(other:Entity)
WHERE {fact_visible("fact")}
{latest_evidence("fact", "fact")}
{_fact_support("fact")}
OPTIONAL MATCH (fact_assertion)-[:FROM_PARAGRAPH]->(paragraph:Paragraph)
// `start` is returned so that the driver gives the fact's own end at `start` its properties.
RETURN start, other, fact, fact_assertion, fact_source, startNode(fact) = start AS outgoing,
       mentions, confidence, paragraph.id AS paragraph_id, paragraph.section AS section
ORDER BY confidence DESC, fact_assertion.valid_at DESC, mentions DESC, other.id
LIMIT $limit
"""


def second_order_cypher() -> str:
    first_left, first_right = _all_relations("first")
    second_left, second_right = _all_relations("second")
    # One row per second fact: several first facts may join the entity to the same middle entity.
    # NOTE: the aggregation expands every two-step path before LIMIT applies, so a hub entity with
    # thousands of neighbours makes this slow. The service's query timeout bounds it as a 504.
    return f"""
MATCH (start:Entity {{id: $entity_id}}){first_left}{first_right}(middle:Entity){second_left}{second_right}(other:Entity)
WHERE other <> start AND middle <> start AND {fact_visible("first")} AND {fact_visible("second")}
WITH start, middle, other, second, min(type(first)) AS via_relation
{latest_evidence("second", "second")}
{_fact_support("second")}
OPTIONAL MATCH (second_assertion)-[:FROM_PARAGRAPH]->(paragraph:Paragraph)
RETURN middle, other, second AS fact, second_assertion AS fact_assertion, second_source AS fact_source,
       startNode(second) = middle AS outgoing, via_relation, mentions, confidence,
       paragraph.id AS paragraph_id, paragraph.section AS section
ORDER BY confidence DESC, fact_assertion.valid_at DESC, mentions DESC, middle.id, other.id
LIMIT $limit
"""


def unit_facts_cypher() -> str:
    """Return the query of the facts of the entity's curated units (`graph.units`), one step through UNIT_OF.

    Its rows have the shape of second-order rows, with the unit as the middle entity.
    """
    left, right = _all_relations("fact")
    return f"""
MATCH (:Entity {{id: $entity_id}})<-[:{UNIT_OF}]-(middle:Entity){left}{right}(other:Entity)
WHERE other.id <> $entity_id AND {fact_visible("fact")}
{latest_evidence("fact", "fact")}
{_fact_support("fact")}
OPTIONAL MATCH (fact_assertion)-[:FROM_PARAGRAPH]->(paragraph:Paragraph)
RETURN middle, other, fact, fact_assertion, fact_source, startNode(fact) = middle AS outgoing,
       '{UNIT_OF}' AS via_relation, mentions, confidence, paragraph.id AS paragraph_id, paragraph.section AS section
ORDER BY confidence DESC, fact_assertion.valid_at DESC, mentions DESC, middle.id, other.id
LIMIT $limit
"""


# A paragraph worth citing: at least `$min_words` words, and a sentence (closing punctuation) or
# long enough not to be a heading such as "The Boeing Company and Subsidiaries".
CITABLE = ("size(split(trim(p.text), ' ')) >= $min_words AND (size(split(trim(p.text), ' ')) >= 12 "
           "OR trim(p.text) =~ '(?s).*[.!?:;\"\u201d)]')")


# Paragraphs that the entity's own assertions were read from, known by `$as_of`.
LINKED_PARAGRAPHS_CYPHER = f"""
MATCH (e:Entity {{id: $entity_id}})<-[:SUBJECT|OBJECT]-(a:Assertion)-[:FROM_PARAGRAPH]->(p:Paragraph)
MATCH (p)-[:PART_OF]->(d:Document)
WHERE ($as_of IS NULL OR coalesce(d.filed_at, d.valid_at) <= $as_of)
  AND {CITABLE}
RETURN p, d, count(DISTINCT a) AS assertions
ORDER BY assertions DESC, d.filed_at DESC, p.id
LIMIT $limit
"""

# Paragraphs that name the entity, from the `paragraph_text` full-text index.
FULLTEXT_PARAGRAPHS_CYPHER = f"""
CALL db.index.fulltext.queryNodes('paragraph_text', $query) YIELD node AS p, score
MATCH (p)-[:PART_OF]->(d:Document)
WHERE ($as_of IS NULL OR coalesce(d.filed_at, d.valid_at) <= $as_of) AND NOT coalesce(p.boilerplate, false)
  AND {CITABLE}
RETURN p, d, score
ORDER BY score DESC, d.filed_at DESC, p.id
LIMIT $limit
"""

# Paragraphs nearest to `$vector` in the `paragraph_embedding` index. The index returns the
# `$candidates` nearest of all documents, and the as-of filter runs on those.
# NOTE: Neo4j 5.26 cannot filter inside a vector search, so with an early as-of date in a large
# graph all candidates may be later documents and this returns fewer than `$limit` paragraphs.
VECTOR_PARAGRAPHS_CYPHER = f"""
CALL db.index.vector.queryNodes('paragraph_embedding', $candidates, $vector) YIELD node AS p, score
MATCH (p)-[:PART_OF]->(d:Document)
WHERE ($as_of IS NULL OR coalesce(d.filed_at, d.valid_at) <= $as_of) AND NOT coalesce(p.boilerplate, false)
  AND {CITABLE}
RETURN p, d, score
ORDER BY score DESC, d.filed_at DESC, p.id
LIMIT $limit
"""
