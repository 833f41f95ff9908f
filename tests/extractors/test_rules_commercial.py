"""Supplier, customer and competitor patterns on sentences quoted from corpus filings and calls."""

from __future__ import annotations

import pytest
from document_builders import make_document, triples

from schemas.documents import DocumentKind, Issuer

APPLE = Issuer(name="Apple Inc.", cik="0000320193", ticker="AAPL")
NVIDIA_NAME = "NVIDIA Corporation"

# NVIDIA 10-K for fiscal 2025, Item 1.
FOUNDRY_SENTENCE = (
    "We utilize foundries, such as Taiwan Semiconductor Manufacturing Company Limited, or TSMC, and "
    "Samsung Electronics Co., Ltd., or Samsung, to produce our semiconductor wafers. "
    "We purchase memory from SK Hynix Inc., Micron Technology, Inc., and Samsung."
)
# Apple 8-K of 2019-11-15, Item 8.01.
UNDERWRITERS_SENTENCE = (
    "On November 15, 2019, Apple Inc. (\u201cApple\u201d) consummated the issuance and sale of notes "
    "pursuant to an underwriting agreement dated November 7, 2019 among Apple and Goldman Sachs & Co. LLC, "
    "Barclays Bank PLC, BNP Paribas and J.P. Morgan Securities plc, as representatives of the several "
    "underwriters named therein."
)


def test_supplier_list_after_foundries(rules_extractor):
    found = triples(rules_extractor.extract(make_document(FOUNDRY_SENTENCE)))

    assert ("SUPPLIER_OF", "Taiwan Semiconductor Manufacturing Company Limited", NVIDIA_NAME) in found
    assert ("SUPPLIER_OF", "SK Hynix Inc.", NVIDIA_NAME) in found
    assert ("SUPPLIER_OF", "Micron Technology, Inc.", NVIDIA_NAME) in found


def test_supplier_alias_resolves_to_full_name(rules_extractor):
    found = triples(rules_extractor.extract(make_document(FOUNDRY_SENTENCE)))

    assert ("SUPPLIER_OF", "Samsung Electronics Co., Ltd.", NVIDIA_NAME) in found
    assert not any(subject in ("Samsung", "TSMC") for _, subject, _ in found)


def test_supplier_product_from_purchase(rules_extractor):
    assertions = rules_extractor.extract(make_document(FOUNDRY_SENTENCE))

    hynix = next(a for a in assertions if a.subject.name == "SK Hynix Inc.")
    assert hynix.attributes["product"] == "memory"


def test_underwriters_supply_issuer(rules_extractor):
    document = make_document(UNDERWRITERS_SENTENCE, issuer=APPLE)

    found = triples(rules_extractor.extract(document))

    for bank in ("Goldman Sachs & Co. LLC", "Barclays Bank PLC", "BNP Paribas", "J.P. Morgan Securities plc"):
        assert ("SUPPLIER_OF", bank, "Apple Inc.") in found


def test_anonymised_customers_give_nothing(rules_extractor):
    # NVIDIA 10-K for fiscal 2025, Item 1A.
    text = (
        "Sales to direct Customers A, B and C represented 12%, 11% and 11% of total revenue, respectively, "
        "for fiscal year 2025, all of which were primarily attributable to the Compute & Networking segment."
    )

    assert rules_extractor.extract(make_document(text)) == []


def test_competitor_list_with_aliases(rules_extractor):
    # NVIDIA 10-K for fiscal 2025, Item 1.
    text = (
        "Our current competitors include: \u2022suppliers and licensors of hardware and software for discrete "
        "and integrated GPUs, custom chips and other accelerated computing solutions, including solutions offered "
        "for AI, such as Advanced Micro Devices, Inc., or AMD, Huawei Technologies Co. Ltd., or Huawei, and "
        "Intel Corporation, or Intel; \u2022suppliers of Arm-based CPUs, such as Amazon, Huawei, and Microsoft."
    )

    found = triples(rules_extractor.extract(make_document(text)))

    assert ("COMPETES_WITH", NVIDIA_NAME, "Advanced Micro Devices, Inc.") in found
    assert ("COMPETES_WITH", NVIDIA_NAME, "Huawei Technologies Co. Ltd.") in found
    assert ("COMPETES_WITH", NVIDIA_NAME, "Microsoft") in found
    assert ("COMPETES_WITH", NVIDIA_NAME, "Huawei") not in found


