"""The Dagster code location of fingraph: assets and resources, assembled here and nowhere else."""

from __future__ import annotations

from dagster import Definitions, define_asset_job

from pipelines import assets
from pipelines.io_manager import JsonlIOManager
from pipelines.resources import FingraphPathsResource, Neo4jResource

ALL_ASSETS = [
    assets.raw_documents,
    assets.parsed_documents,
    assets.extracted_assertions,
    assets.verified_assertions,
    assets.resolved_assertions,
    assets.graph_load,
    assets.fact_edges,
]

main_job = define_asset_job("main_job", selection=[a.key for a in ALL_ASSETS],
                            description="Every asset from source files to fact edges.")


def build_definitions(paths: FingraphPathsResource | None = None,
                      neo4j: Neo4jResource | None = None) -> Definitions:
    """Assemble the definitions; tests pass their own folders and Neo4j."""
    paths = paths or FingraphPathsResource()
    base_dir = str(paths.data() / "assets") if paths.data_dir else None
    return Definitions(
        assets=ALL_ASSETS,
        jobs=[main_job],
        resources={
            "paths": paths,
            "neo4j": neo4j or Neo4jResource(),
            "io_manager": JsonlIOManager(base_dir=base_dir),
        },
    )


defs = build_definitions()
