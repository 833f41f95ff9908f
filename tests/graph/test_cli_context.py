"""`fingraph context` over the small supply graph, invoked as a user would."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from neo4j import Driver

from graph.connection import Neo4jSettings
from pipelines.cli import cli

pytestmark = pytest.mark.neo4j


def test_context_prints_entity_line(neo4j_server: Neo4jSettings, supply_driver: Driver) -> None:
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}

    result = CliRunner().invoke(cli, ["context", "WDGT", "--max-tokens", "300"], env=env)

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Entity: ")
