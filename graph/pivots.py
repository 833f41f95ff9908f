"""Saved Cypher pivots: parameterized `.cypher` files in `graph/pivots/`, run by name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neo4j import Driver

PIVOT_DIR = Path(__file__).resolve().parent / "pivots"
_PIVOT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Pivot:
    name: str
    description: str
    parameters: tuple[str, ...]
    cypher: str


def load_pivot(name: str) -> Pivot:
    """Read the pivot `name`; the first comment line is its description, `// params:` its parameters."""
    path = PIVOT_DIR / f"{name}.cypher"
    if not _PIVOT_NAME.match(name) or not path.is_file():
        known = ", ".join(p.name for p in list_pivots())
        raise KeyError(f"no saved pivot named {name!r}; known pivots: {known}")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    description = lines[0].removeprefix("//").strip() if lines else ""
    parameters: tuple[str, ...] = ()
    for line in lines[1:3]:
        if line.startswith("// params:"):
            parameters = tuple(p.strip() for p in line.removeprefix("// params:").split(",") if p.strip())
    return Pivot(name, description, parameters, text)


def list_pivots() -> list[Pivot]:
    return [load_pivot(path.stem) for path in sorted(PIVOT_DIR.glob("*.cypher"))]


def run_pivot(driver: Driver, name: str, parameters: dict[str, Any],
              database: str | None = None) -> list[dict[str, Any]]:
    """Run a saved pivot with parameters only; a missing parameter raises ValueError naming it."""
    pivot = load_pivot(name)
    missing = [p for p in pivot.parameters if p not in parameters]
    if missing:
        raise ValueError(f"pivot {name!r} needs parameter(s) {', '.join(missing)}: pass --param NAME=VALUE")
    records, _, _ = driver.execute_query(pivot.cypher, parameters, database_=database)
    return [record.data() for record in records]
