"""The fact-edge update against the real Neo4j: it recomputes the touched streams and nothing else."""

from __future__ import annotations

import pytest
from graph_builders import dump_graph, make_filing, make_supplier_assertion
from neo4j import Driver

from bench.synthetic import make_workload
from graph.company_matching import CompanyDirectory
from graph.fact_edges import PENDING_LABEL, mark_extracted, rebuild_fact_edges, update_fact_edges
from graph.loader import Neo4jLoader
from graph.resolution import EntityResolver, resolve_assertions
from schemas.assertions import Assertion
from schemas.documents import Document
from schemas.errors import GraphLoadError

pytestmark = pytest.mark.neo4j

SKIP = frozenset({"ingested_at"})
FY23 = make_filing("0001045810-23-000017", "We rely on TSMC and Amkor Technology to make our chips.", year=2023)
FY24 = make_filing("0001045810-24-000029", "We rely on TSMC to make our chips.", year=2024)
EIGHT_K = make_filing("0001045810-24-000040", "TSMC will supply our new chips.", year=2024, form="8-K")


def load(driver: Driver, documents: list[Document], assertions: list[Assertion]) -> None:
    resolver = EntityResolver(CompanyDirectory())
    loader = Neo4jLoader(driver)
    loader.load_documents(documents)
    loader.load_assertions(assertions, resolver)
    mark_extracted(driver, [d.id for d in documents], assertions[0].profile)


def pending_count(driver: Driver) -> int:
    records, _, _ = driver.execute_query(f"MATCH (n:{PENDING_LABEL}) RETURN count(n) AS n")
    return records[0]["n"]


def supplier_edges(driver: Driver) -> dict[str, tuple[int, str, list[str]]]:
    records, _, _ = driver.execute_query(
        "MATCH (s:Entity)-[r:SUPPLIER_OF]->(:Entity) RETURN s.name AS name, r.documents AS documents, "
        "r.status AS status, r.periods AS periods")
    return {r["name"]: (r["documents"], r["status"], r["periods"]) for r in records}


def test_updates_in_steps_match_full_rebuild(graph_driver: Driver) -> None:
    workload = make_workload(1200)
    profile = workload.assertions[0].profile
    # Load the documents in an order that mixes years and issuers, updating after each step.
    order = workload.documents[::-1][::2] + workload.documents[::-1][1::2]
    for start in range(0, len(order), 3):
        step = order[start:start + 3]
        ids = {d.id for d in step}
        load(graph_driver, step, [a for a in workload.assertions if a.document_id in ids])
        update_fact_edges(graph_driver, profile)
    updated = dump_graph(graph_driver, skip=SKIP)

    rebuild_fact_edges(graph_driver, profile)

    assert pending_count(graph_driver) == 0
    assert dump_graph(graph_driver, skip=SKIP) == updated


def test_update_leaves_other_streams_alone(graph_driver: Driver) -> None:
    workload = make_workload(1200)
    profile = workload.assertions[0].profile
    first_year = [d for d in workload.documents if d.filed_at.year == 2021]
    ids = {d.id for d in first_year}
    load(graph_driver, first_year, [a for a in workload.assertions if a.document_id in ids])
    update_fact_edges(graph_driver, profile)
    # A marker on every edge shows which ones the next update rewrites.
    graph_driver.execute_query("MATCH (:Entity)-[r]->(:Entity) SET r.confidence = -1.0")
    touched = next(d for d in workload.documents if d.filed_at.year == 2022)
    assertions = [a for a in workload.assertions if a.document_id == touched.id]

    load(graph_driver, [touched], assertions)
    counts = update_fact_edges(graph_driver, profile)

    records, _, _ = graph_driver.execute_query(
        "MATCH (s:Entity)-[r]->(o:Entity) RETURN s.id AS subject, type(r) AS type, o.id AS object, "
        "r.confidence AS confidence")
    rewritten = {(r["subject"], r["type"], r["object"]) for r in records if r["confidence"] != -1.0}
    issuer = f"cik:{touched.issuer.cik}"
    assert rewritten
    assert all(issuer in (subject, target) for subject, _, target in rewritten)
    assert sum(counts.values()) == len(rewritten)
    assert pending_count(graph_driver) == 0


def test_evidence_document_updates_its_facts(graph_driver: Driver) -> None:
    resolver = EntityResolver(CompanyDirectory())
    annual = resolve_assertions([make_supplier_assertion(FY23, "TSMC"), make_supplier_assertion(FY24, "TSMC")],
                                resolver)
    load(graph_driver, [FY23, FY24], annual)
    update_fact_edges(graph_driver, annual[0].profile)

    load(graph_driver, [EIGHT_K], resolve_assertions([make_supplier_assertion(EIGHT_K, "TSMC")], resolver))
    update_fact_edges(graph_driver, annual[0].profile)

    assert supplier_edges(graph_driver)["TSMC"] == (3, "active", ["2023-01-28.."])


def test_second_update_without_load_changes_nothing(graph_driver: Driver) -> None:
    resolver = EntityResolver(CompanyDirectory())
    found = resolve_assertions([make_supplier_assertion(FY23, "TSMC"), make_supplier_assertion(FY23, "Amkor Technology"),
                                make_supplier_assertion(FY24, "TSMC")], resolver)
    load(graph_driver, [FY23, FY24], found)
    update_fact_edges(graph_driver, found[0].profile)
    first = dump_graph(graph_driver)

    counts = update_fact_edges(graph_driver, found[0].profile)

    assert sum(counts.values()) == 0
    assert dump_graph(graph_driver) == first
    assert supplier_edges(graph_driver)["Amkor Technology"] == (1, "not_reaffirmed", ["2023-01-28..2024-01-28"])


def test_update_after_profile_change_rebuilds(graph_driver: Driver) -> None:
    resolver = EntityResolver(CompanyDirectory())
    old = resolve_assertions([make_supplier_assertion(FY23, "Amkor Technology")], resolver)
    load(graph_driver, [FY23], old)
    update_fact_edges(graph_driver, old[0].profile)
    new = [a.model_copy(update={"prompt_version": "test-2", "id": None}).with_id()
           for a in resolve_assertions([make_supplier_assertion(FY24, "TSMC")], resolver)]

    load(graph_driver, [FY24], new)
    update_fact_edges(graph_driver, new[0].profile)

    # No assertion of the new profile states the Amkor fact, so only a rebuild removes its edge.
    assert set(supplier_edges(graph_driver)) == {"TSMC"}


def test_assertion_without_document_fails_batch(graph_driver: Driver) -> None:
    resolver = EntityResolver(CompanyDirectory())
    found = resolve_assertions([make_supplier_assertion(FY23, "TSMC")], resolver)

    with pytest.raises(GraphLoadError, match="not in the graph"):
        Neo4jLoader(graph_driver).load_assertions(found, resolver)

    records, _, _ = graph_driver.execute_query("MATCH (a:Assertion) RETURN count(a) AS n")
    assert records[0]["n"] == 0
