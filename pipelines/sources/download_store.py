"""Files of the API sources on disk: atomic writes, a manifest that marks a finished item, PDF checks.

Each item (a govinfo package, a congress.gov meeting, a transcript URL) gets its own folder. Its
`manifest.json` maps each saved file to the URL it came from and is written last, so a folder
without one is an item whose download failed part-way, and the next fetch tries it again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pipelines.sources.raw import RawDocument
from schemas.errors import SourceError

MANIFEST = "manifest.json"
# A complete PDF ends with %%EOF, possibly followed by a line ending or some padding.
_PDF_TAIL_BYTES = 1024


class DocumentFetchError(SourceError):
    """One item of an API source could not be fetched; `item_id` is its package id, meeting id or URL."""

    def __init__(self, message: str, *, item_id: str) -> None:
        super().__init__(message)
        self.item_id = item_id


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file, so a crash never leaves a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def check_pdf(data: bytes, item_id: str, url: str) -> None:
    """Raise `DocumentFetchError` unless `data` starts like a PDF and ends with %%EOF."""
    if not data.startswith(b"%PDF-"):
        raise DocumentFetchError(f"{item_id}: {url} did not return a PDF (no %PDF- header)", item_id=item_id)
    if b"%%EOF" not in data[-_PDF_TAIL_BYTES:]:
        raise DocumentFetchError(f"{item_id}: the PDF from {url} is truncated (no %%EOF at the end); "
                                 "it will be fetched again on the next run", item_id=item_id)


def read_manifest(folder: Path) -> dict[str, str] | None:
    """Return the file-to-URL map of a finished item, or None when the item is not complete."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def write_manifest(folder: Path, sources: dict[str, str]) -> None:
    write_atomic(folder / MANIFEST, json.dumps(sources, indent=2, sort_keys=True).encode())


def raw_document(path: Path, root: Path, source_url: str | None, kind_hint: str) -> RawDocument:
    """Describe a saved file as a `RawDocument`, with its hash and its path relative to `root`."""
    data = path.read_bytes()
    return RawDocument(
        path=str(path),
        relative_path=path.relative_to(root).as_posix(),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        source_url=source_url,
        kind_hint=kind_hint,
    )


def manifest_documents(folder: Path, root: Path, sources: dict[str, str], kind_hint: str) -> list[RawDocument]:
    """Return one `RawDocument` per file a manifest lists, in file-name order."""
    return [raw_document(folder / name, root, url, kind_hint) for name, url in sorted(sources.items())]
