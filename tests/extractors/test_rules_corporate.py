"""ACQUIRED and SUBSIDIARY_OF patterns."""

from __future__ import annotations

from document_builders import make_document, triples

from schemas.documents import Issuer

WALMART = Issuer(name="Walmart Inc.", cik="0000104169", ticker="WMT")
AEGON = Issuer(name="AEGON N.V.", cik="0000769218", ticker="AEG")


def test_completed_acquisition_with_value(rules_extractor):
    # Walmart 10-K for fiscal 2025, Item 7.
    text = (
        "In December 2024, the Walmart U.S. segment completed the acquisition of VIZIO Holding Corp. for net "
        "cash consideration of $1.9 billion."
    )

    (assertion,) = rules_extractor.extract(make_document(text, issuer=WALMART))

    assert (assertion.type, assertion.subject.name, assertion.object.name) == ("ACQUIRED", "Walmart Inc.", "VIZIO Holding Corp.")
    assert assertion.attributes["value"] == "$1.9 billion"


def test_named_acquirer_wins_over_issuer(rules_extractor):
    # AEGON 20-F for 2000, Item 4.
    text = (
        "With the acquisition of HS Administrative Services in 2000, AEGON UK acquired a leading provider of "
        "third-party pension administration services for large blue chip corporate clients."
    )

    found = triples(rules_extractor.extract(make_document(text, issuer=AEGON)))

    assert found == {("ACQUIRED", "AEGON UK", "HS Administrative Services")}


def test_our_named_subsidiary(rules_extractor):
    # Walmart 10-K for fiscal 2025, Item 7.
    text = (
        "In December 2022, we increased our ownership in PhonePe as part of the separation from our "
        "majority-owned Flipkart subsidiary."
    )

    found = triples(rules_extractor.extract(make_document(text, issuer=WALMART)))

    assert found == {("SUBSIDIARY_OF", "Flipkart", "Walmart Inc.")}


def test_its_subsidiary_points_to_named_parent(rules_extractor):
    # AEGON 20-F for 2000, Item 4.
    text = (
        "AEGON UK, through its subsidiary Scottish Equitable plc, in the United Kingdom, is a leading provider "
        "of pension and personal investment products, distributed via Independent Financial Advisors."
    )

    found = triples(rules_extractor.extract(make_document(text, issuer=AEGON)))

    assert ("SUBSIDIARY_OF", "Scottish Equitable plc", "AEGON UK") in found
