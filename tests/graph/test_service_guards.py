"""The HTTP service rejects malformed and hostile parameters with 4xx and leaves the graph unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver
from neo4j.exceptions import ClientError

from graph.connection import Neo4jSettings
from graph.service import create_app
from graph.service.driver import open_service_driver
from service_runner import count_graph, free_port, running_service

pytestmark = pytest.mark.neo4j

INJECTION = "x') DETACH DELETE n //"
RELATION_INJECTION = "SUPPLIER_OF]->() DETACH DELETE n //"
# A slash would split the URL path, so the injection in a path segment ends without a comment.
PATH_INJECTION = "x') DETACH DELETE n RETURN ('x"
SECOND_ORDER = {"start": "WDGT", "first": "SUPPLIER_OF", "second": "EXPOSED_TO"}

# (path, query parameters, expected status, text the error message must contain)
BAD_REQUESTS = [
    ("/entities/WDGT/neighbours", {"relation": RELATION_INJECTION}, 400, RELATION_INJECTION),
    ("/entities/WDGT/neighbours", {"relation": "supplier_of"}, 400, "unknown relation type 'supplier_of'"),
    ("/entities/WDGT/neighbours", {"direction": INJECTION}, 400, "invalid direction"),
    ("/entities/WDGT/neighbours", {"as_of": "2022-13-45"}, 400, "'2022-13-45'"),
    ("/entities/WDGT/neighbours", {"as_of": "' OR 1=1 //"}, 400, "as_of must be a date"),
    ("/entities/WDGT/neighbours", {"limit": 10**9}, 422, "1000000000"),
    ("/entities/WDGT/neighbours", {"limit": 0}, 422, "limit"),
    ("/entities/WDGT/neighbours", {"limit": "1; DROP"}, 422, "'1; DROP'"),
    (f"/entities/{PATH_INJECTION}/neighbours", {}, 404, PATH_INJECTION),
    ("/entities", {"q": "x" * 201}, 422, "q"),
    ("/entities", {"q": "acme", "kind": "Company) DETACH DELETE n"}, 400, "invalid entity kind"),
    ("/entities", {}, 422, "missing query.q"),
    ("/paths/second-order", {**SECOND_ORDER, "first": RELATION_INJECTION}, 400, RELATION_INJECTION),
    ("/paths/second-order", {**SECOND_ORDER, "second_direction": "sideways"}, 400, "'sideways'"),
    ("/paths/second-order", {**SECOND_ORDER, "start": "WDGT,,ACME"}, 400, "'WDGT,,ACME'"),
    ("/paths/second-order", {**SECOND_ORDER, "start": f"WDGT,{INJECTION}"}, 404, INJECTION),
    ("/paths/second-order", {**SECOND_ORDER, "start": INJECTION}, 404, INJECTION),
    ("/paths/second-order", {**SECOND_ORDER, "limit": 1001}, 422, "1001"),
    ("/pivots/no_such_pivot", {}, 404, "'no_such_pivot'"),
    ("/pivots/Suppliers_Of'", {}, 404, "known pivots"),
    ("/pivots/suppliers_of", {}, 400, "company"),
    ("/pivots/suppliers_of", {"company": "WDGT", "buyer": INJECTION}, 400, "no parameter(s) buyer"),
    ("/pivots/changes_between", {"company": "WDGT", "from_date": INJECTION, "to_date": "2024-01-01"}, 400,
     INJECTION),
    ("/pivots/suppliers_of", {"company": "WDGT", "as_of": "yesterday"}, 400, "'yesterday'"),
    ("/context/WDGT", {"max_tokens": 10}, 422, "max_tokens"),
    ("/context/WDGT", {"max_tokens": 10**9}, 422, "1000000000"),
    ("/context/WDGT", {"as_of": "2023-02-30"}, 400, "'2023-02-30'"),
    (f"/context/{PATH_INJECTION}", {}, 404, PATH_INJECTION),
]


@pytest.fixture
def client(supply_driver: Driver, neo4j_server: Neo4jSettings) -> Iterator[httpx.Client]:
    with running_service(create_app(neo4j_server, api_token="")) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


@pytest.mark.parametrize(("path", "params", "status", "message"), BAD_REQUESTS)
def test_bad_request_rejected_unchanged(client: httpx.Client, supply_driver: Driver, path: str,
                                        params: dict[str, object], status: int, message: str) -> None:
    before = count_graph(supply_driver)

    response = client.get(path, params=params)

    assert response.status_code == status
    assert message in response.json()["detail"]
    assert count_graph(supply_driver) == before


@pytest.mark.parametrize("text", [INJECTION, '"(* OR:~ ^ [', "MATCH (n) DETACH DELETE n"])
def test_hostile_search_text_finds_nothing(client: httpx.Client, supply_driver: Driver, text: str) -> None:
    before = count_graph(supply_driver)

    response = client.get("/entities", params={"q": text})

    assert response.status_code == 200
    assert response.json()["entities"] == []
    assert count_graph(supply_driver) == before


def test_hostile_pivot_value_matches_nothing(client: httpx.Client, supply_driver: Driver) -> None:
    before = count_graph(supply_driver)

    response = client.get("/pivots/suppliers_of", params={"company": INJECTION})

    assert response.status_code == 200
    assert response.json()["rows"] == []
    assert count_graph(supply_driver) == before


def test_repeated_pivot_parameter_rejected(client: httpx.Client) -> None:
    response = client.get("/pivots/suppliers_of?company=WDGT&company=ACME")

    assert response.status_code == 400
    assert "'company' is given more than once" in response.json()["detail"]


def test_neo4j_down_gives_503() -> None:
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password="unused")

    with running_service(create_app(settings, api_token="")) as url:
        health = httpx.get(f"{url}/health", timeout=30)
        lookup = httpx.get(f"{url}/entities", params={"q": "acme"}, timeout=30)

    assert health.status_code == 503
    assert lookup.status_code == 503
    assert settings.uri in lookup.json()["detail"]


def test_service_driver_times_out_slow_query(graph_driver: Driver, neo4j_server: Neo4jSettings) -> None:
    driver = open_service_driver(neo4j_server, timeout=0.5)
    try:
        with pytest.raises(ClientError, match="(?i)timed? ?out|terminated"):
            driver.execute_query("UNWIND range(1, 1000000000) AS x RETURN sum(x * x) AS total")
    finally:
        driver.close()


def test_service_driver_rejects_writes(graph_driver: Driver, neo4j_server: Neo4jSettings) -> None:
    driver = open_service_driver(neo4j_server)
    try:
        with pytest.raises(ClientError):
            driver.execute_query("CREATE (:Probe {id: 'write-through-service'})")
    finally:
        driver.close()

    assert count_graph(graph_driver) == (0, 0)
