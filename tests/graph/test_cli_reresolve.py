"""`fingraph reresolve` against the real Neo4j: an alias added to curation moves stored assertions."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import Driver

from graph.connection import Neo4jSettings
from pipelines import stages
from pipelines.cli import cli
from tests.graph.resolution_builders import PROFILE, TSMC_CIK, load_split_supplier, make_resolver, write_curation

pytestmark = pytest.mark.neo4j

ALIAS = "kind,alias,entity_id\nCompany,Taiwan Semiconductor,cik:0001046179\n"
TSMC = f"cik:{TSMC_CIK}"
SUPPLIER_EDGES = "MATCH (s)-[r:SUPPLIER_OF]->(o) RETURN s.id AS subject, r.mentions AS mentions ORDER BY subject"


@pytest.fixture
def invoke(neo4j_server: Neo4jSettings, graph_driver: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Load the split supplier, give the CLI a resolver with the new alias, and return a runner of the command."""
    load_split_supplier(graph_driver, make_resolver())
    curated = make_resolver(write_curation(tmp_path / "curation", "aliases.csv", ALIAS))
    monkeypatch.setattr(stages, "make_resolver", lambda company_tickers: curated)
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}
    return lambda *arguments: CliRunner().invoke(cli, ["reresolve", *arguments], env=env)


def supplier_edges(driver: Driver) -> list[tuple[str, int]]:
    records, _, _ = driver.execute_query(SUPPLIER_EDGES)
    return [(r["subject"], r["mentions"]) for r in records]


def test_dry_run_lists_move(invoke, graph_driver: Driver) -> None:
    result = invoke("--dry-run")

    assert result.exit_code == 0, result.output
    assert "org:taiwan-semiconductor" in result.output
    assert TSMC in result.output
    assert "1 link would move" in result.output


def test_dry_run_changes_nothing(invoke, graph_driver: Driver) -> None:
    before = supplier_edges(graph_driver)

    invoke("--dry-run")

    assert supplier_edges(graph_driver) == before
    assert len(before) == 2


def test_apply_joins_fact_edges(invoke, graph_driver: Driver) -> None:
    result = invoke()

    assert result.exit_code == 0, result.output
    assert "moved: 1" in result.output
    assert supplier_edges(graph_driver) == [(TSMC, 2)]


def test_second_apply_moves_nothing(invoke, graph_driver: Driver) -> None:
    invoke()

    result = invoke()

    assert "moved: 0" in result.output
    assert supplier_edges(graph_driver) == [(TSMC, 2)]


def test_rebuild_uses_stored_profile(invoke, graph_driver: Driver) -> None:
    result = invoke()

    assert f"profile {PROFILE.key}" in result.output
