"""Dagster resources: where the data lives, and the Neo4j connection.

Both read the environment when a run starts, never at import, so that `dagster dev` and the
tests see the variables of the run and not those of the process that imported the code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dagster import ConfigurableResource
from neo4j import Driver

from graph.connection import Neo4jSettings, open_driver
from pipelines import settings


class FingraphPathsResource(ConfigurableResource):
    """Folders of a run: the documents to ingest, the data folder and SEC's ticker reference."""

    corpus_dir: str | None = None
    data_dir: str | None = None
    company_tickers: str | None = None

    def corpus(self) -> Path:
        return Path(self.corpus_dir) if self.corpus_dir else settings.corpus_dir()

    def data(self) -> Path:
        return Path(self.data_dir) if self.data_dir else settings.data_dir()

    def tickers(self) -> Path | None:
        return Path(self.company_tickers) if self.company_tickers else settings.company_tickers_file()


class Neo4jResource(ConfigurableResource):
    """The graph database; unset fields fall back to NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD."""

    uri: str | None = None
    user: str | None = None
    password: str | None = None
    database: str | None = None

    def settings(self) -> Neo4jSettings:
        base = Neo4jSettings.from_env() if not (self.uri and self.password) else Neo4jSettings()
        return Neo4jSettings(
            uri=self.uri or base.uri, user=self.user or base.user,
            password=self.password or base.password, database=self.database or base.database,
        )

    @contextmanager
    def driver(self) -> Iterator[Driver]:
        driver = open_driver(self.settings())
        try:
            yield driver
        finally:
            driver.close()
