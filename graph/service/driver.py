"""The service's Neo4j driver: read routing and a transaction timeout on every query."""

from __future__ import annotations

from typing import Any, cast

from neo4j import Driver, GraphDatabase, Query, RoutingControl

from graph.connection import Neo4jSettings

# A query that runs longer is stopped by the server, so one request cannot hold the graph.
QUERY_TIMEOUT_SECONDS = 10.0
# The driver retries a lost connection until this time has passed, then the request fails with 503.
MAX_RETRY_SECONDS = 2.0
CONNECTION_TIMEOUT_SECONDS = 3.0


class TimeoutDriver:
    """A driver whose `execute_query` runs every query as a read with a server-side timeout.

    The query API and the saved pivots call only `execute_query`, so they take this driver as it is.
    """

    def __init__(self, driver: Driver, timeout: float, database: str | None = None) -> None:
        self._driver = driver
        self.timeout = timeout
        self.database = database

    def execute_query(self, query_: str | Query, parameters_: dict[str, Any] | None = None,
                      **kwargs: Any) -> Any:
        text = query_.text if isinstance(query_, Query) else query_
        kwargs["routing_"] = RoutingControl.READ
        if kwargs.get("database_") is None:
            kwargs["database_"] = self.database
        return self._driver.execute_query(Query(text, timeout=self.timeout), parameters_, **kwargs)

    def close(self) -> None:
        self._driver.close()


def open_service_driver(settings: Neo4jSettings, timeout: float = QUERY_TIMEOUT_SECONDS) -> Driver:
    """Open a driver for the service without contacting the server, so the app starts while Neo4j is down."""
    driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password),
                                  connection_timeout=CONNECTION_TIMEOUT_SECONDS,
                                  max_transaction_retry_time=MAX_RETRY_SECONDS,
                                  notifications_disabled_classifications=["UNRECOGNIZED"])
    return cast(Driver, TimeoutDriver(driver, timeout, settings.database))
