"""Run the HTTP service with uvicorn on a free loopback port in a thread, for tests over a real socket."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI
from neo4j import Driver

STARTUP_SECONDS = 10.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_service(app: FastAPI) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 until the block ends; yield its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", ws="none",
                            lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the test service did not start on port {config.port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_SECONDS)


def count_graph(driver: Driver) -> tuple[int, int]:
    nodes, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    relationships, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
    return nodes[0]["n"], relationships[0]["n"]
