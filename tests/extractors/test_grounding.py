"""Grounding: each drop reason, the recomputed span and the normalizations of the quote."""

from __future__ import annotations

import logging

import pytest
from document_builders import make_assertion, make_document

from extractors.grounding import (
    KINDS_DO_NOT_FIT,
    NUMBER_NOT_IN_QUOTE,
    OBJECT_NOT_IN_TEXT,
    QUOTE_NOT_FOUND,
    SUBJECT_NOT_IN_TEXT,
    verify,
)
from schemas.entities import EntityKind, EntityRef

TEXT = "We engage with contract manufacturers such as Fabrinet to perform assembly, testing and packaging."
QUOTE = TEXT
NVIDIA = EntityRef(name="NVIDIA Corporation", kind=EntityKind.COMPANY, cik="0001045810")


def test_supported_assertion_is_kept():
    document = make_document(TEXT)

    result = verify([make_assertion(document, QUOTE)], document)

    assert len(result.kept) == 1
    assert not result.dropped


def test_span_is_recomputed_from_document():
    document = make_document("Item 1. Business\n\n" + TEXT)
    assertion = make_assertion(document, QUOTE).model_copy(update={"char_start": 0, "char_end": 5})

    (kept,) = verify([assertion], document).kept

    assert document.text[kept.char_start:kept.char_end] == QUOTE
    assert kept.char_start == len("Item 1. Business\n\n")


def test_quote_with_other_quotes_and_spaces_is_found():
    document = make_document("Apple Inc. (\u201cApple\u201d) and Fabrinet signed \u2014 twice.")
    assertion = make_assertion(document, 'Apple Inc. ("Apple")  and Fabrinet signed - twice.')

    (kept,) = verify([assertion], document).kept

    assert kept.quote == document.text


def test_missing_quote_is_dropped():
    document = make_document(TEXT)
    assertion = make_assertion(document, "Fabrinet makes all our wafers.")

    result = verify([assertion], document)

    assert result.dropped == {QUOTE_NOT_FOUND: 1}


def test_subject_not_in_text_is_dropped():
    document = make_document(TEXT)
    stranger = EntityRef(name="Globex Corporation", kind=EntityKind.COMPANY)

    result = verify([make_assertion(document, QUOTE, subject=stranger)], document)

    assert result.dropped == {SUBJECT_NOT_IN_TEXT: 1}


def test_object_not_in_text_is_dropped():
    document = make_document(TEXT)
    stranger = EntityRef(name="Initech", kind=EntityKind.COMPANY)

    result = verify([make_assertion(document, QUOTE, object_=stranger)], document)

    assert result.dropped == {OBJECT_NOT_IN_TEXT: 1}


def test_implicit_issuer_needs_no_mention():
    document = make_document(TEXT)

    result = verify([make_assertion(document, QUOTE)], document)

    assert "NVIDIA" not in TEXT
    assert result.kept


def test_number_not_in_quote_is_dropped():
    document = make_document(TEXT)
    assertion = make_assertion(document, QUOTE, attributes={"revenue_share": 0.12})

    result = verify([assertion], document)

    assert result.dropped == {NUMBER_NOT_IN_QUOTE: 1}


def test_share_found_as_percent():
    text = "Fabrinet accounted for 12% of our total revenue."
    document = make_document(text)
    assertion = make_assertion(document, text, attributes={"revenue_share": 0.12})

    assert verify([assertion], document).kept


def test_kinds_outside_registry_are_dropped():
    document = make_document(TEXT)
    person = EntityRef(name="Fabrinet", kind=EntityKind.PERSON)

    result = verify([make_assertion(document, QUOTE, subject=person)], document)

    assert result.dropped == {KINDS_DO_NOT_FIT: 1}


def test_drop_is_logged_with_ids(caplog: pytest.LogCaptureFixture):
    document = make_document(TEXT)
    assertion = make_assertion(document, "Fabrinet makes all our wafers.")

    with caplog.at_level(logging.WARNING, logger="extractors.grounding"):
        verify([assertion], document)

    assert assertion.id in caplog.text
    assert document.id in caplog.text


def test_alias_defined_earlier_names_company():
    document = make_document(
        "Our competitors include Advanced Micro Devices, Inc., or AMD.\n\n"
        "We also compete with AMD in networking."
    )
    amd = EntityRef(name="Advanced Micro Devices, Inc.", kind=EntityKind.COMPANY)
    assertion = make_assertion(document, "We also compete with AMD in networking.", "COMPETES_WITH", NVIDIA, amd)

    result = verify([assertion], document)

    assert len(result.kept) == 1


def test_alias_never_defined_is_dropped():
    document = make_document("We purchase from Advanced Micro Devices, Inc.\n\nWe also compete with AMD in networking.")
    amd = EntityRef(name="Advanced Micro Devices, Inc.", kind=EntityKind.COMPANY)
    assertion = make_assertion(document, "We also compete with AMD in networking.", "COMPETES_WITH", NVIDIA, amd)

    result = verify([assertion], document)

    assert result.dropped == {OBJECT_NOT_IN_TEXT: 1}


def test_next_company_in_list_is_no_alias():
    document = make_document("Such as Alphabet Inc., or Amazon, and others.\n\nWe compete with Amazon in cloud services.")
    alphabet = EntityRef(name="Alphabet Inc.", kind=EntityKind.COMPANY)
    assertion = make_assertion(document, "We compete with Amazon in cloud services.", "COMPETES_WITH", NVIDIA, alphabet)

    result = verify([assertion], document)

    assert result.dropped == {OBJECT_NOT_IN_TEXT: 1}
