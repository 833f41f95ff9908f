"""List items read with their lead-in: the cue of "Our current competitors include:" reaches the bullets below."""

from __future__ import annotations

from document_builders import make_document, triples

from extractors.grounding import verify
from extractors.rules.lists import list_lead_ins
from schemas.documents import Issuer

NVIDIA_NAME = "NVIDIA Corporation"
ACME = Issuer(name="Acme Devices Inc.", cik="0000000001", ticker="ACMD")

# NVIDIA 10-K for fiscal 2025, Item 1, "Competition": a lead-in paragraph and its first three bullets.
NVIDIA_LEAD_IN = "Our current competitors include:"
NVIDIA_ITEMS = (
    "\u2022suppliers and licensors of hardware and software for discrete and integrated GPUs, custom chips and "
    "other accelerated computing solutions, including solutions offered for AI, such as Advanced Micro Devices, "
    "Inc., or AMD, Huawei Technologies Co. Ltd., or Huawei, and Intel Corporation, or Intel;",
    "\u2022large cloud services companies with internal teams designing hardware and software that incorporate "
    "accelerated or AI computing functionality as part of their internal solutions or platforms, such as Alibaba "
    "Group, Alphabet Inc., Amazon, Inc., or Amazon, Baidu, Inc., Huawei, and Microsoft Corporation, or Microsoft;",
    "\u2022suppliers of Arm-based CPUs and companies that incorporate hardware and software for CPUs as part of "
    "their internal solutions or platforms, such as Amazon, Huawei, and Microsoft;",
)
NVIDIA_COMPETITORS = (
    "Advanced Micro Devices, Inc.",
    "Huawei Technologies Co. Ltd.",
    "Intel Corporation",
    "Alibaba Group",
    "Alphabet Inc.",
    "Amazon, Inc.",
    "Baidu, Inc.",
    "Microsoft Corporation",
)


def _nvidia_competition():
    return make_document("\n\n".join((NVIDIA_LEAD_IN, *NVIDIA_ITEMS)))


def test_nvidia_bullets_name_competitors(rules_extractor):
    document = _nvidia_competition()

    kept = verify(rules_extractor.extract(document), document).kept
    found = triples(kept)

    for competitor in NVIDIA_COMPETITORS:
        assert ("COMPETES_WITH", NVIDIA_NAME, competitor) in found


def test_nvidia_bullets_alone_name_no_competitor(rules_extractor):
    document = make_document("\n\n".join(NVIDIA_ITEMS))

    found = triples(rules_extractor.extract(document))

    assert not any(relation == "COMPETES_WITH" for relation, _, _ in found)


def test_such_as_in_later_item_follows_lead_in(rules_extractor):
    # The third bullet names companies "that incorporate hardware ... for CPUs". The lead-in makes them competitors.
    document = _nvidia_competition()

    kept = verify(rules_extractor.extract(document), document).kept
    third = [a for a in kept if a.quote == NVIDIA_ITEMS[2]]

    assert {a.object.name for a in third} == {"Amazon, Inc.", "Huawei Technologies Co. Ltd.", "Microsoft Corporation"}
    assert all(a.type == "COMPETES_WITH" for a in third)


def test_quote_and_span_are_the_item(rules_extractor):
    document = _nvidia_competition()

    assertions = rules_extractor.extract(document)
    kept = verify(assertions, document).kept

    assert len(kept) == len(assertions)
    for assertion in kept:
        assert assertion.quote in NVIDIA_ITEMS
        assert document.text[assertion.char_start:assertion.char_end] == assertion.quote
        assert NVIDIA_LEAD_IN not in assertion.quote


def test_lead_in_supplier_cue_reaches_items(rules_extractor):
    text = (
        "Our principal suppliers include:\n\n"
        "\u2022Micron Technology, Inc., for memory;\n\n"
        "\u2022Corning Incorporated, for glass; and\n\n"
        "\u2022Jabil Inc., for assembly."
    )

    found = triples(rules_extractor.extract(make_document(text, issuer=ACME)))

    for supplier in ("Micron Technology, Inc.", "Corning Incorporated", "Jabil Inc."):
        assert ("SUPPLIER_OF", supplier, ACME.name) in found


def test_unbulleted_items_ending_in_semicolons(rules_extractor):
    text = "Our competitors include:\n\nIntel Corporation;\n\nBroadcom Inc.; and\n\nQualcomm Incorporated."

    found = triples(rules_extractor.extract(make_document(text, issuer=ACME)))

    for competitor in ("Intel Corporation", "Broadcom Inc.", "Qualcomm Incorporated"):
        assert ("COMPETES_WITH", ACME.name, competitor) in found


