"""Start, stop and inspect the project's own Neo4j: the Maven project in `graph/server`.

The server is a JVM that runs Neo4j Community embedded with the Bolt connector. It is started
in its own session so that it outlives the command that started it, and its pid is kept in the
data folder so that `stop` finds it again.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j.exceptions import AuthError, ServiceUnavailable

from graph.connection import Neo4jSettings, open_driver
from schemas.errors import GraphLoadError, Neo4jUnavailable

log = logging.getLogger(__name__)

SERVER_PROJECT = Path(__file__).resolve().parent / "server"
SERVER_JAR = SERVER_PROJECT / "target" / "fingraph-neo4j-server-0.1.0.jar"
START_TIMEOUT_SECONDS = 120.0
# A clean shutdown flushes the page cache and closes the transaction log, which can take tens of
# seconds on a busy store. Killing the JVM earlier forces a recovery at the next start.
STOP_TIMEOUT_SECONDS = 90.0
LOG_TAIL_LINES = 40
# Seconds that `responds` waits for a Bolt handshake, which a program that does not speak Bolt never completes.
# NOTE: a chosen value, not a measured one: a Neo4j slower than this to answer is taken for another program.
RESPONDS_TIMEOUT_SECONDS = 10.0
# The line the Java server prints once Bolt listens and the password is set.
READY_MARKER = "fingraph-neo4j: ready"
# The line the server prints when the Browser's HTTP port is taken; Bolt still serves.
BROWSER_FAILED_MARKER = "Neo4j Browser not started"
# The message of the java.net.BindException that Neo4j logs when the Bolt port is taken.
ADDRESS_IN_USE_MARKER = "Address already in use"

# Servers this process started, kept so that `stop` can reap them and no child is left a zombie.
_started: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class LocalServerConfig:
    """Data folder, ports and memory of the local server."""

    home: Path
    host: str = "127.0.0.1"
    port: int = 7687
    # The Neo4j Browser's HTTP port; 0 leaves the Browser off.
    http_port: int = 7474
    # Sized for a 2-core, 24 GB machine that also runs Dagster and spaCy; override with
    # FINGRAPH_NEO4J_HEAP and FINGRAPH_NEO4J_PAGECACHE.
    heap: str = "2g"
    pagecache: str = "2g"

    @property
    def pid_file(self) -> Path:
        return self.home / "server.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "server.log"

    @classmethod
    def from_env(cls, settings: Neo4jSettings, data_dir: Path) -> LocalServerConfig:
        return cls(
            home=data_dir / "neo4j",
            port=settings.port,
            http_port=int(os.environ.get("FINGRAPH_NEO4J_HTTP_PORT") or cls.http_port),
            heap=os.environ.get("FINGRAPH_NEO4J_HEAP") or cls.heap,
            pagecache=os.environ.get("FINGRAPH_NEO4J_PAGECACHE") or cls.pagecache,
        )


def ensure_server_built() -> Path:
    """Build the server jar with Maven unless it is already newer than its sources."""
    sources = [SERVER_PROJECT / "pom.xml", *SERVER_PROJECT.glob("src/**/*.java")]
    if SERVER_JAR.exists() and all(SERVER_JAR.stat().st_mtime >= s.stat().st_mtime for s in sources):
        return SERVER_JAR
    log.info("building the local Neo4j server with Maven in %s", SERVER_PROJECT)
    result = subprocess.run(
        ["mvn", "-B", "-q", "-f", str(SERVER_PROJECT / "pom.xml"), "package", "-DskipTests"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-LOG_TAIL_LINES:])
        raise GraphLoadError(
            "Maven could not build graph/server (Neo4j's artifacts come from Maven Central): "
            f"check network access and ~/.m2, then run `make setup` again.\n{tail}"
        )
    return SERVER_JAR


def responds(settings: Neo4jSettings) -> bool:
    """Tell whether a Neo4j server accepts a query at `settings.uri` with these credentials."""
    try:
        driver = open_driver(settings, verify=False, acquisition_timeout=RESPONDS_TIMEOUT_SECONDS)
    except ValueError:
        return False
    try:
        # An auto-commit query, because execute_query would retry a refused connection for 30 s.
        with driver.session(database=settings.database) as session:
            session.run("RETURN 1").consume()
        return True
    except AuthError as exc:
        raise GraphLoadError(
            f"Neo4j at {settings.uri} rejected user {settings.user!r}: check NEO4J_USER and NEO4J_PASSWORD"
        ) from exc
    except (ServiceUnavailable, OSError):
        return False
    finally:
        driver.close()


def start(settings: Neo4jSettings, config: LocalServerConfig, *,
          timeout: float = START_TIMEOUT_SECONDS) -> bool:
    """Start the local server and wait until Bolt accepts a query.

    Returns False when a server already responds (nothing is started) and True when this call
    started one. Raises `Neo4jUnavailable` when another program listens on the Bolt port, and with the
    tail of this start's server log when the server does not come up.
    """
    if not settings.is_local:
        if responds(settings):
            return False
        raise Neo4jUnavailable(f"no Neo4j responded at {settings.uri}, and fingraph only starts servers on this machine: "
                               "start that server, or unset NEO4J_URI to use the local one")
    # Nothing can respond on a free port, and querying a program that does not speak Bolt takes
    # RESPONDS_TIMEOUT_SECONDS, so `responds` runs only when the port is taken.
    port_free = _port_is_free(config)
    if not port_free and responds(settings):
        return False
    _check_data_folder_free(config)
    if not port_free:
        raise Neo4jUnavailable(f"port {config.port} is in use by another program: pick another port in NEO4J_URI")
    jar = ensure_server_built()
    config.log_file.parent.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "NEO4J_PASSWORD": settings.password}
    command = [
        "java", f"-Xms{config.heap}", f"-Xmx{config.heap}",
        f"-Dfingraph.home={config.home}", f"-Dfingraph.bolt.host={config.host}",
        f"-Dfingraph.bolt.port={config.port}", f"-Dfingraph.http.port={config.http_port}",
        f"-Dfingraph.pagecache={config.pagecache}",
        "-jar", str(jar),
    ]
    log_offset = config.log_file.stat().st_size if config.log_file.exists() else 0
    with config.log_file.open("ab") as log_stream:
        process = subprocess.Popen(command, stdout=log_stream, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=environment, start_new_session=True)
    config.pid_file.write_text(f"{process.pid}\n{config.port}\n")
    _started[process.pid] = process
    log.info("started local Neo4j (pid %d) on port %d, data in %s", process.pid, config.port, config.home)
    _wait_until_ready(settings, config, process, log_offset, timeout)
    _warn_if_browser_failed(config, log_offset)
    return True


def _check_data_folder_free(config: LocalServerConfig) -> None:
    """Raise Neo4jUnavailable when a server of ours already runs on this data folder, because Neo4j locks it."""
    pid = running_pid(config)
    if pid is None:
        return
    port = running_port(config)
    if port is None:
        # A pid file written by an older fingraph records no port, and stop acts on it whatever the port.
        raise Neo4jUnavailable(
            f"a fingraph Neo4j (pid {pid}) already runs on the data folder {config.home}, on a port that its pid "
            f"file does not record: stop it first with `fingraph neo4j stop`")
    if port == config.port:
        raise Neo4jUnavailable(
            f"a fingraph Neo4j (pid {pid}) runs on the data folder {config.home} and port {port} but does not "
            f"respond to queries: it may still be starting or be stuck. Read its log ({config.log_file}), and stop it "
            "with `fingraph neo4j stop` if it does not recover")
    where = f"bolt://{config.host}:{port}"
    raise Neo4jUnavailable(
        f"a fingraph Neo4j (pid {pid}) already runs on the data folder {config.home}, on {where}, not on port "
        f"{config.port}: set NEO4J_URI={where} to use it, or stop it first with "
        f"`NEO4J_URI={where} fingraph neo4j stop`")


def _port_is_free(config: LocalServerConfig) -> bool:
    """Tell whether the Bolt port can be bound. Raise Neo4jUnavailable when binding fails for another reason."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # SO_REUSEADDR lets the probe ignore connections of a stopped server that are still in TIME_WAIT,
        # while a socket that listens on the port still makes bind fail.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((config.host, config.port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise Neo4jUnavailable(f"binding {config.host}:{config.port} failed ({exc.strerror}): "
                                   "pick another port in NEO4J_URI") from exc
    return True


