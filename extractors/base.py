"""The interface every extractor implements."""

from __future__ import annotations

from typing import Protocol

from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import Document


class Extractor(Protocol):
    """Reads one parsed document in one pass and returns its assertion candidates."""

    @property
    def profile(self) -> ExtractionProfile: ...

    def extract(self, document: Document) -> list[Assertion]: ...
