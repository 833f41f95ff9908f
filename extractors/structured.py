"""Facts that need no language model: read from the structure of a filing, not from its prose."""

from __future__ import annotations

from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import Document
from schemas.entities import EntityKind, EntityRef

# A row of a registrant's own subsidiary list is as reliable as a fact gets in a filing.
EXHIBIT_21_CONFIDENCE = 0.95


def subsidiary_assertions(document: Document, profile: ExtractionProfile) -> list[Assertion]:
    """Turn each Exhibit 21 row into a SUBSIDIARY_OF assertion whose quote is the row itself.

    The assertions carry the profile of the run's extractor, so that fact edges, which come from
    one profile at a time, include them.
    """
    issuer = document.issuer
    if issuer is None or not document.subsidiaries:
        return []
    parent = EntityRef(name=issuer.name, kind=EntityKind.COMPANY, cik=issuer.cik, ticker=issuer.ticker)
    assertions = []
    for row in document.subsidiaries:
        paragraph = next((p for p in document.paragraphs if p.start <= row.start < p.end), None)
        assertions.append(Assertion(
            type="SUBSIDIARY_OF",
            subject=EntityRef(name=row.name, kind=EntityKind.COMPANY),
            object=parent,
            attributes={"jurisdiction": row.jurisdiction},
            quote=document.text[row.start:row.end],
            char_start=row.start, char_end=row.end,
            document_id=document.id, section=document.section_at(row.start),
            paragraph_id=paragraph.id if paragraph else None, valid_at=document.valid_at,
            confidence=EXHIBIT_21_CONFIDENCE, extractor=profile.extractor, model=profile.model,
            prompt_version=profile.version,
        ).with_id())
    return assertions
