"""Turn Neo4j result values into plain Python values that JSON and GraphML can hold."""

from __future__ import annotations

from typing import Any

from neo4j.time import Date, DateTime, Duration, Time


def plain_value(value: Any) -> Any:
    """Return `value` with Neo4j temporal values as ISO strings, inside lists and maps too."""
    if isinstance(value, (Date, DateTime, Time)):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, list):
        return [plain_value(item) for item in value]
    if isinstance(value, dict):
        return {key: plain_value(item) for key, item in value.items()}
    return value
