"""Small builders of documents and assertions for graph tests, and a dump of the whole graph."""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import Driver

from schemas.assertions import Assertion
from schemas.documents import Document, DocumentKind, Issuer, Paragraph, fingerprint_text
from schemas.entities import EntityKind, EntityRef

NVIDIA = Issuer(name="NVIDIA Corporation", cik="0001045810", ticker="NVDA")


def make_filing(accession: str, text: str, *, year: int, form: str = "10-K") -> Document:
    """Build an annual report with one paragraph holding all of `text`."""
    paragraph = Paragraph(id=f"{accession}/p00000", start=0, end=len(text), section="Item 1",
                          fingerprint=fingerprint_text(text))
    return Document(
        id=accession, kind=DocumentKind.FILING, form=form, issuer=NVIDIA,
        filed_at=dt.date(year, 2, 24), period_end=dt.date(year, 1, 28),
        sha256=accession.replace("-", "").ljust(64, "0"), text=text, paragraphs=[paragraph],
    )


def make_supplier_assertion(document: Document, supplier: str) -> Assertion:
    """Build a SUPPLIER_OF assertion from `supplier` to the issuer, quoting the whole paragraph."""
    return Assertion(
        type="SUPPLIER_OF",
        subject=EntityRef(name=supplier, kind=EntityKind.COMPANY),
        object=EntityRef(name="NVIDIA Corporation", kind=EntityKind.COMPANY, cik="0001045810"),
        attributes={"product": "wafers"},
        quote=document.text, char_start=0, char_end=len(document.text),
        document_id=document.id, section="Item 1", paragraph_id=document.paragraphs[0].id,
        valid_at=document.valid_at, confidence=0.8,
        extractor="rules", model="test-model", prompt_version="test-1",
    ).with_id()


def dump_graph(driver: Driver, *, skip: frozenset[str] = frozenset()) -> list[Any]:
    """Return every node and relationship with its labels and properties, in a stable order."""
    nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    edges, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props")
    rows = [(sorted(r["labels"]), _clean(r["props"], skip)) for r in nodes]
    rows += [(r["start"], r["type"], r["end"], _clean(r["props"], skip)) for r in edges]
    return sorted(rows, key=repr)


def _clean(props: dict[str, Any], skip: frozenset[str]) -> list[tuple[str, str]]:
    return sorted((key, repr(sorted(value) if isinstance(value, list) and key == "aliases" else value))
                  for key, value in props.items() if key not in skip)
