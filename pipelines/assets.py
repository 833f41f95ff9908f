"""The assets of the main job, from source files to fact edges in Neo4j.

Each asset is thin: it calls a plain function of `extractors/` or `graph/` and records counts
as metadata. The stored output of each step is a JSONL file under the IO manager's folder.
"""

# No `from __future__ import annotations` here: Dagster reads the context and input annotations at
# definition time and rejects them as strings.

import warnings
from collections import Counter

from dagster import AssetExecutionContext, BackfillPolicy, MaterializeResult, asset

from extractors.base import Extractor
from extractors.grounding import verify
from extractors.runner import extract_documents
from graph.fact_edges import update_fact_edges
from graph.resolution import resolve_assertions
from pipelines import stages, stored
from pipelines.loading import load_run
from pipelines.partitions import DOCUMENT_PARTITIONS, flatten, group_by_partition, regroup
from pipelines.retries import TRANSIENT_RETRY, transient_failures_only
from pipelines.resources import ExtractorResource, FingraphPathsResource, Neo4jResource
from pipelines.sources.folder import RawDocument, discover_folder
from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import Document

# Dagster 1.13 marks the single-run backfill policy as beta and warns once per asset at every
# import, seven lines in `dagster dev`. Users can do nothing about it, so it is not shown.
warnings.filterwarnings("ignore", message=r"Parameter `backfill_policy`.*beta")

# Pools cap how many steps of all runs touch a shared service at once; `make setup` sets
# their limits in the instance (see the Makefile).
LLM_POOL = "llm"
NEO4J_WRITE_POOL = "neo4j_write"

# A back-fill of many partitions is one run, so the demo and a whole-corpus materialization
# parse, extract and load in one process, one batch per step.
PARTITIONED = {"partitions_def": DOCUMENT_PARTITIONS, "backfill_policy": BackfillPolicy.single_run()}


def document_partitions(documents: dict[str, list[Document]]) -> dict[str, str]:
    """Map each document id to its partition key."""
    return {document.id: key for key, rows in documents.items() for document in rows}


@asset(**PARTITIONED)
def raw_documents(context: AssetExecutionContext, paths: FingraphPathsResource) -> dict[str, list[RawDocument]]:
    """Source files of the corpus folder, with their sha256 and size, by kind and filing month."""
    folder = paths.corpus()
    found = group_by_partition(discover_folder(folder))
    selected = {key: found.get(key, []) for key in context.partition_keys}
    count = sum(len(rows) for rows in selected.values())
    context.log.info("found %d document files in %s for %d partitions", count, folder, len(selected))
    context.add_output_metadata({"documents": count, "folder": str(folder)})
    return selected


@asset(**PARTITIONED)
def parsed_documents(context: AssetExecutionContext, paths: FingraphPathsResource,
                     raw_documents: dict[str, list[RawDocument]]) -> dict[str, list[Document]]:
    """Clean, sectioned, dated documents whose text offsets every assertion points into."""
    partition_of = {raw.path: key for key, rows in raw_documents.items() for raw in rows}
    documents, skipped = stages.parse_all(flatten(raw_documents), progress=stages.log_progress(context, "parsed"))
    stored.write_jsonl(paths.data() / "runs" / "skipped_documents.jsonl", skipped)
    for skip in skipped:
        context.log.error("skipped %s (%s): %s", skip.path, skip.reason, skip.message)
    reasons = Counter(skip.reason for skip in skipped)
    context.add_output_metadata({"documents": len(documents), "skipped": len(skipped),
                                 "skipped_by_reason": dict(reasons)})
    return regroup(documents, lambda d: partition_of.get(d.source_path or ""), raw_documents)


@asset(pool=LLM_POOL, retry_policy=TRANSIENT_RETRY, **PARTITIONED)
def extracted_assertions(context: AssetExecutionContext, paths: FingraphPathsResource, extractor: ExtractorResource,
                         parsed_documents: dict[str, list[Document]]) -> dict[str, list[Assertion]]:
    """Assertion candidates from one extraction pass per document, cached per extraction profile."""
    cache = paths.data() / "cache"
    with transient_failures_only("extraction"):
        chosen = extractor.build(paths.tickers(), cache / "llm")
        context.log.info("extracting with profile %s", chosen.profile.key)
        assertions, stats = extract_documents(flatten(parsed_documents), chosen, cache / "extract",
                                              progress=stages.log_progress(context, "extracted"))
    context.add_output_metadata({
        "assertions": len(assertions), "documents": stats.documents, "from_cache": stats.from_cache,
        "failed": len(stats.failed), **profile_metadata(chosen.profile), **llm_metadata(chosen),
    })
    partition_of = document_partitions(parsed_documents)
    return regroup(assertions, lambda a: partition_of.get(a.document_id), parsed_documents)


