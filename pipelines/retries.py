"""Retry policies of the assets, and the guard that keeps them to transient failures.

Dagster's `RetryPolicy` retries any exception a step raises. A bug, a wrong password or an
exhausted LLM quota would then cost every retry and its backoff before the run fails. The
`transient_failures_only` guard turns every other error into a `Failure` that skips the policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import openai
import requests
from dagster import Backoff, Failure, Jitter, RetryPolicy, RetryRequested
from neo4j import exceptions as neo4j_errors

from extractors.llm.errors import LLMServiceError
from schemas.errors import Neo4jUnavailable

# A Neo4j leader election, a dropped connection, an LLM endpoint's 5xx after the client's own
# retries. The jitter keeps runs that failed together from retrying together.
TRANSIENT_RETRY = RetryPolicy(max_retries=3, delay=10, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS)
# The download clients (EDGAR, govinfo, congress.gov) retry single requests. This covers an outage
# of some minutes.
OUTAGE_RETRY = RetryPolicy(max_retries=3, delay=60, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS)

# Failures that may pass on their own. `LLMServiceError` (credentials, model, quota) is
# checked first and never counts, even when it wraps one of these.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    neo4j_errors.TransientError,
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    Neo4jUnavailable,
    openai.APIConnectionError,
    openai.InternalServerError,
    requests.Timeout,
    requests.ConnectionError,
    ConnectionError,
    TimeoutError,
)


def is_transient(error: BaseException) -> bool:
    """Return True when `error` or an error it was raised from is worth retrying later."""
    for link in _cause_chain(error):
        if isinstance(link, LLMServiceError):
            return False
        if isinstance(link, requests.HTTPError):
            status = link.response.status_code if link.response is not None else None
            if status == 429 or (status is not None and status >= 500):
                return True
        if isinstance(link, TRANSIENT_ERRORS):
            return True
    return False


def _cause_chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        yield link
        link = link.__cause__ or link.__context__


@contextmanager
def transient_failures_only(step: str) -> Iterator[None]:
    """Let transient errors reach the step's retry policy and fail the step at once on any other."""
    try:
        yield
    except (Failure, RetryRequested):
        raise
    except Exception as error:
        if is_transient(error):
            raise
        raise Failure(description=f"{step} failed with a permanent error, not retried: "
                                  f"{type(error).__name__}: {error}", allow_retries=False) from error
