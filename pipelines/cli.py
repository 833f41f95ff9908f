"""The `fingraph` command line: local Neo4j, parsing, extraction, resolution, loading and pivots."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click
from neo4j.exceptions import Neo4jError

from pipelines import cli_dagster, cli_graph, cli_neo4j, demo
from pipelines.render import make_console
from schemas.errors import FingraphError

console = make_console()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fingraph", prog_name="fingraph", message="%(prog)s %(version)s")
@click.option("-v", "--verbose", count=True, help="Log more: -v for INFO, -vv for DEBUG.")
def cli(verbose: int) -> None:
    """fingraph: financial documents into a time-stamped knowledge graph in Neo4j."""
    levels = {0: logging.WARNING, 1: logging.INFO}
    level = levels.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


cli.add_command(cli_neo4j.neo4j)
cli.add_command(cli_graph.resolve)
cli.add_command(cli_graph.reresolve)
cli.add_command(cli_graph.load)
cli.add_command(cli_graph.query)
cli.add_command(cli_graph.export)
cli.add_command(cli_graph.context)
cli.add_command(cli_graph.embed)
cli.add_command(cli_graph.serve)
cli.add_command(demo.demo)
cli.add_command(cli_dagster.partitions)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the whole parsed document as JSON.")
def parse(file: Path, as_json: bool) -> None:
    """Parse FILE and print its metadata, sections and paragraph counts."""
    from extractors.parsing import parse_file
    from pipelines.render import print_document

    documents = parse_file(file)
    if as_json:
        for document in documents:
            click.echo(document.model_dump_json())
        return
    for document in documents:
        print_document(console, document)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--extractor", type=click.Choice(["rules", "llm"]), default=None,
              help="Which extractor reads the document [default: llm when OPENAI_API_KEY or "
                   "OPENAI_BASE_URL is set, else rules].")
@click.option("--json", "as_json", is_flag=True, help="Print one assertion per line as JSON.")
def extract(file: Path, extractor: str | None, as_json: bool) -> None:
    """Parse FILE, extract its assertions, verify them and print them with their quotes."""
    from extractors.grounding import verify
    from extractors.parsing import parse_file
    from pipelines import settings, stages
    from pipelines.render import print_assertions

    engine = stages.make_extractor(settings.company_tickers_file(), extractor)
    for document in parse_file(file):
        result = verify(engine.extract(document), document)
        if as_json:
            for assertion in result.kept:
                click.echo(assertion.model_dump_json())
        else:
            print_assertions(console, document, result.kept, result.dropped)


@cli.command(name="eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold passages (one JSON file each).")
@click.option("--extractor", type=click.Choice(["rules", "llm"]), default=None,
              help="Which extractor to score [default: llm when configured, else rules].")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
def evaluate(gold_dir: Path, extractor: str | None, as_json: bool) -> None:
    """Score an extractor against hand-labelled gold passages: precision, recall and F1."""
    from extractors.evaluation import evaluate, load_gold, render_table
    from pipelines import settings, stages

    passages = load_gold(gold_dir)
    if not passages:
        raise click.BadParameter(f"no gold passages (*.json) in {gold_dir}", param_hint="--gold")
    report = evaluate(stages.make_extractor(settings.company_tickers_file(), extractor), passages)
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        for line in render_table(report):
            console.print(line, markup=False, highlight=False)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except (FingraphError, ValueError) as exc:
        _fail(str(exc))
    except KeyError as exc:
        # Registry and pivot lookups raise KeyError with a full sentence as their only argument.
        _fail(str(exc.args[0]) if exc.args else repr(exc))
    except Neo4jError as exc:
        _fail(f"Neo4j rejected the request ({exc.code}): {exc.message}")


def _fail(message: str) -> None:
    console.print("[red]error:[/red] ", end="", markup=True)
    console.print(message, markup=False, highlight=False)
    sys.exit(1)
