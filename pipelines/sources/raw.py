"""The record every source adapter yields: a file on disk with its hash and the metadata its source gives."""

from __future__ import annotations

from pydantic import BaseModel


class RawDocument(BaseModel):
    """A source file found by an adapter: where it is, what its bytes hash to, and its filing metadata.

    `cik`, `form` and `accession` are set when the source has them (EDGAR always does). `kind_hint`
    is the kind `extractors.parsing.detect_kind` found in the bytes, such as "full_submission".
    """

    path: str
    relative_path: str
    sha256: str
    size_bytes: int
    source_url: str | None = None
    cik: str | None = None
    form: str | None = None
    accession: str | None = None
    kind_hint: str | None = None
