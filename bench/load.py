"""Time loading synthetic assertions into a local Neo4j, fingraph's loader against four other writers.

Usage: python bench/load.py [--sizes 10000 100000] [--repeat N] [--single-row-max N] [--warm-up N]
                            [--warm-up-rounds N]

The bench starts its own Neo4j with graph/local_server.py on free ports and a temporary data
folder, and stops it at the end. For each size, `bench/synthetic.py` builds the same workload, and
each contender loads it into an emptied graph that has fingraph's schema:

- `fingraph`: `Neo4jLoader` documents with paragraphs, entities, assertions with their SUBJECT,
  OBJECT, STATED_IN and FROM_PARAGRAPH links, then `mark_extracted` and `update_fact_edges`;
- `single-row`: the loader's own Cypher, one row per transaction, then the same fact edges, on at
  most --single-row-max assertions because it is slow;
- `bare-unwind`: the driver alone, `UNWIND` of the (subject, type, object) triples in batches of
  the loader's BATCH_SIZE, MERGE on entity ids, no documents and no provenance (the ceiling);
- `create-only`: the documents and entities as the loader writes them, then each assertion with its
  paragraph and its five links by plain CREATE in one statement. It makes no existence checks,
  so it is not idempotent, and writes no fact edges. This is the floor of fingraph's graph
  model in Cypher: the lowest cost that any Cypher writer of the same nodes and links pays;
- `graphrag-writer`: neo4j-graphrag's `Neo4jWriter` (APOC) given the same documents, paragraphs,
  entities and assertion nodes, with the same properties, their links and a typed edge per
  triple, in batches of the same size.

Each run is a fresh spawned process, so its peak resident memory (`ru_maxrss`) is the client's own;
the server's memory is not included. Building the workload is not timed. The rate is input
assertions per second of wall time, end to end.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import resource
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import Workload, make_workload  # noqa: E402
from graph import local_server  # noqa: E402
from graph.company_matching import CompanyDirectory  # noqa: E402
from graph.connection import Neo4jSettings, open_driver  # noqa: E402
from graph.fact_edges import mark_extracted, update_fact_edges  # noqa: E402
from graph.loader import (  # noqa: E402
    BATCH_SIZE,
    DOCUMENTS_CYPHER,
    ENTITIES_CYPHER,
    Neo4jLoader,
    assertion_row,
    document_row,
    entity_rows,
    paragraph_rows,
    write_assertion_batch,
    write_paragraph_batch,
)
from graph.local_server import LocalServerConfig  # noqa: E402
from graph.resolution import EntityResolver  # noqa: E402
from graph.schema import init_schema  # noqa: E402

PASSWORD = "bench-password"

# Creates each assertion's paragraph, node and links in one statement per batch. Not safe to run twice.
CREATE_ONLY_CYPHER = """
UNWIND $rows AS row
MATCH (s:Entity {id: row.subject_id})
MATCH (o:Entity {id: row.object_id})
MATCH (d:Document {id: row.document_id})
CREATE (p:Paragraph {id: row.paragraph.id, text: row.paragraph.text, section: row.paragraph.section,
                     char_start: row.paragraph.char_start, char_end: row.paragraph.char_end,
                     fingerprint: row.paragraph.fingerprint, boilerplate: row.paragraph.boilerplate,
                     speaker: row.paragraph.speaker})
