"""ApiHttpClient against a local server: where the key goes, and which failures are retried."""

from __future__ import annotations

import pytest
import requests
from fake_govapi import FakeApi, Fault

from pipelines.sources.api_http import ApiHttpClient, read_api_key
from pipelines.sources.sec_http import RetryPolicy

FAST_RETRY = RetryPolicy(max_attempts=3, base_seconds=0.01, max_seconds=0.02)


@pytest.fixture
def fake(fake_api: FakeApi) -> FakeApi:
    fake_api.routes["/api/item"] = b"{}"
    fake_api.routes["/files/item.pdf"] = b"%PDF-"
    return fake_api


def make_client(fake: FakeApi, sleeps: list[float] | None = None) -> ApiHttpClient:
    return ApiHttpClient("secret", fake.base_url + "/api", retry=FAST_RETRY,
                         sleep=(sleeps if sleeps is not None else []).append)


def test_key_sent_inside_scope(fake):
    make_client(fake).get(fake.base_url + "/api/item")

    assert fake.api_keys == ["secret"]


def test_key_withheld_outside_scope(fake):
    make_client(fake).get(fake.base_url + "/files/item.pdf")

    assert fake.api_keys == [""]


def test_retry_after_honoured(fake):
    sleeps: list[float] = []
    fake.faults["/api/item"].append(Fault(429, {"Retry-After": "0.01"}))

    make_client(fake, sleeps).get(fake.base_url + "/api/item")

    assert sleeps == [0.01]


def test_client_error_raised_at_once(fake):
    with pytest.raises(requests.HTTPError, match="404"):
        make_client(fake).get(fake.base_url + "/api/missing")

    assert fake.count("/api/missing") == 1


def test_read_api_key_blank_raises(monkeypatch):
    monkeypatch.setenv("SOME_API_KEY", "  ")

    with pytest.raises(ValueError, match="SOME_API_KEY is not set: get a free key at https://example.org"):
        read_api_key("SOME_API_KEY", "https://example.org")
