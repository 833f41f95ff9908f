"""Assertions: one typed, evidence-backed statement extracted from a document."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field

from schemas.entities import EntityRef


class ExtractionProfile(BaseModel):
    """What produced an assertion: extractor, model and prompt or rules version.

    The profile is part of the assertion id and of every cache key, so a new prompt adds a new
    set of assertions instead of overwriting the old.
    """

    model_config = ConfigDict(frozen=True)

    extractor: str
    model: str | None = None
    version: str

    @property
    def key(self) -> str:
        return f"{self.extractor}:{self.model or '-'}:{self.version}"


AttributeValue = str | bool | float | int | None


class Assertion(BaseModel):
    """A typed triple with the verbatim quote at a char span of its document's text."""

    id: str = ""
    type: str
    subject: EntityRef
    object: EntityRef
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)
    quote: str
    char_start: int
    char_end: int
    document_id: str
    section: str | None = None
    paragraph_id: str | None = None
    valid_at: dt.date | None = None
    confidence: float = 0.5
    extractor: str
    model: str | None = None
    prompt_version: str

    @property
    def profile(self) -> ExtractionProfile:
        return ExtractionProfile(extractor=self.extractor, model=self.model, version=self.prompt_version)

    def with_id(self) -> Assertion:
        """Return a copy whose id is the deterministic hash of what the assertion states and where."""
        return self.model_copy(update={"id": assertion_id(self)})


def assertion_id(assertion: Assertion) -> str:
    """Hash the fact, its evidence span and the extraction profile into a stable id.

    The surface names, not the resolved ids, go into the hash, so that an improved resolution
    moves an assertion to another entity without changing its identity.
    """
    key = json.dumps(
        [
            assertion.type,
            assertion.subject.name,
            assertion.subject.kind,
            assertion.object.name,
            assertion.object.kind,
            assertion.document_id,
            assertion.char_start,
            assertion.char_end,
            assertion.profile.key,
        ],
        ensure_ascii=True,
    )
    return "a:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