CREATE (p)-[:PART_OF]->(d)
CREATE (a:Assertion)
SET a = row.properties, a.id = row.id, a.valid_at = date(row.valid_at), a.ingested_at = datetime()
CREATE (a)-[:SUBJECT]->(s), (a)-[:OBJECT]->(o), (a)-[:STATED_IN]->(d), (a)-[:FROM_PARAGRAPH]->(p)
"""

BARE_TRIPLES_CYPHER = """
UNWIND $rows AS row
MERGE (s:Entity {{id: row.subject_id}})
MERGE (o:Entity {{id: row.object_id}})
MERGE (s)-[:{relation}]->(o)
"""


def load_fingraph(driver: Any, workload: Workload) -> None:
    loader = Neo4jLoader(driver)
    loader.load_documents(workload.documents)
    loader.load_assertions(workload.assertions, EntityResolver(CompanyDirectory()))
    _derive_facts(driver, workload)


def load_single_rows(driver: Any, workload: Workload) -> None:
    resolver = EntityResolver(CompanyDirectory())
    with driver.session() as session:
        for row in [document_row(d) for d in workload.documents]:
            session.execute_write(lambda tx, r=row: tx.run(DOCUMENTS_CYPHER, rows=[r]).consume())
        for row in [row for d in workload.documents for row in paragraph_rows(d)]:
            session.execute_write(write_paragraph_batch, [row])
        for label, rows in entity_rows(workload.assertions, resolver).items():
            for row in rows:
                cypher = ENTITIES_CYPHER.format(label=label)
                session.execute_write(lambda tx, r=row, c=cypher: tx.run(c, rows=[r]).consume())
        for row in [assertion_row(a) for a in workload.assertions]:
            session.execute_write(write_assertion_batch, [row])
    _derive_facts(driver, workload)


def load_bare_triples(driver: Any, workload: Workload) -> None:
    by_relation: dict[str, list[dict[str, str]]] = {}
    for assertion in workload.assertions:
        by_relation.setdefault(assertion.type, []).append(
            {"subject_id": assertion.subject.id, "object_id": assertion.object.id})
    with driver.session() as session:
        for relation, rows in by_relation.items():
            cypher = BARE_TRIPLES_CYPHER.format(relation=relation)
            for start in range(0, len(rows), BATCH_SIZE):
                batch = rows[start:start + BATCH_SIZE]
                session.execute_write(lambda tx, b=batch: tx.run(cypher, rows=b).consume())


def load_create_only(driver: Any, workload: Workload) -> None:
    loader = Neo4jLoader(driver)
    loader.write(DOCUMENTS_CYPHER, [document_row(d) for d in workload.documents], "documents")
    for label, rows in entity_rows(workload.assertions, EntityResolver(CompanyDirectory())).items():
        loader.write(ENTITIES_CYPHER.format(label=label), rows, f"{label} entities")
    # The workload gives every assertion a paragraph of its own.
    paragraphs = {row["id"]: row for document in workload.documents for row in paragraph_rows(document)}
    rows = [{**assertion_row(a), "paragraph": paragraphs[a.paragraph_id]} for a in workload.assertions]
    loader.write(CREATE_ONLY_CYPHER, rows, "assertions with their paragraphs")


def load_graphrag_writer(driver: Any, workload: Workload) -> None:
    from neo4j_graphrag.components.kg_writer import Neo4jWriter

    graph = graphrag_graph(workload)
    writer = Neo4jWriter(driver, batch_size=BATCH_SIZE)
    result = asyncio.run(writer.run(graph))
    if result.status != "SUCCESS":
        raise SystemExit(f"neo4j-graphrag's writer failed: {result.metadata}")


def graphrag_graph(workload: Workload) -> Any:
    """Express the workload as one neo4j-graphrag graph: the nodes and links fingraph writes."""
    from neo4j_graphrag.components.types import Neo4jGraph, Neo4jNode, Neo4jRelationship

    nodes: dict[str, Neo4jNode] = {}
    relationships: list[Neo4jRelationship] = []
    for document in workload.documents:
        row = {k: v for k, v in document_row(document).items() if v is not None}
        nodes[document.id] = Neo4jNode(id=document.id, label="Document", properties=row)
        for paragraph in paragraph_rows(document):
            properties = {k: v for k, v in paragraph.items() if v is not None and k != "document_id"}
            nodes[paragraph["id"]] = Neo4jNode(id=paragraph["id"], label="Paragraph", properties=properties)
            relationships.append(Neo4jRelationship(start_node_id=paragraph["id"], end_node_id=document.id,
                                                   type="PART_OF"))
    resolver = EntityResolver(CompanyDirectory())
    for label, rows in entity_rows(workload.assertions, resolver).items():
        for entity in rows:
            properties = {"id": entity["id"], "cik": entity["cik"], "ticker": entity["ticker"],
                          "kind": entity["factor_kind"], "aliases": entity["aliases"],
                          "name": entity["canonical_name"] or entity["aliases"][0]}
            properties = {k: v for k, v in properties.items() if v is not None}
            nodes[entity["id"]] = Neo4jNode(id=entity["id"], label=label, properties=properties)
    for assertion in workload.assertions:
        # The properties of fingraph's assertion node: its id, date and provenance.
        row = assertion_row(assertion)
        properties = {**row["properties"], "id": assertion.id, "valid_at": assertion.valid_at}
        properties = {k: v for k, v in properties.items() if v is not None}
        nodes[assertion.id] = Neo4jNode(id=assertion.id, label="Assertion", properties=properties)
        links = [("SUBJECT", assertion.subject.id), ("OBJECT", assertion.object.id),
                 ("STATED_IN", assertion.document_id), ("FROM_PARAGRAPH", assertion.paragraph_id)]
        relationships += [Neo4jRelationship(start_node_id=assertion.id, end_node_id=target, type=kind)
                          for kind, target in links]
        relationships.append(Neo4jRelationship(start_node_id=assertion.subject.id,
                                               end_node_id=assertion.object.id, type=assertion.type))
    return Neo4jGraph(nodes=list(nodes.values()), relationships=relationships)


def _derive_facts(driver: Any, workload: Workload) -> None:
    profile = workload.assertions[0].profile
    mark_extracted(driver, [d.id for d in workload.documents], profile)
    update_fact_edges(driver, profile)


CONTENDERS = {
    "fingraph": load_fingraph,
    "single-row": load_single_rows,
    "bare-unwind": load_bare_triples,
    "create-only": load_create_only,
    "graphrag-writer": load_graphrag_writer,
}


def _child(name: str, uri: str, size: int, results: Any) -> None:
    logging.basicConfig(level=logging.ERROR)
    workload = make_workload(size)
    settings = Neo4jSettings(uri=uri, password=PASSWORD)
    with open_driver(settings) as driver:
        empty_graph(driver)
        started = time.perf_counter()
        CONTENDERS[name](driver, workload)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put({"seconds": seconds, "peak_mib": peak, "assertions": len(workload.assertions)})


def empty_graph(driver: Any) -> None:
    with driver.session() as session:
        # Batched deletes must run in an auto-commit transaction.
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    init_schema(driver)


def measure(name: str, uri: str, size: int) -> dict[str, Any]:
    """Run one contender on one size in a fresh spawned process; return its time and peak memory."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_child, args=(name, uri, size, results))
    process.start()
    outcome = results.get()
    process.join()
    return outcome


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="assertions per workload")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each contender per size")
    parser.add_argument("--contenders", nargs="+", default=list(CONTENDERS), choices=list(CONTENDERS))
    parser.add_argument("--single-row-max", type=int, default=2_000,
                        help="assertions the one-row-per-transaction baseline loads at most, because it is slow")
    parser.add_argument("--warm-up", type=int, default=10_000,
                        help="assertions each contender loads untimed in each warm-up round")
    parser.add_argument("--warm-up-rounds", type=int, default=3,
                        help="untimed rounds of every contender before the timed runs")
    parser.add_argument("--heap", default="2g", help="Neo4j heap size")
    parser.add_argument("--pagecache", default="1g", help="Neo4j page cache size")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    home = Path(tempfile.mkdtemp(prefix="fingraph-load-bench-"))
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password=PASSWORD)
    config = LocalServerConfig(home=home, port=settings.port, http_port=0,
                               heap=arguments.heap, pagecache=arguments.pagecache)
    local_server.start(settings, config)
    try:
        report(settings.uri, arguments)
    finally:
        local_server.stop(config)


