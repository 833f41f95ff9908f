"""The HTTP service over a real socket: each endpoint on the supply graph, and the bearer token."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver

from graph.connection import Neo4jSettings
from graph.context import estimate_tokens
from graph.service import TOKEN_VARIABLE, create_app
from query_builders import ACME_ID, GALLIUM_CONTROLS_ID, WIDGETS_ID
from service_runner import running_service

pytestmark = pytest.mark.neo4j

TOKEN = "test-token-3f9a"


@pytest.fixture
def client(supply_driver: Driver, neo4j_server: Neo4jSettings) -> Iterator[httpx.Client]:
    with running_service(create_app(neo4j_server, api_token="")) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


@pytest.fixture
def guarded_url(supply_driver: Driver, neo4j_server: Neo4jSettings) -> Iterator[str]:
    with running_service(create_app(neo4j_server, api_token=TOKEN)) as url:
        yield url


def test_health_ok(client: httpx.Client) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.headers["X-Request-ID"]


def test_entities_lookup(client: httpx.Client) -> None:
    response = client.get("/entities", params={"q": "acme metals", "kind": "Company"})

    assert response.status_code == 200
    assert [e["id"] for e in response.json()["entities"]] == [ACME_ID]


def test_neighbours_by_relation(client: httpx.Client) -> None:
    response = client.get("/entities/WDGT/neighbours", params={"relation": "SUPPLIER_OF", "direction": "in"})
    body = response.json()

    assert response.status_code == 200
    assert body["entity"]["id"] == WIDGETS_ID
    assert [n["entity"]["id"] for n in body["neighbours"]] == [ACME_ID, "org:newco", "org:oldco"]
    assert body["neighbours"][0]["hop"]["evidence"]["quote"] == "Acme Metals is our sole source of gallium wafers."


def test_neighbours_as_of_and_limit(client: httpx.Client) -> None:
    response = client.get(f"/entities/{WIDGETS_ID}/neighbours", params={"as_of": "2022-06-30", "limit": 2})

    assert response.status_code == 200
    assert len(response.json()["neighbours"]) == 2


def test_second_order_from_holdings(client: httpx.Client) -> None:
    params = {"start": "WDGT,3", "first": "SUPPLIER_OF", "second": "EXPOSED_TO", "first_direction": "in",
              "end": "export controls"}
    response = client.get("/paths/second-order", params=params)
    paths = response.json()["paths"]

    assert response.status_code == 200
    assert [(p["start"]["id"], p["middle"]["id"], p["end"]["id"]) for p in paths] == [
        (WIDGETS_ID, ACME_ID, GALLIUM_CONTROLS_ID)]


def test_second_order_as_of_before_exposure(client: httpx.Client) -> None:
    params = {"start": "WDGT", "first": "SUPPLIER_OF", "second": "EXPOSED_TO", "first_direction": "in",
              "as_of": "2022-06-30"}
    response = client.get("/paths/second-order", params=params)

    assert response.status_code == 200
    assert response.json()["paths"] == []


def test_pivots_listed(client: httpx.Client) -> None:
    response = client.get("/pivots")
    pivots = {p["name"]: p for p in response.json()["pivots"]}

    assert response.status_code == 200
    assert pivots["suppliers_of"]["parameters"] == ["company"]


def test_pivot_runs_with_parameters(client: httpx.Client) -> None:
    response = client.get("/pivots/suppliers_of", params={"company": "WDGT", "as_of": "2022-06-30"})
    body = response.json()

    assert response.status_code == 200
    assert sorted(row["supplier_id"] for row in body["rows"]) == [ACME_ID, "org:oldco"]
    assert body["truncated"] is False


def test_pivot_rows_truncated_to_limit(client: httpx.Client) -> None:
    response = client.get("/pivots/suppliers_of", params={"company": "WDGT", "limit": 1})

    assert len(response.json()["rows"]) == 1
    assert response.json()["truncated"] is True


def test_context_text_and_ids(client: httpx.Client) -> None:
    response = client.get("/context/WDGT", params={"max_tokens": 300})
    body = response.json()

    assert response.status_code == 200
    assert body["entity"]["id"] == WIDGETS_ID
    assert body["facts"][0]["other"]["id"] == ACME_ID
    assert estimate_tokens(body["text"]) <= 300


def test_context_as_of(client: httpx.Client) -> None:
    body = client.get("/context/WDGT", params={"as_of": "2022-06-30"}).json()

    assert sorted(f["other"]["id"] for f in body["facts"]) == [ACME_ID, "org:oldco", "person:jane-smith"]
    assert "Newco" not in body["text"]


def test_openapi_and_docs_served(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()

    assert "/paths/second-order" in schema["paths"]
    assert client.get("/docs").status_code == 200


def test_token_missing_rejected(guarded_url: str) -> None:
    response = httpx.get(f"{guarded_url}/entities", params={"q": "acme"})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_token_wrong_rejected(guarded_url: str) -> None:
    response = httpx.get(f"{guarded_url}/entities", params={"q": "acme"},
                         headers={"Authorization": f"Bearer {TOKEN}x"})

    assert response.status_code == 401


def test_token_right_accepted(guarded_url: str) -> None:
    response = httpx.get(f"{guarded_url}/context/WDGT", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200


def test_token_not_needed_for_health(guarded_url: str) -> None:
    assert httpx.get(f"{guarded_url}/health").status_code == 200


def test_token_read_from_environment(supply_driver: Driver, neo4j_server: Neo4jSettings,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_VARIABLE, TOKEN)
    app = create_app(neo4j_server)
    monkeypatch.delenv(TOKEN_VARIABLE)

    with running_service(app) as url:
        assert httpx.get(f"{url}/pivots").status_code == 401
        assert httpx.get(f"{url}/pivots", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
