"""Run an extractor over many documents, once per (document content, extraction profile).

Results are cached on disk under the profile's key, so a re-run reads the cache instead of
extracting again; a new rules or prompt version writes a new cache beside the old one.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractors.base import Extractor
from extractors.structured import subsidiary_assertions
from schemas.assertions import Assertion
from schemas.documents import Document
from schemas.errors import ExtractionError

log = logging.getLogger(__name__)


@dataclass
class ExtractionStats:
    documents: int = 0
    extracted: int = 0
    from_cache: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def _cache_path(cache_dir: Path, extractor: Extractor, document: Document) -> Path:
    profile = hashlib.sha256(extractor.profile.key.encode()).hexdigest()[:16]
    key = hashlib.sha256(f"{document.id}\n{document.sha256}".encode()).hexdigest()[:32]
    return cache_dir / profile / f"{key}.jsonl"


def extract_documents(documents: Sequence[Document], extractor: Extractor, cache_dir: Path,
                      progress: Callable[[int, int, Document], None] | None = None,
                      ) -> tuple[list[Assertion], ExtractionStats]:
    """Extract every document, reading cached results where the same profile already ran."""
    stats = ExtractionStats()
    assertions: list[Assertion] = []
    for index, document in enumerate(documents, start=1):
        stats.documents += 1
        path = _cache_path(cache_dir, extractor, document)
        if path.exists():
            found = [Assertion.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
            stats.from_cache += 1
        else:
            try:
                found = [a if a.id else a.with_id() for a in extractor.extract(document)]
                found += subsidiary_assertions(document, extractor.profile)
            except ExtractionError as exc:
                log.error("extraction failed for document %s, skipping it: %s", document.id, exc)
                stats.failed.append((document.id, str(exc)))
                continue
            # A partial result (an LLM window failed or hit the cost cap) is not cached, so that
            # the next run retries the missing windows; the LLM reply cache makes the rest free.
            if not _is_partial(extractor, document):
                _write_cache(path, found)
            stats.extracted += 1
        assertions.extend(found)
        if progress:
            progress(index, len(documents), document)
    log.info("extracted %d documents (%d from cache): %d assertions",
             stats.documents, stats.from_cache, len(assertions))
    return assertions, stats


def _is_partial(extractor: Extractor, document: Document) -> bool:
    is_partial = getattr(extractor, "is_partial", None)
    return bool(is_partial and is_partial(document.id))


def _write_cache(path: Path, assertions: list[Assertion]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text("".join(a.model_dump_json() + "\n" for a in assertions), encoding="utf-8")
    os.replace(partial, path)

