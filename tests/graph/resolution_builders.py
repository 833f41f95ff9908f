"""Small builders for the graph tests: a company directory, a filing and its assertions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graph.company_matching import CompanyDirectory, CompanyRecord
from neo4j import Driver

from graph.curation_rules import Curation
from graph.fact_edges import mark_extracted, rebuild_fact_edges
from graph.loader import Neo4jLoader
from graph.resolution import EntityResolver, resolve_assertions
from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import Document, DocumentKind, Issuer
from schemas.entities import EntityKind, EntityRef

PROFILE = ExtractionProfile(extractor="rules", version="test-1")
NVIDIA_CIK = "0001045810"
TSMC_CIK = "0001046179"


def make_directory() -> CompanyDirectory:
    directory = CompanyDirectory()
    directory.add(CompanyRecord(NVIDIA_CIK, "NVIDIA CORP", ("NVDA",)))
    directory.add(CompanyRecord(TSMC_CIK, "TAIWAN SEMICONDUCTOR MANUFACTURING CO LTD", ("TSM",)))
    directory.add(CompanyRecord("0000002488", "ADVANCED MICRO DEVICES INC", ("AMD",)))
    return directory


def make_resolver(curation_dir: Path | None = None) -> EntityResolver:
    curation = Curation.from_dir(curation_dir) if curation_dir else Curation()
    return EntityResolver(make_directory(), curation)


def write_curation(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def make_filing(document_id: str = "0001045810-24-000029", text: str = "We rely on suppliers.") -> Document:
    return Document(id=document_id, kind=DocumentKind.FILING, form="10-K",
                    issuer=Issuer(name="NVIDIA CORP", cik=NVIDIA_CIK), filed_at=dt.date(2024, 2, 21),
                    period_end=dt.date(2024, 1, 28), sha256="0" * 64, text=text)


def make_assertion(subject: str, obj: str = "NVIDIA", relation: str = "SUPPLIER_OF",
                   subject_kind: EntityKind = EntityKind.COMPANY, object_kind: EntityKind = EntityKind.COMPANY,
                   document_id: str = "0001045810-24-000029", start: int = 0) -> Assertion:
    object_cik = NVIDIA_CIK if obj == "NVIDIA" else None
    return Assertion(type=relation, subject=EntityRef(name=subject, kind=subject_kind),
                     object=EntityRef(name=obj, kind=object_kind, cik=object_cik), quote="We rely on suppliers.",
                     char_start=start, char_end=start + 21, document_id=document_id,
                     valid_at=dt.date(2024, 1, 28), confidence=0.8, extractor=PROFILE.extractor,
                     prompt_version=PROFILE.version).with_id()


def load_split_supplier(driver: Driver, resolver: EntityResolver) -> None:
    """Load one filing with two supplier assertions about TSMC, one under an alias that curation may lack."""
    document = make_filing()
    assertions = resolve_assertions([
        make_assertion("Taiwan Semiconductor"),
        make_assertion("Taiwan Semiconductor Manufacturing Company Limited", start=1),
    ], resolver)
    loader = Neo4jLoader(driver)
    loader.load_documents([document])
    loader.load_assertions(assertions, resolver)
    mark_extracted(driver, [document.id], PROFILE)
    rebuild_fact_edges(driver, PROFILE)
