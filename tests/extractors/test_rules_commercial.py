"""Supplier, customer and competitor patterns on sentences quoted from corpus filings and calls."""

from __future__ import annotations

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


def test_customers_building_with_product_in_call(rules_extractor):
    # NVIDIA earnings call of 2025-02-26, prepared remarks.
    text = "Microsoft Azure, OCI, CoreWeave, and others are building large AI factories with Spectrum-X."
    document = make_document(text, kind=DocumentKind.EARNINGS_CALL)

    found = triples(rules_extractor.extract(document))

    assert ("SUPPLIER_OF", NVIDIA_NAME, "CoreWeave") in found
    assert ("SUPPLIER_OF", NVIDIA_NAME, "Microsoft Azure") in found


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

    # NOTE: the small NER model tags "Southwest" as a place and "Ryanair" as a person, so only
    # Alaska Air is found. A larger model or a gazetteer of airlines would add them.
    assert ("SUPPLIER_OF", "Boeing", "Alaska Air") in found
