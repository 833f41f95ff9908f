"""Names that the small NER model tags as people: currencies in lists and "<company> acquisition"."""

from __future__ import annotations

from document_builders import make_document, triples

from schemas.documents import Issuer

AMAZON = Issuer(name="Amazon.com, Inc.", cik="0001018724", ticker="AMZN")
AEGON = Issuer(name="AEGON N.V.", cik="0000769218", ticker="AEG")


def test_capitalized_currencies_tagged_as_people_become_factors(rules_extractor):
    # Amazon 10-K for 2024, Item 1A: NER tags "Euros" and "Japanese Yen" as people.
    text = (
        "We also hold cash equivalents and/or marketable securities in foreign currencies such as British Pounds, "
        "Canadian Dollars, Euros, and Japanese Yen. When the U.S. Dollar strengthens compared to these currencies, "
        "cash equivalents, and marketable securities balances, when translated, may be materially less than "
        "expected and vice versa."
    )

    found = triples(rules_extractor.extract(make_document(text, issuer=AMAZON)))

    assert ("EXPOSED_TO", "Amazon.com, Inc.", "euro") in found
    assert ("EXPOSED_TO", "Amazon.com, Inc.", "Japanese yen") in found


def test_honorific_keeps_a_currency_surname_a_person(rules_extractor):
    text = "Mr. Sterling, our Chief Financial Officer, said that a stronger dollar may adversely affect our results."

    found = triples(rules_extractor.extract(make_document(text, issuer=AMAZON)))

    assert not any(obj == "British pound" for _, _, obj in found)


def test_company_tagged_as_person_before_acquisition(rules_extractor):
    # AEGON 20-F for 2000, Item 5: NER tags "Transamerica" as a person.
    for text in (
        "Valued at USD 10.8 billion, the Transamerica acquisition was the second largest insurance transaction "
        "to date in US history.",
        "The non-insurance operations acquired with the Transamerica acquisition include lending, leasing and "
        "real estate services.",
    ):
        found = triples(rules_extractor.extract(make_document(text, issuer=AEGON)))

        assert ("ACQUIRED", "AEGON N.V.", "Transamerica") in found, text

