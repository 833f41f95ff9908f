"""The assets of the main job, from source files to fact edges in Neo4j.

Each asset is thin: it calls a plain function of `extractors/` or `graph/` and records counts
as metadata. The stored output of each step is a JSONL file under the IO manager's folder.
"""

# No `from __future__ import annotations` here: Dagster reads the context and input annotations at
# definition time and rejects them as strings.

from collections import Counter

from dagster import AssetExecutionContext, Backoff, Jitter, MaterializeResult, RetryPolicy, asset

from extractors.base import Extractor
from extractors.grounding import verify
from extractors.runner import extract_documents
from graph.fact_edges import rebuild_fact_edges
from graph.resolution import resolve_assertions
from pipelines import stages, stored
from pipelines.loading import load_run
from pipelines.resources import ExtractorResource, FingraphPathsResource, Neo4jResource
from pipelines.sources.folder import RawDocument, discover_folder
from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import Document

# Pools cap how many steps of all runs touch a shared service at once; `make setup` sets
# their limits in the instance (see the Makefile).
LLM_POOL = "llm"
NEO4J_WRITE_POOL = "neo4j_write"

# Retries for transient failures: a Neo4j leader election, a dropped connection, an LLM
# endpoint's 5xx after the client's own retries. The jitter keeps runs that failed together
# from retrying together.
# NOTE: Dagster retries any exception of the step, a bug included; a permanent error costs
# three more attempts before the run fails.
TRANSIENT_RETRY = RetryPolicy(max_retries=3, delay=10, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS)


@asset
def raw_documents(context: AssetExecutionContext, paths: FingraphPathsResource) -> list[RawDocument]:
    """Source files of the corpus folder, with their sha256 and size."""
    folder = paths.corpus()
    found = list(discover_folder(folder))
    context.log.info("found %d document files in %s", len(found), folder)
    context.add_output_metadata({"documents": len(found), "folder": str(folder)})
    return found


@asset
def parsed_documents(context: AssetExecutionContext, paths: FingraphPathsResource,
                     raw_documents: list[RawDocument]) -> list[Document]:
    """Clean, sectioned, dated documents whose text offsets every assertion points into."""
    documents, skipped = stages.parse_all(raw_documents, progress=stages.log_progress(context, "parsed"))
    stored.write_jsonl(paths.data() / "runs" / "skipped_documents.jsonl", skipped)
    for skip in skipped:
        context.log.error("skipped %s (%s): %s", skip.path, skip.reason, skip.message)
    reasons = Counter(skip.reason for skip in skipped)
    context.add_output_metadata({"documents": len(documents), "skipped": len(skipped),
                                 "skipped_by_reason": dict(reasons)})
    return documents


@asset(pool=LLM_POOL, retry_policy=TRANSIENT_RETRY)
def extracted_assertions(context: AssetExecutionContext, paths: FingraphPathsResource, extractor: ExtractorResource,
                         parsed_documents: list[Document]) -> list[Assertion]:
    """Assertion candidates from one extraction pass per document, cached per extraction profile."""
    cache = paths.data() / "cache"
    chosen = extractor.build(paths.tickers(), cache / "llm")
    context.log.info("extracting with profile %s", chosen.profile.key)
    assertions, stats = extract_documents(parsed_documents, chosen, cache / "extract",
                                          progress=stages.log_progress(context, "extracted"))
    context.add_output_metadata({
        "assertions": len(assertions), "documents": stats.documents, "from_cache": stats.from_cache,
        "failed": len(stats.failed), **profile_metadata(chosen.profile), **llm_metadata(chosen),
    })
    return assertions


def profile_metadata(profile: ExtractionProfile) -> dict[str, str]:
    """Name the extractor, model and prompt or rules version that a run used."""
    return {"profile": profile.key, "extractor": profile.extractor, "model": profile.model or "none",
            "prompt_version": profile.version}


def llm_metadata(extractor: Extractor) -> dict[str, int | float]:
    """Count the LLM calls of this process, those saved by the reply cache and by paragraph reuse, tokens and cost."""
    per_document = getattr(extractor, "stats", None)
    if not isinstance(per_document, dict):
        return {"llm_calls": 0}
    stats = list(per_document.values())
    return {
        "llm_calls": sum(s.calls for s in stats),
        "llm_calls_saved_by_cache": sum(s.calls_saved_by_cache for s in stats),
        "llm_calls_saved_by_reuse": sum(s.calls_saved_by_reuse for s in stats),
        "llm_tokens_in": sum(s.tokens_in for s in stats),
        "llm_tokens_out": sum(s.tokens_out for s in stats),
        "llm_cost_usd_estimate": round(sum(s.cost_usd for s in stats), 4),
    }


@asset
def verified_assertions(context: AssetExecutionContext, parsed_documents: list[Document],
                        extracted_assertions: list[Assertion]) -> list[Assertion]:
    """Assertions whose quote, names, numbers and entity kinds check out against the source text."""
    by_document: dict[str, list[Assertion]] = {}
    for assertion in extracted_assertions:
        by_document.setdefault(assertion.document_id, []).append(assertion)
    kept: list[Assertion] = []
    dropped: Counter[str] = Counter()
    for document in parsed_documents:
        result = verify(by_document.get(document.id, []), document)
        kept.extend(result.kept)
        dropped.update(result.dropped)
    context.add_output_metadata({"kept": len(kept), "dropped": sum(dropped.values()),
                                 "dropped_by_reason": dict(dropped)})
    return kept


@asset
def resolved_assertions(context: AssetExecutionContext, paths: FingraphPathsResource,
                        verified_assertions: list[Assertion]) -> list[Assertion]:
    """Verified assertions whose subject and object carry canonical entity ids."""
    resolver = stages.make_resolver(paths.tickers())
    resolved = resolve_assertions(verified_assertions, resolver)
    methods = Counter(ref.resolution_method for a in resolved for ref in (a.subject, a.object))
    context.add_output_metadata({"assertions": len(resolved), "by_method": dict(methods)})
    return resolved


@asset(pool=NEO4J_WRITE_POOL, retry_policy=TRANSIENT_RETRY)
def graph_load(context: AssetExecutionContext, paths: FingraphPathsResource, neo4j: Neo4jResource,
               extractor: ExtractorResource, parsed_documents: list[Document],
               resolved_assertions: list[Assertion]) -> MaterializeResult:
    """Documents, paragraphs, entities and assertions written into Neo4j."""
    profile = extractor.profile(paths.tickers(), paths.data() / "cache" / "llm")
    with neo4j.driver() as driver:
        load_run(driver, parsed_documents, resolved_assertions, stages.make_resolver(paths.tickers()),
                 profile, neo4j.settings().database)
    return MaterializeResult(metadata={"documents": len(parsed_documents),
                                       "assertions": len(resolved_assertions), **profile_metadata(profile)})


@asset(deps=[graph_load], pool=NEO4J_WRITE_POOL, retry_policy=TRANSIENT_RETRY)
def fact_edges(context: AssetExecutionContext, paths: FingraphPathsResource, neo4j: Neo4jResource,
               extractor: ExtractorResource) -> MaterializeResult:
    """Fact edges between entities, with first and last sighting, validity periods and status."""
    profile = extractor.profile(paths.tickers(), paths.data() / "cache" / "llm")
    with neo4j.driver() as driver:
        counts = rebuild_fact_edges(driver, profile, neo4j.settings().database)
    return MaterializeResult(metadata={"fact_edges": sum(counts.values()), **profile_metadata(profile),
                                       **{key: value for key, value in sorted(counts.items())}})

