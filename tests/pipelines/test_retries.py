"""Step retries: transient failures reach the retry policy, permanent ones fail the step at once."""

from __future__ import annotations

from pathlib import Path

import httpx
import openai
import pytest
import requests
from dagster import DagsterEventType, DagsterInstance, RetryPolicy, asset, materialize
from neo4j import exceptions as neo4j_errors

from extractors.llm.errors import LLMServiceError, QuotaExceededError
from graph.connection import Neo4jSettings
from pipelines.assets import fact_edges
from pipelines.definitions import run_resources
from pipelines.resources import FingraphPathsResource, Neo4jResource
from pipelines.retries import is_transient, transient_failures_only
from schemas.errors import GraphLoadError, Neo4jUnavailable
from tests.conftest import CORPUS


def http_error(status: int) -> requests.HTTPError:
    response = requests.Response()
    response.status_code = status
    return requests.HTTPError(f"{status} from the server", response=response)


def raised_from(error: Exception, cause: Exception) -> Exception:
    try:
        raise error from cause
    except Exception as chained:
        return chained


LOCAL_REQUEST = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")


@pytest.mark.parametrize("error", [
    neo4j_errors.TransientError("deadlock detected"),
    neo4j_errors.ServiceUnavailable("leader switch"),
    Neo4jUnavailable("no Neo4j responded at bolt://127.0.0.1:7687"),
    openai.APIConnectionError(request=LOCAL_REQUEST),
    openai.APITimeoutError(request=LOCAL_REQUEST),
    http_error(429),
    http_error(503),
    requests.ConnectionError("connection reset"),
    raised_from(GraphLoadError("batch 3 failed"), neo4j_errors.TransientError("deadlock detected")),
], ids=lambda error: type(error).__name__)
def test_transient_errors(error: Exception) -> None:
    assert is_transient(error)


@pytest.mark.parametrize("error", [
    ValueError("a bug"),
    KeyError("accession"),
    http_error(404),
    GraphLoadError("Neo4j rejected the login of user neo4j"),
    neo4j_errors.ClientError("syntax error"),
    QuotaExceededError("insufficient_quota"),
    raised_from(LLMServiceError("the model gpt-x does not exist"), openai.APIConnectionError(request=LOCAL_REQUEST)),
], ids=lambda error: type(error).__name__)
def test_permanent_errors(error: Exception) -> None:
    assert not is_transient(error)


def attempts_of(failures: list[Exception]) -> tuple[bool, int, str]:
    """Materialize an asset that raises `failures` in turn, then succeeds; return success, attempts and the error."""
    attempts: list[int] = []

    @asset(retry_policy=RetryPolicy(max_retries=2))
    def flaky() -> int:
        attempts.append(1)
        with transient_failures_only("flaky step"):
            if len(attempts) <= len(failures):
                raise failures[len(attempts) - 1]
        return len(attempts)

    with DagsterInstance.ephemeral() as instance:
        result = materialize([flaky], instance=instance, raise_on_error=False)
    failure = next((event.event_specific_data.error.message for event in result.all_events
                    if event.event_type == DagsterEventType.STEP_FAILURE), "")
    return result.success, len(attempts), failure


def test_transient_failure_is_retried_until_success() -> None:
    success, attempts, _ = attempts_of([neo4j_errors.TransientError("deadlock"), http_error(502)])
    assert (success, attempts) == (True, 3)


def test_transient_failure_stops_after_max_retries() -> None:
    success, attempts, _ = attempts_of([neo4j_errors.TransientError("deadlock")] * 3)
    assert (success, attempts) == (False, 3)


def test_permanent_failure_is_not_retried() -> None:
    success, attempts, failure = attempts_of([ValueError("accession 0001045810-24-000029 has no items")])
    assert (success, attempts) == (False, 1)
    assert "not retried" in failure
    assert "0001045810-24-000029" in failure


def test_wrong_neo4j_password_fails_fact_edges_once(tmp_path: Path, neo4j_server: Neo4jSettings) -> None:
    paths = FingraphPathsResource(corpus_dir=str(tmp_path / "corpus"), data_dir=str(tmp_path / "data"),
                                  company_tickers=str(CORPUS / "reference" / "company_tickers.json"))
    wrong = Neo4jResource(uri=neo4j_server.uri, user=neo4j_server.user, password="not-the-password")
    with DagsterInstance.ephemeral() as instance:
        result = materialize([fact_edges], resources=run_resources(paths, neo4j=wrong), instance=instance,
                             raise_on_error=False)
    events = [event.event_type for event in result.all_events]
    assert not result.success
    assert DagsterEventType.STEP_UP_FOR_RETRY not in events
    assert events.count(DagsterEventType.STEP_FAILURE) == 1
