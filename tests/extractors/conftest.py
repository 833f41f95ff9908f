"""Fixtures of the extractor tests: corpus documents parsed once per session, one rules extractor, and LLM extractors."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from extractors.parsing import parse_file
from extractors.rules import RulesExtractor
from schemas.documents import Document

if TYPE_CHECKING:
    from extractors.llm import LLMExtractor
    from schemas.assertions import Assertion


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


@pytest.fixture
def read_last_year(llm_extractor_factory):
    """Return a function that builds an LLM extractor and has it read one earlier filing of the issuer.

    Set the fake server's responder before calling it.
    """
    from document_builders import make_document

    def read(text: str) -> LLMExtractor:
        extractor = llm_extractor_factory()
        extractor.extract(make_document(text))
        return extractor

    return read


@dataclass
class ReuseComparison:
    """A filing extracted after the one before it, with reuse, and again in a full pass."""

    with_reuse: list[Assertion]
    reuse_calls: int
    full: list[Assertion]
    full_calls: int
    document: Document
    reusing: LLMExtractor


@pytest.fixture
def compare_with_full_pass(fake_openai, llm_extractor_factory, parse_corpus, tmp_path: Path):
    """Return a function that extracts a corpus filing after an earlier one, and again without reuse."""
    def compare(earlier: str, later: str) -> ReuseComparison:
        last_year = parse_corpus(earlier)[0]
        this_year = parse_corpus(later)[0]
        reusing = llm_extractor_factory(tmp_path / "reuse")
        reusing.extract(last_year)
        before = fake_openai.calls
        with_reuse = reusing.extract(this_year)
        middle = fake_openai.calls
        full = llm_extractor_factory(tmp_path / "full").extract(this_year)
        return ReuseComparison(with_reuse, middle - before, full, fake_openai.calls - middle, this_year, reusing)

    return compare
