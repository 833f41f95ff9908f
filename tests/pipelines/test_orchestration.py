"""Schedules, sensors, pools and resources of the code location, with Dagster's test helpers."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dagster import (DagsterInstance, EnvVar, RunRequest, SensorResult, SkipReason, build_schedule_context,
                     build_sensor_context)

from pipelines.definitions import build_definitions
from pipelines.discovery.edgar import DEFAULT_FORMS, DEFAULT_TICKERS, LOOKBACK_DAYS, daily_edgar_schedule
from pipelines.discovery.folder import corpus_folder_sensor
from pipelines.resources import ExtractorResource, FingraphPathsResource, Neo4jResource, env_resources
from tests.conftest import CORPUS, ROOT

POOL_LIMITS = {"sec": 1, "llm": 2, "neo4j_write": 1}
TRANSCRIPT = "transcripts/NVDA/2025-02-26.txt"


def test_schedule_requests_watch_list(tmp_path: Path) -> None:
    with DagsterInstance.local_temp(str(tmp_path)) as instance:
        context = build_schedule_context(instance=instance,
                                         scheduled_execution_time=dt.datetime(2026, 3, 10, 6, 0))
        request = daily_edgar_schedule(context)

    assert isinstance(request, RunRequest)
    config = request.run_config["ops"]["edgar_filings"]["config"]
    assert config["tickers"] == DEFAULT_TICKERS
    assert config["forms"] == DEFAULT_FORMS
    assert config["filed_after"] == (dt.date(2026, 3, 10) - dt.timedelta(days=LOOKBACK_DAYS)).isoformat()
    assert request.run_key == "edgar:2026-03-10"


def test_schedule_reads_configured_watch_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINGRAPH_WATCHLIST", "msft, goog")
    monkeypatch.setenv("FINGRAPH_WATCH_FORMS", "10-K")

    with DagsterInstance.local_temp(str(tmp_path)) as instance:
        request = daily_edgar_schedule(build_schedule_context(instance=instance,
                                                              scheduled_execution_time=dt.datetime(2026, 3, 10)))

    assert isinstance(request, RunRequest)
    config = request.run_config["ops"]["edgar_filings"]["config"]
    assert config["tickers"] == ["MSFT", "GOOG"]
    assert config["forms"] == ["10-K"]


def test_sensor_skips_unchanged_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("not a document")
    context = build_sensor_context(resources={"paths": FingraphPathsResource(corpus_dir=str(tmp_path))})

    assert isinstance(corpus_folder_sensor(context), SkipReason)


def test_sensor_adds_partition_of_new_file(tmp_path: Path, dagster_instance: DagsterInstance) -> None:
    resources = {"paths": FingraphPathsResource(corpus_dir=str(tmp_path))}
    instance = dagster_instance
    link = tmp_path / TRANSCRIPT
    link.parent.mkdir(parents=True)
    link.symlink_to(CORPUS / TRANSCRIPT)

    first = corpus_folder_sensor(build_sensor_context(instance=instance, resources=resources))

    assert isinstance(first, SensorResult)
    assert [request.partition_key for request in first.run_requests or []] == ["earnings_call-2025-02"]
    assert [list(request.partition_keys) for request in first.dynamic_partitions_requests or []] == [
        ["earnings_call-2025-02"]]


def test_sensor_skips_seen_files(tmp_path: Path, dagster_instance: DagsterInstance) -> None:
    resources = {"paths": FingraphPathsResource(corpus_dir=str(tmp_path))}
    instance = dagster_instance
    link = tmp_path / TRANSCRIPT
    link.parent.mkdir(parents=True)
    link.symlink_to(CORPUS / TRANSCRIPT)
    first = corpus_folder_sensor(build_sensor_context(instance=instance, resources=resources))
    assert isinstance(first, SensorResult)

    again = corpus_folder_sensor(build_sensor_context(instance=instance, resources=resources, cursor=first.cursor))

    assert isinstance(again, SkipReason)


def test_setup_sets_pool_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "dagster"
    bin_dir = Path(sys.executable).parent
    monkeypatch.setenv("DAGSTER_HOME", str(home))

    subprocess.run(["make", "-s", "pools", f"BIN={bin_dir}", f"DAGSTER_HOME={home}"], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)

    with DagsterInstance.from_config(str(home)) as instance:
        limits = {pool: instance.event_log_storage.get_concurrency_info(pool).slot_count for pool in POOL_LIMITS}
        storage = type(instance.run_storage).__name__
        free_slots_after = instance.run_monitoring_settings.get("free_slots_after_run_end_seconds")
    assert limits == POOL_LIMITS
    assert storage == "SqliteRunStorage"
    assert free_slots_after == 60


def test_resources_default_without_environment() -> None:
    resources = env_resources()

    neo4j = resources["neo4j"]
    extractor = resources["extractor"]
    assert isinstance(neo4j, Neo4jResource)
    assert neo4j.settings().uri == "bolt://127.0.0.1:7687"
    assert isinstance(extractor, ExtractorResource)
    assert extractor.chosen_kind() == "rules"


def test_resources_use_envvar_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://graph.example:7687")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")

    resources = env_resources()

    assert resources["neo4j"].uri == EnvVar("NEO4J_URI")
    assert resources["extractor"].openai_base_url == EnvVar("OPENAI_BASE_URL")


def test_remote_neo4j_needs_password() -> None:
    with pytest.raises(ValueError, match="NEO4J_PASSWORD"):
        Neo4jResource(uri="bolt://graph.example:7687").settings()


def test_definitions_have_schedule_and_sensor() -> None:
    definitions = build_definitions()

    assert definitions.resolve_schedule_def("daily_edgar_schedule").job_name == "edgar_job"
    assert definitions.resolve_sensor_def("corpus_folder_sensor").job_name == "main_job"


def test_edgar_asset_downloads_watch_list(tmp_path: Path, fake_edgar: object, monkeypatch: pytest.MonkeyPatch,
                                          dagster_instance: DagsterInstance) -> None:
    from dagster import materialize

    from pipelines.discovery.edgar import edgar_filings, watch_list_run_config
    from pipelines.resources import EdgarResource

    monkeypatch.setenv("FINGRAPH_DATA_DIR", str(tmp_path / "data"))
    resources = {"paths": FingraphPathsResource(corpus_dir=str(tmp_path / "corpus")),
                 "edgar": EdgarResource(user_agent="Jane Doe jane.doe@example.com")}

    result = materialize([edgar_filings], resources=resources, instance=dagster_instance,
                         run_config=watch_list_run_config(dt.date(2000, 8, 1), ["AAPL"], ["10-Q"]))

    materialization = result.asset_materializations_for_node("edgar_filings")[0]
    saved = list((tmp_path / "corpus" / "edgar").rglob("full-submission.txt"))
    assert result.success
    assert materialization.metadata["filings"].value == 1
    assert len(saved) == 1
