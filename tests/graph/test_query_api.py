"""The query API: lookup, neighbours, second-order paths with evidence, and its guards."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.api import MAX_LIMIT, find_entities, neighbours, resolve_entity, second_order_paths
from query_builders import ACME_ID, BIGBUYER_ID, GALLIUM_CONTROLS_ID, WIDGETS_ID

pytestmark = pytest.mark.neo4j

HOSTILE_RELATION = "SUPPLIER_OF]->() DETACH DELETE n //"


def count_graph(driver: Driver) -> tuple[int, int]:
    nodes, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    relationships, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
    return nodes[0]["n"], relationships[0]["n"]


@pytest.mark.parametrize("text", ["WDGT", "1", "0000000001", "widgets inc", WIDGETS_ID])
def test_resolve_entity_exact_keys(supply_driver: Driver, text: str) -> None:
    assert resolve_entity(supply_driver, text).id == WIDGETS_ID


def test_resolve_entity_unknown_suggests(supply_driver: Driver) -> None:
    with pytest.raises(ValueError, match="did you mean: Acme Metals Corp"):
        resolve_entity(supply_driver, "Acme Metal")


def test_resolve_entity_misspelt_ticker_suggests(supply_driver: Driver) -> None:
    with pytest.raises(ValueError, match=r"did you mean: Widgets Inc \(cik:"):
        resolve_entity(supply_driver, "WDGTT")


def test_find_entities_fulltext(supply_driver: Driver) -> None:
    found = find_entities(supply_driver, "acme metals", kind="Company")

    assert [entity.id for entity in found] == [ACME_ID]
    assert found[0].ticker == "ACME"


def test_find_entities_escapes_lucene(supply_driver: Driver) -> None:
    assert find_entities(supply_driver, '"(* OR:~ ^ [') == []
    assert [entity.id for entity in find_entities(supply_driver, "Metals~ AND (")] == [ACME_ID]


def test_neighbours_in_by_relation(supply_driver: Driver) -> None:
    found = neighbours(supply_driver, "WDGT", "SUPPLIER_OF", "in")

    assert [n.entity.id for n in found] == [ACME_ID, "org:newco", "org:oldco"]
    assert all(n.direction == "in" for n in found)
    assert found[0].hop.evidence.quote == "Acme Metals is our sole source of gallium wafers."
    assert found[0].hop.evidence.attributes["sole_source"] == "sole"


def test_neighbours_hops_name_both_ends(supply_driver: Driver) -> None:
    hops = [n.hop for n in neighbours(supply_driver, "WDGT")]

    assert all(hop.subject_id and hop.object_id for hop in hops)
    assert (ACME_ID, WIDGETS_ID) in {(hop.subject_id, hop.object_id) for hop in hops}


def test_neighbours_as_of(supply_driver: Driver) -> None:
    found = neighbours(supply_driver, "WDGT", as_of="2022-06-30")

    assert sorted(n.entity.id for n in found) == [ACME_ID, "org:oldco", "person:jane-smith"]
    assert all(n.hop.evidence.filed_at == "2022-02-15" for n in found)


def test_second_order_from_holdings(supply_driver: Driver) -> None:
    paths = second_order_paths(supply_driver, ["WDGT", "3"], "SUPPLIER_OF", "EXPOSED_TO",
                               first_direction="in", end="export controls")

    assert [(p.start.id, p.middle.id, p.end.id) for p in paths] == [(WIDGETS_ID, ACME_ID, GALLIUM_CONTROLS_ID)]
    assert paths[0].first.evidence.document == "0000000001-24-000010"
    assert paths[0].second.evidence.quote == "Export controls on gallium could disrupt our supply."
    assert paths[0].to_dict()["second"]["evidence"]["filed_at"] == "2023-03-01"


def test_second_order_as_of_before_exposure(supply_driver: Driver) -> None:
    paths = second_order_paths(supply_driver, "WDGT", "SUPPLIER_OF", "EXPOSED_TO",
                               first_direction="in", as_of="2022-06-30")

    assert paths == []


def test_second_order_without_end(supply_driver: Driver) -> None:
    paths = second_order_paths(supply_driver, "ACME", "SUPPLIER_OF", "SUPPLIER_OF")

    assert [(p.middle.id, p.end.id) for p in paths] == [(WIDGETS_ID, BIGBUYER_ID)]


def test_second_order_unknown_holding(supply_driver: Driver) -> None:
    with pytest.raises(ValueError, match="'ZZZZ'"):
        second_order_paths(supply_driver, ["WDGT", "ZZZZ"], "SUPPLIER_OF", "EXPOSED_TO")


@pytest.mark.parametrize("limit", [0, MAX_LIMIT + 1, 10**9, True])
def test_limit_out_of_range_rejected(supply_driver: Driver, limit: int) -> None:
    with pytest.raises(ValueError, match="limit must be"):
        neighbours(supply_driver, "WDGT", limit=limit)


def test_invalid_direction_rejected(supply_driver: Driver) -> None:
    with pytest.raises(ValueError, match="invalid direction"):
        neighbours(supply_driver, "WDGT", "SUPPLIER_OF", "sideways")


def test_hostile_relation_leaves_graph_unchanged(supply_driver: Driver) -> None:
    before = count_graph(supply_driver)

    with pytest.raises(ValueError, match="unknown relation type"):
        second_order_paths(supply_driver, "WDGT", HOSTILE_RELATION, "EXPOSED_TO")
    with pytest.raises(ValueError, match="unknown relation type"):
        neighbours(supply_driver, "WDGT", HOSTILE_RELATION)

    assert count_graph(supply_driver) == before


def test_hostile_entity_text_is_a_parameter(supply_driver: Driver) -> None:
    before = count_graph(supply_driver)

    with pytest.raises(ValueError, match="no entity"):
        neighbours(supply_driver, "x' OR 1=1 WITH 1 AS x MATCH (n) DETACH DELETE n //")

    assert count_graph(supply_driver) == before