def _warn_if_browser_failed(config: LocalServerConfig, offset: int) -> None:
    for line in _log_since(config, offset).splitlines():
        if BROWSER_FAILED_MARKER in line:
            log.warning("%s: set FINGRAPH_NEO4J_HTTP_PORT to a free port and restart", line.strip())


def _wait_until_ready(settings: Neo4jSettings, config: LocalServerConfig,
                      process: subprocess.Popen[bytes], log_offset: int, timeout: float) -> None:
    # Bolt accepts connections before the server has set the password, and Neo4j locks a user out
    # after a few failed logins, so no login is tried until the server logs its ready line.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _started.pop(process.pid, None)
            config.pid_file.unlink(missing_ok=True)
            if _bolt_port_was_taken(config, log_offset):
                # Another program bound the port after `start` found it free.
                raise Neo4jUnavailable(f"port {config.port} was taken by another program while the local Neo4j "
                                       "started: pick another port in NEO4J_URI")
            raise Neo4jUnavailable(
                f"the local Neo4j exited with code {process.returncode} before accepting connections on port "
                f"{config.port}; its log ({config.log_file}) ends with:\n{log_tail(config, log_offset)}"
            )
        if _logged_ready(config, log_offset) and responds(settings):
            return
        time.sleep(0.25)
    raise Neo4jUnavailable(
        f"the local Neo4j did not respond on {settings.uri} within {timeout:.0f} s; "
        f"its log ({config.log_file}) ends with:\n{log_tail(config, log_offset)}"
    )


