"""Neo4j connection settings read from the environment: NEO4J_URI checks and the password rule."""

from __future__ import annotations

import pytest

from graph.connection import Neo4jSettings
from pipelines.resources import Neo4jResource

INVALID_URIS = [
    ("bolt//127.0.0.1:7687", "it has no scheme"),
    ("http://127.0.0.1:7474", "the scheme 'http' is not supported"),
    ("localhost:7687", "it has no scheme"),
    ("bolt://:7687", "it has no host"),
    ("bolt://127.0.0.1:port", "its port is not a number from 1 to 65535"),
    ("bolt://127.0.0.1:70000", "its port is not a number from 1 to 65535"),
    ("bolt://127.0.0.1:0", "its port is not a number from 1 to 65535"),
]

VALID_URIS = [
    "bolt://127.0.0.1:7687",
    "bolt://localhost",
    "bolt://[::1]:7687",
    "bolt+s://db.example.com:7687",
    "bolt+ssc://db.example.com",
    "neo4j://db.example.com:7687",
    "neo4j+s://xxxxxxxx.databases.neo4j.io",
    "neo4j+ssc://db.example.com",
]


@pytest.mark.parametrize(("uri", "problem"), INVALID_URIS)
def test_invalid_uri_names_value(monkeypatch: pytest.MonkeyPatch, uri: str, problem: str) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_PASSWORD", "secret")

    with pytest.raises(ValueError) as raised:
        Neo4jSettings.from_env()

    message = str(raised.value)
    assert f"NEO4J_URI={uri!r}" in message
    assert problem in message
    assert "bolt://127.0.0.1:7687" in message


@pytest.mark.parametrize(("uri", "problem"), INVALID_URIS)
def test_invalid_uri_checked_before_password(monkeypatch: pytest.MonkeyPatch, uri: str, problem: str) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)

    with pytest.raises(ValueError) as raised:
        Neo4jSettings.from_env()

    assert problem in str(raised.value)
    assert "NEO4J_PASSWORD" not in str(raised.value)


@pytest.mark.parametrize("uri", VALID_URIS)
def test_valid_uri_accepted(monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_PASSWORD", "secret")

    assert Neo4jSettings.from_env().uri == uri


def test_unset_uri_is_local_default() -> None:
    settings = Neo4jSettings.from_env()

    assert settings.uri == "bolt://127.0.0.1:7687"
    assert settings.is_local
    assert settings.port == 7687


def test_remote_uri_needs_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://db.example.com")

    with pytest.raises(ValueError, match="NEO4J_PASSWORD is not set"):
        Neo4jSettings.from_env()


def test_dagster_resource_rejects_invalid_uri() -> None:
    resource = Neo4jResource(uri="bolt//127.0.0.1:7687")

    with pytest.raises(ValueError, match="'bolt//127.0.0.1:7687' is invalid because it has no scheme"):
        resource.settings()
