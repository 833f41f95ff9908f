"""Analysts' corrections, read from the CSV files in `graph/curation/` and applied by every resolution.

- `aliases.csv` (kind, alias, entity_id): an extra name for an entity.
- `merges.csv` (from_id, to_id, reason): an id that must always become another id.
- `forbidden_merges.csv` (id_a, id_b, reason): two ids that fuzzy matching and merges must never join.
- `suppressed_assertions.csv` (assertion_id, reason): one extracted statement left out of the graph.
- `suppressed_facts.csv` (relation, subject_id, object_id, reason): every assertion of one fact left out.
- `units.csv` (unit_id, parent_id, reason): a brand, business unit or subsidiary that keeps its own
  entity and is linked `UNIT_OF` to the company that owns it.

Each rule keeps the file and row it came from, so a resolution decision can show which rule decided.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from schemas.entities import EntityKind
from schemas.names import normalize_company_name, normalize_generic_name, normalize_person_name

CURATION_DIR = Path(__file__).resolve().parent / "curation"


@dataclass(frozen=True)
class CurationRule:
    """One row of a curation file, quoted so that an analyst can find and edit it."""

    file: str
    row: str

    def __str__(self) -> str:
        return f"{self.file}: {self.row}"


@dataclass(frozen=True)
class CuratedTarget:
    """The entity id a curation rule points to, with the rule."""

    entity_id: str
    rule: CurationRule


def alias_key(kind: EntityKind, name: str) -> tuple[EntityKind, str]:
    """Return the lookup key of a name: companies and organizations share one namespace."""
    if kind in (EntityKind.COMPANY, EntityKind.ORGANIZATION):
        return (EntityKind.COMPANY, normalize_company_name(name))
    if kind is EntityKind.PERSON:
        return (kind, normalize_person_name(name))
    return (kind, normalize_generic_name(name))


@dataclass(frozen=True)
class Curation:
    """Every curation rule, indexed for the resolver and the loader."""

    aliases: dict[tuple[EntityKind, str], CuratedTarget] = field(default_factory=dict)
    merges: dict[str, CuratedTarget] = field(default_factory=dict)
    forbidden_merges: dict[frozenset[str], CurationRule] = field(default_factory=dict)
    suppressed_assertions: frozenset[str] = frozenset()
    suppressed_facts: dict[tuple[str, str, str], CurationRule] = field(default_factory=dict)
    units: dict[str, CuratedTarget] = field(default_factory=dict)

    @classmethod
    def from_dir(cls, folder: Path = CURATION_DIR) -> Curation:
        """Read every curation file in `folder`; a missing file means no rules of that kind."""
        curation = cls(
            aliases=_read_aliases(folder / "aliases.csv"),
            merges=_read_merges(folder / "merges.csv"),
            forbidden_merges=_read_forbidden(folder / "forbidden_merges.csv"),
            suppressed_assertions=frozenset(row["assertion_id"] for row, _ in
                                            _rows(folder / "suppressed_assertions.csv", ("assertion_id",))),
            suppressed_facts=_read_suppressed_facts(folder / "suppressed_facts.csv"),
            units=_read_units(folder / "units.csv"),
        )
        curation.check_merges()
        curation.check_units()
        return curation

    def canonical_id(self, entity_id: str) -> tuple[str, CurationRule | None]:
        """Follow forced merges from `entity_id` to the id it ends at; return that id and the last rule."""
        rule: CurationRule | None = None
        seen = {entity_id}
        while entity_id in self.merges:
            target = self.merges[entity_id]
            entity_id, rule = target.entity_id, target.rule
            if entity_id in seen:
                raise ValueError(f"merges.csv has a cycle through {entity_id}: remove one of its rows")
            seen.add(entity_id)
        return entity_id, rule

    def forbidding_rule(self, id_a: str, id_b: str) -> CurationRule | None:
        """Return the rule that forbids joining `id_a` and `id_b`, or None when they may be joined."""
        return self.forbidden_merges.get(frozenset((id_a, id_b)))

    def check_merges(self) -> None:
        """Raise ValueError for a merge cycle or a merge that a forbidden pair contradicts."""
        for source in self.merges:
            target, rule = self.canonical_id(source)
            forbidden = self.forbidding_rule(source, target)
            if forbidden:
                raise ValueError(f"{rule} joins two ids that {forbidden} forbids joining: remove one of the rows")

    def check_units(self) -> None:
        """Raise ValueError for a unit that is its own parent, a unit cycle, or a unit or parent id that a merge replaces."""
        for unit, target in self.units.items():
            for column, entity_id in (("unit_id", unit), ("parent_id", target.entity_id)):
                merged, rule = self.canonical_id(entity_id)
                if rule is not None:
                    raise ValueError(f"{target.rule} names {entity_id}, which {rule} turns into {merged}, so the row "
                                     f"never applies: use {merged} as its {column}")
            seen = {unit}
            parent: CuratedTarget | None = target
            while parent is not None:
                if parent.entity_id in seen:
                    raise ValueError(f"units.csv has a cycle through {parent.entity_id}: remove one of its rows")
                seen.add(parent.entity_id)
                parent = self.units.get(parent.entity_id)


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[dict[str, str], CurationRule]]:
    """Yield the rows of a curation CSV, skipping comment lines that start with '#'."""
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(line for line in stream if line.strip() and not line.startswith("#"))
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path} lacks the column(s) {', '.join(missing)}: its header must name {', '.join(columns)}")
        for row in reader:
            values = {c: (row.get(c) or "").strip() for c in reader.fieldnames or ()}
            empty = [c for c in columns if not values[c]]
            if empty:
                raise ValueError(f"{path}: the row {','.join(values.values())!r} has no {', '.join(empty)}")
            yield values, CurationRule(path.name, ",".join(values[c] for c in columns))


def _read_aliases(path: Path) -> dict[tuple[EntityKind, str], CuratedTarget]:
    aliases = {}
    for row, rule in _rows(path, ("kind", "alias", "entity_id")):
        try:
            kind = EntityKind(row["kind"])
        except ValueError as exc:
            choices = ", ".join(k.value for k in EntityKind)
            raise ValueError(f"{path}: unknown kind {row['kind']!r} in {rule.row!r}; use one of {choices}") from exc
        aliases[alias_key(kind, row["alias"])] = CuratedTarget(row["entity_id"], rule)
    return aliases


def _read_merges(path: Path) -> dict[str, CuratedTarget]:
    return {row["from_id"]: CuratedTarget(row["to_id"], rule) for row, rule in _rows(path, ("from_id", "to_id"))}


def _read_forbidden(path: Path) -> dict[frozenset[str], CurationRule]:
    return {frozenset((row["id_a"], row["id_b"])): rule for row, rule in _rows(path, ("id_a", "id_b"))}


def _read_suppressed_facts(path: Path) -> dict[tuple[str, str, str], CurationRule]:
    columns = ("relation", "subject_id", "object_id")
    return {(row["relation"], row["subject_id"], row["object_id"]): rule for row, rule in _rows(path, columns)}


def _read_units(path: Path) -> dict[str, CuratedTarget]:
    units: dict[str, CuratedTarget] = {}
    for row, rule in _rows(path, ("unit_id", "parent_id")):
        if row["unit_id"] in units:
            raise ValueError(f"{path}: the unit {row['unit_id']} has two parents, in {units[row['unit_id']].rule.row!r} "
                             f"and {rule.row!r}: keep one row")
        units[row["unit_id"]] = CuratedTarget(row["parent_id"], rule)
    return units
