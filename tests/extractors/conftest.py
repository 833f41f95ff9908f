"""Fixtures of the parser tests: parsed corpus documents, each parsed once per session."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from extractors.parsing import parse_file  # noqa: E402
from schemas.documents import Document  # noqa: E402


@functools.cache
def _parse_cached(path: Path) -> tuple[Document, ...]:
    return tuple(parse_file(path))


@pytest.fixture(scope="session")
def parse_corpus(corpus: Path):
    """Return a function that parses a corpus file given its path relative to the corpus."""
    def parse(relative: str) -> tuple[Document, ...]:
        return _parse_cached(corpus / relative)

    return parse
