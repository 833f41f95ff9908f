"""Entity resolution: give every entity mention one canonical id, cheapest pass first.

Passes for companies: CIK given by the document, ticker, curated alias, normalized SEC name.
Persons, government bodies, other organizations and factors get ids from their normalized
names (factors from the shipped vocabulary), so that later documents naming them the same way
meet on one node.
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from schemas.assertions import Assertion
from schemas.entities import EntityKind, EntityRef
from schemas.factors import find_factor
from schemas.names import normalize_company_name, normalize_generic_name, normalize_person_name, slugify

log = logging.getLogger(__name__)

CURATION_DIR = Path(__file__).resolve().parent / "curation"


def cik_id(cik: str | int) -> str:
    return f"cik:{int(cik):010d}"


@dataclass(frozen=True)
class CompanyRecord:
    cik: str
    name: str
    tickers: tuple[str, ...]

    @property
    def ticker(self) -> str | None:
        return self.tickers[0] if self.tickers else None


@dataclass
class CompanyDirectory:
    """SEC-registered companies by CIK, ticker and normalized name."""

    by_cik: dict[str, CompanyRecord] = field(default_factory=dict)
    by_ticker: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_sec_tickers(cls, path: Path) -> CompanyDirectory:
        """Read SEC's company_tickers.json, whose rows come largest company first.

        A CIK with several tickers (GOOGL and GOOG) keeps the first as its main ticker, and a
        normalized name shared by two CIKs goes to the first, the larger company.
        """
        rows = json.loads(path.read_text(encoding="utf-8")).values()
        tickers: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for row in rows:
            cik = f"{int(row['cik_str']):010d}"
            tickers.setdefault(cik, []).append(str(row["ticker"]).upper())
            names.setdefault(cik, str(row["title"]))
        directory = cls()
        for cik, title in names.items():
            directory.add(CompanyRecord(cik, title, tuple(tickers[cik])))
        log.info("company directory: %d companies from %s", len(directory.by_cik), path)
        return directory

    def add(self, record: CompanyRecord) -> None:
        self.by_cik.setdefault(record.cik, record)
        for ticker in record.tickers:
            self.by_ticker.setdefault(ticker.upper(), record.cik)
        self.by_name.setdefault(normalize_company_name(record.name), record.cik)


@dataclass(frozen=True)
class Curation:
    """Analysts' corrections, read from the CSV files in `graph/curation/` at every load."""

    aliases: dict[tuple[EntityKind, str], str] = field(default_factory=dict)
    suppressed_assertions: frozenset[str] = frozenset()

    @classmethod
    def from_dir(cls, folder: Path = CURATION_DIR) -> Curation:
        aliases: dict[tuple[EntityKind, str], str] = {}
        alias_file = folder / "aliases.csv"
        if alias_file.exists():
            with alias_file.open(newline="", encoding="utf-8") as stream:
                for row in csv.DictReader(line for line in stream if not line.startswith("#")):
                    kind = EntityKind(row["kind"].strip())
                    aliases[(kind, _normalize(kind, row["alias"]))] = row["entity_id"].strip()
        suppressed: set[str] = set()
        suppress_file = folder / "suppressed_assertions.csv"
        if suppress_file.exists():
            with suppress_file.open(newline="", encoding="utf-8") as stream:
                suppressed = {row["assertion_id"].strip()
                              for row in csv.DictReader(line for line in stream if not line.startswith("#"))}
        return cls(aliases=aliases, suppressed_assertions=frozenset(suppressed))


def _normalize(kind: EntityKind, name: str) -> str:
    if kind in (EntityKind.COMPANY, EntityKind.ORGANIZATION):
        return normalize_company_name(name)
    if kind is EntityKind.PERSON:
        return normalize_person_name(name)
    return normalize_generic_name(name)


