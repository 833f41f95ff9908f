"""The HTTP service: a read-only FastAPI app over the graph, with an optional bearer token.

    app = create_app(Neo4jSettings.from_env())      # FINGRAPH_API_TOKEN read here, not at import
    serve("127.0.0.1", 8000, Neo4jSettings.from_env())

OpenAPI is at /openapi.json and the docs at /docs. /health and the docs need no token.
"""

from __future__ import annotations

import logging
import os
import secrets
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graph.connection import LOCAL_HOSTS, Neo4jSettings
from graph.service.driver import QUERY_TIMEOUT_SECONDS, open_service_driver
from graph.service.errors import add_error_handlers, request_id
from graph.service.routes import router

log = logging.getLogger(__name__)

TOKEN_VARIABLE = "FINGRAPH_API_TOKEN"


def create_app(neo4j_settings: Neo4jSettings, api_token: str | None = None, *,
               query_timeout: float = QUERY_TIMEOUT_SECONDS) -> FastAPI:
    """Create the app; without `api_token`, FINGRAPH_API_TOKEN is read now, and an empty token means none.

    The driver opens when the app starts and closes when it stops. Every query runs as a read
    with a server-side timeout of `query_timeout` seconds.
    """
    token = api_token if api_token is not None else os.environ.get(TOKEN_VARIABLE, "")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.driver = open_service_driver(neo4j_settings, query_timeout)
        log.info("fingraph service started on Neo4j at %s, token %s", neo4j_settings.uri,
                 "required" if token else "not required")
        yield
        app.state.driver.close()
        log.info("fingraph service stopped")

    app = FastAPI(title="fingraph", version="0.1.0", lifespan=lifespan,
                  description="Read-only access to the fingraph knowledge graph, as of a date.")
    app.state.neo4j_uri = neo4j_settings.uri
    app.state.query_timeout = query_timeout
    add_error_handlers(app)
    app.middleware("http")(_tag_request)
    app.include_router(router, dependencies=[Depends(_token_check(token))])
    app.add_api_route("/health", _health, methods=["GET"], summary="Whether the service reaches Neo4j")
    return app


def serve(host: str, port: int, neo4j_settings: Neo4jSettings, api_token: str | None = None) -> None:
    """Run the service with uvicorn until it is stopped."""
    app = create_app(neo4j_settings, api_token)
    if host not in LOCAL_HOSTS and not (api_token or os.environ.get(TOKEN_VARIABLE)):
        log.warning("serving on %s without a token: anyone who reaches the port reads the graph; set %s",
                    host, TOKEN_VARIABLE)
    uvicorn.run(app, host=host, port=port, log_level="info")


async def _tag_request(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Give each request an id, sent back in X-Request-ID and used in every log line about it."""
    request.state.request_id = uuid.uuid4().hex[:12]
    response = await call_next(request)
    response.headers["X-Request-ID"] = request.state.request_id
    return response


def _token_check(token: str) -> Callable[..., None]:
    bearer = HTTPBearer(auto_error=False)

    def check(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if not token:
            return
        given = credentials.credentials if credentials else ""
        if not secrets.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
            log.warning("request %s %s from %s rejected: %s bearer token", request_id(request), request.url.path,
                        request.client.host if request.client else "-", "invalid" if given else "missing")
            raise HTTPException(401, "missing or invalid bearer token: send Authorization: Bearer <token>",
                                headers={"WWW-Authenticate": "Bearer"})

    return check


def _health(request: Request) -> JSONResponse:
    request.app.state.driver.execute_query("RETURN 1 AS ok")
    return JSONResponse({"status": "ok", "neo4j": request.app.state.neo4j_uri})
