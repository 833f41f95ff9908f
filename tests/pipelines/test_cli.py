"""The fingraph command line, invoked as a user would, through click's test runner."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import Driver

from graph.connection import Neo4jSettings
from pipelines import stages
from pipelines.cli import cli, main
from tests.conftest import CORPUS
from tests.graph.service_runner import free_port


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
    assert "pass --kind person" in result.output


def test_resolve_unit_names_parent() -> None:
    result = run("resolve", "AWS")

    assert result.exit_code == 0, result.output
    assert "id: org:amazon-web-services" in result.output
    assert "unit of: cik:0001018724 (AMAZON COM INC), by units.csv" in result.output
    assert "hint:" not in result.output


def test_version_names_package() -> None:
    result = run("--version")

    assert result.exit_code == 0
    assert result.output.startswith("fingraph ")


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


def test_load_empty_run_warns(tmp_path: Path) -> None:
    for asset in ("parsed_documents", "resolved_assertions"):
        (tmp_path / asset).mkdir()
        (tmp_path / asset / "filing-2024-02.jsonl").write_text("", encoding="utf-8")
    # No server listens on a free port, so the load must stop before it connects.
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "FINGRAPH_EMBED_ON_LOAD": "0"}

    result = run("load", str(tmp_path), env=env)

    assert result.exit_code == 0, result.output
    assert "writing documents" not in result.output
    assert "paragraphs embedded: 0 (skipped: FINGRAPH_EMBED_ON_LOAD=0)" in result.output
    assert "0 documents, 0 assertions" in result.output
    assert "contain no documents: run the pipeline first" in " ".join(result.output.split())


def write_ticker_file(path: Path) -> Path:
    """Write a one-company ticker file in SEC's company_tickers.json format."""
    row = {"cik_str": 1045810, "ticker": "NVDA", "title": "NVIDIA CORP"}
    path.write_text(json.dumps({"0": row}), encoding="utf-8")
    return path


@pytest.fixture
def no_default_reference(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point the data folder and the team folder at places that contain no ticker file."""
    monkeypatch.setenv("FINGRAPH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FINGRAPH_SHARED", str(tmp_path / "no-shared"))
    monkeypatch.delenv("FINGRAPH_REFERENCE", raising=False)


def set_reference(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, form: str) -> None:
    """Write a ticker file and point FINGRAPH_REFERENCE at it ("file") or at its folder ("folder")."""
    folder = tmp_path / "reference"
    folder.mkdir()
    ticker_file = write_ticker_file(folder / "company_tickers.json")
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(ticker_file if form == "file" else folder))


@pytest.mark.usefixtures("no_default_reference")
@pytest.mark.parametrize("form", ["file", "folder"])
def test_resolve_reads_reference_file_or_folder(monkeypatch, tmp_path: Path, form: str) -> None:
    set_reference(monkeypatch, tmp_path, form)

    result = run("resolve", "NVDA")

    assert result.exit_code == 0, result.output
    assert "id: cik:0001045810" in result.output
    assert "method: ticker" in result.output


@pytest.mark.usefixtures("no_default_reference")
def test_resolve_reads_renamed_reference_file(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(write_ticker_file(tmp_path / "tickers-2025.json")))

    result = run("resolve", "NVDA")

    assert result.exit_code == 0, result.output
    assert "id: cik:0001045810" in result.output


@pytest.mark.usefixtures("no_default_reference")
@pytest.mark.parametrize("form", ["missing file", "folder without ticker file"])
def test_bad_reference_fails_cleanly(monkeypatch, capsys, tmp_path: Path, form: str) -> None:
    configured = tmp_path / "nosuch.json"
    if form == "folder without ticker file":
        configured = tmp_path / "empty"
        configured.mkdir()
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(configured))
    monkeypatch.setattr(sys, "argv", ["fingraph", "resolve", "NVDA"])

    with pytest.raises(SystemExit) as exit_info:
        main()

    captured = capsys.readouterr()
    output = " ".join(captured.out.split())
    assert exit_info.value.code == 1
    assert f"error: FINGRAPH_REFERENCE={configured} is invalid" in output
    assert "or to the folder that contains it" in output
    assert "method:" not in output
    assert "Traceback" not in captured.err


@pytest.mark.usefixtures("no_default_reference")
def test_resolve_without_reference_hints_setting() -> None:
    stages.make_resolver.cache_clear()

    result = run("resolve", "NVDA")

    assert "hint: no SEC ticker file was found" in result.output
    assert "--kind person" not in result.output


def test_corrupt_reference_names_file(monkeypatch, capsys, tmp_path: Path) -> None:
    corrupt = tmp_path / "company_tickers.json"
    corrupt.write_text("{bad", encoding="utf-8")
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(corrupt))
    monkeypatch.setattr(sys, "argv", ["fingraph", "resolve", "NVDA"])
    stages.make_resolver.cache_clear()

    with pytest.raises(SystemExit) as exit_info:
        main()

    output = " ".join(capsys.readouterr().out.split())
    assert exit_info.value.code == 1
    assert f"SEC's ticker file {corrupt} is not a JSON object of companies" in output


@pytest.mark.usefixtures("no_default_reference")
def test_resolve_without_reference_warns(caplog, tmp_path: Path) -> None:
    stages.make_resolver.cache_clear()

    with caplog.at_level(logging.WARNING, logger="pipelines.stages"):
        result = run("resolve", "NVDA")

    assert result.exit_code == 0, result.output
    assert "method: unmatched" in result.output
    assert "FINGRAPH_REFERENCE" in caplog.text
    assert "FINGRAPH_SHARED" in caplog.text
    assert "company names will resolve without SEC identities" in caplog.text
    assert str(tmp_path / "no-shared" / "corpus" / "reference" / "company_tickers.json") in caplog.text


@pytest.mark.usefixtures("no_default_reference")
@pytest.mark.parametrize("form", ["file", "folder"])
def test_extract_reads_reference_file_or_folder(monkeypatch, tmp_path: Path, form: str) -> None:
    set_reference(monkeypatch, tmp_path, form)

    result = run("extract", "--extractor", "rules", "--json", str(CORPUS / "transcripts" / "ALB" / "2021Q4.txt"))

    assert result.exit_code == 0, result.output
    assert result.output.strip()


def test_bad_reference_overrides_default(monkeypatch, tmp_path: Path) -> None:
    """A wrong FINGRAPH_REFERENCE is an error even where the default ticker file exists."""
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(tmp_path / "nosuch.json"))

    result = run("resolve", "NVDA")

    assert result.exit_code == 1
    assert isinstance(result.exception, ValueError)
    assert "FINGRAPH_REFERENCE" in str(result.exception)