class EntityResolver:
    """Resolves `EntityRef`s to canonical ids and records how each decision was made."""

    def __init__(self, directory: CompanyDirectory, curation: Curation | None = None) -> None:
        self.directory = directory
        self.curation = curation or Curation()

    def resolve(self, ref: EntityRef) -> EntityRef:
        if ref.kind in (EntityKind.COMPANY, EntityKind.ORGANIZATION):
            return self.resolve_company(ref)
        if ref.kind is EntityKind.FACTOR:
            return self._resolve_factor(ref)
        normalized = _normalize(ref.kind, ref.name)
        curated = self.curation.aliases.get((ref.kind, normalized))
        if curated:
            return ref.model_copy(update={"id": curated, "resolution_method": "curated_alias",
                                          "resolution_score": 1.0})
        prefix = "person" if ref.kind is EntityKind.PERSON else "gov"
        return ref.model_copy(update={"id": f"{prefix}:{slugify(normalized)}",
                                      "resolution_method": "normalized_name", "resolution_score": 1.0})

    def resolve_company(self, ref: EntityRef) -> EntityRef:
        """Resolve a company or organization: CIK, then ticker, then curated alias, then SEC name."""
        for method, cik in (("cik", ref.cik), ("ticker", self._cik_of_ticker(ref.ticker))):
            if cik and f"{int(cik):010d}" in self.directory.by_cik:
                return self._company(ref, f"{int(cik):010d}", method)
            if cik and method == "cik":
                return ref.model_copy(update={"id": cik_id(cik), "cik": f"{int(cik):010d}",
                                              "kind": EntityKind.COMPANY, "resolution_method": "cik",
                                              "resolution_score": 1.0})
        normalized = normalize_company_name(ref.name)
        curated = self.curation.aliases.get((EntityKind.COMPANY, normalized))
        if curated and curated.startswith("cik:"):
            return self._company(ref, curated.removeprefix("cik:"), "curated_alias")
        if curated:
            return ref.model_copy(update={"id": curated, "resolution_method": "curated_alias",
                                          "resolution_score": 1.0})
        cik = self.directory.by_name.get(normalized)
        if cik:
            return self._company(ref, cik, "normalized_name")
        return ref.model_copy(update={"id": f"org:{slugify(normalized)}", "resolution_method": "unmatched",
                                      "resolution_score": 0.0})

    def _cik_of_ticker(self, ticker: str | None) -> str | None:
        return self.directory.by_ticker.get(ticker.upper()) if ticker else None

    def _company(self, ref: EntityRef, cik: str, method: str) -> EntityRef:
        record = self.directory.by_cik.get(cik)
        return ref.model_copy(update={
            "id": cik_id(cik), "cik": cik, "kind": EntityKind.COMPANY,
            "ticker": record.ticker if record else ref.ticker,
            "resolution_method": method, "resolution_score": 1.0,
        })

    def _resolve_factor(self, ref: EntityRef) -> EntityRef:
        factor = find_factor(ref.name)
        if factor:
            return ref.model_copy(update={"id": factor.id, "factor_kind": factor.kind,
                                          "resolution_method": "vocabulary", "resolution_score": 1.0})
        kind = ref.factor_kind.value if ref.factor_kind else "macro"
        return ref.model_copy(update={"id": f"factor:{kind}:{slugify(normalize_generic_name(ref.name))}",
                                      "resolution_method": "unmatched", "resolution_score": 0.0})

    def fixed_name(self, ref: EntityRef) -> str | None:
        """Return the node name for a registered company or a vocabulary factor, else None.

        Other entities take the longest of their surface names, chosen in the loader, so that
        the name does not depend on which document was loaded first.
        """
        if ref.cik and ref.cik in self.directory.by_cik:
            return self.directory.by_cik[ref.cik].name
        factor = find_factor(ref.name) if ref.kind is EntityKind.FACTOR else None
        return factor.name if factor else None


def resolve_assertions(assertions: list[Assertion], resolver: EntityResolver) -> list[Assertion]:
    """Give the subject and object of every assertion a canonical id, leaving out suppressed ones."""
    resolved = []
    for assertion in assertions:
        if assertion.id in resolver.curation.suppressed_assertions:
            log.info("assertion %s suppressed by curation", assertion.id)
            continue
        resolved.append(assertion.model_copy(update={
            "subject": resolver.resolve(assertion.subject),
            "object": resolver.resolve(assertion.object),
        }))
    return resolved
