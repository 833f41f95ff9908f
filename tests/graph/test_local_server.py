"""The project's own Neo4j: start, answer, restart, credentials and schema."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

import pytest
from neo4j import Driver

from graph import local_server
from graph.connection import Neo4jSettings, open_driver
from graph.local_server import LocalServerConfig
from graph.schema import init_schema, list_constraints, server_summary
from schemas.errors import GraphLoadError, Neo4jUnavailable
from service_runner import free_port
from tests.conftest import start_test_server

pytestmark = pytest.mark.neo4j


def test_server_writes_and_reads(graph_driver: Driver) -> None:
    graph_driver.execute_query("CREATE (:Probe {name: 'written'})")

    records, _, _ = graph_driver.execute_query("MATCH (p:Probe) RETURN p.name AS name")

    assert [r["name"] for r in records] == ["written"]


def test_start_when_answering_starts_nothing(neo4j_server: Neo4jSettings, tmp_path: Path) -> None:
    config = local_server.LocalServerConfig(home=tmp_path, port=neo4j_server.port)

    assert local_server.start(neo4j_server, config) is False
    assert not config.pid_file.exists()


def test_wrong_password_names_the_variables(neo4j_server: Neo4jSettings) -> None:
    wrong = Neo4jSettings(uri=neo4j_server.uri, password="not-the-password")

    with pytest.raises(GraphLoadError, match="NEO4J_PASSWORD"):
        open_driver(wrong)


def test_unreachable_server_suggests_start() -> None:
    settings = Neo4jSettings(uri="bolt://127.0.0.1:1", password="x")

    with pytest.raises(Neo4jUnavailable, match="fingraph neo4j start"):
        open_driver(settings)


def test_init_creates_constraints_idempotently(graph_driver: Driver) -> None:
    init_schema(graph_driver)

    names = list_constraints(graph_driver)

    assert {"entity_id", "document_id", "assertion_id", "company_cik"} <= names


def test_status_reports_version_and_counts(graph_driver: Driver) -> None:
    graph_driver.execute_query("CREATE (:Probe)-[:LINK]->(:Probe)")

    summary = server_summary(graph_driver)

    assert str(summary["version"]).startswith("5.26")
    assert summary["nodes"] == 2
    assert summary["relationships"] == 1


def test_restart_keeps_data(tmp_path: Path) -> None:
    settings, config = start_test_server(tmp_path / "neo4j")
    try:
        with open_driver(settings) as driver:
            driver.execute_query("CREATE (:Probe {name: 'kept'})")
        assert local_server.stop(config) is True
        assert local_server.running_pid(config) is None

        assert local_server.start(settings, config) is True
        with open_driver(settings) as driver:
            records, _, _ = driver.execute_query("MATCH (p:Probe) RETURN p.name AS name")
        assert [r["name"] for r in records] == ["kept"]
    finally:
        local_server.stop(config)


def test_stop_without_server_returns_false(tmp_path: Path) -> None:
    config = local_server.LocalServerConfig(home=tmp_path)

    assert local_server.stop(config) is False


def test_browser_discovery_names_bolt(local_neo4j: tuple[Neo4jSettings, LocalServerConfig]) -> None:
    settings, config = local_neo4j
    request = urllib.request.Request(f"http://127.0.0.1:{config.http_port}/",
                                     headers={"Accept": "application/json"})

    with urllib.request.urlopen(request, timeout=10) as response:
        discovery = json.loads(response.read())

    assert discovery["bolt_direct"] == f"bolt://127.0.0.1:{settings.port}"


def test_browser_serves_its_page(local_neo4j: tuple[Neo4jSettings, LocalServerConfig]) -> None:
    url = f"http://127.0.0.1:{local_neo4j[1].http_port}/browser/"

    with urllib.request.urlopen(url, timeout=10) as response:
        page = response.read().decode("utf-8")
        content_type = response.headers["Content-Type"]

    assert content_type.startswith("text/html")
    assert "<html" in page.lower()


def test_second_start_on_same_folder_names_port(local_neo4j: tuple[Neo4jSettings, LocalServerConfig]) -> None:
    settings, config = local_neo4j
    other_port = settings.port + 1 if settings.port < 65535 else settings.port - 1
    other = Neo4jSettings(uri=f"bolt://127.0.0.1:{other_port}", password=settings.password)
    pid = local_server.running_pid(config)

    with pytest.raises(Neo4jUnavailable, match=f"already runs on the data folder .* bolt://127.0.0.1:{settings.port}"):
        local_server.start(other, LocalServerConfig(home=config.home, port=other_port))

    assert pid is not None
    assert local_server.running_pid(config) == pid
    assert local_server.running_port(config) == settings.port
    assert local_server.responds(settings)


def test_busy_browser_port_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = LocalServerConfig(home=tmp_path, port=1)
    config.log_file.parent.mkdir(parents=True, exist_ok=True)
    config.log_file.write_text("fingraph-neo4j: Neo4j Browser not started on port 7474: java.net.BindException\n")

    local_server._warn_if_browser_failed(config, 0)

    assert "FINGRAPH_NEO4J_HTTP_PORT" in caplog.text


def test_start_on_taken_port_launches_nothing(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{port}", password="test-password")
        config = LocalServerConfig(home=tmp_path, port=port, http_port=0)

        with pytest.raises(Neo4jUnavailable, match=f"^port {port} is in use by another program: pick another port"):
            local_server.start(settings, config)

    assert not config.pid_file.exists()
    assert not config.log_file.exists()


def test_failed_start_shows_only_its_log(tmp_path: Path) -> None:
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password="test-password")
    # The JVM rejects this heap size and exits before Neo4j starts.
    config = LocalServerConfig(home=tmp_path, port=settings.port, http_port=0, heap="not-a-size")
    config.log_file.parent.mkdir(parents=True)
    config.log_file.write_text("a line of an earlier start\n")

    with pytest.raises(Neo4jUnavailable) as raised:
        local_server.start(settings, config, timeout=60)

    message = str(raised.value)
    assert "exited with code 1" in message
    assert "not-a-size" in message
    assert "a line of an earlier start" not in message
    assert not config.pid_file.exists()


def test_bolt_bind_failure_ignores_browser(tmp_path: Path) -> None:
    config = LocalServerConfig(home=tmp_path)
    config.log_file.parent.mkdir(parents=True)
    earlier = "org.neo4j.SomeException: java.net.BindException: Address already in use\n"
    browser = ("fingraph-neo4j: Neo4j Browser not started on port 7474: "
               "java.net.BindException: Address already in use\n")
    bolt = "Caused by: io.netty.channel.unix.Errors$NativeIoException: bind(..) failed with error(-98): Address already in use\n"
    config.log_file.write_text(earlier)
    offset = config.log_file.stat().st_size

    with config.log_file.open("a") as log_stream:
        log_stream.write(browser)
    assert not local_server._bolt_port_was_taken(config, offset)

    with config.log_file.open("a") as log_stream:
        log_stream.write(bolt)
    assert local_server._bolt_port_was_taken(config, offset)


def test_log_tail_starts_at_offset(tmp_path: Path) -> None:
    config = LocalServerConfig(home=tmp_path)
    assert local_server.log_tail(config) == f"(no log at {config.log_file})"

    config.log_file.parent.mkdir(parents=True)
    config.log_file.write_text("earlier start\n")
    offset = config.log_file.stat().st_size
    assert local_server.log_tail(config, offset) == "(the server logged nothing)"

    with config.log_file.open("a") as log_stream:
        log_stream.write("this start\n")
    assert local_server.log_tail(config, offset) == "this start"