# Sentences of NVIDIA's earnings call of 2025-02-26, and the last one changed to name no product.
CALL_CUSTOMERS = [
    ("Microsoft Azure, OCI, CoreWeave, and others are building large AI factories with Spectrum-X.",
     {"CoreWeave", "Microsoft Azure", "OCI"}),
    ("Large CSPs were some of the first to stand up Blackwell with Azure, GCP, AWS, and OCI bringing "
     "GB200 systems to cloud regions around the world to meet certain surging customer demand for AI.",
     {"AWS", "GCP", "OCI"}),
    ("Large CSPs were some of the first to stand up new data centers with Azure, GCP, AWS, and OCI bringing "
     "new capacity to cloud regions around the world to meet certain surging customer demand for AI.",
     set()),
]


@pytest.mark.parametrize(("text", "customers"), CALL_CUSTOMERS)
def test_customers_of_product_in_call(rules_extractor, text: str, customers: set[str]):
    document = make_document(text, kind=DocumentKind.EARNINGS_CALL)

    found = triples(rules_extractor.extract(document))

    assert {target for relation, _, target in found if relation == "SUPPLIER_OF"} == customers


def test_orders_from_airlines(rules_extractor):
    # Spirit AeroSystems earnings call, 2021 Q1.
    text = (
        "Additionally, Boeing has secured several new orders from airlines, including large orders from "
        "Southwest, Alaska Air and Ryanair, who will take delivery of their first newly certified 737 MAX "
        "8200 aircraft in the near future."
    )
    spirit = Issuer(name="Spirit AeroSystems Holdings, Inc.", cik="0001364885", ticker="SPR")
    document = make_document(text, kind=DocumentKind.EARNINGS_CALL, issuer=spirit)

    found = triples(rules_extractor.extract(document))

    # NOTE: the small NER model tags "Southwest" as a place, so it is not found. "Ryanair" is found
    # as the SEC registrant named after a company in the list.
    assert ("SUPPLIER_OF", "Boeing", "Alaska Air") in found
    assert ("SUPPLIER_OF", "Boeing", "Ryanair") in found


# NVIDIA 10-K for fiscal 2023, Item 1.
PACKAGING_SENTENCE = (
    "We then utilize independent subcontractors and contract manufacturers, such as Amkor Technology, "
    "BYD Auto Co. Ltd., or BYD Auto, Hon Hai Precision Industry Co., or Hon Hai, King Yuan Electronics Co., "
    "Ltd., Omni Logistics, LLC, Siliconware Precision Industries Company Ltd., and Wistron Corporation to "
    "perform assembly, testing, and packaging of most of our products and platforms."
)


def test_supplier_list_past_person_tagged_alias(rules_extractor):
    found = triples(rules_extractor.extract(make_document(PACKAGING_SENTENCE)))

    suppliers = {subject for relation, subject, _ in found if relation == "SUPPLIER_OF"}
    assert suppliers == {
        "Amkor Technology", "BYD Auto Co. Ltd.", "Hon Hai Precision Industry Co.", "King Yuan Electronics Co., Ltd.",
        "Omni Logistics, LLC", "Siliconware Precision Industries Company Ltd.", "Wistron Corporation",
    }


def test_defined_alias_stays_company_later(rules_extractor):
    # The next sentence of the same passage, where NER tags "Hon Hai" as a person again.
    later = "We then ship the semiconductors to contract manufacturers, such as BYD Auto and Hon Hai, from Hong Kong."

    found = triples(rules_extractor.extract(make_document(f"{PACKAGING_SENTENCE} {later}")))

    assert ("SUPPLIER_OF", "Hon Hai Precision Industry Co.", NVIDIA_NAME) in found
    assert not any(subject == "Hon Hai" for _, subject, _ in found)


