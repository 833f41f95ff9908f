"""Saved Cypher pivots: parameterized `.cypher` files in `graph/pivots/`, run by name.

A pivot file starts with two comment lines: its one-line description, then its parameters:

    // Suppliers of a company (by ticker, CIK or name), with the evidence behind each.
    // params: company, min_share=0.5, since_date?

A bare name is required, `name=value` is optional with that default, and `name?` is optional
with a null default. Every pivot also receives `$as_of`: a date, or null for the current graph.
Parameters whose names end in `_date` are checked as ISO dates before the query runs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver
from neo4j.exceptions import Neo4jError

from graph.as_of import parse_as_of, parse_date
from graph.values import plain_value
from schemas.errors import GraphLoadError

PIVOT_DIR = Path(__file__).resolve().parent / "pivots"
_PIVOT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_PARAMETER = re.compile(r"^([a-z][a-z0-9_]*)(\?|=(.*))?$")
RESERVED_PARAMETERS = frozenset({"as_of"})


@dataclass(frozen=True)
class Pivot:
    name: str
    description: str
    parameters: tuple[str, ...]
    cypher: str
    defaults: dict[str, str | None] = field(default_factory=dict)

    @property
    def signature(self) -> str:
        """Return the parameters as `--list` shows them: optional ones with their default."""
        entries = []
        for name in self.parameters:
            if name not in self.defaults:
                entries.append(name)
            elif self.defaults[name] is None:
                entries.append(f"{name}?")
            else:
                entries.append(f"{name}={self.defaults[name]}")
        return ", ".join(entries)


def load_pivot(name: str) -> Pivot:
    """Read the pivot `name`; the first comment line is its description, `// params:` its parameters."""
    path = PIVOT_DIR / f"{name}.cypher"
    if not _PIVOT_NAME.match(name) or not path.is_file():
        known = ", ".join(p.name for p in list_pivots())
        raise KeyError(f"no saved pivot named {name!r}; known pivots: {known}")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    description = lines[0].removeprefix("//").strip() if lines else ""
    parameters: list[str] = []
    defaults: dict[str, str | None] = {}
    for line in lines[1:3]:
        if line.startswith("// params:"):
            for item in (p.strip() for p in line.removeprefix("// params:").split(",")):
                if item:
                    _read_parameter(name, item, parameters, defaults)
    return Pivot(name, description, tuple(parameters), text, defaults)


def _read_parameter(pivot: str, item: str, parameters: list[str], defaults: dict[str, str | None]) -> None:
    match = _PARAMETER.match(item)
    if not match or match.group(1) in RESERVED_PARAMETERS:
        raise ValueError(f"pivot {pivot!r} declares an invalid parameter {item!r}: use name, name? or name=default")
    parameters.append(match.group(1))
    if match.group(2) == "?":
        defaults[match.group(1)] = None
    elif match.group(2):
        defaults[match.group(1)] = match.group(3).strip()


def list_pivots() -> list[Pivot]:
    return [load_pivot(path.stem) for path in sorted(PIVOT_DIR.glob("*.cypher"))]


def pivot_parameters(pivot: Pivot, parameters: dict[str, Any], as_of: object | None) -> dict[str, Any]:
    """Check `parameters` against the pivot's declaration, fill defaults and add `as_of`.

    Raises ValueError for a missing or unknown parameter and for a date that does not parse.
    """
    missing = [p for p in pivot.parameters if p not in parameters and p not in pivot.defaults]
    unknown = sorted(set(parameters) - set(pivot.parameters))
    # Both go in one message, so that a misspelled name ("compnay") shows next to the one it misses.
    problems = []
    if missing:
        problems.append(f"needs parameter(s) {', '.join(missing)}")
    if unknown:
        problems.append(f"has no parameter(s) {', '.join(unknown)}")
    if problems:
        raise ValueError(f"pivot {pivot.name!r} {' and '.join(problems)}. Its parameters are: "
                         f"{pivot.signature or 'none'}, given as --param NAME=VALUE on the command line "
                         "or as ?NAME=VALUE over HTTP")
    values: dict[str, Any] = {name: parameters.get(name, pivot.defaults.get(name)) for name in pivot.parameters}
    for name, value in values.items():
        if name.endswith("_date") and value is not None:
            values[name] = parse_date(value, name)
    values["as_of"] = parse_as_of(as_of)
    return values


def run_pivot(driver: Driver, name: str, parameters: dict[str, Any], as_of: dt.date | str | None = None, *,
              database: str | None = None) -> list[dict[str, Any]]:
    """Run a saved pivot as the graph stood on `as_of` (the current graph when None).

    Values go to Neo4j as query parameters only. Dates in the rows come back as ISO strings.
    """
    pivot = load_pivot(name)
    values = pivot_parameters(pivot, parameters, as_of)
    try:
        records, _, _ = driver.execute_query(pivot.cypher, values, database_=database)
    except Neo4jError as exc:
        raise GraphLoadError(f"pivot {name!r} failed in Neo4j: {exc}") from exc
    return [{key: plain_value(value) for key, value in record.items()} for record in records]
