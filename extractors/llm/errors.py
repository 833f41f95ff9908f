"""Errors of the LLM extractor.

    FingraphError
    ├── ExtractionError
    │   └── WindowFailedError   one window got no usable reply; its document is marked partial
    └── LLMServiceError         the service rejects every request (credentials, model, quota)
        └── QuotaExceededError  HTTP 429 with code insufficient_quota

`LLMServiceError` is not an `ExtractionError` on purpose: the runner skips a document that
raises `ExtractionError` and goes on, but no later document can succeed either, so the run stops.
"""

from __future__ import annotations

from schemas.errors import ExtractionError, FingraphError


class WindowFailedError(ExtractionError):
    """A window's request failed after its retries, or was rejected as invalid."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class LLMServiceError(FingraphError):
    pass


class QuotaExceededError(LLMServiceError):
    pass
