"""The read-only endpoints: entity lookup, neighbours, second-order paths, pivots and context.

Every value of a request reaches Neo4j as a query parameter. Relation types and directions pass
the query API's registry check first, and pivots are fixed `.cypher` files chosen by name.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from neo4j import Driver

from graph.api import MAX_LIMIT, find_entities, neighbours, resolve_entity, resolve_holdings, second_order_paths
from graph.api.models import Entity
from graph.api.traversal import DIRECTIONS, relationship_pattern
from graph.as_of import parse_as_of
from graph.context import MAX_TOKENS, MIN_TOKENS, build_context
from graph.pivots import list_pivots, load_pivot, run_pivot
from graph.service.errors import NotFoundError

# Bounds on request strings, far above any real name or ticker list.
MAX_TEXT_CHARS = 200
MAX_HOLDINGS = 100
MAX_PIVOT_VALUE_CHARS = 1000
# Query parameters of /pivots/{name} that belong to the endpoint, not to the pivot.
PIVOT_CONTROLS = frozenset({"as_of", "limit"})

router = APIRouter()

Text = Annotated[str, Query(min_length=1, max_length=MAX_TEXT_CHARS)]
OptionalText = Annotated[str | None, Query(max_length=MAX_TEXT_CHARS)]
EntityKey = Annotated[str, Path(min_length=1, max_length=MAX_TEXT_CHARS,
                                description="An entity id, ticker, CIK, name or alias.")]
AsOf = Annotated[str | None, Query(max_length=32, description="A date YYYY-MM-DD. Without it, the current graph.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"The maximum number of rows returned, 1 to {MAX_LIMIT}.")]


def driver_of(request: Request) -> Driver:
    driver: Driver = request.app.state.driver
    return driver


def resolve(driver: Driver, key: str) -> Entity:
    """Return the entity that `key` names exactly, or raise NotFoundError with candidates."""
    try:
        return resolve_entity(driver, key)
    except ValueError as exc:
        raise NotFoundError(str(exc)) from exc


@router.get("/entities", summary="Find entities by id, ticker, CIK, name or alias")
def get_entities(request: Request, q: Text, kind: OptionalText = None, limit: Limit = 10) -> dict[str, Any]:
    found = find_entities(driver_of(request), q, kind=kind, limit=limit)
    return {"entities": [entity.to_dict() for entity in found]}


@router.get("/entities/{entity}/neighbours", summary="Entities one fact edge away, with evidence")
def get_neighbours(request: Request, entity: EntityKey, relation: OptionalText = None, direction: str = "both",
                   as_of: AsOf = None, limit: Limit = 100) -> dict[str, Any]:
    if relation is not None:
        relationship_pattern("fact", [relation], direction)
    elif direction not in DIRECTIONS:
        raise ValueError(f"invalid direction {direction!r}: use one of {', '.join(DIRECTIONS)}")
    as_of_date = parse_as_of(as_of)
    start = resolve(driver_of(request), entity)

    found = neighbours(driver_of(request), start.id, relation, direction, as_of=as_of_date, limit=limit)
    return {"entity": start.to_dict(), "as_of": as_of, "neighbours": [n.to_dict() for n in found]}


@router.get("/paths/second-order", summary="Paths start -first- middle -second- end, with evidence")
def get_second_order(request: Request, start: Annotated[str, Query(min_length=1, max_length=2000)],
                     first: Text, second: Text, first_direction: str = "out", second_direction: str = "out",
                     end: OptionalText = None, as_of: AsOf = None, limit: Limit = 100) -> dict[str, Any]:
    relationship_pattern("first", [first], first_direction)
    relationship_pattern("second", [second], second_direction)
    as_of_date = parse_as_of(as_of)
    starts = _starts(driver_of(request), start)

    paths = second_order_paths(driver_of(request), starts, first, second, first_direction=first_direction,
                               second_direction=second_direction, end=end, as_of=as_of_date, limit=limit)
    return {"as_of": as_of, "paths": [path.to_dict() for path in paths]}


def _starts(driver: Driver, start: str) -> str | list[str]:
    """Return the start as one entity id, or as the holdings of a comma list; raise NotFoundError if unknown."""
    if "," not in start:
        return resolve(driver, start).id
    holdings = [holding.strip() for holding in start.split(",")]
    if any(not holding for holding in holdings) or len(holdings) > MAX_HOLDINGS:
        raise ValueError(f"start must be up to {MAX_HOLDINGS} comma-separated tickers or CIKs "
                         f"without empty entries, got {start!r}")
    try:
        resolve_holdings(driver, holdings)
    except ValueError as exc:
        raise NotFoundError(str(exc)) from exc
    return holdings


@router.get("/pivots", summary="The saved pivots with their parameters")
def get_pivots() -> dict[str, Any]:
    return {"pivots": [{"name": p.name, "description": p.description, "parameters": list(p.parameters),
                        "signature": p.signature} for p in list_pivots()]}


@router.get("/pivots/{name}", summary="Run a saved pivot; its parameters are the other query parameters")
def get_pivot(request: Request, name: Annotated[str, Path(max_length=64)], as_of: AsOf = None,
              limit: Limit = 100) -> dict[str, Any]:
    try:
        load_pivot(name)
    except KeyError as exc:
        raise NotFoundError(exc.args[0]) from exc
    parameters = _pivot_parameters(request)

    # NOTE: pivots carry no LIMIT, so every row is read before the cut to `limit`. The query
    # timeout bounds the work, and a `$limit` in each pivot file would bound the transfer too.
    rows = run_pivot(driver_of(request), name, parameters, parse_as_of(as_of))
    return {"pivot": name, "as_of": as_of, "rows": rows[:limit], "truncated": len(rows) > limit}


def _pivot_parameters(request: Request) -> dict[str, str]:
    parameters: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in PIVOT_CONTROLS:
            continue
        if key in parameters:
            raise ValueError(f"pivot parameter {key!r} is given more than once: give it once")
        if len(value) > MAX_PIVOT_VALUE_CHARS:
            raise ValueError(f"pivot parameter {key!r} is longer than {MAX_PIVOT_VALUE_CHARS} characters")
        parameters[key] = value
    return parameters


@router.get("/context/{entity}", summary="The RAG context block of an entity, as text and JSON")
def get_context(request: Request, entity: EntityKey, as_of: AsOf = None,
                max_tokens: Annotated[int, Query(ge=MIN_TOKENS, le=MAX_TOKENS)] = 1500) -> dict[str, Any]:
    as_of_date = parse_as_of(as_of)
    found = resolve(driver_of(request), entity)

    context = build_context(driver_of(request), found.id, as_of_date, max_tokens)
    return {**context.to_dict(), "text": context.to_text()}
