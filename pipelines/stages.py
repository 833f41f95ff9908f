"""Plain functions behind the assets: batch parsing with a skip policy, and the stage components."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from dagster import AssetExecutionContext

from extractors.base import Extractor
from extractors.parsing import parse_file
from graph.resolution import CompanyDirectory, Curation, EntityResolver
from pipelines import settings
from pipelines.sources.folder import RawDocument
from pipelines.sources.identity import merge_same_filings
from schemas.assertions import ExtractionProfile
from schemas.documents import Document
from schemas.errors import ParseError
from schemas.runs import SkippedDocument

log = logging.getLogger(__name__)

Progress = Callable[[int, int, Document], None]


def parse_all(raw: Sequence[RawDocument], progress: Progress | None = None,
              ) -> tuple[list[Document], list[SkippedDocument]]:
    """Parse every file; a file that fails is recorded as skipped and the batch goes on."""
    documents: list[Document] = []
    skipped: list[SkippedDocument] = []
    for index, item in enumerate(raw, start=1):
        try:
            parsed = parse_file(Path(item.path), source_url=item.source_url)
        except ParseError as exc:
            log.error("skipping %s (%s): %s", item.path, exc.reason, exc)
            skipped.append(SkippedDocument(path=item.path, reason=exc.reason, message=str(exc)))
            continue
        documents.extend(parsed)
        if progress and parsed:
            progress(index, len(raw), parsed[0])
    return merge_same_filings(_unique_by_id(documents)), skipped


def _unique_by_id(documents: list[Document]) -> list[Document]:
    """Keep one document per id: the same filing found twice (a bare primary document and its full
    submission) must not be loaded twice."""
    seen: dict[str, Document] = {}
    for document in documents:
        if document.id in seen:
            log.warning("document %s found twice (%s and %s); keeping the first",
                        document.id, seen[document.id].source_path, document.source_path)
            continue
        seen[document.id] = document
    return list(seen.values())


def log_progress(context: AssetExecutionContext, verb: str) -> Progress:
    def report(index: int, total: int, document: Document) -> None:
        context.log.info("%s %d/%d: %s", verb, index, total, document.id)
    return report


TICKER_FILE_FIX = ("Set FINGRAPH_REFERENCE to SEC's company_tickers.json or the folder that contains it, "
                   "or FINGRAPH_SHARED to the folder that contains corpus/reference/")


def _default_ticker_paths() -> str:
    return " or ".join(str(path) for path in settings.default_ticker_files())


@functools.lru_cache(maxsize=4)
def make_resolver(company_tickers: Path | None) -> EntityResolver:
    directory = CompanyDirectory.from_sec_tickers(company_tickers) if company_tickers else CompanyDirectory()
    if company_tickers is None:
        log.warning("no SEC company_tickers.json found at %s, so company names will resolve without SEC identities "
                    "(CIK and ticker) unless a document states the CIK. %s", _default_ticker_paths(), TICKER_FILE_FIX)
    return EntityResolver(directory, Curation.from_dir())


def llm_configured() -> bool:
    """Tell whether an OpenAI-compatible endpoint is configured (OPENAI_API_KEY or OPENAI_BASE_URL)."""
    return bool(os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"))


def make_extractor(company_tickers: Path | None, name: str | None = None) -> Extractor:
    """Build the extractor `name`, or by default the LLM when one is configured and the rules otherwise."""
    if name is None:
        name = "llm" if llm_configured() else "rules"
    if name == "llm":
        return make_llm_extractor(str(settings.data_dir() / "cache" / "llm"))
    if name != "rules":
        raise ValueError(f"unknown extractor {name!r}: use rules or llm")
    return make_rules_extractor(company_tickers)


@functools.lru_cache(maxsize=2)
def make_llm_extractor(cache_dir: str) -> Extractor:
    from extractors.llm import LLMExtractor

    return LLMExtractor.from_env(cache_dir=Path(cache_dir))


@functools.lru_cache(maxsize=2)
def make_rules_extractor(company_tickers: Path | None) -> Extractor:
    """Build the offline rules extractor, whose company gazetteer comes from SEC's ticker file."""
    from extractors.rules import RulesExtractor

    if company_tickers is None:
        raise ValueError(f"the rules extractor needs SEC's company_tickers.json, which was not found at "
                         f"{_default_ticker_paths()}. {TICKER_FILE_FIX}")
    return RulesExtractor(company_tickers)


def active_profile(company_tickers: Path | None) -> ExtractionProfile:
    return make_extractor(company_tickers).profile
