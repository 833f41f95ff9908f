"""Re-resolution against the real Neo4j: a new alias moves assertions to the canonical company."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from graph.fact_edges import rebuild_fact_edges
from graph.loader import Neo4jLoader
from graph.reresolution import apply_resolution_changes
from graph.resolution import resolve_assertions
from schemas.entities import EntityKind
from tests.graph.resolution_builders import (
    PROFILE,
    TSMC_CIK,
    load_split_supplier,
    make_assertion,
    make_filing,
    make_resolver,
    write_curation,
)

pytestmark = pytest.mark.neo4j

ALIAS = "kind,alias,entity_id\nCompany,Taiwan Semiconductor,cik:0001046179\n"
TSMC = f"cik:{TSMC_CIK}"


def count(driver: Driver, cypher: str) -> int:
    records, _, _ = driver.execute_query(cypher)
    return records[0][0]


@pytest.fixture
def improved(graph_driver: Driver, tmp_path: Path) -> Driver:
    load_split_supplier(graph_driver, make_resolver())
    resolver = make_resolver(write_curation(tmp_path, "aliases.csv", ALIAS))
    apply_resolution_changes(graph_driver, resolver)
    rebuild_fact_edges(graph_driver, PROFILE)
    return graph_driver


def test_old_resolution_splits_supplier(graph_driver: Driver) -> None:
    load_split_supplier(graph_driver, make_resolver())
    assert count(graph_driver, "MATCH ()-[r:SUPPLIER_OF]->() RETURN count(r)") == 2


def test_alias_moves_subject_link(improved: Driver) -> None:
    cypher = f"MATCH (a:Assertion)-[:SUBJECT]->(:Entity {{id: '{TSMC}'}}) RETURN count(a)"
    assert count(improved, cypher) == 2


def test_alias_deletes_orphan(improved: Driver) -> None:
    assert count(improved, "MATCH (e:Entity {id: 'org:taiwan-semiconductor'}) RETURN count(e)") == 0


def test_alias_joins_aliases(improved: Driver) -> None:
    records, _, _ = improved.execute_query(f"MATCH (e:Entity {{id: '{TSMC}'}}) RETURN e.aliases AS aliases")
    assert "Taiwan Semiconductor" in records[0]["aliases"]


def test_alias_keeps_assertions(improved: Driver) -> None:
    assert count(improved, "MATCH (a:Assertion) RETURN count(a)") == 2


def test_rebuild_joins_fact_edges(improved: Driver) -> None:
    records, _, _ = improved.execute_query(
        "MATCH (s)-[r:SUPPLIER_OF]->(o) RETURN s.id AS subject, o.id AS object, r.mentions AS mentions")
    assert [(r["subject"], r["object"], r["mentions"]) for r in records] == [(TSMC, "cik:0001045810", 2)]


def test_alias_records_method(improved: Driver) -> None:
    records, _, _ = improved.execute_query(
        "MATCH (a:Assertion {subject_name: 'Taiwan Semiconductor'}) RETURN a.subject_method AS method")
    assert records[0]["method"] == "curated_alias"


def test_second_apply_moves_nothing(improved: Driver, tmp_path: Path) -> None:
    counts = apply_resolution_changes(improved, make_resolver(tmp_path))
    assert counts["moved"] == 0


def test_suppressed_fact_removed(graph_driver: Driver, tmp_path: Path) -> None:
    load_split_supplier(graph_driver, make_resolver())
    rows = f"relation,subject_id,object_id,reason\nSUPPLIER_OF,{TSMC},cik:0001045810,wrong\n"
    counts = apply_resolution_changes(graph_driver, make_resolver(write_curation(tmp_path, "suppressed_facts.csv", rows)))
    assert counts["suppressed"] == 1
    assert count(graph_driver, "MATCH (a:Assertion) RETURN count(a)") == 1


def test_new_affiliation_splits_person(graph_driver: Driver) -> None:
    resolver = make_resolver()
    document = make_filing()
    first = resolve_assertions([make_assertion("John Smith", "NVIDIA", "OFFICER_OF", EntityKind.PERSON)], resolver)
    loader = Neo4jLoader(graph_driver)
    loader.load_documents([document])
    loader.load_assertions(first, resolver)
    second = resolve_assertions([make_assertion("John Smith", "Advanced Micro Devices", "OFFICER_OF",
                                                EntityKind.PERSON, start=3)], resolver)
    loader.load_assertions(second, resolver)
    apply_resolution_changes(graph_driver, resolver)
    records, _, _ = graph_driver.execute_query("MATCH (p:Person) RETURN p.id AS id ORDER BY id")
    assert [r["id"] for r in records] == ["person:john-smith~cik-0000002488", "person:john-smith~cik-0001045810"]
