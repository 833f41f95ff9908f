"""Plain functions behind the assets: batch parsing with a skip policy, and the stage components."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from dagster import AssetExecutionContext

from extractors.base import Extractor
from extractors.parsing import parse_file
from graph.resolution import CompanyDirectory, Curation, EntityResolver
from pipelines.sources.folder import RawDocument
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
    return _unique_by_id(documents), skipped


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


@functools.lru_cache(maxsize=4)
def make_resolver(company_tickers: Path | None) -> EntityResolver:
    directory = CompanyDirectory.from_sec_tickers(company_tickers) if company_tickers else CompanyDirectory()
    if company_tickers is None:
        log.warning("no SEC company_tickers.json found: companies resolve only by the CIKs that documents state")
    return EntityResolver(directory, Curation.from_dir())


@functools.lru_cache(maxsize=2)
def make_extractor(company_tickers: Path | None) -> Extractor:
    """Build the offline rules extractor, whose company gazetteer comes from SEC's ticker file."""
    from extractors.rules import RulesExtractor

    if company_tickers is None:
        raise ValueError("SEC's company_tickers.json was not found: set FINGRAPH_REFERENCE to its path, "
                         "or place it in <FINGRAPH_DATA_DIR>/reference/")
    return RulesExtractor(company_tickers)


def active_profile(company_tickers: Path | None) -> ExtractionProfile:
    return make_extractor(company_tickers).profile
