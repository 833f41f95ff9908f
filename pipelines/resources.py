"""Dagster resources: where the data lives, the Neo4j connection, the extractor, EDGAR and the testimony APIs.

`env_resources()` wires the environment in through `EnvVar`, so Dagster resolves each value
when a run starts and never at import. A variable that is unset when the definitions load
is left out, and the resource's default applies: the local Neo4j, the rules extractor.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dagster import ConfigurableResource, EnvVar
from neo4j import Driver

from extractors.base import Extractor
from graph.connection import DEFAULT_URI, DEFAULT_USER, LOCAL_PASSWORD, Neo4jSettings, open_driver
from pipelines import settings, stages
from pipelines.sources.congress import API_KEY_VARIABLE as CONGRESS_API_KEY_VARIABLE
from pipelines.sources.congress import CONGRESS_API
from pipelines.sources.govinfo import API_KEY_VARIABLE as GOVINFO_API_KEY_VARIABLE
from pipelines.sources.govinfo import GOVINFO_API
from schemas.assertions import ExtractionProfile

DEFAULT_MODEL = "gpt-4o-mini"


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
    """The graph database; the defaults are the project's own local server."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = None
    database: str | None = None

    def settings(self) -> Neo4jSettings:
        """Return the connection settings; raise ValueError when a remote server has no password."""
        resolved = Neo4jSettings(uri=self.uri, user=self.user, password=self.password or LOCAL_PASSWORD,
                                 database=self.database or None)
        if not resolved.is_local and not self.password:
            raise ValueError(f"NEO4J_PASSWORD is not set for NEO4J_URI={self.uri}: set it to that server's password")
        return resolved

    @contextmanager
    def driver(self) -> Iterator[Driver]:
        driver = open_driver(self.settings())
        try:
            yield driver
        finally:
            driver.close()


class ExtractorResource(ConfigurableResource):
    """The extraction pass: the LLM when an endpoint is configured, else the offline rules.

    `kind` forces one ("rules" or "llm"); unset, an API key or base URL selects the LLM.
    """

    kind: str | None = None
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    model: str = DEFAULT_MODEL

    def chosen_kind(self) -> str:
        if self.kind:
            return self.kind
        return "llm" if (self.openai_api_key or self.openai_base_url) else "rules"

    def build(self, company_tickers: Path | None, cache_dir: Path) -> Extractor:
        """Build the chosen extractor; raise ValueError for an unknown kind or an LLM without an endpoint."""
        kind = self.chosen_kind()
        if kind == "rules":
            return stages.make_rules_extractor(company_tickers)
        if kind != "llm":
            raise ValueError(f"unknown extractor {kind!r}: set the extractor resource's kind to rules or llm")
        if not (self.openai_api_key or self.openai_base_url):
            raise ValueError("the LLM extractor needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local server")
        return _llm_extractor(self.openai_api_key, self.openai_base_url, self.model, str(cache_dir))

    def profile(self, company_tickers: Path | None, cache_dir: Path) -> ExtractionProfile:
        return self.build(company_tickers, cache_dir).profile


@functools.lru_cache(maxsize=4)
def _llm_extractor(api_key: str | None, base_url: str | None, model: str, cache_dir: str) -> Extractor:
    """Build one LLM extractor per configuration, so its stats cover the whole process."""
    import openai

    from extractors.llm import LLMExtractor
    from extractors.llm.client import ChatClient, ClientSettings
    from extractors.llm.config import LOCAL_SERVER_KEY, _number, _optional_int, _optional_number
    from extractors.llm.costs import RunBudget
    from extractors.llm.tokens import load_token_counter

    # The limits and the cost cap stay plain variables, read here when the run builds its extractor.
    client_settings = ClientSettings(
        model=model,
        request_timeout=_number("FINGRAPH_LLM_TIMEOUT", 120.0),
        requests_per_minute=int(_number("FINGRAPH_LLM_RPM", 60)),
        concurrency=int(_number("FINGRAPH_LLM_CONCURRENCY", 4)),
    )
    client = openai.OpenAI(api_key=api_key or LOCAL_SERVER_KEY, base_url=base_url, max_retries=0,
                           timeout=client_settings.request_timeout)
    budget = RunBudget(model, _optional_number("FINGRAPH_MAX_COST_USD"), _optional_int("FINGRAPH_MAX_TOKENS"))
    return LLMExtractor(ChatClient(client, client_settings), Path(cache_dir), load_token_counter(model),
                        budget=budget)


class EdgarResource(ConfigurableResource):
    """SEC EDGAR access: the User-Agent SEC requires, naming a person or firm and an e-mail."""

    user_agent: str | None = None

    def require_user_agent(self) -> str:
        if not self.user_agent:
            raise ValueError("SEC_USER_AGENT is not set: set it to a name and e-mail, "
                             "e.g. 'Jane Doe jane.doe@example.com', as SEC requires")
        return self.user_agent


class GovApiResource(ConfigurableResource):
    """Keys of the api.data.gov services that serve testimony: govinfo and congress.gov.

    A key left unset here is read from its environment variable when the download runs, and a
    missing one fails that run before any request, naming the variable and where to get a key.
    """

    govinfo_api_key: str | None = None
    congress_api_key: str | None = None
    govinfo_base_url: str = GOVINFO_API
    congress_base_url: str = CONGRESS_API


def _env(name: str) -> EnvVar | None:
    """Return an EnvVar for a variable that is set, so an unset optional one keeps the default."""
    return EnvVar(name) if os.environ.get(name) else None


def _fields(**values: EnvVar | None) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def env_resources() -> dict[str, ConfigurableResource]:
    """Build the Neo4j, extractor, EDGAR and testimony API resources from the environment.

    The variables are NEO4J_*, OPENAI_*, FINGRAPH_MODEL, SEC_USER_AGENT, GOVINFO_API_KEY and
    CONGRESS_API_KEY.

    Only which variables are set is read here; Dagster reads their values when a run starts.
    """
    return {
        "neo4j": Neo4jResource(**_fields(uri=_env("NEO4J_URI"), user=_env("NEO4J_USER"),
                                         password=_env("NEO4J_PASSWORD"), database=_env("NEO4J_DATABASE"))),
        "extractor": ExtractorResource(**_fields(openai_api_key=_env("OPENAI_API_KEY"),
                                                 openai_base_url=_env("OPENAI_BASE_URL"),
                                                 model=_env("FINGRAPH_MODEL"))),
        "edgar": EdgarResource(**_fields(user_agent=_env("SEC_USER_AGENT"))),
        "gov_api": GovApiResource(**_fields(govinfo_api_key=_env(GOVINFO_API_KEY_VARIABLE),
                                            congress_api_key=_env(CONGRESS_API_KEY_VARIABLE))),
    }
