"""Neo4j connection settings and the driver, read from the environment when asked for."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from schemas.errors import GraphLoadError, Neo4jUnavailable

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
# The password of the project's own loopback-only server when NEO4J_PASSWORD is unset.
# It protects nothing but the local demo graph; any other server needs NEO4J_PASSWORD.
LOCAL_PASSWORD = "fingraph-local"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# The Bolt URI schemes of the neo4j Python driver 6.4. Its http and https schemes are a preview
# that needs aiohttp, and bolt+routing is an old alias, so fingraph accepts neither.
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = LOCAL_PASSWORD
    database: str | None = None

    def __post_init__(self) -> None:
        check_uri(self.uri)

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

        Raises ValueError for an invalid NEO4J_URI (see `check_uri`) before it checks the password.
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


def check_uri(uri: str) -> None:
    """Raise ValueError naming `uri` unless it has a Bolt or Neo4j scheme, a host and a valid port."""
    parts = urlsplit(uri)
    # "localhost:7687" would otherwise parse as the scheme "localhost".
    if "://" not in uri or not parts.scheme:
        problem = "it has no scheme"
    elif parts.scheme not in URI_SCHEMES:
        problem = f"the scheme {parts.scheme!r} is not supported"
    elif not parts.hostname:
        problem = "it has no host"
    else:
        problem = _port_problem(parts)
    if problem:
        raise ValueError(f"NEO4J_URI={uri!r} is invalid because {problem}. Use a URI with one of the schemes "
                         f"{', '.join(URI_SCHEMES)} and a host, such as {DEFAULT_URI}")


def _port_problem(parts: SplitResult) -> str | None:
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port is not None and not 1 <= port <= 65535:
        return "its port is not a number from 1 to 65535"
    return None


def open_driver(settings: Neo4jSettings, *, verify: bool = True, acquisition_timeout: float = 60.0) -> Driver:
    """Open a driver and, with `verify`, check that the server responds and accepts the credentials.

    `acquisition_timeout` is the driver's connection_acquisition_timeout in seconds, which also
    bounds the wait for the Bolt handshake of a new connection.
    """
    # The loader and fact derivation name every registered relation type, and a young graph lacks
    # some of them, so the server's "type does not exist" notices are noise.
    driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password),
                                  connection_timeout=10.0, connection_acquisition_timeout=acquisition_timeout,
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
