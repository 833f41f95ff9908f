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


def test_query_unknown_factor_suggests(neo4j_server: Neo4jSettings, supply_driver: Driver) -> None:
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}

    result = CliRunner().invoke(cli, ["query", "exposed_to_factor", "--param", "factor=export contrls on gallium"],
                                env=env)

    assert result.exit_code != 0
    assert "no factor in the graph has the id, name or words 'export contrls on gallium'" in str(result.exception)
    assert "did you mean: export controls on gallium" in str(result.exception)


def test_query_known_factor_words_run(neo4j_server: Neo4jSettings, supply_driver: Driver) -> None:
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}

    result = CliRunner().invoke(cli, ["query", "exposed_to_factor", "--param", "factor=export controls"], env=env)

    assert result.exit_code == 0, result.output


def test_demo_pivots_warn_unknown_company(supply_driver: Driver, capsys: pytest.CaptureFixture[str]) -> None:
    from pipelines.demo import print_pivots

    print_pivots(supply_driver, None, "WDGTX", "export controls")

    output = " ".join(capsys.readouterr().out.split())
    assert "warning: no entity has the id, ticker, CIK or name 'WDGTX'" in output
    assert "no factor in the graph" not in output