def test_prose_after_list_keeps_no_lead_in(rules_extractor):
    text = (
        "Our competitors include:\n\n"
        "\u2022Intel Corporation;\n\n"
        "We also work with Micron Technology, Inc. on memory products, such as Qualcomm Incorporated."
    )

    found = triples(rules_extractor.extract(make_document(text, issuer=ACME)))

    assert ("COMPETES_WITH", ACME.name, "Intel Corporation") in found
    assert not any(obj in ("Micron Technology, Inc.", "Qualcomm Incorporated") for _, _, obj in found)


def test_anonymised_customer_item_gives_nothing(rules_extractor):
    text = "Our customers include:\n\n\u2022Customer A, a cloud provider;\n\n\u2022Dell Technologies Inc.;"

    found = triples(rules_extractor.extract(make_document(text, issuer=ACME)))

    assert ("SUPPLIER_OF", ACME.name, "Dell Technologies Inc.") in found
    assert not any("Customer A" in (subject, obj) for _, subject, obj in found)


def test_lead_in_party_quoted_from_lead_in(rules_extractor):
    lead_in = "We compete with Intel Corporation in the following markets:"
    text = f"{lead_in}\n\n\u2022data center processors, such as Xeon;\n\n\u2022client processors."

    assertions = rules_extractor.extract(make_document(text, issuer=ACME))
    intel = [a for a in assertions if a.object.name == "Intel Corporation"]

    assert intel
    assert all(a.quote == lead_in for a in intel)


def test_lead_ins_of_nested_lists():
    text = (
        "\u2022TAC includes:\n\n\u25e6amounts paid to distribution partners;\n\n\u25e6amounts paid to network partners."
        "\n\n\u2022Other cost of revenues includes:\n\n\u25e6content acquisition costs;\n\nRevenue by geography"
    )
    document = make_document(text)

    lead_ins = {item: lead_in.id for item, lead_in in list_lead_ins(document, document.paragraphs).items()}

    assert lead_ins == {"doc#p1": "doc#p0", "doc#p2": "doc#p0", "doc#p4": "doc#p3"}


def test_lead_in_gives_no_factor_exposures(rules_extractor):
    # The Coca-Cola Company 10-K for 2024, Item 1: "independent" contains the effect word "depend".
    text = (
        "Our five largest independent bottling partners based on unit case volume in 2024 were as follows:\n\n"
        "\u2022Coca-Cola HBC AG (\u201cCoca-Cola Hellenic\u201d), which has bottling and distribution operations "
        "in Armenia, Austria, Belarus, Bulgaria, Croatia, Cyprus, the Czech Republic, Egypt, Greece and Italy;"
    )
    coca_cola = Issuer(name="The Coca-Cola Company", cik="0000021344", ticker="KO")

    found = triples(rules_extractor.extract(make_document(text, issuer=coca_cola)))

    assert not any(relation == "EXPOSED_TO" for relation, _, _ in found)


def test_outer_list_resumes_after_nested_list():
    text = (
        "Our competitors include:\n\n\u2022suppliers of GPUs, such as:\n\n\u25e6Advanced Micro Devices, Inc.;\n\n"
        "\u25e6Intel Corporation;\n\n\u2022large cloud services companies, such as Amazon and Microsoft Corporation."
        "\n\nRevenue by geography"
    )
    document = make_document(text)

    lead_ins = {item: lead_in.id for item, lead_in in list_lead_ins(document, document.paragraphs).items()}

    assert lead_ins == {"doc#p1": "doc#p0", "doc#p2": "doc#p1", "doc#p3": "doc#p1", "doc#p4": "doc#p0"}


def test_outer_item_after_nested_names_competitors(rules_extractor):
    text = (
        "Our current competitors include:\n\n\u2022suppliers of GPUs, such as:\n\n\u25e6Advanced Micro Devices, Inc.;"
        "\n\n\u25e6Intel Corporation;\n\n\u2022large cloud services companies with internal teams designing hardware, "
        "such as Alphabet Inc. and Microsoft Corporation."
    )
    document = make_document(text)

    found = triples(verify(rules_extractor.extract(document), document).kept)

    assert ("COMPETES_WITH", NVIDIA_NAME, "Alphabet Inc.") in found
    assert ("COMPETES_WITH", NVIDIA_NAME, "Microsoft Corporation") in found
