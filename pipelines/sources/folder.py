"""A local folder of filings, transcripts and testimony, read in place."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

log = logging.getLogger(__name__)

# Files that describe a corpus rather than being documents of it.
NOT_DOCUMENTS = frozenset({"MANIFEST.csv", "README.md", "company_tickers.json"})
DOCUMENT_SUFFIXES = frozenset({".txt", ".htm", ".html", ".xml", ".pdf", ".nc"})


class RawDocument(BaseModel):
    """A source file found by an adapter: where it is and what its bytes hash to."""

    path: str
    relative_path: str
    sha256: str
    size_bytes: int
    source_url: str | None = None


def discover_folder(folder: Path) -> Iterator[RawDocument]:
    """Yield every document file under `folder` in a stable order, hashing each one."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name in NOT_DOCUMENTS or path.name.startswith("."):
            continue
        if path.suffix.lower() not in DOCUMENT_SUFFIXES:
            log.debug("skipping %s: not a document file type", path)
            continue
        data = path.read_bytes()
        yield RawDocument(
            path=str(path), relative_path=str(path.relative_to(folder)),
            sha256=hashlib.sha256(data).hexdigest(), size_bytes=len(data),
        )
