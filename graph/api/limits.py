"""Bounds on what one API call may ask of the graph, so that a service request cannot scan it whole."""

from __future__ import annotations

MAX_LIMIT = 1000
MAX_HOPS = 3
# An export stops adding edges past this count and marks the graph as truncated.
MAX_EXPORT_EDGES = 5000


def check_limit(limit: int) -> int:
    """Return `limit` if it is an integer from 1 to MAX_LIMIT, else raise ValueError."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be an integer from 1 to {MAX_LIMIT}, got {limit!r}: narrow the query instead")
    return limit


def check_hops(hops: int) -> int:
    """Return `hops` if it is an integer from 1 to MAX_HOPS, else raise ValueError."""
    if isinstance(hops, bool) or not isinstance(hops, int) or not 1 <= hops <= MAX_HOPS:
        raise ValueError(f"hops must be an integer from 1 to {MAX_HOPS}, got {hops!r}")
    return hops
