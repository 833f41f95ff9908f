"""Companies that the small NER model tags as people or places, on sentences quoted from the corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from document_builders import make_document, triples

from extractors.rules.context import build_context
from extractors.rules.mentions import Mention, find_mentions
from extractors.rules.pipeline import company_patterns, load_pipeline
from extractors.rules.reference import TICKER_FILE, CompanyIndex, load_company_index, read_unregistered_companies
from schemas.documents import Issuer
from schemas.entities import EntityKind
from schemas.names import normalize_company_name

NVIDIA_NAME = "NVIDIA Corporation"
WALMART = Issuer(name="Walmart Inc.", cik="0000104169", ticker="WMT")


@pytest.fixture(scope="module")
def company_index(corpus: Path) -> CompanyIndex:
    return load_company_index(corpus / "reference" / TICKER_FILE)


@pytest.fixture(scope="module")
def read_mentions(company_index: CompanyIndex) -> Callable[[str], list[Mention]]:
    """Return a function that finds the mentions of one sentence, as the rules extractor does."""
    nlp = load_pipeline(company_index)

    def read(text: str) -> list[Mention]:
        context = build_context(make_document(text), company_index)
        return find_mentions(nlp(text), context)

    return read


def kind_of(mentions: list[Mention], text: str) -> EntityKind | None:
    return next((m.kind for m in mentions if m.text == text), None)


def test_memory_maker_tagged_person_supplies(rules_extractor):
    # NVIDIA 10-K for fiscal 2023, Item 1. NER tags "SK Hynix" as a person.
    text = (
        "We purchase substrates from Ibiden Co. Ltd., Kinsus Interconnect Technology Corporation, and Unimicron "
        "Technology Corporation, and memory from Micron Technology, Samsung Semiconductor, Inc., or Samsung, and "
        "SK Hynix."
    )

    assertions = rules_extractor.extract(make_document(text))

    assert ("SUPPLIER_OF", "SK Hynix", NVIDIA_NAME) in triples(assertions)
    hynix = next(a for a in assertions if a.subject.name == "SK Hynix")
    assert hynix.subject.kind == EntityKind.COMPANY
    assert hynix.subject.cik is None
    assert hynix.attributes["product"] == "memory"


def test_manufacturer_tagged_place_is_company(read_mentions):
    # NVIDIA earnings call of 2025-02-26. NER tags "Foxconn" as a place.
    text = (
        "The world's largest electronics manufacturer, Foxconn, is using NVIDIA Omniverse to power digital "
        "twins of the physical plants that produce NVIDIA Blackwell systems."
    )

    assert kind_of(read_mentions(text), "Foxconn") == EntityKind.COMPANY


def test_person_span_before_legal_form(read_mentions):
    # Walmart 10-K for fiscal 2025, Item 3.
    text = (
        "On December 23, 2024, the Consumer Financial Protection Bureau (\"CFPB\") filed a lawsuit against the "
        "Company and Branch Messenger, Inc. in the District of Minnesota alleging the Company violated the "
        "Consumer Financial Protection Act."
    )

    mentions = read_mentions(text)

    assert kind_of(mentions, "Branch Messenger, Inc.") == EntityKind.COMPANY
    assert not any(m.kind == EntityKind.PERSON for m in mentions)


def test_person_span_with_company_word(read_mentions):
    # AEGON 20-F for 2000, Item 6.
    text = (
        "He is a member of the Supervisory Boards of eight Dutch companies, among which Randstad Holding and "
        "Samas Groep, and of the Boards of Pharmacia (New York, USA) and Dresdner Endowment Policy Trust Plc."
    )

    assert kind_of(read_mentions(text), "Samas Groep") == EntityKind.COMPANY


def test_acquired_company_tagged_person(rules_extractor):
    # Walmart 10-K for fiscal 2025, Item 7.
    text = (
        "During fiscal 2023, we completed a $0.4 billion buyout of the noncontrolling interest shareholders of "
        "our Massmart subsidiary and completed a $0.4 billion acquisition of Alert Innovation, bringing our "
        "ownership to approximately 100% of both Massmart and Alert Innovation."
    )

    found = triples(rules_extractor.extract(make_document(text, issuer=WALMART)))

    assert ("ACQUIRED", "Walmart Inc.", "Alert Innovation") in found


def test_officer_stays_person(read_mentions):
    # NVIDIA 10-K for fiscal 2025, Item 1.
    text = "Colette M. Kress joined NVIDIA in 2013 as Executive Vice President and Chief Financial Officer."

    assert kind_of(read_mentions(text), "Colette M. Kress") == EntityKind.PERSON


def test_unregistered_names_not_in_ticker_file(company_index: CompanyIndex):
    names = read_unregistered_companies()

    registered = [name for name in names if normalize_company_name(name) not in company_index.unregistered]
    assert registered == []
    assert len(company_index.unregistered) == len(names)


def test_unregistered_acronym_matches_capitals_only(company_index: CompanyIndex):
    patterns = {p["id"]: p["pattern"] for p in company_patterns(company_index)}

    assert patterns["ZTE"] == [{"ORTH": "ZTE"}]
    assert patterns["SK Hynix"] == "SK Hynix"
