"""`fingraph demo` on two real documents: its summary lines, and a second run that changes no count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import Driver

from graph.connection import Neo4jSettings
from pipelines.demo import demo
from tests.conftest import CORPUS

pytestmark = [pytest.mark.neo4j, pytest.mark.corpus]

DOCUMENTS = (
    "filings/NVDA/10-K/2024-02-21/filing.htm",
    "transcripts/NVDA/2025-02-26.txt",
)


@pytest.fixture
def demo_environment(tmp_path: Path, neo4j_server: Neo4jSettings, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the demo at a folder of two corpus documents, a fresh data folder and the session's Neo4j."""
    corpus = tmp_path / "corpus"
    for relative in DOCUMENTS:
        link = corpus / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(CORPUS / relative)
    monkeypatch.setenv("FINGRAPH_CORPUS", str(corpus))
    monkeypatch.setenv("FINGRAPH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(CORPUS / "reference" / "company_tickers.json"))
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return corpus


def run_demo() -> str:
    result = CliRunner().invoke(demo, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def counts_of(output: str) -> list[str]:
    """Return the summary's lines with a number, after the run log, without the cache counts."""
    summary = output.split("Main job finished in", 1)[1].splitlines()[1:]
    return [line for line in summary if re.search(r"\d", line) and "from the cache" not in line]


def test_demo_prints_run_and_graph_counts(demo_environment: Path, graph_driver: Driver) -> None:
    output = run_demo()

    assert "documents parsed: 2, skipped by the parsers: 0" in output
    assert re.search(r"assertions extracted: \d+ .* dropped: \d+", output)
    assert "LLM calls: 0 (the rules extractor ran offline)" in output
    assert "entities by kind" in output
    assert "fact edges by type and status" in output
    assert "suppliers_of NVDA" in output
    assert "exposed_to_factor 'export controls'" in output
    assert "second_order_exposure 'export controls'" in output


def test_second_demo_changes_no_count(demo_environment: Path, graph_driver: Driver) -> None:
    first = run_demo()

    second = run_demo()

    assert counts_of(second) == counts_of(first)
    assert "(2 of 2 documents from the cache)" in second
