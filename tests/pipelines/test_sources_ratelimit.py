"""SharedRateLimiter: a sliding window kept in a locked file, shared by processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.sources.ratelimit import SharedRateLimiter

ROOT = Path(__file__).resolve().parents[2]


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def make_limiter(path: Path, time: FakeTime, max_requests: int = 10) -> SharedRateLimiter:
    return SharedRateLimiter(path, max_requests=max_requests, clock=time.clock, sleep=time.sleep)


def test_limiter_allows_burst_up_to_limit(tmp_path):
    time = FakeTime()
    limiter = make_limiter(tmp_path / "rate.json", time)

    for _ in range(10):
        limiter.acquire()

    assert time.slept == []


def test_limiter_waits_for_window(tmp_path):
    time = FakeTime()
    limiter = make_limiter(tmp_path / "rate.json", time)
    for _ in range(10):
        limiter.acquire()

    limiter.acquire()

    assert sum(time.slept) == pytest.approx(1.0)


def test_limiter_counts_other_instances(tmp_path):
    time = FakeTime()
    first = make_limiter(tmp_path / "rate.json", time, max_requests=2)
    second = make_limiter(tmp_path / "rate.json", time, max_requests=2)
    first.acquire()
    first.acquire()

    second.acquire()

    assert sum(time.slept) == pytest.approx(1.0)


def test_limiter_ignores_damaged_state(tmp_path):
    time = FakeTime()
    state = tmp_path / "rate.json"
    state.write_text("{not json", encoding="utf-8")

    make_limiter(state, time).acquire()

    assert time.slept == []
    assert json.loads(state.read_text(encoding="utf-8")) == [time.now]


def test_limiter_rejects_invalid_rate(tmp_path):
    with pytest.raises(ValueError, match="invalid rate limit 0"):
        SharedRateLimiter(tmp_path / "rate.json", max_requests=0)


# Each worker prints the time the limiter recorded for each of its requests.
WORKER = """
import sys, time
from pathlib import Path
from pipelines.sources.ratelimit import SharedRateLimiter
stamps = []
def clock():
    stamps.append(time.time())
    return stamps[-1]
limiter = SharedRateLimiter(Path(sys.argv[1]), max_requests=4, period_seconds=0.25, clock=clock)
for _ in range(6):
    limiter.acquire()
    print(stamps[-1], flush=True)
"""


def test_limiter_holds_across_processes(tmp_path):
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path / "rate.json")],
                         stdout=subprocess.PIPE, text=True, env=environment)
        for _ in range(3)
    ]
    outputs = [worker.communicate(timeout=30)[0] for worker in workers]

    stamps = sorted(float(line) for output in outputs for line in output.split())
    assert len(stamps) == 18
    busiest = max(sum(1 for other in stamps if start <= other < start + 0.25) for start in stamps)
    assert busiest <= 4
