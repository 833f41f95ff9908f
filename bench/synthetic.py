"""A deterministic synthetic workload for the loader: annual reports, companies, factors and assertions.

The same `size` always gives the same documents and assertions, so two loads can be compared
property by property. Each issuer files one 10-K a year; every assertion quotes its own paragraph.
Entities arrive already resolved (ids set), so no company directory is needed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from schemas.assertions import Assertion
from schemas.documents import Document, DocumentKind, Issuer, Paragraph, fingerprint_text
from schemas.entities import EntityKind, EntityRef, FactorKind

# Assertions per document, about what a rules pass finds in one 10-K of the corpus.
ASSERTIONS_PER_DOCUMENT = 100
YEARS = (2021, 2022, 2023, 2024, 2025)
FACTORS = ("copper", "gallium", "lithium", "crude oil", "natural gas", "wheat", "cobalt", "nickel")
RELATIONS = ("SUPPLIER_OF", "COMPETES_WITH", "EXPOSED_TO", "ACQUIRED")


@dataclass(frozen=True)
class Workload:
    documents: list[Document]
    assertions: list[Assertion]


def make_workload(size: int, seed: int = 7) -> Workload:
    """Build about `size` assertions over `size / ASSERTIONS_PER_DOCUMENT` documents."""
    randomness = random.Random(seed)
    document_count = max(1, size // ASSERTIONS_PER_DOCUMENT)
    issuer_count = max(1, document_count // len(YEARS))
    company_count = max(10, size // 20)
    documents: list[Document] = []
    assertions: list[Assertion] = []
    for number in range(document_count):
        issuer = _company(number % issuer_count)
        year = YEARS[(number // issuer_count) % len(YEARS)]
        count = min(ASSERTIONS_PER_DOCUMENT, size - len(assertions))
        rows = [_statement(randomness, company_count) for _ in range(count)]
        document = _document(number, issuer, year, [text for text, _, _ in rows])
        documents.append(document)
        assertions += [_assertion(document, index, issuer, relation, other)
                       for index, (_, relation, other) in enumerate(rows)]
    return Workload(documents, assertions)


def _company(number: int) -> EntityRef:
    cik = f"{9_000_000 + number:010d}"
    return EntityRef(name=f"Synthetic Company {number} Inc.", kind=EntityKind.COMPANY, id=f"cik:{cik}", cik=cik,
                     resolution_method="cik")


def _factor(name: str) -> EntityRef:
    return EntityRef(name=name, kind=EntityKind.FACTOR, id=f"factor:commodity:{name}",
                     factor_kind=FactorKind.COMMODITY, resolution_method="vocabulary")


def _statement(randomness: random.Random, company_count: int) -> tuple[str, str, EntityRef]:
    relation = randomness.choice(RELATIONS)
    if relation == "EXPOSED_TO":
        other = _factor(randomness.choice(FACTORS))
        return f"Prices of {other.name} may rise and hurt our margins.", relation, other
    other = _company(randomness.randrange(company_count))
    return f"{relation.replace('_', ' ').lower()} {other.name} in our markets.", relation, other


def _document(number: int, issuer: EntityRef, year: int, texts: list[str]) -> Document:
    accession = f"{issuer.cik}-{year % 100:02d}-{number:06d}"
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, text in enumerate(texts):
        paragraphs.append(Paragraph(id=f"{accession}/p{index:05d}", start=offset, end=offset + len(text),
                                    section="Item 1", fingerprint=fingerprint_text(text)))
        offset += len(text) + 1
    return Document(
        id=accession, kind=DocumentKind.FILING, form="10-K",
        issuer=Issuer(name=issuer.name, cik=issuer.cik, ticker=None),
        filed_at=dt.date(year, 2, 20), period_end=dt.date(year - 1, 12, 31),
        sha256=f"{number:064d}", text="\n".join(texts), paragraphs=paragraphs,
    )


def _assertion(document: Document, index: int, issuer: EntityRef, relation: str, other: EntityRef) -> Assertion:
    paragraph = document.paragraphs[index]
    subject, target = (other, issuer) if relation == "SUPPLIER_OF" else (issuer, other)
    attributes = {"direction": "adverse", "channel": "price"} if relation == "EXPOSED_TO" else {}
    return Assertion(
        type=relation, subject=subject, object=target, attributes=attributes,
        quote=document.text[paragraph.start:paragraph.end], char_start=paragraph.start, char_end=paragraph.end,
        document_id=document.id, section="Item 1", paragraph_id=paragraph.id, valid_at=document.valid_at,
        confidence=0.8, extractor="rules", model="synthetic", prompt_version="synthetic-1",
    ).with_id()
