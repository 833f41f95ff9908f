"""networkx export of a neighbourhood, and its GraphML and node-link JSON files."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j import Driver

from graph.connection import Neo4jSettings
from graph.export import export_neighbourhood, write_graphml, write_node_link_json
from pipelines.cli import cli
from query_builders import ACME_ID, BIGBUYER_ID, GALLIUM_CONTROLS_ID, WIDGETS_ID

pytestmark = pytest.mark.neo4j


def test_one_hop_nodes_and_edges(supply_driver: Driver) -> None:
    graph = export_neighbourhood(supply_driver, "ACME", 1)

    assert set(graph.nodes) == {ACME_ID, WIDGETS_ID, GALLIUM_CONTROLS_ID}
    assert graph.has_edge(ACME_ID, WIDGETS_ID, key="SUPPLIER_OF")
    assert graph.nodes[ACME_ID]["kind"] == "Company"


def test_two_hops_reach_customers(supply_driver: Driver) -> None:
    graph = export_neighbourhood(supply_driver, "ACME", 2)

    assert BIGBUYER_ID in graph
    assert "person:john-roe" in graph
    assert graph.graph["truncated"] is False


def test_edge_carries_iso_dates_and_evidence(supply_driver: Driver) -> None:
    graph = export_neighbourhood(supply_driver, "ACME", 1)

    edge = graph.edges[ACME_ID, WIDGETS_ID, "SUPPLIER_OF"]
    assert edge["first_seen"] == "2021-12-31"
    assert edge["filed_at"] == "2024-02-15"
    assert edge["document"] == "0000000001-24-000010"
    assert edge["quote"] == "Acme Metals is our sole source of gallium wafers."


def test_export_as_of_drops_later_edges(supply_driver: Driver) -> None:
    graph = export_neighbourhood(supply_driver, "WDGT", 1, as_of="2022-06-30")

    assert set(graph.nodes) == {WIDGETS_ID, ACME_ID, "org:oldco", "person:jane-smith"}
    assert graph.graph["as_of"] == "2022-06-30"


def test_hops_out_of_range_rejected(supply_driver: Driver) -> None:
    with pytest.raises(ValueError, match="hops must be"):
        export_neighbourhood(supply_driver, "ACME", 4)


def test_graphml_round_trip(supply_driver: Driver, tmp_path: Path) -> None:
    graph = export_neighbourhood(supply_driver, "ACME", 1)
    path = tmp_path / "acme.graphml"

    write_graphml(graph, path)
    read = nx.read_graphml(path)

    assert set(read.nodes) == set(graph.nodes)
    assert read.number_of_edges() == graph.number_of_edges()
    assert read.nodes[ACME_ID]["aliases"] == "; ".join(graph.nodes[ACME_ID]["aliases"])


def test_node_link_json_round_trip(supply_driver: Driver, tmp_path: Path) -> None:
    graph = export_neighbourhood(supply_driver, "ACME", 1)
    path = tmp_path / "acme.json"

    write_node_link_json(graph, path)
    data = json.loads(path.read_text(encoding="utf-8"))

    assert {node["id"] for node in data["nodes"]} == set(graph.nodes)
    assert len(data["edges"]) == graph.number_of_edges()
    assert nx.node_link_graph(data, edges="edges").number_of_edges() == graph.number_of_edges()


def test_cli_export_names_created_folder(supply_driver: Driver, neo4j_server: Neo4jSettings, tmp_path: Path) -> None:
    out = tmp_path / "new" / "acme.json"
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}

    result = CliRunner().invoke(cli, ["export", "ACME", "--format", "json", "--out", str(out)], env=env)

    assert result.exit_code == 0, result.output
    assert f"created the folder {out.parent}" in result.output.replace("\n", "")
    assert out.is_file()
