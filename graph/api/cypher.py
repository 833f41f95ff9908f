"""Cypher fragments shared by the query API: as-of visibility, evidence and entity matching.

The fragments take relationship and node variable names chosen by this package, never by a caller;
caller values reach Neo4j only as parameters (`$as_of`, `$text` and the like).
"""

from __future__ import annotations


def fact_visible(fact: str) -> str:
    """Return a predicate that is true when fact edge `fact` is visible as of `$as_of`.

    A fact is visible when one of its validity periods covers the date and the period's stating
    report was filed by then. An empty period end is an open end, and an empty filing date falls
    back to the period start. A null `$as_of` means the current graph, where every fact is visible.
    """
    return f"""($as_of IS NULL OR any(i IN range(0, size(coalesce({fact}.period_starts, [])) - 1)
  WHERE date({fact}.period_starts[i]) <= $as_of
    AND ({fact}.period_ends[i] = '' OR $as_of < date({fact}.period_ends[i]))
    AND date(CASE coalesce({fact}.period_filed[i], '') WHEN '' THEN {fact}.period_starts[i]
             ELSE {fact}.period_filed[i] END) <= $as_of))"""


def known_assertions(fact: str) -> str:
    """Return the MATCH clauses that bind `a` and its document `d` for each assertion behind fact edge `fact`.

    Only assertions of the fact's own extraction profile count, and only those known by `$as_of`:
    they speak for a date up to it and their document was filed by then.
    """
    return f"""  WITH startNode({fact}) AS subject, endNode({fact}) AS object
  MATCH (a:Assertion)-[:SUBJECT]->(subject)
  WHERE a.type = type({fact})
  MATCH (a)-[:OBJECT]->(object)
  MATCH (a)-[:STATED_IN]->(d:Document)
  WHERE a.extractor + ':' + CASE coalesce(a.model, '') WHEN '' THEN '-' ELSE a.model END + ':'
        + a.prompt_version = {fact}.profile
    AND ($as_of IS NULL OR (a.valid_at <= $as_of AND coalesce(d.filed_at, a.valid_at) <= $as_of))"""


def latest_evidence(fact: str, prefix: str) -> str:
    """Return a CALL clause that yields `{prefix}_assertion` and `{prefix}_source` for fact edge `fact`.

    The evidence is the latest assertion of the fact's own extraction profile that was known by
    `$as_of`: it speaks for a date up to it and its document was filed by then.
    """
    return f"""CALL ({fact}) {{
{known_assertions(fact)}
  RETURN a AS {prefix}_assertion, d AS {prefix}_source
  ORDER BY a.valid_at DESC, d.filed_at DESC, a.id
  LIMIT 1
}}"""


def entity_matches(node: str, parameter: str) -> str:
    """Return a predicate that matches `node` by id, ticker, CIK (padded or not), name or alias."""
    value = f"trim(${parameter})"
    return f"""({node}.id = {value} OR {node}.ticker = toUpper({value})
  OR ({value} =~ '\\\\d{{1,10}}' AND {node}.cik = right('0000000000' + {value}, 10))
  OR toLower({node}.name) = toLower({value})
  OR any(alias IN coalesce({node}.aliases, []) WHERE toLower(alias) = toLower({value})))"""


def factor_matches(node: str, parameter: str) -> str:
    """Return a predicate that matches factor `node` by id or name, narrower factors included.

    "export controls" matches "export controls on gallium": whole words of the name or an alias,
    or an id that extends the given id with a hyphen.
    """
    value = f"trim(${parameter})"
    words = f"(' ' + toLower({value}) + ' ')"
    return f"""({node}:Factor AND {value} <> '' AND ({node}.id = {value} OR {node}.id STARTS WITH {value} + '-'
  OR (' ' + toLower({node}.name) + ' ') CONTAINS {words}
  OR any(alias IN coalesce({node}.aliases, []) WHERE (' ' + toLower(alias) + ' ') CONTAINS {words})))"""
