"""`fingraph demo`: the main job on the local default, ending with a summary of the graph."""

from __future__ import annotations

import os
import time
from collections import Counter
from typing import Any

import click
from dagster import DagsterInstance
from neo4j import Driver
from rich.table import Table

from graph import local_server
from graph.api import check_factor, resolve_entity
from graph.connection import Neo4jSettings, open_driver
from graph.pivots import run_pivot
from pipelines import settings, stages, stored
from pipelines.definitions import materialize_corpus, run_resources
from pipelines.loading import EMBED_ON_LOAD_VARIABLE
from pipelines.demo_summary import RunMetadata, print_run_counts, run_metadata
from pipelines.render import make_console, print_rows
from pipelines.resources import FingraphPathsResource
from schemas.assertions import ExtractionProfile
from schemas.runs import SkippedDocument

console = make_console()
QUOTE_WIDTH = 70

SUMMARY_QUERIES: dict[str, str] = {
    "documents by kind": "MATCH (d:Document) RETURN d.kind AS key, count(*) AS n ORDER BY key",
    # Only the active profile's assertions: an older rules or prompt version keeps its own set.
    "assertions by relation type": (
        "MATCH (a:Assertion) WHERE a.extractor = $extractor AND a.prompt_version = $version "
        "RETURN a.type AS key, count(*) AS n ORDER BY key"
    ),
    "entities by kind": (
        "MATCH (e:Entity) RETURN [l IN labels(e) WHERE NOT l IN ['Entity', 'FactsPending']][0] AS key, count(*) AS n "
        "ORDER BY key"
    ),
    # Fact edges are the relationships between entities whose type is a registered relation.
    "fact edges by type and status": (
        "MATCH (:Entity)-[r]->(:Entity) WHERE r.status IS NOT NULL "
        "RETURN type(r) + ' ' + r.status AS key, count(*) AS n ORDER BY key"
    ),
}


@click.command()
@click.option("--company", default="NVDA", show_default=True,
              help="Ticker, CIK or name of the company whose suppliers the closing pivot lists.")
@click.option("--factor", default="export controls", show_default=True,
              help="Factor (vocabulary id or name) of the exposure and second-order exposure pivots.")
@click.option("--embed/--no-embed", default=False, show_default=True,
              help="Embed the paragraphs for the context's vector search during the run; without it, "
                   "`fingraph embed` does that later.")
def demo(company: str, factor: str, embed: bool) -> None:
    """Run the main job on the corpus (FINGRAPH_CORPUS or the team corpus) and print what was loaded."""
    if not embed:
        # Encoding the team corpus on the CPU takes longer than the rest of the run.
        # NOTE: load_run reads the switch from the environment, so it stays set in this process after the demo.
        os.environ[EMBED_ON_LOAD_VARIABLE] = "0"
    neo4j_settings = Neo4jSettings.from_env()
    ensure_neo4j(neo4j_settings)
    corpus = settings.corpus_dir()
    console.print(f"Ingesting {corpus} into {neo4j_settings.uri} (data in {settings.data_dir()})")

    started = time.monotonic()
    with DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral() as instance:
        result = materialize_corpus(
            corpus, run_resources(FingraphPathsResource(corpus_dir=str(corpus))), instance,
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            raise_on_error=False,
        )
    if not result.success:
        raise click.ClickException("the main job failed; the log above names the step and the error")
    console.print(f"\nMain job finished in {time.monotonic() - started:.0f} s.\n")

    driver = open_driver(neo4j_settings)
    try:
        print_summary(driver, neo4j_settings.database, company, factor, run_metadata(result))
    finally:
        driver.close()
    if not embed:
        console.print("\nParagraph embeddings were skipped; `fingraph embed` fills the vector index "
                      "(CPU-bound: see bench/README.md).", highlight=False)


def ensure_neo4j(neo4j_settings: Neo4jSettings) -> None:
    """Start the local Neo4j when none responds; an external NEO4J_URI must already respond."""
    if not neo4j_settings.is_local:
        open_driver(neo4j_settings).close()
        return
    config = local_server.LocalServerConfig.from_env(neo4j_settings, settings.data_dir())
    with console.status("Starting the local Neo4j..."):
        if local_server.start(neo4j_settings, config):
            console.print(f"Started the local Neo4j on {neo4j_settings.uri}.")


def graph_counts(driver: Driver, profile: ExtractionProfile, database: str | None = None) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    parameters = {"extractor": profile.extractor, "version": profile.version}
    for title, cypher in SUMMARY_QUERIES.items():
        records, _, _ = driver.execute_query(cypher, parameters, database_=database)
        counts[title] = Counter({str(r["key"]): r["n"] for r in records})
    return counts


def print_summary(driver: Driver, database: str | None, company: str, factor: str, metadata: RunMetadata) -> None:
    skipped_file = settings.data_dir() / "runs" / "skipped_documents.jsonl"
    skipped = stored.read_jsonl(skipped_file, SkippedDocument) if skipped_file.exists() else []
    profile = stages.active_profile(settings.company_tickers_file())
    console.print(f"extraction profile: {profile.key}", highlight=False)
    print_run_counts(console, metadata, skipped)
    for title, counter in graph_counts(driver, profile, database).items():
        table = Table("", "count", title=f"{title} ({sum(counter.values())})", title_justify="left")
        for key, value in counter.items():
            table.add_row(key, str(value))
        console.print(table)
    print_pivots(driver, database, company, factor)


def print_pivots(driver: Driver, database: str | None, company: str, factor: str) -> None:
    """Print three saved pivots: a company's suppliers, companies exposed to a factor, and the second-order
    exposure of companies through their suppliers.

    A company or factor that the graph lacks gets a warning with the closest names, and its tables stay empty.
    """
    for check, value in ((resolve_entity, company), (check_factor, factor)):
        try:
            check(driver, value, database=database)
        except ValueError as exc:
            console.print(f"[yellow]warning:[/yellow] {exc}", highlight=False)
    rows: list[dict[str, Any]] = run_pivot(driver, "suppliers_of", {"company": company}, database=database)
    compact = [{"supplier": r["supplier"], "status": r["status"], "first seen": r["first_seen"],
                "last seen": r["last_seen"], "documents": r["documents"], "quote": _shorten(r["quote"])}
               for r in rows]
    print_rows(console, compact, title=f"suppliers_of {company} (fingraph query suppliers_of --param company={company})")

    rows = run_pivot(driver, "exposed_to_factor", {"factor": factor}, database=database)
    compact = [{"company": r["company"], "factor": r["factor"], "direction": r["direction"],
                "channel": r["channel"], "status": r["status"], "documents": r["documents"]} for r in rows]
    print_rows(console, compact, title=f"exposed_to_factor {factor!r} "
                                       f"(fingraph query exposed_to_factor --param factor='{factor}')")

    rows = run_pivot(driver, "second_order_exposure", {"factor": factor}, database=database)
    compact = [{"company": r["company"], "supplier": r["supplier"], "factor": r["factor"],
                "direction": r["direction"], "supply quote": _shorten(r["supply_quote"])} for r in rows]
    print_rows(console, compact, title=f"second_order_exposure {factor!r} "
                                       f"(fingraph query second_order_exposure --param factor='{factor}')")


def _shorten(text: str | None, width: int = QUOTE_WIDTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"
