"""A sensor on the corpus folder: a new or changed file starts the main job.

The cursor is the newest modification time seen, so the sensor reads file metadata and no
document bytes. The main job's per-document caches then skip what is unchanged.
"""

# No `from __future__ import annotations`: Dagster reads the resource annotation at definition time.

from pathlib import Path

from dagster import RunRequest, SensorEvaluationContext, SensorResult, SkipReason, sensor

from pipelines.resources import FingraphPathsResource
from pipelines.sources.folder import NOT_DOCUMENT_SUFFIXES, NOT_DOCUMENTS

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
    """Start the main job when a document file in the corpus folder is new or changed."""
    since = float(context.cursor) if context.cursor else 0.0
    folder = paths.corpus()
    found, newest = newer_files(folder, since)
    if not found:
        return SkipReason(f"no new or changed files in {folder}")
    context.log.info("%d new or changed files in %s", len(found), folder)
    return SensorResult(run_requests=[RunRequest(run_key=f"folder:{newest}")], cursor=str(newest))
