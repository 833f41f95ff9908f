"""A load cut short by a killed Neo4j and run again ends with the same graph as one uninterrupted load."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from graph_builders import dump_graph
from neo4j import Driver

from bench.synthetic import Workload, make_workload
from graph import local_server
from graph.company_matching import CompanyDirectory
from graph.connection import Neo4jSettings, open_driver
from graph.fact_edges import mark_extracted, update_fact_edges
from graph.loader import Neo4jLoader
from graph.local_server import LocalServerConfig
from graph.resolution import EntityResolver
from graph.schema import init_schema
from schemas.errors import GraphLoadError
from tests.conftest import start_test_server

pytestmark = pytest.mark.neo4j

# Small batches and enough assertions for ten write transactions, so that the kill lands between two of them.
RESUME_BATCH_SIZE = 1000
ASSERTIONS = 10 * RESUME_BATCH_SIZE
KILL_AFTER_ASSERTIONS = ASSERTIONS // 2
LOAD_TIMEOUT_SECONDS = 300.0
SKIP = frozenset({"ingested_at"})


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Neo4jSettings, LocalServerConfig]]:
    """A server of this module alone, because the test kills it."""
    settings, config = start_test_server(tmp_path_factory.mktemp("neo4j-resume"))
    yield settings, config
    local_server.stop(config)


@pytest.fixture(scope="module")
def workload() -> Workload:
    return make_workload(ASSERTIONS)


def load_all(driver: Driver, workload: Workload) -> None:
    resolver = EntityResolver(CompanyDirectory())
    loader = Neo4jLoader(driver, batch_size=RESUME_BATCH_SIZE)
    loader.load_documents(workload.documents)
    loader.load_assertions(workload.assertions, resolver)
    profile = workload.assertions[0].profile
    mark_extracted(driver, [d.id for d in workload.documents], profile)
    update_fact_edges(driver, profile)


def count_assertions(driver: Driver) -> int:
    records, _, _ = driver.execute_query("MATCH (a:Assertion) RETURN count(a) AS n")
    return records[0]["n"]


def empty_graph(settings: Neo4jSettings) -> Driver:
    driver = open_driver(settings)
    with driver.session() as session:
        # Batched deletes must run in an auto-commit transaction.
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    init_schema(driver)
    return driver


def kill_server_mid_load(settings: Neo4jSettings, config: LocalServerConfig, workload: Workload) -> list[BaseException]:
    """Start a load in a thread, SIGKILL the server once half the assertions are in, return the load's errors."""
    errors: list[BaseException] = []
    driver = empty_graph(settings)

    def run() -> None:
        try:
            load_all(driver, workload)
        except GraphLoadError as exc:
            errors.append(exc)

    loader = threading.Thread(target=run)
    loader.start()
    deadline = time.monotonic() + LOAD_TIMEOUT_SECONDS
    with open_driver(settings) as watcher:
        while loader.is_alive() and count_assertions(watcher) < KILL_AFTER_ASSERTIONS and time.monotonic() < deadline:
            time.sleep(0.05)
    pid = local_server.running_pid(config)
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    loader.join(LOAD_TIMEOUT_SECONDS)
    driver.close()
    return errors


def test_resume_after_kill_matches_full_load(own_server: tuple[Neo4jSettings, LocalServerConfig],
                                                  workload: Workload) -> None:
    settings, config = own_server
    driver = empty_graph(settings)
    load_all(driver, workload)
    expected = dump_graph(driver, skip=SKIP)
    driver.close()

    errors = kill_server_mid_load(settings, config, workload)
    local_server.start(settings, config)
    with open_driver(settings) as driver:
        partial = count_assertions(driver)
        load_all(driver, workload)
        resumed = dump_graph(driver, skip=SKIP)

    assert len(errors) == 1, "the kill did not interrupt the load"
    assert 0 < partial < ASSERTIONS
    assert resumed == expected