def _bolt_port_was_taken(config: LocalServerConfig, offset: int) -> bool:
    """Tell whether this start's log reports a taken port other than the Browser's, which is not fatal."""
    return any(ADDRESS_IN_USE_MARKER in line and BROWSER_FAILED_MARKER not in line
               for line in _log_since(config, offset).splitlines())


def _logged_ready(config: LocalServerConfig, offset: int) -> bool:
    return READY_MARKER in _log_since(config, offset)


def _log_since(config: LocalServerConfig, offset: int) -> str:
    """Return the server log written after byte `offset`, that is, by the current start."""
    with config.log_file.open("rb") as stream:
        stream.seek(offset)
        return stream.read().decode("utf-8", "replace")


def stop(config: LocalServerConfig, *, timeout: float = STOP_TIMEOUT_SECONDS) -> bool:
    """Stop the local server with SIGTERM and wait for its clean shutdown.

    Returns False when no server of ours was running. Raises Neo4jUnavailable, and stops nothing,
    when the server of this data folder runs on a Bolt port other than `config.port`.
    """
    pid = running_pid(config)
    if pid is None:
        return False
    _check_port_matches(config, pid)
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            _reap(pid)
            config.pid_file.unlink(missing_ok=True)
            log.info("stopped local Neo4j (pid %d)", pid)
            return True
        time.sleep(0.25)
    log.warning("local Neo4j (pid %d) did not stop within %.0f s; killing it, recovery runs at next start",
                pid, timeout)
    os.kill(pid, signal.SIGKILL)
    _reap(pid)
    config.pid_file.unlink(missing_ok=True)
    return True


def _check_port_matches(config: LocalServerConfig, pid: int) -> None:
    port = running_port(config)
    # A pid file without a port comes from an older fingraph, and its server is stopped as before.
    if port is None or port == config.port:
        return
    where = f"bolt://{config.host}:{port}"
    raise Neo4jUnavailable(
        f"no fingraph Neo4j runs on port {config.port}: the one of the data folder {config.home} (pid {pid}) "
        f"runs on {where}, so nothing was stopped. Stop it with `NEO4J_URI={where} fingraph neo4j stop`")


def _reap(pid: int) -> None:
    process = _started.pop(pid, None)
    if process is not None:
        process.wait()


def running_pid(config: LocalServerConfig) -> int | None:
    """Return the pid of our server when its pid file names a live process, else None."""
    fields = _pid_file_fields(config)
    try:
        pid = int(fields[0])
    except (ValueError, IndexError):
        return None
    if _alive(pid):
        return pid
    config.pid_file.unlink(missing_ok=True)
    return None


def running_port(config: LocalServerConfig) -> int | None:
    """Return the Bolt port that the pid file records, or None for a file written without one."""
    fields = _pid_file_fields(config)
    try:
        return int(fields[1])
    except (ValueError, IndexError):
        return None


def _pid_file_fields(config: LocalServerConfig) -> list[str]:
    """Return the pid file's fields (pid, then Bolt port), or none when the file is missing."""
    try:
        return config.pid_file.read_text().split()
    except FileNotFoundError:
        return []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A child that exited but was not reaped is a zombie: it no longer serves anything.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, IndexError):
        return True
    return state != "Z"


def log_tail(config: LocalServerConfig, offset: int = 0, lines: int = LOG_TAIL_LINES) -> str:
    """Return the last `lines` lines that the server logged after byte `offset`."""
    try:
        written = _log_since(config, offset)
    except FileNotFoundError:
        return f"(no log at {config.log_file})"
    if not written.strip():
        return "(the server logged nothing)"
    return "\n".join(written.splitlines()[-lines:])
