"""Company resolution measured on the labelled alias set in tests/graph/data/company_aliases.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.company_matching import FUZZY_THRESHOLD, CompanyDirectory
from graph.curation_rules import Curation
from graph.resolution import EntityResolver
from schemas.entities import EntityKind, EntityRef
from tests.conftest import CORPUS

ALIASES = Path(__file__).parent / "data" / "company_aliases.csv"


def read_labelled_aliases() -> list[tuple[str, str | None]]:
    with ALIASES.open(newline="", encoding="utf-8") as stream:
        rows = csv.DictReader(line for line in stream if not line.startswith("#"))
        return [(row["surface"], None if row["expected_cik"] == "none" else row["expected_cik"]) for row in rows]


def measure_company_resolution(resolver: EntityResolver) -> tuple[float, float, list[str]]:
    """Return precision and recall of CIK decisions on the labelled set, and the wrong joins."""
    correct = wrong = expected = 0
    wrong_joins = []
    for surface, cik in read_labelled_aliases():
        found = resolver.resolve(EntityRef(name=surface, kind=EntityKind.COMPANY)).cik
        expected += cik is not None
        if found and found == cik:
            correct += 1
        elif found:
            wrong += 1
            wrong_joins.append(f"{surface} -> {found}")
    return correct / max(correct + wrong, 1), correct / expected, wrong_joins


@pytest.fixture(scope="module")
def directory() -> CompanyDirectory:
    return CompanyDirectory.from_sec_tickers(CORPUS / "reference" / "company_tickers.json")


def test_alias_set_has_hard_negatives() -> None:
    negatives = [surface for surface, cik in read_labelled_aliases() if cik is None]
    assert len(negatives) >= 40


def test_alias_set_precision(directory: CompanyDirectory) -> None:
    precision, _, wrong = measure_company_resolution(EntityResolver(directory, Curation.from_dir()))
    assert wrong == []
    assert precision == 1.0


def test_alias_set_recall(directory: CompanyDirectory) -> None:
    _, recall, _ = measure_company_resolution(EntityResolver(directory, Curation.from_dir()))
    assert recall >= 0.85


def test_lower_threshold_merges_negatives(directory: CompanyDirectory) -> None:
    """The chosen threshold is the lowest without false joins: ten points lower must produce some."""
    resolver = EntityResolver(directory, Curation.from_dir(), fuzzy_threshold=FUZZY_THRESHOLD - 10)
    _, _, wrong = measure_company_resolution(resolver)
    assert wrong
