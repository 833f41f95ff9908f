"""Records of what a run skipped or dropped, kept so that summaries and asset checks can count them."""

from __future__ import annotations

from pydantic import BaseModel


class SkippedDocument(BaseModel):
    """A source file that did not become a document: which file, a short reason code, and the message."""

    path: str
    reason: str
    message: str
