"""A local look-alike of the govinfo and congress.gov APIs for the sources tests, with injected faults."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Fault:
    """One reply served instead of the route's body: a status and optional headers."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeApi:
    """Routes by path and query or by path alone, queued faults per path, and the paths and queries received."""

    base_url: str = ""
    routes: dict[str, bytes] = field(default_factory=dict)
    faults: dict[str, list[Fault]] = field(default_factory=lambda: defaultdict(list))
    requests: list[str] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    api_keys: list[str] = field(default_factory=list)

    def count(self, path: str) -> int:
        return Counter(self.requests)[path]


def start_server(fake: FakeApi) -> ThreadingHTTPServer:
    """Start the server on a free port of 127.0.0.1 in a daemon thread and set `fake.base_url`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path, query = urlsplit(self.path).path, urlsplit(self.path).query
            fake.requests.append(path)
            fake.queries.append(query)
            fake.api_keys.append(self.headers.get("X-Api-Key", ""))
            pending = fake.faults.get(path)
            if pending:
                fault = pending.pop(0)
                self._reply(fault.status, b"injected fault", fault.headers)
            elif f"{path}?{query}" in fake.routes:
                self._reply(200, fake.routes[f"{path}?{query}"], {})
            elif path in fake.routes:
                self._reply(200, fake.routes[path], {})
            else:
                self._reply(404, b"not found", {})

        def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server
