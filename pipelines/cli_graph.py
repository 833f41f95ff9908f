"""`fingraph resolve`, `reresolve`, `load`, `query`, `context` and `embed`: identities, loading, pivots and RAG context."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from neo4j import Driver

from graph.connection import Neo4jSettings, open_driver
from graph.pivots import list_pivots, run_pivot
from graph.units import parent_refs
from pipelines import settings, stages
from pipelines.render import make_console, print_rows
from schemas.entities import EntityKind, EntityRef

if TYPE_CHECKING:
    from graph.reresolution import StoredMention

console = make_console()

# Pivot parameters that name one entity, looked up before the pivot runs.
ENTITY_PARAMETERS = frozenset({"company", "organization"})
TICKER_SHAPE = re.compile(r"^[A-Z][A-Z.\-]{0,5}$")

_KINDS = {"company": EntityKind.COMPANY, "person": EntityKind.PERSON, "factor": EntityKind.FACTOR,
          "organization": EntityKind.ORGANIZATION, "government": EntityKind.GOVERNMENT_BODY}


@click.command()
@click.argument("name")
@click.option("--kind", type=click.Choice(sorted(_KINDS)), default="company", show_default=True,
              help="What kind of entity NAME is.")
def resolve(name: str, kind: str) -> None:
    """Print the canonical id and name of NAME (a name, or for companies a ticker or CIK), and how it matched."""
    if not name.strip():
        raise click.BadParameter("an empty name names nothing", param_hint="NAME")
    resolver = stages.make_resolver(settings.company_tickers_file())
    decision = resolver.decide(_reference(name, _KINDS[kind]))
    ref = decision.ref
    console.print(f"id: {ref.id}")
    console.print(f"name: {resolver.fixed_name(ref) or ref.name}")
    # A ticker-shaped name that matches no SEC company ("OCI") is not a ticker, so it is not printed as one.
    if ref.ticker and ref.cik:
        console.print(f"ticker: {ref.ticker}")
    console.print(f"method: {ref.resolution_method} (score {ref.resolution_score})")
    parent = resolver.curation.units.get(ref.id or "")
    if kind == "company" and ref.resolution_method == "unmatched" and parent is None:
        if not resolver.directory.by_cik:
            console.print("hint: no SEC ticker file was found, so no name can match a registered company: set "
                          "FINGRAPH_REFERENCE to company_tickers.json or FINGRAPH_SHARED to the team folder",
                          highlight=False)
        else:
            console.print("hint: no SEC company matched. For a person, a government body or a factor, "
                          "pass --kind person, government or factor", highlight=False)
    if decision.rule:
        console.print(f"curation rule: {decision.rule}", highlight=False)
    if parent:
        # A registered owner is shown with its SEC name, another owner by its id only.
        owners = parent_refs([ref.id or ""], resolver)
        named = f" ({owners[0].name})" if owners else ""
        console.print(f"unit of: {parent.entity_id}{named}, by {parent.rule}", highlight=False)


def _reference(text: str, kind: EntityKind) -> EntityRef:
    """Build the reference a user means: for a company, digits are a CIK and a ticker-shaped word a ticker."""
    text = text.strip()
    if kind is EntityKind.COMPANY and text.isdigit():
        return EntityRef(name=text, kind=kind, cik=text)
    if kind is EntityKind.COMPANY and TICKER_SHAPE.match(text):
        return EntityRef(name=text, kind=kind, ticker=text)
    return EntityRef(name=text, kind=kind)


def _entity_id(driver: Driver, text: str, database: str | None) -> str:
    """Return the id of the graph entity that `text` names, trying curated aliases after exact names.

    Raises ValueError with "did you mean" candidates when neither finds an entity in the graph.
    """
    from graph.api import resolve_entity

    try:
        return resolve_entity(driver, text, database=database).id
    except ValueError as not_found:
        resolved = stages.make_resolver(settings.company_tickers_file()).resolve(_reference(text, EntityKind.COMPANY))
        try:
            return resolve_entity(driver, resolved.id or "", database=database).id
        except ValueError:
            raise not_found from None


@click.command()
@click.option("--dry-run", is_flag=True, help="Print the links that would move, and change nothing.")
def reresolve(dry_run: bool) -> None:
    """Resolve the graph's entity mentions again with the current curation files and SEC reference data.

    Each assertion whose subject or object now resolves to another entity moves to it. The
    assertions that curation suppresses are deleted, and so are the entities left without
    assertions. The fact edges are then rebuilt. Run it after editing graph/curation/.
    """
    from graph.fact_edges import rebuild_fact_edges, stored_profile
    from graph.reresolution import apply_resolution_changes, plan_moves, read_mentions

    resolver = stages.make_resolver(settings.company_tickers_file())
    neo4j_settings = Neo4jSettings.from_env()
    driver = open_driver(neo4j_settings)
    try:
        if dry_run:
            moves = plan_moves(read_mentions(driver, neo4j_settings.database), resolver)
            _print_moves(moves)
            return
        counts = apply_resolution_changes(driver, resolver, neo4j_settings.database)
        # The active extractor is built only when the graph has no single profile, because
        # building it reads the SEC ticker file.
        profile = stored_profile(driver, neo4j_settings.database)
        if profile is None:
            profile = stages.active_profile(settings.company_tickers_file())
        console.print(f"rebuilding the fact edges of profile {profile.key}", highlight=False)
        facts = rebuild_fact_edges(driver, profile, neo4j_settings.database)
    finally:
        driver.close()
    for key, value in counts.items():
        console.print(f"{key}: {value}")
    console.print(f"fact edges: {sum(facts.values())}")


def _print_moves(moves: list[tuple[StoredMention, EntityRef]]) -> None:
    """Print the planned moves grouped by surface name, old and new entity, with their link counts."""
    grouped: dict[tuple[str, str, str, str], int] = {}
    for mention, ref in moves:
        key = (mention.name, mention.entity_id, ref.id or "", ref.resolution_method or "")
        grouped[key] = grouped.get(key, 0) + 1
    rows = [{"name": name, "from": old, "to": new, "method": method, "links": links}
            for (name, old, new, method), links in sorted(grouped.items())]
    if not rows:
        console.print("no link would move: the graph matches the current resolution")
        return
    print_rows(console, rows, "links that would move")
    noun = "link" if len(moves) == 1 else "links"
    console.print(f"{len(moves)} {noun} would move; suppressed assertions are counted only when applied",
                  highlight=False)


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def load(folder: Path) -> None:
    """Load stored extraction output (the assets folder of a run) into Neo4j and rebuild fact edges."""
    from pipelines.loading import EMBED_ON_LOAD_VARIABLE, embed_on_load, load_stored_run

    counts = load_stored_run(folder, report=lambda line: console.print(line, highlight=False))
    for key, value in counts.items():
        skipped = ""
        if key == "paragraphs embedded" and not embed_on_load():
            skipped = f" (skipped: {EMBED_ON_LOAD_VARIABLE}=0)"
        console.print(f"{key}: {value}{skipped}", highlight=False)
    if not counts["documents"]:
        console.print(f"[yellow]warning:[/yellow] the stored files in {folder} contain no documents: run the "
                      "pipeline first (`make demo`), or point at the assets folder of another run",
                      highlight=False)


@click.command()
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A pivot parameter; repeat for more.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Answer as the graph stood on this date.")
@click.option("--list", "list_only", is_flag=True, help="List the saved pivots and their parameters.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON lines.")
def query(name: str | None, params: tuple[str, ...], as_of: str | None, list_only: bool, as_json: bool) -> None:
    """Run the saved pivot NAME with its parameters and print the rows with their evidence."""
    if list_only or not name:
        for pivot in list_pivots():
            console.print(f"{pivot.name}({pivot.signature}): {pivot.description}", highlight=False)
        return
    parameters = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        parameters[key] = value
    neo4j_settings = Neo4jSettings.from_env()
    driver = open_driver(neo4j_settings)
    try:
        # An unknown company or factor is an error with suggestions, not an empty result that hides a typo.
        for key in ENTITY_PARAMETERS & parameters.keys():
            parameters[key] = _entity_id(driver, parameters[key], neo4j_settings.database)
        if "factor" in parameters:
            from graph.api import check_factor

            check_factor(driver, parameters["factor"], database=neo4j_settings.database)
        rows = run_pivot(driver, name, parameters, as_of, database=neo4j_settings.database)
    finally:
        driver.close()
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, default=str))
    else:
        print_rows(console, rows, title=name)


@click.command()
@click.argument("entity")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(1, 3), help="How far to walk from ENTITY.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Export the graph as it stood on this date.")
@click.option("--format", "file_format", type=click.Choice(["graphml", "json"]), default="graphml", show_default=True,
              help="GraphML, or networkx node-link JSON.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
def export(entity: str, hops: int, as_of: str | None, file_format: str, out: Path) -> None:
    """Export the neighbourhood of ENTITY (name, ticker, CIK or id) as a networkx graph file."""
    from graph.export import export_neighbourhood, write_graphml, write_node_link_json

    neo4j_settings = Neo4jSettings.from_env()
    driver = open_driver(neo4j_settings)
    try:
        entity_id = _entity_id(driver, entity, neo4j_settings.database)
        graph = export_neighbourhood(driver, entity_id, hops, as_of, database=neo4j_settings.database)
    finally:
        driver.close()
    if not out.parent.exists():
        # Printed, so that a mistyped folder is noticed rather than left behind.
        console.print(f"created the folder {out.parent}", highlight=False)
        out.parent.mkdir(parents=True)
    (write_graphml if file_format == "graphml" else write_node_link_json)(graph, out)
    truncated = " (truncated)" if graph.graph.get("truncated") else ""
    console.print(f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges to {out}{truncated}")


@click.command()
@click.argument("entity")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Build the context as the graph stood on this date.")
@click.option("--max-tokens", default=1500, show_default=True, type=click.IntRange(50, 20000),
              help="Token budget of the block, estimated as characters / 4.")
@click.option("--json", "as_json", is_flag=True, help="Print the context as JSON, with ids, for services.")
def context(entity: str, as_of: str | None, max_tokens: int, as_json: bool) -> None:
    """Print a compact, cited block of graph facts and source paragraphs about ENTITY for an LLM prompt."""
    from graph.context import build_context

    neo4j_settings = Neo4jSettings.from_env()
    driver = open_driver(neo4j_settings)
    try:
        entity_id = _entity_id(driver, entity, neo4j_settings.database)
        block = build_context(driver, entity_id, as_of=as_of, max_tokens=max_tokens,
                              database=neo4j_settings.database)
    finally:
        driver.close()
    if as_json:
        click.echo(json.dumps(block.to_dict(), default=str))
    else:
        click.echo(block.to_text())


@click.command()
@click.option("--all", "recompute", is_flag=True,
              help="Encode every paragraph again, even those with a current embedding.")
def embed(recompute: bool) -> None:
    """Store embeddings of the graph's paragraphs that lack a current one, for the context's vector search."""
    from graph.embeddings.model import INSTALL_HINT, MODEL_VARIABLE, find_embedder
    from graph.embeddings.store import PAGE_SIZE, count_pending, embed_paragraphs
    from graph.schema import init_schema

    embedder = find_embedder()
    if embedder is None:
        raise click.ClickException(f"no embedding model is available: install one with `{INSTALL_HINT}`, "
                                   f"or unset {MODEL_VARIABLE} if it is set to none")
    neo4j_settings = Neo4jSettings.from_env()
    driver = open_driver(neo4j_settings)
    try:
        init_schema(driver, neo4j_settings.database)
        pending = count_pending(driver, embedder, recompute=recompute, database=neo4j_settings.database)
        console.print(f"{pending} paragraphs to embed with {embedder.name}; each page of "
                      f"{PAGE_SIZE} is stored as it is done, so an interrupted run keeps its work", highlight=False)
        started = time.monotonic()

        def report(done: int) -> None:
            console.print(f"  {done} of {pending} paragraphs ({time.monotonic() - started:.0f} s)", highlight=False)

        written = embed_paragraphs(driver, embedder, recompute=recompute, database=neo4j_settings.database,
                                   progress=report)
    finally:
        driver.close()
    console.print(f"embedded {written} paragraphs with {embedder.name}", highlight=False)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def serve(host: str, port: int) -> None:
    """Serve the read-only HTTP API (OpenAPI at /openapi.json); FINGRAPH_API_TOKEN, when set, is required."""
    from graph.service import serve as run_service

    run_service(host, port, Neo4jSettings.from_env())
