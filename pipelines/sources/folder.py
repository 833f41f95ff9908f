"""A local folder of filings, transcripts and testimony, read in place.

The folder may be laid out as sec-edgar-downloader writes it, or hold any mix of documents. A
filing folder with a `full-submission.txt` yields only that file, because the submission already
contains its primary document and exhibits and the two would otherwise become two documents.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path

from extractors.parsing import detect
from pipelines.sources.edgar_store import FULL_SUBMISSION_NAME
from pipelines.sources.raw import RawDocument
from schemas.errors import ParseError

__all__ = ["RawDocument", "discover_folder"]

log = logging.getLogger(__name__)

# Files that describe a corpus rather than being documents of it.
NOT_DOCUMENTS = frozenset({"MANIFEST.csv", "README.md", "company_tickers.json"})
# Suffixes that are never a document fingraph reads, skipped before their bytes are read. Any
# other file, with or without a suffix, is read and kept when its content is a document.
NOT_DOCUMENT_SUFFIXES = frozenset({
    ".json", ".csv", ".md", ".py", ".zip", ".gz", ".jpg", ".jpeg", ".png", ".gif", ".css", ".js",
    ".xsd", ".xls", ".xlsx", ".partial", ".lock",
})


def discover_folder(folder: Path, known: set[str] | None = None) -> Iterator[RawDocument]:
    """Yield every document file under `folder` in a stable order, with its sha256 and detected kind.

    Files whose sha256 is in `known` are skipped, so a second run yields only new or changed files.
    A file whose content is not a document is logged at WARNING and skipped.
    """
    known = known or set()
    for path in _candidate_files(folder):
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        if sha256 in known:
            log.debug("skipping %s: already seen (sha256 %s)", path, sha256[:12])
            continue
        kind = _detect(data, path)
        if kind is None:
            continue
        yield RawDocument(
            path=str(path), relative_path=str(path.relative_to(folder)),
            sha256=sha256, size_bytes=len(data), kind_hint=kind,
        )


def _candidate_files(folder: Path) -> Iterator[Path]:
    """Yield the files worth reading, leaving out primary documents that sit beside a full submission."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name in NOT_DOCUMENTS or path.name.startswith("."):
            continue
        if path.suffix.lower() in NOT_DOCUMENT_SUFFIXES:
            log.debug("skipping %s: not a document file type", path)
            continue
        if path.name != FULL_SUBMISSION_NAME and (path.parent / FULL_SUBMISSION_NAME).is_file():
            log.debug("skipping %s: its filing's full submission is read instead", path)
            continue
        yield path


def _detect(data: bytes, path: Path) -> str | None:
    try:
        return detect.detect_kind(data, str(path))
    except ParseError as exc:
        log.warning("skipping %s: %s", path, exc)
        return None