def test_second_purchase_list_keeps_product(rules_extractor):
    # NVIDIA 10-K for fiscal 2023, Item 1.
    text = (
        "We purchase substrates from Ibiden Co. Ltd., Kinsus Interconnect Technology Corporation, and Unimicron "
        "Technology Corporation, and memory from Micron Technology, Samsung Semiconductor, Inc., or Samsung, and "
        "SK Hynix."
    )

    assertions = rules_extractor.extract(make_document(text))

    products = {a.subject.name: a.attributes.get("product") for a in assertions if a.type == "SUPPLIER_OF"}
    assert products["Unimicron Technology Corporation"] == "substrates"
    assert products["Micron Technology"] == "memory"
    assert products["Samsung Semiconductor, Inc."] == "memory"


def test_one_word_registrant_in_list(rules_extractor):
    # NVIDIA 10-K for fiscal 2024, Item 1.
    text = (
        "We engage with independent subcontractors and contract manufacturers such as Hon Hai Precision Industry "
        "Co., Ltd., Wistron Corporation, and Fabrinet to perform assembly, testing and packaging of our final products."
    )

    assertions = rules_extractor.extract(make_document(text))

    fabrinet = [a for a in assertions if a.subject.name == "Fabrinet"]
    assert [a.type for a in fabrinet] == ["SUPPLIER_OF"]
    assert fabrinet[0].subject.cik == "0001408710"


def test_biography_names_no_supplier(rules_extractor):
    # NVIDIA 10-K for fiscal 2024, Item 1, "Information About Our Executive Officers".
    text = (
        "Prior to NVIDIA, Ms. Shoquist served from 2004 to 2007 as Executive Vice President of Operations at JDS "
        "Uniphase Corp., a provider of communications test and measurement solutions. She served from 2002 to 2004 "
        "as Senior Vice President and General Manager of the Electro-Optics business at Coherent, Inc., a "
        "manufacturer of commercial and scientific laser equipment."
    )

    found = triples(rules_extractor.extract(make_document(text)))

    assert not any(relation in ("SUPPLIER_OF", "COMPETES_WITH") for relation, _, _ in found)


def test_career_words_without_person_keep_supplier(rules_extractor):
    text = "Amkor Technology, our primary supplier, has served as our packaging partner since 2010."

    found = triples(rules_extractor.extract(make_document(text)))

    assert ("SUPPLIER_OF", "Amkor Technology", NVIDIA_NAME) in found


def test_people_section_names_no_supplier(rules_extractor):
    document = make_document(FOUNDRY_SENTENCE)
    in_item_10 = document.model_copy(
        update={"paragraphs": [p.model_copy(update={"section": "Item 10"}) for p in document.paragraphs]})

    assert triples(rules_extractor.extract(document))
    assert not triples(rules_extractor.extract(in_item_10))


# NVIDIA earnings call of 2024-08-28, prepared remarks.
PARTNER_CUSTOMERS_SENTENCE = (
    "WPP is implementing the USD NIM microservices in its generative AI-enabled content creation pipeline "
    "for customers such as The Coca-Cola Company."
)


def test_partner_customers_not_issuers(rules_extractor):
    document = make_document(PARTNER_CUSTOMERS_SENTENCE, kind=DocumentKind.EARNINGS_CALL)

    found = triples(rules_extractor.extract(document))

    assert not any("Coca-Cola" in obj for _, _, obj in found)


def test_our_customers_stay_issuers(rules_extractor):
    sentence = "Our customers such as Dell Technologies Inc. and Hewlett Packard Enterprise Company resell our systems."

    found = triples(rules_extractor.extract(make_document(sentence)))

    assert ("SUPPLIER_OF", NVIDIA_NAME, "Dell Technologies Inc.") in found