def profile_metadata(profile: ExtractionProfile) -> dict[str, str]:
    """Name the extractor, model and prompt or rules version that a run used."""
    return {"profile": profile.key, "extractor": profile.extractor, "model": profile.model or "none",
            "prompt_version": profile.version}


def llm_metadata(extractor: Extractor) -> dict[str, int | float]:
    """Count the LLM calls of this process, those saved by the reply cache and by reuse, tokens and cost."""
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


@asset(**PARTITIONED)
def verified_assertions(context: AssetExecutionContext, parsed_documents: dict[str, list[Document]],
                        extracted_assertions: dict[str, list[Assertion]]) -> dict[str, list[Assertion]]:
    """Assertions whose quote, names, numbers and entity kinds check out against the source text."""
    by_document: dict[str, list[Assertion]] = {}
    for assertion in flatten(extracted_assertions):
        by_document.setdefault(assertion.document_id, []).append(assertion)
    kept: dict[str, list[Assertion]] = {key: [] for key in parsed_documents}
    dropped: Counter[str] = Counter()
    for key, documents in parsed_documents.items():
        for document in documents:
            result = verify(by_document.get(document.id, []), document)
            kept[key].extend(result.kept)
            dropped.update(result.dropped)
    context.add_output_metadata({"kept": sum(len(rows) for rows in kept.values()),
                                 "dropped": sum(dropped.values()), "dropped_by_reason": dict(dropped)})
    return kept


@asset(**PARTITIONED)
def resolved_assertions(context: AssetExecutionContext, paths: FingraphPathsResource,
                        verified_assertions: dict[str, list[Assertion]]) -> dict[str, list[Assertion]]:
    """Verified assertions whose subject and object carry canonical entity ids."""
    resolver = stages.make_resolver(paths.tickers())
    resolved = {key: resolve_assertions(rows, resolver) for key, rows in verified_assertions.items()}
    methods = Counter(ref.resolution_method for a in flatten(resolved) for ref in (a.subject, a.object))
    context.add_output_metadata({"assertions": sum(len(rows) for rows in resolved.values()),
                                 "by_method": dict(methods)})
    return resolved


@asset(pool=NEO4J_WRITE_POOL, retry_policy=TRANSIENT_RETRY, **PARTITIONED)
def graph_load(context: AssetExecutionContext, paths: FingraphPathsResource, neo4j: Neo4jResource,
               extractor: ExtractorResource, parsed_documents: dict[str, list[Document]],
               resolved_assertions: dict[str, list[Assertion]]) -> MaterializeResult:
    """Documents, paragraphs with their embeddings, entities and assertions written into Neo4j."""
    profile = extractor.profile(paths.tickers(), paths.data() / "cache" / "llm")
    documents = flatten(parsed_documents)
    assertions = flatten(resolved_assertions)
    with transient_failures_only("graph load"), neo4j.driver() as driver:
        embedded = load_run(driver, documents, assertions, stages.make_resolver(paths.tickers()),
                            profile, neo4j.settings().database, report=context.log.info)
    return MaterializeResult(metadata={"documents": len(documents), "paragraphs_embedded": embedded,
                                       "assertions": len(assertions), **profile_metadata(profile)})


# Unpartitioned, it updates the facts of the streams that the run's loads touched, once per run,
# and its metadata counts the facts it recomputed. Its single-run policy lets the CLI run it in
# the same run as a partition range of the assets above.
@asset(deps=[graph_load], pool=NEO4J_WRITE_POOL, retry_policy=TRANSIENT_RETRY,
       backfill_policy=BackfillPolicy.single_run())
def fact_edges(context: AssetExecutionContext, paths: FingraphPathsResource, neo4j: Neo4jResource,
               extractor: ExtractorResource) -> MaterializeResult:
    """Fact edges between entities, with first and last sighting, validity periods and status."""
    profile = extractor.profile(paths.tickers(), paths.data() / "cache" / "llm")
    with transient_failures_only("fact edges"), neo4j.driver() as driver:
        counts = update_fact_edges(driver, profile, neo4j.settings().database)
    return MaterializeResult(metadata={"fact_edges": sum(counts.values()), **profile_metadata(profile),
                                       **{key: value for key, value in sorted(counts.items())}})

