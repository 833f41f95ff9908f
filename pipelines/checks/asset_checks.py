"""Asset checks of the main job: each calls a plain function of `quality` and reports its ids.

The grounded-quote checks block: a failing one fails its step, so `graph_load`, which reads
`resolved_assertions`, never writes an assertion without its verbatim quote.
"""

# No `from __future__ import annotations`: Dagster reads the parameter annotations at definition time.

from dagster import (AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, AssetIn,
                     asset_check)

from pipelines import stored
from pipelines.checks import quality
from pipelines.partitions import flatten
from pipelines.resources import FingraphPathsResource, Neo4jResource
from schemas.assertions import Assertion
from schemas.documents import Document
from schemas.runs import SkippedDocument

# Enough ids in the metadata to start a search, few enough to keep the run log readable.
MAX_IDS_IN_METADATA = 20


def _grounded_quote_result(context: AssetCheckExecutionContext, assertions: list[Assertion],
                           documents: list[Document]) -> AssetCheckResult:
    ungrounded = quality.find_ungrounded(assertions, documents)
    for item in ungrounded[:MAX_IDS_IN_METADATA]:
        context.log.error("ungrounded assertion %s of document %s: %s",
                          item.assertion_id, item.document_id, item.reason)
    return AssetCheckResult(
        passed=not ungrounded,
        metadata={"ungrounded": len(ungrounded),
                  "examples": [f"{u.assertion_id} ({u.document_id}): {u.reason}"
                               for u in ungrounded[:MAX_IDS_IN_METADATA]]},
    )


GROUNDED_QUOTE_DESCRIPTION = "Every assertion has a non-empty quote equal to the document text at its char span."


@asset_check(asset="verified_assertions", name="quotes_grounded", blocking=True,
             additional_ins={"parsed_documents": AssetIn("parsed_documents")},
             description=GROUNDED_QUOTE_DESCRIPTION)
def verified_quotes_grounded(context: AssetCheckExecutionContext, parsed_documents: dict[str, list[Document]],
                             verified_assertions: dict[str, list[Assertion]]) -> AssetCheckResult:
    return _grounded_quote_result(context, flatten(verified_assertions), flatten(parsed_documents))


@asset_check(asset="resolved_assertions", name="quotes_grounded", blocking=True,
             additional_ins={"parsed_documents": AssetIn("parsed_documents")},
             description=GROUNDED_QUOTE_DESCRIPTION)
def resolved_quotes_grounded(context: AssetCheckExecutionContext, parsed_documents: dict[str, list[Document]],
                             resolved_assertions: dict[str, list[Assertion]]) -> AssetCheckResult:
    return _grounded_quote_result(context, flatten(resolved_assertions), flatten(parsed_documents))


@asset_check(asset="verified_assertions", additional_ins={"extracted_assertions": AssetIn("extracted_assertions")},
             description=f"Warns on documents whose verification dropped more than {quality.MAX_DROP_RATE:.0%} "
                         f"of at least {quality.MIN_CANDIDATES_FOR_DROP_RATE} candidates.")
def grounding_drop_rate(extracted_assertions: dict[str, list[Assertion]],
                        verified_assertions: dict[str, list[Assertion]]) -> AssetCheckResult:
    high = quality.high_drop_rates(flatten(extracted_assertions), flatten(verified_assertions))
    rates = quality.drop_rates(flatten(extracted_assertions), flatten(verified_assertions))
    return AssetCheckResult(
        passed=not high, severity=AssetCheckSeverity.WARN,
        metadata={"threshold": quality.MAX_DROP_RATE, "documents_above": len(high),
                  "max_rate": max(rates.values(), default=0.0),
                  "above": {doc: round(rate, 3) for doc, rate in list(high.items())[:MAX_IDS_IN_METADATA]}},
    )


@asset_check(asset="parsed_documents", description="Warns when the parsers skipped a document, with the reason.")
def no_skipped_documents(paths: FingraphPathsResource) -> AssetCheckResult:
    skipped_file = paths.data() / "runs" / "skipped_documents.jsonl"
    skipped = stored.read_jsonl(skipped_file, SkippedDocument) if skipped_file.exists() else []
    return AssetCheckResult(
        passed=not skipped, severity=AssetCheckSeverity.WARN,
        metadata={"skipped": len(skipped),
                  "examples": [f"{s.path}: {s.reason}" for s in skipped[:MAX_IDS_IN_METADATA]]},
    )


@asset_check(asset="graph_load", description="No two entities of one kind share a normalized name.")
def no_duplicate_entities(neo4j: Neo4jResource) -> AssetCheckResult:
    with neo4j.driver() as driver:
        duplicates = quality.find_duplicate_entities(driver, neo4j.settings().database)
    return AssetCheckResult(
        passed=not duplicates,
        metadata={"groups": len(duplicates),
                  "examples": {key: ids for key, ids in list(duplicates.items())[:MAX_IDS_IN_METADATA]}},
    )


@asset_check(asset="fact_edges", description="Every fact edge is stated by at least one assertion.")
def fact_edges_backed(neo4j: Neo4jResource) -> AssetCheckResult:
    with neo4j.driver() as driver:
        unbacked = quality.find_unbacked_fact_edges(driver, neo4j.settings().database)
    return AssetCheckResult(
        passed=not unbacked,
        metadata={"unbacked": len(unbacked), "examples": unbacked[:MAX_IDS_IN_METADATA]},
    )


ALL_CHECKS = [
    verified_quotes_grounded,
    resolved_quotes_grounded,
    grounding_drop_rate,
    no_skipped_documents,
    no_duplicate_entities,
    fact_edges_backed,
]
