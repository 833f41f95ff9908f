"""Neo4j connection settings and the driver, read from the environment when asked for."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from schemas.errors import GraphLoadError, Neo4jUnavailable

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
# The password of the project's own loopback-only server when NEO4J_PASSWORD is unset.
# It protects nothing but the local demo graph; any other server needs NEO4J_PASSWORD.
LOCAL_PASSWORD = "fingraph-local"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = LOCAL_PASSWORD
    database: str | None = None

    @property
    def is_local(self) -> bool:
        """Tell whether the URI points at this machine, where `fingraph neo4j start` may run a server."""
        parts = urlsplit(self.uri)
        return parts.scheme in ("bolt", "neo4j") and (parts.hostname or "") in LOCAL_HOSTS

    @property
    def port(self) -> int:
        return urlsplit(self.uri).port or 7687

    @classmethod
    def from_env(cls) -> Neo4jSettings:
        """Read NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE.

        A server other than this machine's needs NEO4J_PASSWORD: the local default password
        is only for the project's own server.
        """
        uri = os.environ.get("NEO4J_URI") or DEFAULT_URI
        password = os.environ.get("NEO4J_PASSWORD")
        settings = cls(uri=uri, user=os.environ.get("NEO4J_USER") or DEFAULT_USER,
                       password=password or LOCAL_PASSWORD,
                       database=os.environ.get("NEO4J_DATABASE") or None)
        if not settings.is_local and not password:
            raise ValueError(f"NEO4J_PASSWORD is not set for NEO4J_URI={uri}: set it to that server's password")
        return settings


def open_driver(settings: Neo4jSettings, *, verify: bool = True) -> Driver:
    """Open a driver and, with `verify`, check that the server responds and accepts the credentials."""
    # The loader and fact derivation name every registered relation type, and a young graph lacks
    # some of them, so the server's "type does not exist" notices are noise.
    driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password),
                                  connection_timeout=10.0,
                                  notifications_disabled_classifications=["UNRECOGNIZED"])
    if not verify:
        return driver
    try:
        driver.verify_connectivity()
    except AuthError as exc:
        driver.close()
        raise GraphLoadError(
            f"Neo4j at {settings.uri} rejected user {settings.user!r}: check NEO4J_USER and NEO4J_PASSWORD"
        ) from exc
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        hint = "run `fingraph neo4j start`" if settings.is_local else "check NEO4J_URI and that the server runs"
        raise Neo4jUnavailable(f"no Neo4j responded at {settings.uri}: {hint}") from exc
    return driver
