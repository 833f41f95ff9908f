"""Fixtures of the extractor tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.rules import RulesExtractor


@pytest.fixture(scope="session")
def rules_extractor(corpus: Path) -> RulesExtractor:
    """One extractor for the session, because loading spaCy and the gazetteer takes seconds."""
    return RulesExtractor.from_reference_dir(corpus / "reference")
