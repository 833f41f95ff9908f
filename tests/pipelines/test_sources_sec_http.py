"""is_transient and RetryPolicy: which failures are retried, and how long the waits are."""

from __future__ import annotations

import pytest
import requests

from pipelines.sources.sec_http import RetryPolicy, is_transient


def http_error(status: int) -> requests.HTTPError:
    response = requests.Response()
    response.status_code = status
    return requests.HTTPError(f"{status} error", response=response)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_statuses_retried(status):
    assert is_transient(http_error(status))


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_statuses_not_retried(status):
    assert not is_transient(http_error(status))


@pytest.mark.parametrize("error", [requests.ConnectTimeout("slow"), requests.ReadTimeout("slow"),
                                   requests.ConnectionError("reset")])
def test_network_failures_retried(error):
    assert is_transient(error)


def test_backoff_capped():
    policy = RetryPolicy(base_seconds=1.0, max_seconds=5.0)

    delays = [policy.delay(attempt) for attempt in range(1, 20)]

    assert max(delays) <= 5.0
    assert min(delays) >= 0.0


def test_backoff_jittered():
    policy = RetryPolicy(base_seconds=1.0, max_seconds=30.0)

    delays = {policy.delay(4) for _ in range(20)}

    assert len(delays) > 1


def test_retry_after_honoured_up_to_cap():
    policy = RetryPolicy(max_seconds=10.0)

    assert policy.delay(1, retry_after=3.0) == 3.0
    assert policy.delay(1, retry_after=120.0) == 10.0


def test_zero_attempts_rejected():
    with pytest.raises(ValueError, match="max_attempts 0"):
        RetryPolicy(max_attempts=0)
