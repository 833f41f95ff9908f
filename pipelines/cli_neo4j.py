"""`fingraph neo4j start|stop|status|init`: the local server, or the one NEO4J_URI names."""

from __future__ import annotations

import click

from graph import local_server
from graph.connection import Neo4jSettings, open_driver
from graph.schema import init_schema, server_summary
from pipelines import settings
from pipelines.render import make_console

console = make_console()


def _local(neo4j_settings: Neo4jSettings) -> local_server.LocalServerConfig:
    return local_server.LocalServerConfig.from_env(neo4j_settings, settings.data_dir())


@click.group()
def neo4j() -> None:
    """Run and inspect the graph database (the project's local Neo4j unless NEO4J_URI names another)."""


@neo4j.command()
@click.option("--timeout", default=local_server.START_TIMEOUT_SECONDS, show_default=True,
              help="Seconds to wait for Bolt to accept connections.")
def start(timeout: float) -> None:
    """Start the local Neo4j in the background and wait until it responds; do nothing if one already does."""
    neo4j_settings = Neo4jSettings.from_env()
    if not neo4j_settings.is_local:
        open_driver(neo4j_settings).close()
        console.print(f"NEO4J_URI points to {neo4j_settings.uri}, which responds; no local server started.")
        return
    config = _local(neo4j_settings)
    if local_server.start(neo4j_settings, config, timeout=timeout):
        console.print(f"Neo4j started on {neo4j_settings.uri} (data in {config.home}, log in {config.log_file})")
    else:
        console.print(f"Neo4j already responds on {neo4j_settings.uri}; nothing started.")


@neo4j.command()
def stop() -> None:
    """Stop the local Neo4j of the data folder cleanly if it listens on NEO4J_URI's port; its data stays."""
    neo4j_settings = Neo4jSettings.from_env()
    if not neo4j_settings.is_local:
        console.print(f"NEO4J_URI points to {neo4j_settings.uri}; fingraph only stops its own local server.")
        return
    if local_server.stop(_local(neo4j_settings)):
        console.print("Neo4j stopped.")
    else:
        console.print("No local Neo4j of fingraph was running.")


@neo4j.command()
def status() -> None:
    """Print the URI, the Neo4j version and the node and relationship counts."""
    neo4j_settings = Neo4jSettings.from_env()
    driver = open_driver(neo4j_settings)
    try:
        summary = server_summary(driver, neo4j_settings.database)
    finally:
        driver.close()
    console.print(f"uri: {neo4j_settings.uri}")
    console.print(f"version: Neo4j {summary['version']} {summary['edition']}")
    console.print(f"nodes: {summary['nodes']}")
    console.print(f"relationships: {summary['relationships']}")


@neo4j.command()
def init() -> None:
    """Create the constraints and indexes of the graph model; safe to run again."""
    neo4j_settings = Neo4jSettings.from_env()
    driver = open_driver(neo4j_settings)
    try:
        init_schema(driver, neo4j_settings.database)
    finally:
        driver.close()
    console.print("Constraints and indexes are in place.")
