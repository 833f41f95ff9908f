"""Fixtures of the extractor tests: corpus documents parsed once per session, and one rules extractor."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from extractors.parsing import parse_file
from extractors.rules import RulesExtractor
from schemas.documents import Document


@functools.cache
def _parse_cached(path: Path) -> tuple[Document, ...]:
    return tuple(parse_file(path))


@pytest.fixture(scope="session")
def parse_corpus(corpus: Path):
    """Return a function that parses a corpus file given its path relative to the corpus."""
    def parse(relative: str) -> tuple[Document, ...]:
        return _parse_cached(corpus / relative)

    return parse


@pytest.fixture(scope="session")
def rules_extractor(corpus: Path) -> RulesExtractor:
    """One extractor for the session, because loading spaCy and the gazetteer takes seconds."""
    return RulesExtractor.from_reference_dir(corpus / "reference")


@pytest.fixture
def fake_openai():
    """A local OpenAI-compatible server that counts requests; see `llm_fakes.FakeOpenAI`."""
    from llm_fakes import FakeOpenAI

    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def llm_extractor_factory(fake_openai, tmp_path: Path):
    """Return a function that builds an LLMExtractor against the fake server, with tiny backoff delays.

    The built extractor records the delays it would have slept in `extractor.sleeps`.
    """
    import openai

    from extractors.llm import LLMExtractor
    from extractors.llm.client import ChatClient, ClientSettings
    from extractors.llm.costs import RunBudget
    from extractors.llm.tokens import EstimatedTokenCounter

    clients: list[openai.OpenAI] = []

    def build(cache_dir: Path | None = None, *, window_tokens: int = 3000, max_cost_usd: float | None = None,
              timeout: float = 5.0, concurrency: int = 2) -> LLMExtractor:
        client = openai.OpenAI(api_key="test-key", base_url=fake_openai.url, max_retries=0)
        clients.append(client)
        sleeps: list[float] = []
        settings = ClientSettings(model="gpt-4o-mini", request_timeout=timeout, backoff_base=0.001,
                                  backoff_max=0.01, requests_per_minute=0, concurrency=concurrency)
        chat = ChatClient(client, settings, sleep=sleeps.append)
        extractor = LLMExtractor(chat, cache_dir or tmp_path / "llm-cache", EstimatedTokenCounter(),
                                 window_tokens=window_tokens, budget=RunBudget("gpt-4o-mini", max_cost_usd))
        extractor.sleeps = sleeps  # type: ignore[attr-defined]
        return extractor

    yield build
    for client in clients:
        client.close()
