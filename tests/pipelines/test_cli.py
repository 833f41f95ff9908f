"""The fingraph command line, invoked as a user would, through click's test runner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from neo4j import Driver

from graph.connection import Neo4jSettings
from pipelines.cli import cli
from tests.conftest import CORPUS


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_resolve_ticker_gives_cik() -> None:
    result = run("resolve", "NVDA")

    assert result.exit_code == 0, result.output
    assert "id: cik:0001045810" in result.output
    assert "method: ticker" in result.output
    assert "ticker: NVDA" in result.output


def test_resolve_curated_alias_names_rule() -> None:
    result = run("resolve", "TSMC")

    assert "id: cik:0001046179" in result.output
    assert "curation rule: aliases.csv" in result.output


def test_resolve_unmatched_prints_no_ticker() -> None:
    result = run("resolve", "OCI")

    assert result.exit_code == 0, result.output
    assert "id: org:oci" in result.output
    assert "ticker:" not in result.output


def test_resolve_unit_names_parent() -> None:
    result = run("resolve", "AWS")

    assert result.exit_code == 0, result.output
    assert "id: org:amazon-web-services" in result.output
    assert "unit of: cik:0001018724 (AMAZON COM INC), by units.csv" in result.output


def test_resolve_empty_name_rejected() -> None:
    result = run("resolve", " ")

    assert result.exit_code == 2
    assert "empty name" in result.output


def test_query_list_names_pivots() -> None:
    result = run("query", "--list")

    assert result.exit_code == 0
    assert "suppliers_of(company)" in result.output


@pytest.mark.corpus
def test_parse_prints_header_dates() -> None:
    result = run("parse", str(CORPUS / "filings/AAPL/8-K/0000912057-00-002128/0000912057-00-002128.txt"))

    assert result.exit_code == 0, result.output
    assert "0000912057-00-002128" in result.output
    assert "2000-01-24" in result.output


@pytest.mark.neo4j
def test_query_unknown_company_is_an_error(neo4j_server: Neo4jSettings, graph_driver: Driver) -> None:
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}

    result = run("query", "suppliers_of", "--param", "company=NVDAX", env=env)

    assert isinstance(result.exception, ValueError)
    assert "NVDAX" in str(result.exception)


@pytest.mark.neo4j
def test_status_prints_version(neo4j_server: Neo4jSettings, graph_driver: Driver) -> None:
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}

    result = run("neo4j", "status", env=env)

    assert result.exit_code == 0, result.output
    assert "version: Neo4j 5.26" in result.output



def test_partitions_registers_corpus_keys(tmp_path) -> None:
    from dagster import DagsterInstance

    from pipelines.partitions import DOCUMENT_PARTITIONS
    from tests.pipelines.test_main_job import link_documents

    corpus = tmp_path / "corpus"
    link_documents(corpus, ["transcripts/NVDA/2025-02-26.txt", "filings/NVDA/10-K/2024-02-21/filing.htm"])
    home = tmp_path / "dagster"
    home.mkdir()
    result = run("partitions", "--corpus", str(corpus), env={"DAGSTER_HOME": str(home)})

    assert result.exit_code == 0, result.output
    assert "2 partition keys" in result.output
    assert "--partition-range 'earnings_call-2025-02...filing-2024-02'" in result.output
    with DagsterInstance.from_config(str(home)) as instance:
        keys = instance.get_dynamic_partitions(DOCUMENT_PARTITIONS.name)
    assert keys == ["earnings_call-2025-02", "filing-2024-02"]


def test_partitions_needs_dagster_home(tmp_path) -> None:
    result = run("partitions", "--corpus", str(CORPUS), env={"DAGSTER_HOME": ""})

    assert result.exit_code != 0
    assert "DAGSTER_HOME is not set" in str(result.exception) + result.output
