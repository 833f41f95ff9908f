"""Time the fact-edge update after one new 10-K against a rebuild of every fact edge.

Usage: python bench/fact_update.py [--size N] [--repeat N]

The bench starts its own Neo4j as bench/load.py does. It loads all but the last document of
the `bench/synthetic.py` workload of --size assertions and derives their fact edges. Then, in
each of --repeat runs, it loads the last document and times `update_fact_edges`, and loads
that document again and times `rebuild_fact_edges`. Both end with the same graph, because the
update recomputes the document's stream and the rebuild every fact.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

from neo4j import Driver

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import PASSWORD, empty_graph, free_port  # noqa: E402
from bench.synthetic import Workload, make_workload  # noqa: E402
from graph import local_server  # noqa: E402
from graph.company_matching import CompanyDirectory  # noqa: E402
from graph.connection import Neo4jSettings, open_driver  # noqa: E402
from graph.fact_edges import mark_extracted, rebuild_fact_edges, update_fact_edges  # noqa: E402
from graph.loader import Neo4jLoader  # noqa: E402
from graph.local_server import LocalServerConfig  # noqa: E402
from graph.resolution import EntityResolver  # noqa: E402
from schemas.documents import Document  # noqa: E402


def load(driver: Driver, workload: Workload, documents: list[Document]) -> None:
    ids = {document.id for document in documents}
    loader = Neo4jLoader(driver)
    loader.load_documents(documents)
    loader.load_assertions([a for a in workload.assertions if a.document_id in ids], EntityResolver(CompanyDirectory()))
    mark_extracted(driver, sorted(ids), workload.assertions[0].profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="assertions in the graph before the new 10-K")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of the update and of the rebuild")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    workload = make_workload(arguments.size)
    profile = workload.assertions[0].profile
    home = Path(tempfile.mkdtemp(prefix="fingraph-fact-bench-"))
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password=PASSWORD)
    config = LocalServerConfig(home=home, port=settings.port, http_port=0, heap="2g", pagecache="1g")
    local_server.start(settings, config)
    try:
        with open_driver(settings) as driver:
            empty_graph(driver)
            load(driver, workload, workload.documents[:-1])
            update_fact_edges(driver, profile)
            for repeat in range(arguments.repeat):
                load(driver, workload, workload.documents[-1:])
                started = time.perf_counter()
                updated = update_fact_edges(driver, profile)
                update_seconds = time.perf_counter() - started
                load(driver, workload, workload.documents[-1:])
                started = time.perf_counter()
                rebuilt = rebuild_fact_edges(driver, profile)
                rebuild_seconds = time.perf_counter() - started
                print(f"run {repeat + 1}: update {update_seconds:6.2f} s ({sum(updated.values())} facts)  "
                      f"rebuild {rebuild_seconds:6.2f} s ({sum(rebuilt.values())} facts)", flush=True)
    finally:
        local_server.stop(config)


if __name__ == "__main__":
    main()
