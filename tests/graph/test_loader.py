"""Loading into the real local Neo4j: idempotence, order independence and re-resolution."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from graph_builders import dump_graph, make_filing, make_supplier_assertion
from neo4j import Driver

from graph.fact_edges import mark_extracted, update_fact_edges
from graph.loader import BATCH_SIZE, Neo4jLoader
from graph.resolution import CompanyDirectory, Curation, EntityResolver, resolve_assertions
from schemas.assertions import Assertion
from schemas.documents import Document
from tests.conftest import CORPUS

pytestmark = pytest.mark.neo4j

FY23 = make_filing("0001045810-23-000017", "We rely on TSMC and Amkor Technology to make our chips.", year=2023)
FY24 = make_filing("0001045810-24-000029", "We rely on TSMC to make our chips.", year=2024)


@pytest.fixture(scope="module")
def resolver() -> EntityResolver:
    return EntityResolver(CompanyDirectory.from_sec_tickers(CORPUS / "reference" / "company_tickers.json"),
                          Curation.from_dir())


def assertions_for(resolver: EntityResolver) -> list[Assertion]:
    found = [make_supplier_assertion(FY23, "TSMC"), make_supplier_assertion(FY23, "Amkor Technology"),
             make_supplier_assertion(FY24, "TSMC")]
    return resolve_assertions(found, resolver)


def load(driver: Driver, resolver: EntityResolver, documents: list[Document], assertions: list[Assertion],
         batch_size: int = BATCH_SIZE) -> None:
    loader = Neo4jLoader(driver, batch_size=batch_size)
    loader.load_documents(documents)
    loader.load_assertions(assertions, resolver)
    mark_extracted(driver, [d.id for d in documents], assertions[0].profile)
    update_fact_edges(driver, assertions[0].profile)


def test_second_load_changes_nothing(graph_driver: Driver, resolver: EntityResolver) -> None:
    assertions = assertions_for(resolver)
    load(graph_driver, resolver, [FY23, FY24], assertions)
    first = dump_graph(graph_driver)

    load(graph_driver, resolver, [FY23, FY24], assertions)

    assert dump_graph(graph_driver) == first


def test_load_order_gives_same_graph(graph_driver: Driver, resolver: EntityResolver) -> None:
    assertions = assertions_for(resolver)
    load(graph_driver, resolver, [FY23, FY24], assertions)
    forward = dump_graph(graph_driver, skip=frozenset({"ingested_at"}))
    graph_driver.execute_query("MATCH (n) DETACH DELETE n")

    load(graph_driver, resolver, [FY24], assertions[2:])
    load(graph_driver, resolver, [FY23], list(reversed(assertions[:2])))

    assert dump_graph(graph_driver, skip=frozenset({"ingested_at"})) == forward


def test_one_row_batches_give_same_graph(graph_driver: Driver, resolver: EntityResolver) -> None:
    assertions = assertions_for(resolver)
    load(graph_driver, resolver, [FY23, FY24], assertions)
    whole = dump_graph(graph_driver, skip=frozenset({"ingested_at"}))
    graph_driver.execute_query("MATCH (n) DETACH DELETE n")

    load(graph_driver, resolver, [FY23, FY24], assertions, batch_size=1)

    assert dump_graph(graph_driver, skip=frozenset({"ingested_at"})) == whole


def test_batch_size_below_one_rejected(graph_driver: Driver) -> None:
    with pytest.raises(ValueError, match="invalid batch size 0"):
        Neo4jLoader(graph_driver, batch_size=0)


def test_dates_stored_as_neo4j_temporals(graph_driver: Driver, resolver: EntityResolver) -> None:
    load(graph_driver, resolver, [FY23, FY24], assertions_for(resolver))

    records, _, _ = graph_driver.execute_query(
        "MATCH (a:Assertion)-[:STATED_IN]->(d:Document) "
        "RETURN valueType(a.valid_at) AS valid_at, a.valid_at = d.valid_at AS document_date, "
        "valueType(a.ingested_at) AS ingested_at, a.ingested_at.timezone AS zone")

    assert len(records) == 3
    assert {r["valid_at"] for r in records} == {"DATE NOT NULL"}
    assert all(r["document_date"] for r in records)
    assert {r["ingested_at"] for r in records} == {"ZONED DATETIME NOT NULL"}
    assert {r["zone"] for r in records} == {"Z"}


def test_debug_log_hides_batch_rows(graph_driver: Driver, resolver: EntityResolver,
                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="neo4j")

    load(graph_driver, resolver, [FY23, FY24], assertions_for(resolver))

    assert "C: RUN" in caplog.text
    assert "Amkor Technology to make our chips" not in caplog.text
    assert "<3 rows>" in caplog.text


def test_supplier_dropped_next_year_is_not_reaffirmed(graph_driver: Driver, resolver: EntityResolver) -> None:
    load(graph_driver, resolver, [FY23, FY24], assertions_for(resolver))

    records, _, _ = graph_driver.execute_query(
        "MATCH (s:Entity)-[r:SUPPLIER_OF]->(:Company {ticker: 'NVDA'}) RETURN s.id AS id, r.status AS status, "
        "r.periods AS periods")
    facts = {r["id"]: (r["status"], r["periods"]) for r in records}

    assert facts["cik:0001046179"] == ("active", ["2023-01-28.."])
    assert facts["cik:0001047127"] == ("not_reaffirmed", ["2023-01-28..2024-01-28"])


def test_new_alias_moves_assertion_to_canonical_node(graph_driver: Driver, tmp_path: Path) -> None:
    directory = CompanyDirectory.from_sec_tickers(CORPUS / "reference" / "company_tickers.json")
    bare = EntityResolver(directory, Curation())
    found = [make_supplier_assertion(FY24, "TSMC")]
    load(graph_driver, bare, [FY24], resolve_assertions(found, bare))

    curated = EntityResolver(directory, Curation.from_dir())
    load(graph_driver, curated, [FY24], resolve_assertions(found, curated))

    records, _, _ = graph_driver.execute_query(
        "MATCH (a:Assertion)-[:SUBJECT]->(s) RETURN s.id AS id")
    assert [r["id"] for r in records] == ["cik:0001046179"]
    edges, _, _ = graph_driver.execute_query("MATCH (s)-[:SUPPLIER_OF]->() RETURN s.id AS id")
    assert [r["id"] for r in edges] == ["cik:0001046179"]
