"""Builders of a small graph for the query tests, loaded through the real loader.

The graph: Widgets Inc (WDGT, CIK 1) files three 10-Ks. Acme Metals is its sole supplier in every
year; Oldco supplies it in FY2021, is silent in FY2022 and back in FY2023; Newco first appears in
FY2023. Widgets sells 55% of its output to BigBuyer. Acme, in its own FY2022 10-K, is exposed to
export controls on gallium. A witness testifies against Widgets in 2023.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from neo4j import Driver

from graph.fact_edges import mark_extracted, update_fact_edges
from graph.loader import Neo4jLoader
from graph.resolution import CompanyDirectory, CompanyRecord, EntityResolver, resolve_assertions
from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import Document, DocumentKind, Issuer, Paragraph, fingerprint_text, sha256_bytes
from schemas.entities import EntityKind, EntityRef, FactorKind

PROFILE = ExtractionProfile(extractor="test", version="v1")

WIDGETS = Issuer(name="Widgets Inc", cik="0000000001", ticker="WDGT")
ACME_ISSUER = Issuer(name="Acme Metals Corp", cik="0000000002", ticker="ACME")
WIDGETS_ID = "cik:0000000001"
ACME_ID = "cik:0000000002"
BIGBUYER_ID = "cik:0000000003"
GALLIUM_CONTROLS_ID = "factor:regulation:export-controls-on-gallium"


def company(name: str, cik: str | None = None) -> EntityRef:
    return EntityRef(name=name, kind=EntityKind.COMPANY, cik=cik)


def person(name: str) -> EntityRef:
    return EntityRef(name=name, kind=EntityKind.PERSON)


def factor(name: str, kind: FactorKind = FactorKind.REGULATION) -> EntityRef:
    return EntityRef(name=name, kind=EntityKind.FACTOR, factor_kind=kind)


def make_document(document_id: str, sentences: Sequence[str], *, issuer: Issuer | None, form: str | None,
                  kind: DocumentKind = DocumentKind.FILING, period_end: dt.date | None = None,
                  filed_at: dt.date | None = None, event_date: dt.date | None = None,
                  title: str | None = None) -> Document:
    """Build a document with one paragraph per sentence."""
    text = "\n\n".join(sentences)
    paragraphs = []
    start = 0
    for number, sentence in enumerate(sentences):
        end = start + len(sentence)
        paragraphs.append(Paragraph(id=f"{document_id}#p{number}", start=start, end=end,
                                    fingerprint=fingerprint_text(sentence)))
        start = end + 2
    return Document(id=document_id, kind=kind, form=form, issuer=issuer, title=title, filed_at=filed_at,
                    period_end=period_end, event_date=event_date, sha256=sha256_bytes(text.encode("utf-8")),
                    text=text, paragraphs=paragraphs)


def make_assertion(document: Document, relation: str, subject: EntityRef, object_: EntityRef, quote: str,
                   **attributes: str | float | bool) -> Assertion:
    """Build an assertion of PROFILE whose quote must occur in `document`."""
    start = document.text.index(quote)
    paragraph = next(p for p in document.paragraphs if p.start <= start < p.end)
    return Assertion(type=relation, subject=subject, object=object_, attributes=dict(attributes), quote=quote,
                     char_start=start, char_end=start + len(quote), document_id=document.id,
                     paragraph_id=paragraph.id, valid_at=document.valid_at, confidence=0.8,
                     extractor=PROFILE.extractor, model=PROFILE.model,
                     prompt_version=PROFILE.version).with_id()


def make_resolver() -> EntityResolver:
    directory = CompanyDirectory()
    directory.add(CompanyRecord("0000000001", "Widgets Inc", ("WDGT",)))
    directory.add(CompanyRecord("0000000002", "Acme Metals Corp", ("ACME",)))
    directory.add(CompanyRecord("0000000003", "BigBuyer Corp", ("BIGB",)))
    return EntityResolver(directory)


def load_graph(driver: Driver, documents: Sequence[Document], assertions: Sequence[Assertion]) -> None:
    """Load documents and assertions as the pipeline does, then derive the fact edges."""
    resolver = make_resolver()
    loader = Neo4jLoader(driver)
    loader.load_documents(documents)
    loader.load_assertions(resolve_assertions(list(assertions), resolver), resolver)
    mark_extracted(driver, [d.id for d in documents], PROFILE)
    update_fact_edges(driver, PROFILE)


def widgets_10k(year: int, sentences: Sequence[str]) -> Document:
    return make_document(f"0000000001-{year + 1 - 2000}-000010", sentences, issuer=WIDGETS, form="10-K",
                         period_end=dt.date(year, 12, 31), filed_at=dt.date(year + 1, 2, 15))


ACME_SOLE = "Acme Metals is our sole source of gallium wafers."
OLDCO = "Oldco supplies our packaging."
NEWCO = "Newco supplies our test equipment."
BIGBUYER = "BigBuyer accounted for 55% of our revenue."
CEO = "Jane Smith, Chief Executive Officer"
ACME_CONTROLS = "Export controls on gallium could disrupt our supply."
TESTIMONY = "Widgets ignored the safety warnings we sent."


def supply_graph() -> tuple[list[Document], list[Assertion]]:
    """Build the documents and assertions of the graph described in the module docstring."""
    fy2021 = widgets_10k(2021, [ACME_SOLE, OLDCO, CEO])
    fy2022 = widgets_10k(2022, [ACME_SOLE, BIGBUYER, CEO])
    fy2023 = widgets_10k(2023, [ACME_SOLE, OLDCO, NEWCO, BIGBUYER])
    acme = make_document("0000000002-23-000020", [ACME_CONTROLS], issuer=ACME_ISSUER, form="10-K",
                         period_end=dt.date(2022, 12, 31), filed_at=dt.date(2023, 3, 1))
    hearing = make_document("testimony-2023-05-10", [TESTIMONY], issuer=None, form=None,
                            kind=DocumentKind.TESTIMONY, event_date=dt.date(2023, 5, 10),
                            filed_at=dt.date(2023, 6, 1), title="Hearing on Chip Supply Chains")
    widgets = company("Widgets Inc", "0000000001")
    assertions = [
        make_assertion(fy2021, "SUPPLIER_OF", company("Acme Metals"), widgets, ACME_SOLE,
                       product="gallium wafers", sole_source="sole"),
        make_assertion(fy2021, "SUPPLIER_OF", company("Oldco"), widgets, OLDCO, product="packaging"),
        make_assertion(fy2021, "OFFICER_OF", person("Jane Smith"), widgets, CEO, role="Chief Executive Officer"),
        make_assertion(fy2022, "SUPPLIER_OF", company("Acme Metals"), widgets, ACME_SOLE,
                       product="gallium wafers", sole_source="sole"),
        make_assertion(fy2022, "SUPPLIER_OF", widgets, company("BigBuyer"), BIGBUYER, revenue_share=0.55),
        make_assertion(fy2022, "OFFICER_OF", person("Jane Smith"), widgets, CEO, role="Chief Executive Officer"),
        make_assertion(fy2023, "SUPPLIER_OF", company("Acme Metals"), widgets, ACME_SOLE,
                       product="gallium wafers", sole_source="sole"),
        make_assertion(fy2023, "SUPPLIER_OF", company("Oldco"), widgets, OLDCO, product="packaging"),
        make_assertion(fy2023, "SUPPLIER_OF", company("Newco"), widgets, NEWCO, product="test equipment"),
        make_assertion(fy2023, "SUPPLIER_OF", widgets, company("BigBuyer"), BIGBUYER, revenue_share=0.55),
        make_assertion(acme, "EXPOSED_TO", company("Acme Metals Corp", "0000000002"),
                       factor("export controls on gallium"), ACME_CONTROLS, direction="adverse", channel="supply"),
        make_assertion(hearing, "TESTIFIED_AGAINST", person("John Roe"), company("Widgets"), TESTIMONY,
                       hearing="Hearing on Chip Supply Chains", committee="Senate Commerce Committee"),
    ]
    return [fy2021, fy2022, fy2023, acme, hearing], assertions
