"""Fixtures of the query tests: the small supply graph loaded into the test server."""

from __future__ import annotations

import pytest
from neo4j import Driver

from query_builders import load_graph, supply_graph


@pytest.fixture
def supply_driver(graph_driver: Driver) -> Driver:
    """A driver to a graph that holds only the supply graph of `query_builders`."""
    documents, assertions = supply_graph()
    load_graph(graph_driver, documents, assertions)
    return graph_driver
