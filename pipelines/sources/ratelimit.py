"""A request-rate limit shared by every process on one machine, kept in a small locked file.

SEC's fair-access policy allows 10 requests per second per user, across all of a user's
processes. sec-edgar-downloader limits each process on its own, so two Dagster workers would
together send twice the allowed rate. This limiter stores the times of the last requests in a
file that every process reads and writes under a file lock.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)

# SEC's published limit for programmatic EDGAR access: https://www.sec.gov/os/webmaster-faq#developers
SEC_MAX_REQUESTS_PER_SECOND = 10
# How long a process waits for another one to release the state file before it fails.
LOCK_TIMEOUT_SECONDS = 30.0


class SharedRateLimiter:
    """Allow at most `max_requests` in any window of `period_seconds`, counted across processes.

    It is a sliding window rather than a token bucket because a full bucket lets a burst of
    `max_requests` follow a second of full-rate use, which puts twice the limit into one second.
    """

    def __init__(self, state_file: Path, *, max_requests: int = SEC_MAX_REQUESTS_PER_SECOND,
                 period_seconds: float = 1.0, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if max_requests < 1 or period_seconds <= 0:
            raise ValueError(f"invalid rate limit {max_requests} per {period_seconds} s: both must be positive")
        self.state_file = Path(state_file)
        self.max_requests = max_requests
        self.period_seconds = period_seconds
        self._clock = clock
        self._sleep = sleep
        self._lock = FileLock(str(self.state_file) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)

    def acquire(self) -> None:
        """Block until one more request fits in the window, then record it."""
        while True:
            wait = self._try_acquire()
            if wait <= 0:
                return
            log.debug("rate limit of %d per %.2f s reached; waiting %.3f s", self.max_requests, self.period_seconds, wait)
            self._sleep(wait)

    def _try_acquire(self) -> float:
        """Record a request and return 0 when it fits, else return the seconds until it would."""
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._lock:
                now = self._clock()
                recent = [stamp for stamp in self._read() if now - self.period_seconds < stamp <= now]
                if len(recent) >= self.max_requests:
                    return recent[-self.max_requests] + self.period_seconds - now
                self._write([*recent, now][-self.max_requests:])
                return 0.0
        except Timeout as exc:
            raise TimeoutError(
                f"rate-limit state {self.state_file} stayed locked for {LOCK_TIMEOUT_SECONDS} s; "
                "check for a hung process holding it"
            ) from exc

    def _read(self) -> list[float]:
        """Read the request times; a missing or damaged file counts as no recent requests."""
        try:
            stamps = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(stamps, list):
            return []
        return sorted(float(stamp) for stamp in stamps if isinstance(stamp, (int, float)))

    def _write(self, stamps: list[float]) -> None:
        self.state_file.write_text(json.dumps(stamps), encoding="utf-8")
