"""A person stays a person when a title that opens with a legal-form word follows the name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from document_builders import make_document

from extractors.rules.context import build_context
from extractors.rules.mentions import Mention, find_mentions
from extractors.rules.pipeline import load_pipeline
from extractors.rules.reference import TICKER_FILE, CompanyIndex, load_company_index
from schemas.entities import EntityKind


@pytest.fixture(scope="module")
def read_mentions(corpus: Path) -> Callable[[str], list[Mention]]:
    """Return a function that finds the mentions of one sentence, as the rules extractor does."""
    company_index: CompanyIndex = load_company_index(corpus / "reference" / TICKER_FILE)
    nlp = load_pipeline(company_index)

    def read(text: str) -> list[Mention]:
        return find_mentions(nlp(text), build_context(make_document(text), company_index))

    return read


@pytest.mark.parametrize("text", [
    "Sylvia Hinds-Radix, Corporation Counsel of the City of New York, testified before the committee.",
    "Jane Doe, Limited Partner of the fund, signed the agreement.",
])
def test_title_after_person_keeps_person(read_mentions, text):
    mentions = read_mentions(text)

    name = text.split(",")[0]
    kinds = {m.entity.kind for m in mentions if m.text.startswith(name)}
    assert kinds == {EntityKind.PERSON}
