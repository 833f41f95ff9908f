"""The whole asset graph materialized on real corpus documents against the local Neo4j."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance, materialize
from neo4j import Driver

from graph.connection import Neo4jSettings
from pipelines.definitions import MAIN_JOB_DEFINITIONS, build_definitions, materialize_corpus, run_resources
from pipelines.loading import load_stored_run
from pipelines.partitions import DOCUMENT_PARTITIONS, corpus_partition_keys
from pipelines.resources import FingraphPathsResource, Neo4jResource
from tests.conftest import CORPUS
from tests.graph.graph_builders import dump_graph

pytestmark = [pytest.mark.neo4j, pytest.mark.corpus]

SUBSET = (
    "filings/NVDA/10-K/2023-02-24/Nvidia.10-K.html",
    "filings/NVDA/10-K/2024-02-21/filing.htm",
    "filings/AAPL/8-K/0000912057-00-002128/0000912057-00-002128.txt",
    "transcripts/NVDA/2025-02-26.txt",
    "testimony/2023-11-07_Senate-Judiciary-PrivacyTech_Bejar/CHRG-118shrg60432.txt",
)


def link_documents(folder: Path, documents: list[str] | tuple[str, ...]) -> None:
    """Link corpus documents into `folder` at their relative paths."""
    for relative in documents:
        link = folder / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(CORPUS / relative)


@pytest.fixture
def subset_corpus(tmp_path: Path) -> Path:
    """A folder of links to a few real corpus documents, one of each kind."""
    folder = tmp_path / "corpus"
    link_documents(folder, SUBSET)
    return folder


def job_resources(corpus: Path, data: Path, neo4j: Neo4jSettings) -> dict[str, object]:
    """Return the resources of a test run: its folders and the session's Neo4j."""
    paths = FingraphPathsResource(corpus_dir=str(corpus), data_dir=str(data),
                                  company_tickers=str(CORPUS / "reference" / "company_tickers.json"))
    return run_resources(paths, neo4j=Neo4jResource(uri=neo4j.uri, user=neo4j.user, password=neo4j.password))


def run_main_job(corpus: Path, data: Path, neo4j: Neo4jSettings) -> dict[str, dict[str, object]]:
    """Materialize every asset with its checks; return each asset's output metadata by asset name and
    each check's outcome under `checks`."""
    with DagsterInstance.ephemeral() as instance:
        result = materialize_corpus(corpus, job_resources(corpus, data, neo4j), instance)
    assert result.success
    metadata: dict[str, dict[str, object]] = {}
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        metadata[materialization.asset_key.path[-1]] = {k: v.value for k, v in materialization.metadata.items()}
    metadata["checks"] = {f"{e.asset_key.path[-1]}.{e.check_name}": e.passed
                          for e in result.get_asset_check_evaluations()}
    return metadata


def test_main_job_loads_every_kind(subset_corpus: Path, tmp_path: Path, neo4j_server: Neo4jSettings,
                                   graph_driver: Driver) -> None:
    metadata = run_main_job(subset_corpus, tmp_path / "data", neo4j_server)

    records, _, _ = graph_driver.execute_query("MATCH (d:Document) RETURN d.kind AS kind, count(*) AS n")
    kinds = {r["kind"]: r["n"] for r in records}
    assert metadata["parsed_documents"]["skipped"] == 0
    assert set(kinds) == {"filing", "earnings_call", "testimony"}
    suppliers = nvidia_suppliers(graph_driver)
    # Named in the fiscal 2023 10-K only: the fiscal 2024 report ends the period.
    for dropped in ("cik:0001047127", "org:byd-auto", "org:king-yuan-electronics",
                    "org:siliconware-precision-industries", "org:omni-logistics"):
        assert suppliers[dropped] == ("not_reaffirmed", ["2023-01-29..2024-01-28"]), dropped
    # Named in both reports.
    for reaffirmed in ("cik:0001046179", "org:samsung-electronics", "org:hon-hai-precision-industry", "org:wistron"):
        assert suppliers[reaffirmed] == ("active", ["2023-01-29.."]), reaffirmed
    ungrounded, _, _ = graph_driver.execute_query(
        "MATCH (a:Assertion)-[:STATED_IN]->(d:Document) WHERE a.quote IS NULL OR a.char_end <= a.char_start "
        "RETURN count(a) AS n")
    assert ungrounded[0]["n"] == 0
    assert metadata["extracted_assertions"]["extractor"] == "rules"
    assert metadata["extracted_assertions"]["llm_calls"] == 0
    checks = metadata["checks"]
    assert isinstance(checks, dict)
    assert len(checks) == 6
    for name, passed in checks.items():
        assert passed, f"check {name} failed on the real subset"


