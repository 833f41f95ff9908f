"""The run half of the demo summary: what the main job parsed, extracted, dropped and spent.

The graph half (documents, entities, fact edges, pivots) comes from Neo4j in `demo.py`; these
counts come from the asset metadata of the run that just finished.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dagster import ExecuteInProcessResult
from rich.console import Console

from schemas.runs import SkippedDocument

RunMetadata = dict[str, dict[str, Any]]


def run_metadata(result: ExecuteInProcessResult) -> RunMetadata:
    """Return each materialized asset's metadata values by asset name."""
    metadata: RunMetadata = {}
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        metadata[materialization.asset_key.path[-1]] = {k: v.value for k, v in materialization.metadata.items()}
    return metadata


def print_run_counts(console: Console, metadata: RunMetadata, skipped: Sequence[SkippedDocument]) -> None:
    """Print documents parsed and skipped, assertions extracted and dropped, and the LLM's calls and cost."""
    parsed = metadata.get("parsed_documents", {})
    extracted = metadata.get("extracted_assertions", {})
    verified = metadata.get("verified_assertions", {})

    console.print(f"documents parsed: {parsed.get('documents', 0)}, skipped by the parsers: {len(skipped)}"
                  f"{_by_reason(parsed.get('skipped_by_reason', {}))}", highlight=False)
    for skip in skipped:
        console.print(f"  {skip.path}: {skip.reason}", highlight=False)
    console.print(f"assertions extracted: {extracted.get('assertions', 0)} "
                  f"({extracted.get('from_cache', 0)} of {extracted.get('documents', 0)} documents from the cache), "
                  f"kept by verification: {verified.get('kept', 0)}, dropped: {verified.get('dropped', 0)}"
                  f"{_by_reason(verified.get('dropped_by_reason', {}))}", highlight=False)
    console.print(llm_line(extracted), highlight=False)


def llm_line(extracted: Mapping[str, Any]) -> str:
    """Describe the LLM calls of the run, or say that the offline extractor made none."""
    if extracted.get("extractor") != "llm":
        return f"LLM calls: 0 (the {extracted.get('extractor', 'rules')} extractor ran offline)"
    return (f"LLM calls: {extracted.get('llm_calls', 0)} made, "
            f"{extracted.get('llm_calls_saved_by_cache', 0)} saved by the reply cache, "
            f"{extracted.get('llm_calls_saved_by_reuse', 0)} saved by reuse of earlier paragraphs and sentences; "
            f"tokens in {extracted.get('llm_tokens_in', 0)}, out {extracted.get('llm_tokens_out', 0)}; "
            f"estimated cost ${extracted.get('llm_cost_usd_estimate', 0.0):.4f} (model {extracted.get('model')})")


def _by_reason(counts: Mapping[str, int]) -> str:
    if not counts:
        return ""
    return " (" + ", ".join(f"{reason}: {count}" for reason, count in sorted(counts.items())) + ")"
