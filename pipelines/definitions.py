"""The Dagster code location of fingraph: assets, checks and resources, assembled here and nowhere else."""

from __future__ import annotations

from typing import Any

from dagster import AssetsDefinition, Definitions, define_asset_job, definitions

from pipelines import assets
from pipelines.checks.asset_checks import ALL_CHECKS
from pipelines.discovery.edgar import daily_edgar_schedule, edgar_filings, edgar_job
from pipelines.discovery.folder import corpus_folder_sensor
from pipelines.io_manager import JsonlIOManager
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
        assets=[*ALL_ASSETS, edgar_filings],
        asset_checks=ALL_CHECKS,
        jobs=[main_job, edgar_job],
        schedules=[daily_edgar_schedule],
        sensors=[corpus_folder_sensor],
        resources=run_resources(paths, **overrides),
    )


@definitions
def defs() -> Definitions:
    """Load the code location lazily, so that loading it, not importing it, sees the environment."""
    return build_definitions()
