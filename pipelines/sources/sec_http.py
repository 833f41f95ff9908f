"""HTTP GETs to SEC with a timeout, the shared rate limit, and retries of transient failures."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

from pipelines.sources.ratelimit import SharedRateLimiter

log = logging.getLogger(__name__)

# Seconds to connect, and to wait between bytes of the reply. The read timeout bounds each wait,
# not the whole download, so a large full submission is not cut off, but a dead connection fails.
CONNECT_TIMEOUT_SECONDS = 10.0
READ_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry: exponential backoff from `base_seconds`, capped, with full jitter."""

    max_attempts: int = 5
    base_seconds: float = 1.0
    max_seconds: float = 30.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"invalid max_attempts {self.max_attempts}: at least one attempt is needed")

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Return the wait before retry number `attempt` (1-based); a server's Retry-After is honoured up to the cap."""
        if retry_after is not None:
            return min(self.max_seconds, retry_after)
        return random.uniform(0, min(self.max_seconds, self.base_seconds * 2 ** (attempt - 1)))


def is_transient(error: Exception) -> bool:
    """Return True for failures worth retrying: 429, any 5xx, a timeout or a dropped connection."""
    if isinstance(error, requests.HTTPError):
        status = error.response.status_code if error.response is not None else None
        return status == 429 or (status is not None and 500 <= status < 600)
    return isinstance(error, (requests.Timeout, requests.ConnectionError))


class SecHttpClient:
    """GET from SEC: every call waits for the shared limiter, has a timeout and retries transient errors."""

    def __init__(self, limiter: SharedRateLimiter, *, retry: RetryPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.limiter = limiter
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._session = requests.Session()

    def get(self, url: str, user_agent: str) -> requests.Response:
        """Return the successful response for `url`; raise the last `requests` error when retries run out."""
        return get_with_retries(lambda: self._get_once(url, user_agent), url, self.retry, self._sleep)

    def _get_once(self, url: str, user_agent: str) -> requests.Response:
        self.limiter.acquire()
        response = self._session.get(
            url,
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS),
        )
        response.raise_for_status()
        return response

    def close(self) -> None:
        self._session.close()


def _retry_after(error: Exception) -> float | None:
    """Read a Retry-After header given in seconds; the HTTP-date form is ignored."""
    response = getattr(error, "response", None)
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def get_with_retries(get_once: Callable[[], requests.Response], url: str, retry: RetryPolicy,
                     sleep: Callable[[float], None]) -> requests.Response:
    """Call `get_once` until it succeeds, retrying transient errors; raise the last error when retries run out."""
    for attempt in range(1, retry.max_attempts):
        try:
            return get_once()
        except requests.RequestException as exc:
            if not is_transient(exc):
                raise
            wait = retry.delay(attempt, _retry_after(exc))
            log.warning("GET %s failed (%s), retry %d of %d in %.2f s", url, exc, attempt, retry.max_attempts - 1, wait)
            sleep(wait)
    return get_once()
