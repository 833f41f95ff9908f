"""OFFICER_OF patterns: signature blocks and call introductions."""

from __future__ import annotations

from pathlib import Path

from document_builders import make_document, triples

from schemas.documents import DocumentKind, Issuer

ALBEMARLE = Issuer(name="Albemarle Corporation", cik="0000915913", ticker="ALB")


def test_signature_block_gives_each_signer(rules_extractor):
    # NVIDIA 10-K for fiscal 2025, signatures.
    text = (
        "Signature Title Date /s/ JEN-HSUN HUANG President, Chief Executive Officer and Director "
        "(Principal Executive Officer) February 26, 2025 Jen-Hsun Huang /s/ COLETTE M. KRESS Executive Vice "
        "President and Chief Financial Officer (Principal Financial Officer) February 26, 2025 Colette M. Kress "
        "/s/ TENCH COXE Director February 26, 2025 Tench Coxe"
    )

    assertions = rules_extractor.extract(make_document(text))

    roles = {a.subject.name: a.attributes["role"] for a in assertions if a.type == "OFFICER_OF"}
    assert roles == {
        "Jen-Hsun Huang": "President, Chief Executive Officer and Director",
        "Colette M. Kress": "Executive Vice President and Chief Financial Officer",
        "Tench Coxe": "Director",
    }


def test_signature_quote_is_the_signature(rules_extractor):
    text = "Signature Title Date /s/ TENCH COXE Director February 26, 2025 Tench Coxe"

    (assertion,) = rules_extractor.extract(make_document(text))

    assert assertion.quote == "/s/ TENCH COXE Director"


def test_repeated_signer_name_is_read_once(rules_extractor):
    # Tesla 10-K for 2024, signatures.
    text = "Tesla, Inc. Date: January 29, 2025 /s/ Elon Musk Elon Musk Chief Executive Officer (Principal Executive Officer)"
    tesla = Issuer(name="Tesla, Inc.", cik="0001318605", ticker="TSLA")

    found = triples(rules_extractor.extract(make_document(text, issuer=tesla)))

    assert found == {("OFFICER_OF", "Elon Musk", "Tesla, Inc.")}


def test_call_introduction_from_corpus(rules_extractor, corpus: Path):
    transcript = (corpus / "transcripts" / "ALB" / "2021Q4.txt").read_text(encoding="utf-8")
    start = transcript.index("Joining me on the call today")
    text = " ".join(transcript[start:start + 300].split())
    document = make_document(text, kind=DocumentKind.EARNINGS_CALL, issuer=ALBEMARLE)

    found = triples(rules_extractor.extract(document))

    assert ("OFFICER_OF", "Kent Masters", "Albemarle Corporation") in found
    assert ("OFFICER_OF", "Scott Tozier", "Albemarle Corporation") in found


def test_group_title_gives_each_name(rules_extractor):
    text = "Our GBU Presidents, Raphael Crawford, Netha Johnson, and Eric Norris are also available for Q&A."
    document = make_document(text, kind=DocumentKind.EARNINGS_CALL, issuer=ALBEMARLE)

    found = triples(rules_extractor.extract(document))

    assert {name for _, name, _ in found} == {"Raphael Crawford", "Netha Johnson", "Eric Norris"}


def test_analyst_gets_no_officer_relation(rules_extractor):
    # NVIDIA earnings call of 2025-02-26, questions and answers.
    text = "Joe Moore -- JPMorgan Chase and Company -- Analyst Morgan Stanley, actually. Thank you."
    document = make_document(text, kind=DocumentKind.EARNINGS_CALL)

    assert rules_extractor.extract(document) == []
