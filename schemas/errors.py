"""The exceptions fingraph raises, one subclass per stage.

    FingraphError
    ├── SourceError       fetching a document failed (EDGAR, govinfo, a folder)
    ├── ParseError        a document could not be turned into text with its dates
    ├── ExtractionError   an extractor failed on a document
    ├── ResolutionError   an entity could not be given an identity
    └── GraphLoadError    writing to or reading from Neo4j failed
        └── Neo4jUnavailable  no server answered at the configured URI

Each message names the failing value (file, accession number, CIK, window id) and what to do.
"""

from __future__ import annotations


class FingraphError(Exception):
    """Base class of every error fingraph raises on purpose."""


class SourceError(FingraphError):
    """Fetching or finding a source document failed; `accession` names the filing when there is one."""

    def __init__(self, message: str, *, accession: str | None = None) -> None:
        super().__init__(message)
        self.accession = accession


class ParseError(FingraphError):
    """A document could not be parsed; `reason` is short and stable enough to count by."""

    def __init__(self, message: str, *, path: str | None = None, reason: str = "invalid") -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason


class ExtractionError(FingraphError):
    pass


class ResolutionError(FingraphError):
    pass


class GraphLoadError(FingraphError):
    pass


class Neo4jUnavailable(GraphLoadError):
    pass