def report(uri: str, arguments: argparse.Namespace) -> None:
    # A fresh JVM plans every query and compiles its hot paths over the first few loads. On the
    # development machine, five fingraph loads of 10,000 assertions in a row on a fresh server ran
    # at 434, 926, 1,131, 1,783 and 1,507 assertions/s, and 1,700 to 2,200 after that. So
    # every contender first loads --warm-up assertions untimed, for --warm-up-rounds rounds, and the
    # timed runs go round the contenders, so that none gets a warmer server than the others.
    for _ in range(arguments.warm_up_rounds):
        for name in arguments.contenders:
            measure(name, uri, _run_size(name, arguments.warm_up, arguments))

    results: dict[tuple[int, str], tuple[list[float], list[float]]] = {}
    for size in arguments.sizes:
        for repeat in range(arguments.repeat):
            for name in arguments.contenders:
                run_size = _run_size(name, size, arguments)
                outcome = measure(name, uri, run_size)
                rates, peaks = results.setdefault((run_size, name), ([], []))
                rates.append(outcome["assertions"] / outcome["seconds"])
                peaks.append(outcome["peak_mib"])
                print(f"{run_size:7d} {name:16} run {repeat + 1}: {outcome['seconds']:7.1f} s  "
                      f"{rates[-1]:8.0f} assertions/s  peak {peaks[-1]:5.0f} MiB", flush=True)
    rows = [(size, name, rates, max(peaks)) for (size, name), (rates, peaks) in results.items()]

    print(f"\n{'size':>7} {'contender':16} {'assertions/s median':>19} {'min':>8} {'max':>8} {'peak MiB':>9}")
    for size, name, rates, peak in rows:
        print(f"{size:7d} {name:16} {statistics.median(rates):19.0f} {min(rates):8.0f} {max(rates):8.0f} {peak:9.0f}")


def _run_size(name: str, size: int, arguments: argparse.Namespace) -> int:
    return min(size, arguments.single_row_max) if name == "single-row" else size


if __name__ == "__main__":
    main()
