"""The daily testimony schedule and its download asset, against a local congress.gov look-alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dagster import DagsterInstance, RunRequest, build_schedule_context, materialize
from fake_govapi import FakeApi
from test_sources_congress import (EVENT, FIRST_PDF, LIST_PATH, SECOND_PDF, listed_meeting, listing_page,
                                   serve_listing, serve_meeting)

from pipelines.definitions import build_definitions
# The module, not its names: pytest would collect `testimony_documents` and `testimony_run_config` as tests.
from pipelines.discovery import testimony as discovery
from pipelines.partitions import group_by_partition
from pipelines.resources import FingraphPathsResource, GovApiResource
from pipelines.sources.folder import discover_folder

KEY = "test-congress-key"


def run_schedule(tmp_path: Path, day: dt.datetime) -> RunRequest:
    with DagsterInstance.local_temp(str(tmp_path)) as instance:
        request = discovery.daily_testimony_schedule(build_schedule_context(instance=instance, scheduled_execution_time=day))
    assert isinstance(request, RunRequest)
    return request


def test_schedule_requests_default_committees(tmp_path, monkeypatch):
    monkeypatch.delenv("FINGRAPH_WATCH_COMMITTEES", raising=False)
    monkeypatch.delenv("FINGRAPH_TESTIMONY_GOVINFO", raising=False)

    request = run_schedule(tmp_path, dt.datetime(2026, 3, 10, 6, 30))

    config = request.run_config["ops"]["testimony_documents"]["config"]
    assert config["committees"] == discovery.DEFAULT_COMMITTEES
    assert config["govinfo"] is False
    assert config["updated_after"] == (dt.date(2026, 3, 10) - dt.timedelta(days=discovery.LOOKBACK_DAYS)).isoformat()
    assert request.run_key == "testimony:2026-03-10"


def test_schedule_reads_configured_committees(tmp_path, monkeypatch):
    monkeypatch.setenv("FINGRAPH_WATCH_COMMITTEES", "HSBA00, hsif17")
    monkeypatch.setenv("FINGRAPH_TESTIMONY_GOVINFO", "true")

    request = run_schedule(tmp_path, dt.datetime(2026, 3, 10, 6, 30))

    config = request.run_config["ops"]["testimony_documents"]["config"]
    assert config["committees"] == ["hsba00", "hsif17"]
    assert config["govinfo"] is True


def test_definitions_have_testimony_schedule():
    definitions = build_definitions()

    assert definitions.resolve_schedule_def("daily_testimony_schedule").job_name == "testimony_job"


@pytest.mark.parametrize(("day", "congress"), [
    (dt.date(2023, 3, 9), 118),
    (dt.date(2024, 12, 31), 118),
    (dt.date(2025, 1, 2), 118),
    (dt.date(2025, 1, 3), 119),
    (dt.date(1789, 3, 4), 1),
])
def test_congress_number(day, congress):
    assert discovery.congress_number(day) == congress


@pytest.fixture
def fake_congress(fake_api: FakeApi, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> FakeApi:
    """Empty meeting lists for the 118th and 119th Congresses, but one House meeting with two statements."""
    monkeypatch.delenv("CONGRESS_API_KEY", raising=False)
    for congress in (118, 119):
        for chamber in ("house", "senate"):
            fake_api.routes[f"/v3/committee-meeting/{congress}/{chamber}"] = listing_page([])
    folder = corpus / "testimony"
    serve_listing(fake_api, [listed_meeting(fake_api, EVENT)])
    serve_meeting(fake_api, EVENT, {
        FIRST_PDF: (folder / "2023-03-09_House-Oversight-HealthCareFinServ_Konczal"
                    / "inflation_testimony_mkonczal.pdf").read_bytes(),
        SECOND_PDF: (folder / "2022-09-22_House-Oversight-EconConsumerPolicy_Konczal"
                     / "testimony_mkonczal.pdf").read_bytes(),
    })
    return fake_api


def materialize_testimony(tmp_path: Path, fake: FakeApi, instance: DagsterInstance, key: str | None,
                          committees: list[str]):
    resources = {"paths": FingraphPathsResource(corpus_dir=str(tmp_path / "corpus")),
                 "gov_api": GovApiResource(congress_api_key=key, congress_base_url=fake.base_url + "/v3")}
    run_config = discovery.testimony_run_config(dt.date(2023, 3, 8), committees, govinfo=False)
    return materialize([discovery.testimony_documents], resources=resources, instance=instance, run_config=run_config,
                       raise_on_error=False)


def test_asset_saves_watched_statements(tmp_path, fake_congress, dagster_instance):
    result = materialize_testimony(tmp_path, fake_congress, dagster_instance, KEY, ["hsgo00"])

    materialization = result.asset_materializations_for_node("testimony_documents")[0]
    saved = sorted(path.name for path in (tmp_path / "corpus" / "congress").rglob("*.pdf"))
    assert result.success
    assert materialization.metadata["witness_statements"].value == 2
    assert saved == sorted([FIRST_PDF, SECOND_PDF])


def test_asset_lists_window_congresses(tmp_path, fake_congress, dagster_instance):
    materialize_testimony(tmp_path, fake_congress, dagster_instance, KEY, ["hsgo00"])

    assert LIST_PATH in fake_congress.requests
    assert "fromDateTime=2023-03-01T00%3A00%3A00Z" in fake_congress.queries[fake_congress.requests.index(LIST_PATH)]


def test_asset_skips_unwatched_committees(tmp_path, fake_congress, dagster_instance):
    result = materialize_testimony(tmp_path, fake_congress, dagster_instance, KEY, ["ssbk00"])

    assert result.success
    assert list((tmp_path / "corpus").rglob("*.pdf")) == []


def test_saved_statements_reach_partitions(tmp_path, fake_congress, dagster_instance):
    materialize_testimony(tmp_path, fake_congress, dagster_instance, KEY, ["hsgo00"])

    partitions = group_by_partition(discover_folder(tmp_path / "corpus"))

    assert sorted(partitions) == ["testimony-2022-09", "testimony-2023-03"]


def test_asset_without_key_fails_before_requests(tmp_path, fake_congress, dagster_instance):
    result = materialize_testimony(tmp_path, fake_congress, dagster_instance, None, ["hsgo00"])

    failure = result.get_step_failure_events()[0]
    assert not result.success
    assert "CONGRESS_API_KEY is not set" in failure.event_specific_data.error.message
    assert fake_congress.requests == []
