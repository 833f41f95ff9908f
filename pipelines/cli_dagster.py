"""`fingraph partitions`: register the corpus's partition keys in the Dagster instance."""

from __future__ import annotations

import os
from pathlib import Path

import click


@click.command()
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of documents (default: FINGRAPH_CORPUS, else ../shared/corpus).")
def partitions(corpus_dir: Path | None) -> None:
    """Add a partition key for each document kind and filing month found in the corpus.

    The sensor does the same when it runs; this command lets a whole-corpus materialization
    start from the command line. It prints the key range and the command that materializes it.
    """
    from dagster import DagsterInstance

    from pipelines.definitions import add_corpus_partitions
    from pipelines.settings import corpus_dir as configured_corpus

    if not os.environ.get("DAGSTER_HOME"):
        raise ValueError("DAGSTER_HOME is not set: export DAGSTER_HOME=$PWD/.data/dagster (make setup creates it)")
    folder = corpus_dir or configured_corpus()
    with DagsterInstance.get() as instance:
        keys = add_corpus_partitions(instance, folder)
    click.echo(f"{len(keys)} partition keys in the instance, from {keys[0]} to {keys[-1]} (corpus {folder})")
    click.echo("materialize them in one run with:")
    click.echo(f"  .venv/bin/dagster asset materialize -m pipelines.definitions --select '*fact_edges' "
               f"--partition-range '{keys[0]}...{keys[-1]}'")
