"""EXPOSED_TO patterns: factors named with effect wording, and named companies framed as a risk."""

from __future__ import annotations

from document_builders import make_document, triples

from schemas.documents import Issuer

TESLA = Issuer(name="Tesla, Inc.", cik="0001318605", ticker="TSLA")
AEGON = Issuer(name="AEGON N.V.", cik="0000769218", ticker="AEG")


def exposures(rules_extractor, text: str, issuer: Issuer) -> dict[str, dict]:
    assertions = rules_extractor.extract(make_document(text, issuer=issuer))
    return {a.object.name: a.attributes for a in assertions if a.type == "EXPOSED_TO"}


def test_commodity_prices_give_exposure(rules_extractor):
    # Tesla 10-K for 2024, Item 1A.
    text = (
        "In addition, the cost and mass production of battery cells, whether manufactured by our suppliers or "
        "by us, depends in part upon the prices and availability of raw materials such as lithium, nickel, "
        "cobalt and/or other metals."
    )

    found = exposures(rules_extractor, text, TESLA)

    assert set(found) == {"lithium", "nickel", "cobalt"}


def test_back_reference_reaches_previous_sentence(rules_extractor):
    # Tesla 10-K for 2024, Item 1.
    text = (
        "Our products use various raw materials including aluminum, steel, cobalt, lithium, nickel and copper. "
        "Pricing for these materials is governed by market conditions and may fluctuate due to various factors "
        "outside of our control, such as supply and demand and market speculation."
    )

    found = exposures(rules_extractor, text, TESLA)

    assert set(found) == {"aluminum", "steel", "cobalt", "lithium", "nickel", "copper"}


def test_positive_effect_is_beneficial(rules_extractor):
    # AEGON 20-F for 2000, Item 5.
    text = (
        "Higher average currency exchange rates to the euro (especially the US dollar and the British pound) "
        "had a positive effect of 10%."
    )

    found = exposures(rules_extractor, text, AEGON)

    assert found["British pound"]["direction"] == "beneficial"
    assert found["U.S. dollar"]["channel"] == "currency"


def test_reporting_currency_is_not_exposure(rules_extractor):
    # Tesla 10-K for 2024, Item 7A.
    text = (
        "We transact business globally in multiple currencies and hence have foreign currency risks related to "
        "our revenue, costs of revenue and operating expenses denominated in currencies other than the U.S. "
        "dollar (primarily the Chinese yuan and euro in relation to our current year operations)."
    )

    found = exposures(rules_extractor, text, TESLA)

    assert "U.S. dollar" not in found
    assert {"Chinese yuan", "euro"} <= set(found)


def test_factor_without_effect_wording_is_skipped(rules_extractor):
    # NVIDIA 10-K for fiscal 2025, Item 1.
    text = "Our supply chain is mainly concentrated in the Asia-Pacific region."

    assert rules_extractor.extract(make_document(text)) == []


def test_dependence_on_named_suppliers(rules_extractor):
    # Apple 10-K for 1997, Item 7.
    text = (
        "The Company's ability to produce and market competitive products is also dependent on the ability and "
        "desire of IBM and Motorola, the sole suppliers of the PowerPC RISC microprocessor for the Company's "
        "Macintosh computers, to supply to Company in adequate numbers microprocessors."
    )
    apple = Issuer(name="Apple Computer, Inc.", cik="0000320193", ticker="AAPL")

    found = triples(rules_extractor.extract(make_document(text, issuer=apple)))

    assert ("EXPOSED_TO", "Apple Computer, Inc.", "IBM") in found
    assert ("SUPPLIER_OF", "Motorola", "Apple Computer, Inc.") in found
