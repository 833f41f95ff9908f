"""Loading one run's documents and resolved assertions into Neo4j, then deriving fact edges."""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from neo4j import Driver

from graph.connection import Neo4jSettings, open_driver
from graph.embeddings.model import find_embedder
from graph.embeddings.store import embed_paragraphs
from graph.fact_edges import mark_extracted, update_fact_edges
from graph.issuers import load_former_names
from graph.loader import Neo4jLoader
from graph.resolution import EntityResolver
from graph.schema import init_schema
from pipelines import settings, stages, stored
from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import Document

log = logging.getLogger(__name__)


EMBED_ON_LOAD_VARIABLE = "FINGRAPH_EMBED_ON_LOAD"


def embed_on_load() -> bool:
    """Return False when FINGRAPH_EMBED_ON_LOAD is 0, false or no; loads embed their paragraphs by default."""
    return os.environ.get(EMBED_ON_LOAD_VARIABLE, "1").strip().lower() not in ("0", "false", "no")


def load_run(driver: Driver, documents: Sequence[Document], assertions: Sequence[Assertion],
             resolver: EntityResolver, profile: ExtractionProfile, database: str | None = None,
             report: Callable[[str], None] = log.info) -> int:
    """Write documents, paragraph embeddings, entities and assertions, and record which profile extracted them.

    Paragraphs are embedded only when an embedding model is installed (`graph.embeddings`) and
    FINGRAPH_EMBED_ON_LOAD is not 0; `fingraph embed` fills the vector index later.
    `report` receives a line as each step starts and after each page of embeddings.
    Returns the count of paragraphs embedded, 0 without a model.
    """
    init_schema(driver, database)
    loader = Neo4jLoader(driver, database)
    paragraph_ids = [p.id for d in documents for p in d.paragraphs]
    report(f"writing documents: {len(documents)}, with {len(paragraph_ids)} paragraphs")
    loader.load_documents(documents)
    embedder = find_embedder() if embed_on_load() else None
    embedded = 0
    if embedder is not None:
        report(f"embedding the paragraphs that lack a vector with {embedder.name}, the slowest step on a CPU. "
               f"{EMBED_ON_LOAD_VARIABLE}=0 skips it, and `fingraph embed` fills the vectors later")
        started = time.monotonic()

        def page_done(done: int) -> None:
            report(f"  {done} of at most {len(paragraph_ids)} paragraphs ({time.monotonic() - started:.0f} s)")

        embedded = embed_paragraphs(driver, embedder, paragraph_ids, database=database, progress=page_done)
    load_former_names(driver, documents, database)
    report(f"writing assertions and their entities: {len(assertions)} assertions")
    loader.load_assertions(assertions, resolver)
    mark_extracted(driver, [d.id for d in documents], profile, database)
    return embedded


def profile_of(assertions: Sequence[Assertion]) -> ExtractionProfile:
    """Return the one profile that produced `assertions`, or the active extractor's when there are none."""
    profiles = {a.profile for a in assertions}
    if len(profiles) > 1:
        raise ValueError(f"the stored assertions come from {len(profiles)} extraction profiles: "
                         f"{', '.join(sorted(p.key for p in profiles))}; load one run at a time")
    return profiles.pop() if profiles else stages.active_profile(settings.company_tickers_file())


def stored_files(folder: Path, asset: str) -> list[Path]:
    """Return an asset's stored files: one per partition under `<asset>/`, or `<asset>.jsonl` of an older run."""
    partitions = sorted((folder / asset).glob("*.jsonl"))
    if partitions:
        return partitions
    single = folder / f"{asset}.jsonl"
    return [single] if single.is_file() else []


def load_stored_run(folder: Path, report: Callable[[str], None] = log.info) -> dict[str, int]:
    """Load the stored parsed documents and resolved assertions of every partition in an assets folder.

    `report` receives a line as each step starts (see `load_run`).
    """
    missing = [name for name in ("parsed_documents", "resolved_assertions") if not stored_files(folder, name)]
    if missing:
        raise ValueError(f"{folder} lacks {', '.join(missing)}: point `fingraph load` at the assets folder of a run "
                         f"(by default .data/assets)")
    documents = [d for path in stored_files(folder, "parsed_documents") for d in stored.read_jsonl(path, Document)]
    assertions = [a for path in stored_files(folder, "resolved_assertions")
                  for a in stored.read_jsonl(path, Assertion)]
    report(f"read from {folder}: {len(documents)} documents, {len(assertions)} assertions")
    if not documents and not assertions:
        return {"documents": 0, "paragraphs embedded": 0, "assertions": 0, "fact edges": 0}
    profile = profile_of(assertions)
    neo4j_settings = Neo4jSettings.from_env()
    driver = open_driver(neo4j_settings)
    try:
        embedded = load_run(driver, documents, assertions, stages.make_resolver(settings.company_tickers_file()),
                            profile, neo4j_settings.database, report)
        report("updating the fact edges of the report streams this load touched")
        counts: Counter[str] = update_fact_edges(driver, profile, neo4j_settings.database)
    finally:
        driver.close()
    return {"documents": len(documents), "paragraphs embedded": embedded, "assertions": len(assertions),
            "fact edges": sum(counts.values())}
