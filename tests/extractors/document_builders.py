"""Small builders of documents and assertions for the extractor tests."""

from __future__ import annotations

import datetime as dt

from schemas.assertions import Assertion
from schemas.documents import Document, DocumentKind, Issuer, Paragraph, Speaker, fingerprint_text, sha256_bytes
from schemas.entities import EntityKind, EntityRef

NVIDIA = Issuer(name="NVIDIA Corporation", cik="0001045810", ticker="NVDA")


def make_document(
    text: str,
    kind: DocumentKind = DocumentKind.FILING,
    issuer: Issuer | None = NVIDIA,
    *,
    witness: str | None = None,
    committee: str | None = None,
    boilerplate: frozenset[int] = frozenset(),
    speakers: tuple[str | None, ...] = (),
) -> Document:
    """Build a document with one paragraph per blank-line block of `text`.

    `boilerplate` contains the indexes of paragraphs to mark as boilerplate; `speakers` gives each
    paragraph's speaker in order.
    """
    paragraphs = []
    start = 0
    for number, block in enumerate(text.split("\n\n")):
        end = start + len(block)
        paragraphs.append(
            Paragraph(
                id=f"doc#p{number}",
                start=start,
                end=end,
                boilerplate=number in boilerplate,
                speaker=speakers[number] if number < len(speakers) else None,
                fingerprint=fingerprint_text(block),
            )
        )
        start = end + 2
    return Document(
        id="doc",
        kind=kind,
        form="10-K" if kind == DocumentKind.FILING else None,
        issuer=issuer,
        period_end=dt.date(2025, 1, 26),
        sha256=sha256_bytes(text.encode("utf-8")),
        text=text,
        paragraphs=paragraphs,
        speakers=[Speaker(name=witness, is_witness=True)] if witness else [],
        committee=committee,
    )


def make_assertion(
    document: Document,
    quote: str,
    relation: str = "SUPPLIER_OF",
    subject: EntityRef | None = None,
    object_: EntityRef | None = None,
    attributes: dict | None = None,
) -> Assertion:
    """Build an assertion whose quote is looked up in `document` (offset 0 when it is absent)."""
    start = max(document.text.find(quote), 0)
    return Assertion(
        type=relation,
        subject=subject or EntityRef(name="Fabrinet", kind=EntityKind.COMPANY),
        object=object_ or EntityRef(name="NVIDIA Corporation", kind=EntityKind.COMPANY, cik="0001045810"),
        attributes=attributes or {},
        quote=quote,
        char_start=start,
        char_end=start + len(quote),
        document_id=document.id,
        extractor="test",
        prompt_version="v0",
    ).with_id()


def triples(assertions: list[Assertion]) -> set[tuple[str, str, str]]:
    """Return the (relation, subject name, object name) of each assertion."""
    return {(a.type, a.subject.name, a.object.name) for a in assertions}


def next_year(text: str) -> Document:
    """Build a document of the same issuer one fiscal year later, with the id "doc-2025"."""
    return make_document(text).model_copy(update={"id": "doc-2025", "period_end": dt.date(2026, 1, 25)})
