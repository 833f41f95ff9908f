"""The Dagster code location of fingraph: assets, checks and resources, assembled here and nowhere else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dagster import (AssetsDefinition, DagsterInstance, Definitions, ExecuteInProcessResult, define_asset_job,
                     definitions, materialize)
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from pipelines import assets
from pipelines.checks.asset_checks import ALL_CHECKS
from pipelines.discovery.edgar import daily_edgar_schedule, edgar_filings, edgar_job
from pipelines.discovery.folder import corpus_folder_sensor
from pipelines.discovery.testimony import daily_testimony_schedule, testimony_documents, testimony_job
from pipelines.io_manager import JsonlIOManager
from pipelines.partitions import DOCUMENT_PARTITIONS, corpus_partition_keys
from pipelines.resources import FingraphPathsResource, env_resources

ALL_ASSETS = [
    assets.raw_documents,
    assets.parsed_documents,
    assets.extracted_assertions,
    assets.verified_assertions,
    assets.resolved_assertions,
    assets.graph_load,
    assets.fact_edges,
]

# What `materialize` needs for the main job with its quality gates.
MAIN_JOB_DEFINITIONS: list[AssetsDefinition] = [*ALL_ASSETS, *ALL_CHECKS]

main_job = define_asset_job("main_job", selection=[a.key for a in ALL_ASSETS],
                            description="Every asset from source files to fact edges, with their checks.")


def run_resources(paths: FingraphPathsResource | None = None, **overrides: Any) -> dict[str, Any]:
    """Return the resources of a run: `env_resources()` with `overrides` (tests pass their Neo4j)."""
    paths = paths or FingraphPathsResource()
    base_dir = str(paths.data() / "assets") if paths.data_dir else None
    return {**env_resources(), "paths": paths, "io_manager": JsonlIOManager(base_dir=base_dir), **overrides}


def build_definitions(paths: FingraphPathsResource | None = None, **overrides: Any) -> Definitions:
    """Assemble the definitions; tests pass their own folders and resources."""
    return Definitions(
        assets=[*ALL_ASSETS, edgar_filings, testimony_documents],
        asset_checks=ALL_CHECKS,
        jobs=[main_job, edgar_job, testimony_job],
        schedules=[daily_edgar_schedule, daily_testimony_schedule],
        sensors=[corpus_folder_sensor],
        resources=run_resources(paths, **overrides),
    )


def add_corpus_partitions(instance: DagsterInstance, corpus: Path) -> list[str]:
    """Add the partition keys of the documents in `corpus` to the instance; return all keys, in order."""
    keys = corpus_partition_keys(corpus)
    if not keys:
        raise ValueError(f"no documents found in {corpus}: give a folder of filings, transcripts or testimony "
                         "(--corpus, or FINGRAPH_CORPUS when the option is not given)")
    instance.add_dynamic_partitions(DOCUMENT_PARTITIONS.name, keys)
    return list(instance.get_dynamic_partitions(DOCUMENT_PARTITIONS.name))


def materialize_corpus(corpus: Path, resources: dict[str, Any], instance: DagsterInstance,
                       **options: Any) -> ExecuteInProcessResult:
    """Materialize the main job with its checks over every partition of the corpus, in one run."""
    keys = add_corpus_partitions(instance, corpus)
    tags = {ASSET_PARTITION_RANGE_START_TAG: keys[0], ASSET_PARTITION_RANGE_END_TAG: keys[-1]}
    return materialize(MAIN_JOB_DEFINITIONS, resources=resources, instance=instance, tags=tags, **options)


@definitions
def defs() -> Definitions:
    """Load the code location lazily, so that loading it, not importing it, sees the environment."""
    return build_definitions()
