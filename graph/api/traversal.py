"""Neighbours and second-order paths over fact edges, as of a date, each hop with its evidence.

Relation types and directions are checked against the registry before they enter Cypher, because
Cypher takes no relationship types as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence

from neo4j import Driver, Record

from graph.api.cypher import entity_matches, fact_visible, factor_matches, latest_evidence
from graph.api.limits import check_limit
from graph.api.lookup import resolve_entity, resolve_holdings
from graph.api.models import Entity, Hop, Neighbour, SecondOrderPath
from graph.api.run import read
from graph.as_of import parse_as_of
from schemas.relations import REGISTRY, SAFE_IDENTIFIER

DIRECTIONS = ("out", "in", "both")


def checked_relation(name: str) -> str:
    """Return `name` if it is a registered relation type that is safe to put into Cypher."""
    if name not in REGISTRY or not SAFE_IDENTIFIER.match(name):
        raise ValueError(f"unknown relation type {name!r}: use one of {', '.join(sorted(REGISTRY))}")
    return name


def relationship_pattern(variable: str, relations: Sequence[str], direction: str) -> tuple[str, str]:
    """Return the left and right halves of a checked relationship pattern, such as `<-[r:A|B]-`."""
    if direction not in DIRECTIONS:
        raise ValueError(f"invalid direction {direction!r}: use one of {', '.join(DIRECTIONS)}")
    types = "|".join(checked_relation(r) for r in relations)
    left = "<-" if direction == "in" else "-"
    right = "->" if direction == "out" else "-"
    return f"{left}[{variable}:{types}]", right


def neighbours(driver: Driver, entity: str, relation: str | None = None, direction: str = "both", *,
               as_of: object | None = None, limit: int = 100, database: str | None = None) -> list[Neighbour]:
    """List the entities one fact edge away from `entity` (id, ticker, CIK or name), with evidence.

    `relation` restricts the edges to one registered type, and `direction` is "out" (entity is the
    subject), "in" (entity is the object) or "both".
    """
    check_limit(limit)
    left, right = relationship_pattern("fact", [relation] if relation else sorted(REGISTRY), direction)
    start = resolve_entity(driver, entity, database=database)
    cypher = f"""
MATCH (start:Entity {{id: $start_id}}){left}{right}(other:Entity)
WHERE {fact_visible("fact")}
{latest_evidence("fact", "fact")}
// `start` is returned so that the driver gives the fact's own end at `start` its properties.
RETURN start, other, fact, fact_assertion, fact_source, startNode(fact) = start AS outgoing
ORDER BY type(fact), other.name, other.id
LIMIT $limit
"""
    as_of_date = parse_as_of(as_of)
    records = read(driver, cypher, {"start_id": start.id, "as_of": as_of_date, "limit": limit}, database)
    return [Neighbour(entity=Entity.from_node(r["other"]), direction="out" if r["outgoing"] else "in",
                      hop=Hop.from_record(r["fact"], r["fact_assertion"], r["fact_source"], as_of_date))
            for r in records]


def second_order_paths(driver: Driver, start: str | Sequence[str], first: str, second: str, *,
                       first_direction: str = "out", second_direction: str = "out", end: str | None = None,
                       as_of: object | None = None, limit: int = 100,
                       database: str | None = None) -> list[SecondOrderPath]:
    """Find paths start -first- middle -second- end, with the evidence of both facts.

    `start` is one entity (id, ticker, CIK or name) or a list of holdings (tickers or CIKs).
    `end`, when given, is an entity matched exactly or a factor matched with its narrower factors.
    "Which holdings depend on a supplier exposed to gallium?" is
    `second_order_paths(driver, ["WDGT"], "SUPPLIER_OF", "EXPOSED_TO", first_direction="in", end="gallium")`.
    """
    check_limit(limit)
    first_left, first_right = relationship_pattern("first", [first], first_direction)
    second_left, second_right = relationship_pattern("second", [second], second_direction)
    starts = _start_entities(driver, start, database)
    cypher = f"""
MATCH (start:Entity)
WHERE start.id IN $start_ids
MATCH (start){first_left}{first_right}(middle:Entity){second_left}{second_right}(target:Entity)
WHERE middle <> start AND target <> start
  AND ($target IS NULL OR {entity_matches("target", "target")} OR {factor_matches("target", "target")})
  AND {fact_visible("first")} AND {fact_visible("second")}
{latest_evidence("first", "first")}
{latest_evidence("second", "second")}
RETURN start, middle, target, first, second, first_assertion, first_source, second_assertion, second_source
ORDER BY start.name, middle.name, target.name, target.id
LIMIT $limit
"""
    as_of_date = parse_as_of(as_of)
    parameters = {"start_ids": [e.id for e in starts], "target": end, "as_of": as_of_date, "limit": limit}
    return [_path(record, as_of_date) for record in read(driver, cypher, parameters, database)]


def _start_entities(driver: Driver, start: str | Sequence[str], database: str | None) -> list[Entity]:
    if isinstance(start, str):
        return [resolve_entity(driver, start, database=database)]
    if not start:
        raise ValueError("start is an empty list of holdings: give at least one ticker or CIK")
    return resolve_holdings(driver, start, database=database)


def _path(record: Record, as_of: object | None) -> SecondOrderPath:
    return SecondOrderPath(
        start=Entity.from_node(record["start"]), middle=Entity.from_node(record["middle"]),
        end=Entity.from_node(record["target"]),
        first=Hop.from_record(record["first"], record["first_assertion"], record["first_source"], as_of),
        second=Hop.from_record(record["second"], record["second_assertion"], record["second_source"], as_of),
    )
