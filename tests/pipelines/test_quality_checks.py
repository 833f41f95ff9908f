"""The quality checks: grounded quotes, drop rates, duplicate entities, unbacked fact edges,
and the blocking check that keeps an ungrounded assertion out of Neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest
from dagster import AssetKey, AssetSelection, DagsterInstance, materialize
from neo4j import Driver

from graph.connection import Neo4jSettings
from pipelines import stored
from pipelines.checks import quality
from pipelines.definitions import MAIN_JOB_DEFINITIONS, run_resources
from pipelines.partitions import DOCUMENT_PARTITIONS
from pipelines.resources import FingraphPathsResource, Neo4jResource
from tests.conftest import CORPUS
from tests.graph.graph_builders import make_filing, make_supplier_assertion

TEXT = "TSMC manufactures our GPU wafers."
PARTITION = "filing-2024-02"


def make_ungrounded(document_text: str = TEXT):
    document = make_filing("0001045810-24-000001", document_text, year=2024)
    assertion = make_supplier_assertion(document, "Taiwan Semiconductor Manufacturing Company")
    return document, assertion.model_copy(update={"quote": "Intel manufactures our GPU wafers."})


def test_grounded_assertion_passes() -> None:
    document = make_filing("0001045810-24-000001", TEXT, year=2024)
    assertion = make_supplier_assertion(document, "TSMC")

    assert quality.find_ungrounded([assertion], [document]) == []


def test_quote_mismatch_is_ungrounded() -> None:
    document, planted = make_ungrounded()

    found = quality.find_ungrounded([planted], [document])

    assert [item.reason for item in found] == [quality.UNGROUNDED_MISMATCH]
    assert found[0].assertion_id == planted.id


@pytest.mark.parametrize(("update", "reason"), [
    ({"quote": "  "}, quality.UNGROUNDED_EMPTY_QUOTE),
    ({"char_end": 0}, quality.UNGROUNDED_EMPTY_SPAN),
    ({"document_id": "missing"}, quality.UNGROUNDED_NO_DOCUMENT),
])
def test_ungrounded_reasons(update: dict[str, object], reason: str) -> None:
    document = make_filing("0001045810-24-000001", TEXT, year=2024)
    assertion = make_supplier_assertion(document, "TSMC").model_copy(update=update)

    assert [item.reason for item in quality.find_ungrounded([assertion], [document])] == [reason]


def test_drop_rate_warns_above_threshold() -> None:
    document = make_filing("0001045810-24-000001", TEXT, year=2024)
    extracted = [make_supplier_assertion(document, f"Supplier {n}") for n in range(6)]

    high = quality.high_drop_rates(extracted, extracted[:2])

    assert high == {document.id: pytest.approx(4 / 6)}
    assert quality.high_drop_rates(extracted, extracted[:4]) == {}


def test_drop_rate_ignores_few_candidates() -> None:
    document = make_filing("0001045810-24-000001", TEXT, year=2024)
    extracted = [make_supplier_assertion(document, f"Supplier {n}") for n in range(2)]

    assert quality.drop_rates(extracted, []) == {document.id: 1.0}
    assert quality.high_drop_rates(extracted, []) == {}


@pytest.mark.neo4j
def test_duplicate_entity_found(graph_driver: Driver) -> None:
    graph_driver.execute_query(
        "CREATE (:Entity:Company {id: 'cik:0000000001', name: 'Acme Corp.'}), "
        "(:Entity:Company {id: 'org:acme', name: 'ACME Corporation'}), "
        "(:Entity:Organization {id: 'org:acme-foundation', name: 'Acme Foundation'})")

    duplicates = quality.find_duplicate_entities(graph_driver)

    assert duplicates == {"Company:acme": ["cik:0000000001", "org:acme"]}


@pytest.mark.neo4j
def test_unbacked_fact_edge_found(graph_driver: Driver) -> None:
    graph_driver.execute_query(
        "CREATE (s:Entity:Company {id: 'cik:1', name: 'A'})-[:SUPPLIER_OF {status: 'active'}]->"
        "(o:Entity:Company {id: 'cik:2', name: 'B'}), "
        "(s)-[:COMPETES_WITH {status: 'active'}]->(o), "
        "(a:Assertion {id: 'a:1', type: 'SUPPLIER_OF'})-[:SUBJECT]->(s), (a)-[:OBJECT]->(o)")

    assert quality.find_unbacked_fact_edges(graph_driver) == ["cik:1 -COMPETES_WITH-> cik:2"]


@pytest.mark.neo4j
def test_ungrounded_assertion_blocks_load(tmp_path: Path, neo4j_server: Neo4jSettings, graph_driver: Driver,
                                          dagster_instance: DagsterInstance) -> None:
    document, planted = make_ungrounded()
    stored.write_jsonl(tmp_path / "data" / "assets" / "parsed_documents" / f"{PARTITION}.jsonl", [document])
    stored.write_jsonl(tmp_path / "data" / "assets" / "verified_assertions" / f"{PARTITION}.jsonl", [planted])
    instance = dagster_instance
    instance.add_dynamic_partitions(DOCUMENT_PARTITIONS.name, [PARTITION])
    paths = FingraphPathsResource(corpus_dir=str(tmp_path), data_dir=str(tmp_path / "data"),
                                  company_tickers=str(CORPUS / "reference" / "company_tickers.json"))
    neo4j = Neo4jResource(uri=neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)

    result = materialize(MAIN_JOB_DEFINITIONS, selection=AssetSelection.assets("resolved_assertions", "graph_load"),
                         partition_key=PARTITION, resources=run_resources(paths, neo4j=neo4j), instance=instance,
                         raise_on_error=False)

    evaluations = {e.asset_key: e.passed for e in result.get_asset_check_evaluations()}
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert not result.success
    assert evaluations == {AssetKey("resolved_assertions"): False}
    assert AssetKey("graph_load") not in materialized
    records, _, _ = graph_driver.execute_query("MATCH (n) WHERE n:Assertion OR n:Document RETURN count(n) AS n")
    assert records[0]["n"] == 0
