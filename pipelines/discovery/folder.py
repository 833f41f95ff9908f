"""A sensor on the corpus folder: a new or changed file adds its partition and starts the main job on it.

The cursor is the newest modification time seen, so a scan without changes reads file
metadata only. The main job's per-document caches then skip what is unchanged.
"""

# No `from __future__ import annotations`: Dagster reads the resource annotation at definition time.

from pathlib import Path

from dagster import RunRequest, SensorEvaluationContext, SensorResult, SkipReason, sensor

from pipelines.partitions import DOCUMENT_PARTITIONS, group_by_partition
from pipelines.resources import FingraphPathsResource
from pipelines.sources.folder import NOT_DOCUMENT_SUFFIXES, NOT_DOCUMENTS, discover_folder

# Files arrive daily at most, so once a minute is often enough, and it bounds the cost of
# listing a large corpus folder.
SCAN_INTERVAL_SECONDS = 60


def newer_files(folder: Path, since: float) -> tuple[list[Path], float]:
    """Return the document files modified after `since`, and the newest modification time seen."""
    found: list[Path] = []
    newest = since
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name in NOT_DOCUMENTS or path.suffix.lower() in NOT_DOCUMENT_SUFFIXES:
            continue
        modified = path.stat().st_mtime
        if modified > since:
            found.append(path)
            newest = max(newest, modified)
    return found, newest


@sensor(job_name="main_job", minimum_interval_seconds=SCAN_INTERVAL_SECONDS)
def corpus_folder_sensor(context: SensorEvaluationContext, paths: FingraphPathsResource) -> SensorResult | SkipReason:
    """Add the partitions of new or changed documents in the corpus folder and start the main job on each."""
    since = float(context.cursor) if context.cursor else 0.0
    folder = paths.corpus()
    found, newest = newer_files(folder, since)
    if not found:
        return SkipReason(f"no new or changed files in {folder}")

    changed = {str(path) for path in found}
    keys = sorted(group_by_partition(raw for raw in discover_folder(folder) if raw.path in changed))
    known = set(context.instance.get_dynamic_partitions(DOCUMENT_PARTITIONS.name))
    added = [key for key in keys if key not in known]
    context.log.info("%d new or changed files in %s, in partitions %s (%d new)", len(found), folder, keys, len(added))
    return SensorResult(
        run_requests=[RunRequest(partition_key=key, run_key=f"{key}:{newest}") for key in keys],
        dynamic_partitions_requests=[DOCUMENT_PARTITIONS.build_add_request(added)] if added else [],
        cursor=str(newest),
    )
