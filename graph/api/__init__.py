"""The query API for services: entity lookup, neighbours and second-order paths, as of a date.

Every fact that a call returns carries its evidence (document, dates and verbatim quote). Invalid
arguments (an unknown relation type, a bad direction, a limit past MAX_LIMIT) raise ValueError before
any query runs, and Neo4j failures raise GraphLoadError.
"""

from __future__ import annotations

from graph.api.limits import MAX_HOPS, MAX_LIMIT
from graph.api.lookup import check_factor, find_entities, resolve_entity, resolve_holdings
from graph.api.models import Entity, Evidence, Hop, Neighbour, SecondOrderPath
from graph.api.traversal import neighbours, second_order_paths

__all__ = [
    "MAX_HOPS", "MAX_LIMIT", "Entity", "Evidence", "Hop", "Neighbour", "SecondOrderPath",
    "check_factor", "find_entities", "neighbours", "resolve_entity", "resolve_holdings", "second_order_paths",
]