def nvidia_suppliers(driver: Driver) -> dict[str, tuple[str, list[str]]]:
    """Return the status and periods of each SUPPLIER_OF fact edge into NVIDIA, by supplier id."""
    records, _, _ = driver.execute_query(
        "MATCH (s:Entity)-[r:SUPPLIER_OF]->(:Company {ticker: 'NVDA'}) "
        "RETURN s.id AS id, r.status AS status, r.periods AS periods")
    return {r["id"]: (r["status"], r["periods"]) for r in records}


def test_second_materialization_changes_nothing(subset_corpus: Path, tmp_path: Path,
                                                neo4j_server: Neo4jSettings, graph_driver: Driver) -> None:
    run_main_job(subset_corpus, tmp_path / "data", neo4j_server)
    first = dump_graph(graph_driver)

    metadata = run_main_job(subset_corpus, tmp_path / "data", neo4j_server)

    assert dump_graph(graph_driver) == first
    assert metadata["extracted_assertions"]["from_cache"] == metadata["extracted_assertions"]["documents"]


def test_definitions_import_without_beta_warnings() -> None:
    # `dagster dev` imports the definitions without the command line, so the filter must sit with the assets.
    imported = subprocess.run([sys.executable, "-W", "default", "-c", "import pipelines.definitions"],
                              capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], check=True)

    assert "backfill_policy" not in imported.stderr


def test_definitions_load() -> None:
    definitions = build_definitions()

    job = definitions.resolve_job_def("main_job")

    assert AssetKey("fact_edges") in definitions.resolve_asset_graph().get_all_asset_keys()
    assert job.name == "main_job"


def test_new_partition_touches_only_its_documents(tmp_path: Path, neo4j_server: Neo4jSettings,
                                                  graph_driver: Driver, dagster_instance: DagsterInstance) -> None:
    corpus = tmp_path / "corpus"
    link_documents(corpus, ["filings/NVDA/10-K/2024-02-21/filing.htm"])
    data = tmp_path / "data"
    instance = dagster_instance
    resources = job_resources(corpus, data, neo4j_server)
    assert materialize_corpus(corpus, resources, instance).success
    first_partition = data / "assets" / "parsed_documents" / "filing-2024-02.jsonl"
    first_written = first_partition.stat().st_mtime_ns

    link_documents(corpus, ["transcripts/NVDA/2025-02-26.txt"])
    instance.add_dynamic_partitions(DOCUMENT_PARTITIONS.name, corpus_partition_keys(corpus))
    result = materialize(MAIN_JOB_DEFINITIONS, partition_key="earnings_call-2025-02", resources=resources,
                         instance=instance)

    metadata = {e.asset_key.path[-1]: e.step_materialization_data.materialization.metadata
                for e in result.get_asset_materialization_events()}
    records, _, _ = graph_driver.execute_query("MATCH (d:Document) RETURN d.kind AS kind ORDER BY kind")
    assert result.success
    assert metadata["raw_documents"]["documents"].value == 1
    assert metadata["extracted_assertions"]["documents"].value == 1
    assert metadata["graph_load"]["documents"].value == 1
    assert first_partition.stat().st_mtime_ns == first_written
    assert [r["kind"] for r in records] == ["earnings_call", "filing"]


def test_partition_keys_follow_kind_and_month(subset_corpus: Path) -> None:
    assert corpus_partition_keys(subset_corpus) == [
        "earnings_call-2025-02", "filing-2000-01", "filing-2023-02", "filing-2024-02", "testimony-2023-11",
    ]


def test_load_reads_partitioned_layout(subset_corpus: Path, tmp_path: Path, neo4j_server: Neo4jSettings,
                                       graph_driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    metadata = run_main_job(subset_corpus, tmp_path / "data", neo4j_server)
    graph_driver.execute_query("MATCH (n) DETACH DELETE n")
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(CORPUS / "reference" / "company_tickers.json"))

    counts = load_stored_run(tmp_path / "data" / "assets")

    assert counts["documents"] == metadata["graph_load"]["documents"]
    assert counts["assertions"] == metadata["graph_load"]["assertions"]
    assert counts["fact edges"] == metadata["fact_edges"]["fact_edges"]
