"""The run requests of the daily download schedules: one run per source and day, over a look-back window."""

from __future__ import annotations

import datetime as dt

from dagster import AssetsDefinition, Config, RunRequest


def lookback_start(day: dt.date, lookback_days: int) -> str:
    """Return the ISO date `lookback_days` before `day`, where the download window of `day`'s run starts."""
    return (day - dt.timedelta(days=lookback_days)).isoformat()


def asset_run_config(asset: AssetsDefinition, config: Config) -> dict[str, object]:
    """Return the run config that passes `config` to the op of `asset`."""
    return {"ops": {asset.op.name: {"config": config.model_dump()}}}


def daily_run_request(source: str, day: dt.date, run_config: dict[str, object], tags: dict[str, str]) -> RunRequest:
    """Return the run request of `day`, keyed `<source>:<day>`.

    Dagster creates one run per run key and schedule tick (its `RunRequest` documentation), so a tick
    recovered after a failure starts no second run.
    """
    return RunRequest(run_key=f"{source}:{day.isoformat()}", run_config=run_config, tags=tags)
