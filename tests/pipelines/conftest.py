"""Fixtures of the sources tests: local EDGAR and government-API servers that the real clients talk to."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dagster import DagsterInstance
from fake_edgar import FakeEdgar, Filing
from fake_govapi import FakeApi
from fake_http import start_server
from sec_edgar_downloader import _orchestrator, _sec_gateway

from pipelines.sources.edgar import EdgarSource
from pipelines.sources.ratelimit import SharedRateLimiter
from pipelines.sources.sec_http import RetryPolicy

USER_AGENT = "Jane Doe jane.doe@example.com"
AAPL_CIK = "0000320193"
AAPL_10K = "0001047469-97-006960"
AAPL_10Q = "0000912057-00-023442"
AAPL_10Q_LATER = "0000912057-00-033901"
# Short waits, so the retry tests take milliseconds.
FAST_RETRY = RetryPolicy(max_attempts=3, base_seconds=0.01, max_seconds=0.02)


@pytest.fixture
def fake_edgar(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEdgar]:
    """An EDGAR look-alike on 127.0.0.1 serving two AAPL filings and a 10-Q/A, with the library pointed at it."""
    fake = FakeEdgar()
    server = start_server(fake)
    monkeypatch.setattr(_sec_gateway, "URL_CIK_MAPPING", fake.base_url + "/files/company_tickers_exchange.json")
    monkeypatch.setattr(_orchestrator, "URL_SUBMISSIONS", fake.base_url + "/submissions/{submission}")
    monkeypatch.setattr(_orchestrator, "URL_FILING",
                        fake.base_url + "/Archives/edgar/data/{cik}/{acc_num_no_dash}/{document}")
    fake.serve_ticker_map(corpus / "reference" / "company_tickers.json")
    fake.serve_company(AAPL_CIK, aapl_filings(corpus))
    yield fake
    server.shutdown()
    server.server_close()


def aapl_filings(corpus: Path) -> list[Filing]:
    """The AAPL 10-K of 1997, a 10-Q of 2000, and a later 10-Q relabelled as its amendment."""
    folder = corpus / "filings" / "AAPL"
    later = (folder / "10-Q" / AAPL_10Q_LATER / f"{AAPL_10Q_LATER}.txt").read_bytes()
    amended = later.replace(b"CONFORMED SUBMISSION TYPE:\t10-Q", b"CONFORMED SUBMISSION TYPE:\t10-Q/A", 1)
    return [
        Filing(AAPL_10K, "10-K", "1997-12-05", (folder / "10-K" / AAPL_10K / f"{AAPL_10K}.txt").read_bytes()),
        Filing(AAPL_10Q, "10-Q", "2000-05-11", (folder / "10-Q" / AAPL_10Q / f"{AAPL_10Q}.txt").read_bytes(),
               primary_document="a10-q.txt"),
        Filing(AAPL_10Q_LATER, "10-Q/A", "2000-07-31", amended),
    ]


@pytest.fixture
def make_source(tmp_path: Path, fake_edgar: FakeEdgar):
    """Build an `EdgarSource` that downloads into tmp_path with fast retries and its own limiter."""

    def build(**options: object) -> EdgarSource:
        options.setdefault("retry", FAST_RETRY)
        limiter = SharedRateLimiter(tmp_path / "rate-limit.json")
        return EdgarSource(tmp_path / "downloads", USER_AGENT, limiter, **options)

    return build


@pytest.fixture
def fake_api() -> Iterator[FakeApi]:
    """A `FakeApi` server on 127.0.0.1 with no routes yet, shut down after the test.

    The govinfo, congress.gov, transcript URL and API client tests add the routes they serve.
    """
    fake = FakeApi()
    server = start_server(fake)
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def sleeps() -> list[float]:
    """The waits that a source's retries request, recorded by passing `sleeps.append` as its `sleep`."""
    return []


@pytest.fixture
def dagster_instance() -> Iterator[DagsterInstance]:
    """An in-memory Dagster instance, disposed after the test so that its temporary folder goes with it."""
    with DagsterInstance.ephemeral() as instance:
        yield instance
