"""One chat completion per window through the openai client: rate limit, retries and output mode.

The openai client's own retries are switched off (`max_retries=0`) so that one predicate decides
what is retried. HTTP 429 and 5xx and timeouts are retried with capped, jittered exponential
backoff that honours Retry-After. A 429 with code `insufficient_quota` is never retried.
Strict structured outputs are requested first. When a server rejects them with HTTP 400 naming
`response_format` or `json_schema`, as an OpenAI-compatible server without structured outputs
may, the client remembers it and sends JSON mode from then on.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai

from extractors.llm.errors import LLMServiceError, QuotaExceededError, WindowFailedError
from extractors.llm.schema import response_format_json_schema

logger = logging.getLogger(__name__)

MessagesBuilder = Callable[[bool], list[dict[str, str]]]
_JSON_MODE = {"type": "json_object"}


@dataclass(frozen=True)
class ClientSettings:
    """How requests are sent: model, limits, timeouts and the retry schedule (seconds)."""

    model: str
    request_timeout: float = 120.0
    max_output_tokens: int = 4096
    max_retries: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    # A Retry-After longer than this is waited for only up to this long before the next attempt.
    retry_after_max: float = 120.0
    requests_per_minute: int = 60
    concurrency: int = 4


@dataclass(frozen=True)
class Completion:
    """The parts of a chat completion the extractor reads."""

    content: str | None
    refusal: str | None
    finish_reason: str
    tokens_in: int
    tokens_out: int


class RateLimiter:
    """Space request starts at least 60/rpm seconds apart, across threads."""

    def __init__(self, requests_per_minute: int, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self._interval = 60.0 / requests_per_minute if requests_per_minute > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self._interval
        if slot > now:
            self._sleep(slot - now)


class ChatClient:
    """Send one window's messages and return its completion, retrying what is transient."""

    def __init__(self, client: openai.OpenAI, settings: ClientSettings, *,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 jitter: Callable[[], float] = random.random) -> None:
        self._client = client
        self.settings = settings
        self._sleep = sleep
        self._jitter = jitter
        self._limiter = RateLimiter(settings.requests_per_minute, clock, sleep)
        self.json_mode = False

    def complete(self, build_messages: MessagesBuilder, window_id: str) -> Completion:
        """Return the completion of one window, or raise WindowFailedError or LLMServiceError."""
        attempt = 0
        while True:
            json_mode = self.json_mode
            try:
                return self._send(build_messages(json_mode), json_mode)
            except openai.BadRequestError as exc:
                if json_mode or not _rejects_json_schema(exc):
                    raise WindowFailedError(f"window {window_id}: request rejected: {exc.message}",
                                            reason="bad_request") from exc
                logger.warning("server rejected json_schema output (%s); using JSON mode from now on", exc.message)
                self.json_mode = True
            except openai.APIError as exc:
                _raise_if_fatal(exc)
                if not is_transient(exc) or attempt >= self.settings.max_retries:
                    raise WindowFailedError(
                        f"window {window_id}: request failed after {attempt + 1} attempts: {exc}",
                        reason="request_failed") from exc
                delay = self._delay(attempt, exc)
                logger.warning("window %s: %s; retry %d of %d in %.2f s",
                               window_id, _describe(exc), attempt + 1, self.settings.max_retries, delay)
                self._sleep(delay)
                attempt += 1

    def _send(self, messages: list[dict[str, str]], json_mode: bool) -> Completion:
        self._limiter.acquire()
        response_format: Any = _JSON_MODE if json_mode else response_format_json_schema()
        response = self._client.chat.completions.create(
            model=self.settings.model,
            messages=messages,  # type: ignore[arg-type]
            response_format=response_format,
            temperature=0,
            max_completion_tokens=self.settings.max_output_tokens,
            timeout=self.settings.request_timeout,
        )
        choice = response.choices[0]
        usage = response.usage
        return Completion(
            content=choice.message.content,
            refusal=getattr(choice.message, "refusal", None),
            finish_reason=choice.finish_reason or "",
            tokens_in=usage.prompt_tokens if usage else 0,
            tokens_out=usage.completion_tokens if usage else 0,
        )

    def _delay(self, attempt: int, exc: openai.APIError) -> float:
        """Wait what Retry-After asks, capped; else full-jitter exponential backoff."""
        retry_after = _retry_after(exc)
        if retry_after is not None:
            return min(retry_after, self.settings.retry_after_max)
        ceiling = min(self.settings.backoff_max, self.settings.backoff_base * 2 ** attempt)
        return ceiling * (0.5 + 0.5 * self._jitter())


def is_transient(exc: openai.APIError) -> bool:
    """Tell whether a failed request may succeed when sent again: 408, 409, 429, 5xx, timeouts, connection."""
    if isinstance(exc, openai.APIConnectionError):
        return True
    if isinstance(exc, openai.APIStatusError):
        if exc.code == "insufficient_quota":
            return False
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def _raise_if_fatal(exc: openai.APIError) -> None:
    if isinstance(exc, openai.RateLimitError) and exc.code == "insufficient_quota":
        raise QuotaExceededError(
            "the OpenAI account has no quota left (HTTP 429 insufficient_quota): add credit or raise the "
            "usage limit in the billing settings of the account that OPENAI_API_KEY belongs to, then re-run; "
            "windows already answered are cached and cost nothing again"
        ) from exc
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        raise LLMServiceError(
            f"the server rejected the credentials (HTTP {exc.status_code}): check OPENAI_API_KEY") from exc
    if isinstance(exc, openai.NotFoundError):
        raise LLMServiceError(
            f"the server does not know the model or endpoint (HTTP 404: {exc.message}): "
            "check FINGRAPH_MODEL and OPENAI_BASE_URL") from exc


def _rejects_json_schema(exc: openai.BadRequestError) -> bool:
    text = f"{exc.message} {exc.param or ''} {exc.body!r}".lower()
    return "response_format" in text or "json_schema" in text


def _retry_after(exc: openai.APIError) -> float | None:
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / divisor
        except ValueError:
            continue  # NOTE: an HTTP-date Retry-After falls back to the backoff schedule
        if seconds >= 0:
            return seconds
    return None


def _describe(exc: openai.APIError) -> str:
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code} {exc.code or ''}".strip()
    return type(exc).__name__
