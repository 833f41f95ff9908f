"""Short names count as a company's alias only when they abbreviate its name or repeat its words."""

from __future__ import annotations

from document_builders import make_assertion, make_document

from extractors.grounding import OBJECT_NOT_IN_TEXT, defined_aliases, verify
from schemas.entities import EntityKind, EntityRef

NVIDIA = EntityRef(name="NVIDIA Corporation", kind=EntityKind.COMPANY, cik="0001045810")
IBM = EntityRef(name="International Business Machines Corporation", kind=EntityKind.COMPANY)


def test_exchange_before_ticker_is_no_alias():
    document = make_document(
        "International Business Machines Corporation (NYSE: IBM) announced results.\n\n"
        "Our shares trade on the NYSE, where we compete for listings."
    )
    assertion = make_assertion(document, "Our shares trade on the NYSE, where we compete for listings.",
                               "COMPETES_WITH", NVIDIA, IBM)

    result = verify([assertion], document)

    assert result.dropped == {OBJECT_NOT_IN_TEXT: 1}


def test_next_listed_acronym_is_no_alias():
    text = "We buy memory from suppliers such as Samsung Electronics Co., Ltd., or TSMC."

    assert defined_aliases("Samsung Electronics Co., Ltd.", text) == set()


def test_acronyms_of_initials_are_aliases():
    text = (
        "Taiwan Semiconductor Manufacturing Company Limited, or TSMC, Contemporary Amperex Technology Co., "
        "Limited (CATL), LG Energy Solution, Ltd. (LGES) and Advanced Micro Devices, Inc., or AMD."
    )

    assert defined_aliases("Taiwan Semiconductor Manufacturing Company Limited", text) == {"TSMC"}
    assert defined_aliases("Contemporary Amperex Technology Co., Limited", text) == {"CATL"}
    assert defined_aliases("LG Energy Solution, Ltd.", text) == {"LGES"}
    assert defined_aliases("Advanced Micro Devices, Inc.", text) == {"AMD"}


def test_listed_namesake_is_no_alias():
    general = "Customers such as General Motors Company, or General Dynamics."
    samsung = "Memory from Samsung Electronics Co., Ltd., or Samsung SDI."
    huawei = "Huawei Technologies Co. Ltd., or Huawei, and others"

    assert defined_aliases("General Motors Company", general) == set()
    assert defined_aliases("Samsung Electronics Co., Ltd.", samsung) == set()
    assert defined_aliases("Huawei Technologies Co. Ltd.", huawei) == {"Huawei"}
