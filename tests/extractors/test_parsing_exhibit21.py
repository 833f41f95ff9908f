"""Exhibit 21 rows and former company names: facts read from a filing's structure."""

from __future__ import annotations

import pytest

from extractors.grounding import verify
from extractors.parsing.exhibit21 import parse_subsidiaries
from extractors.structured import subsidiary_assertions
from schemas.assertions import ExtractionProfile

APPLE_1997 = "filings/AAPL/10-K/0001047469-97-006960/0001047469-97-006960.txt"
PROFILE = ExtractionProfile(extractor="rules", model="test", version="test-1")


def exhibit_21(parse_corpus):
    return next(d for d in parse_corpus(APPLE_1997) if (d.form or "").startswith("EX-21"))


@pytest.mark.corpus
def test_apple_exhibit_21_rows(parse_corpus) -> None:
    rows = exhibit_21(parse_corpus).subsidiaries

    assert [(r.name, r.jurisdiction) for r in rows] == [
        ("Apple Computer B.V.", "Netherlands"),
        ("Apple Computer, Inc. Limited", "Ireland"),
        ("Apple Computer Limited", "Ireland"),
        ("Apple Japan, Inc.", "Japan"),
        ("Claris (Ireland) Limited", "Ireland"),
    ]


def test_table_cells_and_footnotes() -> None:
    text = "SUBSIDIARIES OF THE REGISTRANT\nName | Jurisdiction\nFlipkart Private Limited | Singapore\n* Omitted names"

    rows = parse_subsidiaries(text)

    assert [(r.name, r.jurisdiction) for r in rows] == [("Flipkart Private Limited", "Singapore")]
    assert text[rows[0].start:rows[0].end] == "Flipkart Private Limited | Singapore"


@pytest.mark.corpus
def test_subsidiary_assertions_are_grounded(parse_corpus) -> None:
    document = exhibit_21(parse_corpus)

    result = verify(subsidiary_assertions(document, PROFILE), document)

    assert len(result.kept) == 5
    assert not result.dropped
    assert all(a.object.cik == "0000320193" for a in result.kept)
    assert result.kept[0].attributes == {"jurisdiction": "Netherlands"}


@pytest.mark.corpus
def test_former_names_from_header(parse_corpus) -> None:
    [document] = parse_corpus("filings/AAPL/8-K/0001193125-19-292676/aapl-8k-20191115.txt")

    assert document.issuer is not None
    assert document.issuer.former_names == ("APPLE INC", "APPLE COMPUTER INC")
