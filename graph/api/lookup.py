"""Entity lookup by name, ticker or CIK: exact matches first, then the `entity_names` full-text index."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from neo4j import Driver

from graph.api.cypher import entity_matches, factor_matches
from graph.api.limits import check_limit
from graph.api.models import KIND_LABELS, Entity
from graph.api.run import read

# Exact matches compare lower-cased names and aliases, so they scan the Entity label; the
# full-text index serves the fuzzy part.
EXACT_CYPHER = f"""
MATCH (e:Entity)
WHERE {entity_matches("e", "text")} AND ($kind IS NULL OR $kind IN labels(e))
RETURN e ORDER BY CASE WHEN e.id = $text THEN 0 WHEN e.ticker = toUpper($text) THEN 1 ELSE 2 END, e.name, e.id
LIMIT $limit
"""

FULLTEXT_CYPHER = """
CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node, score
WHERE $kind IS NULL OR $kind IN labels(node)
RETURN node AS e, score ORDER BY score DESC, node.id
LIMIT $limit
"""

HOLDINGS_CYPHER = """
UNWIND $holdings AS holding
MATCH (e:Company)
WHERE e.ticker = toUpper(trim(holding))
   OR (trim(holding) =~ '\\\\d{1,10}' AND e.cik = right('0000000000' + trim(holding), 10))
RETURN holding, e
"""

TICKERS_CYPHER = "MATCH (e:Company) WHERE e.ticker IS NOT NULL RETURN e"

# A factor that the pivots taking a factor would match (`factor_matches`), and every factor's names for hints.
FACTOR_MATCH_CYPHER = f"""
MATCH (f:Factor) WHERE {factor_matches("f", "text")}
RETURN f.id AS id LIMIT 1
"""

FACTOR_NAMES_CYPHER = "MATCH (f:Factor) RETURN f.name AS name, coalesce(f.aliases, []) AS aliases"

# Characters with a meaning in Lucene's query syntax, escaped so that a name is searched as text.
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
_LUCENE_OPERATORS = re.compile(r"\b(AND|OR|NOT|TO)\b")


def fulltext_query(text: str) -> str:
    """Escape `text` for the full-text index, so that operators and wildcards in it match literally."""
    escaped = _LUCENE_SPECIAL.sub(r"\\\1", text.strip())
    return _LUCENE_OPERATORS.sub(lambda m: m.group(1).lower(), escaped)


def find_entities(driver: Driver, text: str, *, kind: str | None = None, limit: int = 10,
                  database: str | None = None) -> list[Entity]:
    """Find entities by id, ticker, CIK, exact name or alias, then by the full-text index.

    `kind` restricts the result to one label (Company, Person, Factor, ...). Exact matches come first.
    """
    check_limit(limit)
    if kind is not None and kind not in KIND_LABELS:
        raise ValueError(f"invalid entity kind {kind!r}: use one of {', '.join(KIND_LABELS)}")
    if not text.strip():
        return []

    exact = read(driver, EXACT_CYPHER, {"text": text, "kind": kind, "limit": limit}, database)
    found = {record["e"]["id"]: Entity.from_node(record["e"]) for record in exact}
    if len(found) < limit:
        parameters = {"query": fulltext_query(text), "kind": kind, "limit": limit}
        for record in read(driver, FULLTEXT_CYPHER, parameters, database):
            found.setdefault(record["e"]["id"], Entity.from_node(record["e"]))
    return list(found.values())[:limit]


def resolve_entity(driver: Driver, text: str, *, database: str | None = None) -> Entity:
    """Return the one entity that `text` names exactly (id, ticker, CIK, name or alias).

    Raises ValueError when nothing matches exactly, listing full-text candidates when there are any.
    """
    exact = read(driver, EXACT_CYPHER, {"text": text, "kind": None, "limit": 2}, database)
    if exact:
        return Entity.from_node(exact[0]["e"])
    candidates = find_entities(driver, text, limit=5, database=database) if text.strip() else []
    if not candidates and text.strip():
        candidates = _close_tickers(driver, text, database)
    hint = f"; did you mean: {', '.join(f'{e.name} ({e.id})' for e in candidates)}" if candidates else ""
    raise ValueError(f"no entity has the id, ticker, CIK or name {text!r}{hint}")


def resolve_holdings(driver: Driver, holdings: Sequence[str], *, database: str | None = None) -> list[Entity]:
    """Return the companies of `holdings` (tickers or CIKs); raise ValueError naming any not found."""
    records = read(driver, HOLDINGS_CYPHER, {"holdings": list(holdings)}, database)
    found = {record["holding"]: Entity.from_node(record["e"]) for record in records}
    missing = [h for h in holdings if h not in found]
    if missing:
        raise ValueError(f"no company has the ticker or CIK {', '.join(map(repr, missing))}")
    return list({entity.id: entity for entity in found.values()}.values())


def check_factor(driver: Driver, text: str, *, database: str | None = None) -> None:
    """Raise ValueError when no factor in the graph matches `text` as the factor pivots match it.

    The message lists the factor names closest to `text`, so that a typo ("export contrls") is an
    error with a fix rather than an empty result.
    """
    if text.strip() and read(driver, FACTOR_MATCH_CYPHER, {"text": text}, database):
        return
    names = {name for record in read(driver, FACTOR_NAMES_CYPHER, {}, database)
             for name in [record["name"], *record["aliases"]] if name}
    by_lower = {name.lower(): name for name in names}
    close = difflib.get_close_matches(text.strip().lower(), list(by_lower), n=5, cutoff=0.6)
    hint = f"; did you mean: {', '.join(by_lower[name] for name in close)}" if close else ""
    raise ValueError(f"no factor in the graph has the id, name or words {text!r}{hint}")


def _close_tickers(driver: Driver, text: str, database: str | None) -> list[Entity]:
    """Return the companies whose ticker is close to `text`, for a misspelt ticker ("NVDIA") that no name matches."""
    companies = {record["e"]["ticker"]: record["e"] for record in read(driver, TICKERS_CYPHER, {}, database)}
    close = difflib.get_close_matches(text.strip().upper(), list(companies), n=3, cutoff=0.75)
    return [Entity.from_node(companies[ticker]) for ticker in close]
