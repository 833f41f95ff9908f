"""The `fingraph` entry point with bad NEO4J_URI values and `fingraph neo4j start|stop` on this machine.

The tests call `main`, as the installed script does, so they see its error output and exit code.
No test starts a Neo4j: the servers here are sockets and processes that each test creates.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.cli import main
from tests.graph.service_runner import free_port

COMMANDS_THAT_CONNECT = [
    ["neo4j", "start"],
    ["neo4j", "stop"],
    ["neo4j", "status"],
    ["neo4j", "init"],
    ["query", "suppliers_of", "--param", "company=NVIDIA"],
    ["context", "NVIDIA"],
    ["export", "NVIDIA", "--format", "json", "--out", "unused.json"],
    ["serve"],
]


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run `fingraph ARGS` in this process; return the exit code and the output with line breaks folded."""
    monkeypatch.setattr(sys, "argv", ["fingraph", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    return exited.value.code, " ".join((captured.out + captured.err).split())


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FINGRAPH_DATA_DIR", str(tmp_path))
    return tmp_path


@dataclass
class FakeServer:
    process: subprocess.Popen[bytes]
    port: int


@pytest.fixture
def fake_server(data_dir: Path) -> Iterator[FakeServer]:
    """A long-running process recorded in the data folder's pid file as a server on a free Bolt port."""
    server = FakeServer(subprocess.Popen(["sleep", "300"]), free_port())
    home = data_dir / "neo4j"
    home.mkdir()
    (home / "server.pid").write_text(f"{server.process.pid}\n{server.port}\n")
    yield server
    server.process.kill()
    server.process.wait()


@pytest.mark.parametrize("command", COMMANDS_THAT_CONNECT, ids=" ".join)
@pytest.mark.parametrize("uri", ["bolt//127.0.0.1:7687", "http://127.0.0.1:7474"])
def test_invalid_uri_fails_cleanly(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                   data_dir: Path, command: list[str], uri: str) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)

    code, output = run_main(monkeypatch, capsys, *command)

    assert code == 1
    assert f"error: NEO4J_URI='{uri}' is invalid" in output
    assert "such as bolt://127.0.0.1:7687" in output
    assert "NEO4J_PASSWORD" not in output
    assert "Traceback" not in output


def test_invalid_uri_with_password_fails_cleanly(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt//127.0.0.1:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "secret")

    code, output = run_main(monkeypatch, capsys, "neo4j", "status")

    assert code == 1
    assert "NEO4J_URI='bolt//127.0.0.1:7687' is invalid because it has no scheme" in output
    assert "Traceback" not in output


def test_start_on_taken_port_names_port(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                        data_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{port}")

        code, output = run_main(monkeypatch, capsys, "neo4j", "start")

    assert code == 1
    assert f"error: port {port} is in use by another program: pick another port in NEO4J_URI" in output
    assert not (data_dir / "neo4j" / "server.pid").exists()
    assert not (data_dir / "neo4j" / "logs" / "server.log").exists()


def test_stop_on_other_port_stops_nothing(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                          fake_server: FakeServer) -> None:
    other_port = free_port()
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{other_port}")

    code, output = run_main(monkeypatch, capsys, "neo4j", "stop")

    assert code == 1
    assert f"no fingraph Neo4j runs on port {other_port}" in output
    assert f"`NEO4J_URI=bolt://127.0.0.1:{fake_server.port} fingraph neo4j stop`" in output
    assert fake_server.process.poll() is None


def test_stop_on_recorded_port_stops_server(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                            fake_server: FakeServer, data_dir: Path) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{fake_server.port}")

    code, output = run_main(monkeypatch, capsys, "neo4j", "stop")

    assert code == 0
    assert "Neo4j stopped." in output
    assert fake_server.process.wait(timeout=10) == -signal.SIGTERM
    assert not (data_dir / "neo4j" / "server.pid").exists()
