"""The daily EDGAR download: recent filings of a watch-list of tickers and forms, into the corpus folder.

The files land under `<corpus>/edgar/`, where the folder sensor finds them and starts the main job.
A download and an ingestion are thus separate runs that fail and retry on their own.
"""

# No `from __future__ import annotations`: Dagster reads the config and resource annotations at
# definition time.

import datetime as dt
import os

from dagster import (AssetExecutionContext, Config, MaterializeResult, RunRequest, ScheduleEvaluationContext, asset,
                     define_asset_job, schedule)

from pipelines.discovery.daily import asset_run_config, daily_run_request, lookback_start
from pipelines.resources import EdgarResource, FingraphPathsResource
from pipelines.retries import OUTAGE_RETRY, transient_failures_only
from pipelines.sources.edgar import EdgarSource, default_limiter

SEC_POOL = "sec"
# The watch-list when FINGRAPH_WATCHLIST and FINGRAPH_WATCH_FORMS (comma-separated) are unset.
DEFAULT_TICKERS = ["NVDA", "AAPL", "TSM", "AMD", "INTC"]
DEFAULT_FORMS = ["10-K", "10-Q", "8-K"]
# Each daily run looks back this far, so the next run catches up a day that failed. Files
# already on disk are not downloaded again.
LOOKBACK_DAYS = 7
DOWNLOAD_SUBFOLDER = "edgar"


class WatchListConfig(Config):
    """The filings to download: tickers or CIKs, base forms, and the first filing date (inclusive)."""

    tickers: list[str] = DEFAULT_TICKERS
    forms: list[str] = DEFAULT_FORMS
    include_amendments: bool = True
    filed_after: str | None = None


@asset(pool=SEC_POOL, retry_policy=OUTAGE_RETRY)
def edgar_filings(context: AssetExecutionContext, config: WatchListConfig, paths: FingraphPathsResource,
                  edgar: EdgarResource) -> MaterializeResult:
    """EDGAR full submissions of the watch-list, saved under the corpus folder's `edgar/` subfolder."""
    after = dt.date.fromisoformat(config.filed_after) if config.filed_after else None
    with transient_failures_only("EDGAR download"):
        source = EdgarSource(paths.corpus() / DOWNLOAD_SUBFOLDER, edgar.require_user_agent(), default_limiter())
        documents = source.fetch(config.tickers, config.forms, after=after,
                                 include_amendments=config.include_amendments)
    context.log.info("EDGAR: %d filings on disk for %d tickers since %s", len(documents), len(config.tickers),
                     after or "the start")
    return MaterializeResult(metadata={"filings": len(documents), "tickers": len(config.tickers),
                                       "forms": ", ".join(config.forms), "filed_after": str(after or "")})


edgar_job = define_asset_job("edgar_job", selection=[edgar_filings.key],
                             description="Download the watch-list's recent filings from EDGAR.")


def configured_watch_list() -> tuple[list[str], list[str]]:
    """Return the tickers and forms of FINGRAPH_WATCHLIST and FINGRAPH_WATCH_FORMS, read when the schedule runs."""
    tickers = _split(os.environ.get("FINGRAPH_WATCHLIST")) or DEFAULT_TICKERS
    forms = _split(os.environ.get("FINGRAPH_WATCH_FORMS")) or DEFAULT_FORMS
    return tickers, forms


def _split(value: str | None) -> list[str]:
    return [item.strip().upper() for item in (value or "").split(",") if item.strip()]


def watch_list_run_config(day: dt.date, tickers: list[str], forms: list[str]) -> dict[str, object]:
    """Return the run config of one day's download, looking back `LOOKBACK_DAYS`."""
    config = WatchListConfig(tickers=tickers, forms=forms, filed_after=lookback_start(day, LOOKBACK_DAYS))
    return asset_run_config(edgar_filings, config)


# EDGAR publishes the previous day's filings overnight (US Eastern time).
@schedule(job=edgar_job, cron_schedule="0 6 * * *", execution_timezone="America/New_York")
def daily_edgar_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    day = context.scheduled_execution_time.date()
    tickers, forms = configured_watch_list()
    return daily_run_request("edgar", day, watch_list_run_config(day, tickers, forms),
                             tags={"fingraph/watch_list": ",".join(tickers)})
