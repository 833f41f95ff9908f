"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from graph import local_server
from graph.connection import Neo4jSettings, open_driver
from graph.local_server import LocalServerConfig
from graph.schema import init_schema

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FINGRAPH_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a developer's OpenAI and Neo4j settings out of every test, and paragraph embeddings off.

    Encoding the 1,030 paragraphs of the 2025 NVIDIA 10-K took 77 to 240 s on two busy cores
    (bench/README.md), so the tests that load corpus documents run without embeddings. Tests of
    embeddings turn them on with the `embedder` fixture.
    """
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "NEO4J_")) or name in ("FINGRAPH_MODEL", "FINGRAPH_CORPUS"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FINGRAPH_EMBEDDING_MODEL", "none")
    # `fingraph demo` sets it in its own process; the fixture restores it after each test.
    monkeypatch.delenv("FINGRAPH_EMBED_ON_LOAD", raising=False)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "MANIFEST.csv").is_file():
        pytest.fail(f"corpus not found at {CORPUS}: set FINGRAPH_SHARED to the folder that holds corpus/")
    return CORPUS


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_test_server(home: Path) -> tuple[Neo4jSettings, LocalServerConfig]:
    """Start a local Neo4j on a free port with its data in `home`, sized small for tests."""
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{_free_port()}", password="test-password")
    config = LocalServerConfig(home=home, port=settings.port, http_port=_free_port(), heap="768m", pagecache="256m")
    local_server.start(settings, config)
    return settings, config


@pytest.fixture(scope="session")
def local_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Neo4jSettings, LocalServerConfig]]:
    """A real Neo4j for the whole session, on its own ports and data folder, never the user's."""
    settings, config = start_test_server(tmp_path_factory.mktemp("neo4j"))
    yield settings, config
    local_server.stop(config)


@pytest.fixture(scope="session")
def neo4j_server(local_neo4j: tuple[Neo4jSettings, LocalServerConfig]) -> Neo4jSettings:
    return local_neo4j[0]


@pytest.fixture
def graph_driver(neo4j_server: Neo4jSettings) -> Iterator[Driver]:
    """A driver to an empty graph: every test starts from no nodes, with the schema in place."""
    driver = open_driver(neo4j_server)
    with driver.session() as session:
        # Batched deletes must run in an auto-commit transaction.
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    init_schema(driver)
    yield driver
    driver.close()
