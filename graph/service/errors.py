"""HTTP errors of the service: validation errors as 4xx, Neo4j failures as 5xx, each logged with ids."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable, SessionExpired

from schemas.errors import GraphLoadError, Neo4jUnavailable

log = logging.getLogger(__name__)


class NotFoundError(LookupError):
    """A requested entity or pivot does not exist; the service responds 404."""


def request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "-")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": message})


async def _invalid_value(request: Request, exc: Exception) -> JSONResponse:
    log.info("request %s %s rejected: %s", request_id(request), request.url.path, exc)
    return _error(400, str(exc))


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    log.info("request %s %s found nothing: %s", request_id(request), request.url.path, exc)
    return _error(404, str(exc.args[0]) if exc.args else "not found")


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """Respond 422 with one sentence per invalid parameter, naming the parameter and its value."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    problems = []
    for error in errors:
        location = ".".join(str(part) for part in error.get("loc", ()))
        if error.get("type") == "missing":
            problems.append(f"missing {location}: give a value")
        else:
            problems.append(f"invalid {location} {error.get('input')!r}: {error.get('msg')}")
    message = "; ".join(problems) or "invalid request"
    log.info("request %s %s rejected: %s", request_id(request), request.url.path, message)
    return _error(422, message)


async def _neo4j_unavailable(request: Request, exc: Exception) -> JSONResponse:
    uri = request.app.state.neo4j_uri
    log.error("request %s %s failed: Neo4j at %s is unavailable: %s", request_id(request), request.url.path, uri, exc)
    return _error(503, f"the graph database at {uri} is unavailable: retry later or start Neo4j")


async def _graph_failed(request: Request, exc: Exception) -> JSONResponse:
    """Map a failed query: a timeout to 504, rejected parameter values to 400, bad credentials to 503."""
    cause = exc.__cause__
    code = cause.code if isinstance(cause, ClientError) else None
    ids = (request_id(request), request.url.path)
    if isinstance(cause, AuthError):
        return await _neo4j_unavailable(request, exc)
    if code and "TransactionTimedOut" in code:
        timeout = request.app.state.query_timeout
        log.error("request %s %s timed out after %g s: %s", *ids, timeout, exc)
        return _error(504, f"the graph query timed out after {timeout:g} s: narrow the request, "
                           "or raise the service's query timeout")
    if code and code.startswith("Neo.ClientError.Statement."):
        log.warning("request %s %s: Neo4j rejected the parameter values: %s", *ids, exc)
        return _error(400, f"the graph query rejected the parameter values: {cause.message if cause else exc}")
    log.error("request %s %s failed: %s", *ids, exc)
    return _error(500, f"the graph query failed (request {ids[0]}): see the service log")


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ValueError, _invalid_value)
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    for unavailable in (Neo4jUnavailable, ServiceUnavailable, SessionExpired):
        app.add_exception_handler(unavailable, _neo4j_unavailable)
    app.add_exception_handler(GraphLoadError, _graph_failed)
