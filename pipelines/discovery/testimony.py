"""The daily testimony download: witness statements of watched committees, and printed hearings on request.

congress.gov witness statements of the meetings that a watch-list of committees held, updated in
the last days, land under `<corpus>/congress/`. With `govinfo` set, the printed hearings that
govinfo changed in the same window land under `<corpus>/govinfo/`. The folder sensor finds them
and starts the main job, as it does for EDGAR's downloads.
"""

# No `from __future__ import annotations`: Dagster reads the config and resource annotations at
# definition time.

import datetime as dt
import os

from dagster import (AssetExecutionContext, Config, MaterializeResult, RunRequest, ScheduleEvaluationContext, asset,
                     define_asset_job, schedule)

from pipelines.discovery.daily import asset_run_config, daily_run_request, lookback_start
from pipelines.resources import FingraphPathsResource, GovApiResource
from pipelines.retries import OUTAGE_RETRY, transient_failures_only
from pipelines.sources import congress
from pipelines.sources import govinfo as govinfo_api
from pipelines.sources.api_http import read_api_key
from pipelines.sources.congress import CongressSource
from pipelines.sources.govinfo import GovinfoSource

# congress.gov system codes of the committees watched when FINGRAPH_WATCH_COMMITTEES is unset:
# House Financial Services, Senate Banking, Senate Finance, Senate Commerce, Senate Judiciary.
# A code ending in 00 covers the committee's subcommittees.
DEFAULT_COMMITTEES = ["hsba00", "ssbk00", "ssfi00", "sscm00", "ssju00"]
DEFAULT_CHAMBERS = ["house", "senate"]
# Each daily run looks back this far, so the next run catches up a day that failed. Meetings and
# packages that did not change since they were saved are not read again.
LOOKBACK_DAYS = 7
# The Nth Congress began in the year 1789 + 2 * (N - 1); since 1935 each begins on January 3.
FIRST_CONGRESS_YEAR = 1789


class TestimonyWatchConfig(Config):
    """The testimony to download: committee system codes, chambers, the first update day, and govinfo or not."""

    committees: list[str] = DEFAULT_COMMITTEES
    chambers: list[str] = DEFAULT_CHAMBERS
    updated_after: str | None = None
    govinfo: bool = False


def congress_number(day: dt.date) -> int:
    """Return the number of the Congress in session on `day`, counting each from January 3 of its odd year."""
    year = day.year - 1 if day < dt.date(day.year, 1, 3) else day.year
    return (year - FIRST_CONGRESS_YEAR) // 2 + 1


@asset(retry_policy=OUTAGE_RETRY)
def testimony_documents(context: AssetExecutionContext, config: TestimonyWatchConfig, paths: FingraphPathsResource,
                        gov_api: GovApiResource) -> MaterializeResult:
    """Witness statements from congress.gov and, when asked, printed hearings from govinfo, saved in the corpus folder."""
    today = dt.datetime.now(dt.timezone.utc).date()
    after = dt.date.fromisoformat(config.updated_after) if config.updated_after else today - dt.timedelta(days=LOOKBACK_DAYS)
    # A window that spans the start of a Congress lists the meetings of both.
    congresses = sorted({congress_number(after), congress_number(today)})

    with transient_failures_only("testimony download"):
        congress_key, govinfo_key = _api_keys(gov_api, config.govinfo)
        congress_source = CongressSource(paths.corpus(), congress_key, gov_api.congress_base_url,
                                         committees=config.committees)
        statements = []
        for number in congresses:
            for chamber in config.chambers:
                statements.extend(congress_source.fetch(number, chamber, updated_since=after))
        failures = len(congress_source.failures)

        hearings = []
        if config.govinfo:
            govinfo_source = GovinfoSource(paths.corpus(), govinfo_key, gov_api.govinfo_base_url)
            hearings = govinfo_source.fetch(after)
            failures += len(govinfo_source.failures)

    context.log.info("testimony: %d witness statements and %d hearing files on disk for %s since %s, %d failures",
                     len(statements), len(hearings), ", ".join(config.committees), after, failures)
    return MaterializeResult(metadata={"witness_statements": len(statements), "hearing_files": len(hearings),
                                       "failures": failures, "committees": ", ".join(config.committees),
                                       "congresses": ", ".join(map(str, congresses)),
                                       "updated_after": after.isoformat()})


def _api_keys(gov_api: GovApiResource, govinfo: bool) -> tuple[str, str | None]:
    """Return the congress.gov key, and the govinfo key when govinfo is on; raise ValueError when one is missing."""
    congress_key = gov_api.congress_api_key or read_api_key(congress.API_KEY_VARIABLE, congress.API_KEY_SIGNUP)
    govinfo_key = None
    if govinfo:
        govinfo_key = gov_api.govinfo_api_key or read_api_key(govinfo_api.API_KEY_VARIABLE, govinfo_api.API_KEY_SIGNUP)
    return congress_key, govinfo_key


testimony_job = define_asset_job("testimony_job", selection=[testimony_documents.key],
                                 description="Download recent witness statements of the watched committees.")


def configured_committees() -> tuple[list[str], bool]:
    """Return FINGRAPH_WATCH_COMMITTEES (comma-separated) and whether FINGRAPH_TESTIMONY_GOVINFO is 1 or true."""
    committees = [code.strip().lower() for code in os.environ.get("FINGRAPH_WATCH_COMMITTEES", "").split(",")
                  if code.strip()]
    govinfo = os.environ.get("FINGRAPH_TESTIMONY_GOVINFO", "").strip().lower() in ("1", "true", "yes")
    return committees or DEFAULT_COMMITTEES, govinfo


def testimony_run_config(day: dt.date, committees: list[str], govinfo: bool) -> dict[str, object]:
    """Return the run config of one day's download, looking back `LOOKBACK_DAYS`."""
    config = TestimonyWatchConfig(committees=committees, govinfo=govinfo,
                                  updated_after=lookback_start(day, LOOKBACK_DAYS))
    return asset_run_config(testimony_documents, config)


# Half an hour after the daily EDGAR download, so the two runs do not start together.
@schedule(job=testimony_job, cron_schedule="30 6 * * *", execution_timezone="America/New_York")
def daily_testimony_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    day = context.scheduled_execution_time.date()
    committees, govinfo = configured_committees()
    return daily_run_request("testimony", day, testimony_run_config(day, committees, govinfo),
                             tags={"fingraph/watch_committees": ",".join(committees)})
