"""Fixtures of the extractor tests: corpus documents parsed once per session, and one rules extractor."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from extractors.parsing import parse_file
from extractors.rules import RulesExtractor
from schemas.documents import Document


@functools.cache
def _parse_cached(path: Path) -> tuple[Document, ...]:
    return tuple(parse_file(path))


@pytest.fixture(scope="session")
def parse_corpus(corpus: Path):
    """Return a function that parses a corpus file given its path relative to the corpus."""
    def parse(relative: str) -> tuple[Document, ...]:
        return _parse_cached(corpus / relative)

    return parse


@pytest.fixture(scope="session")
def rules_extractor(corpus: Path) -> RulesExtractor:
    """One extractor for the session, because loading spaCy and the gazetteer takes seconds."""
    return RulesExtractor.from_reference_dir(corpus / "reference")
