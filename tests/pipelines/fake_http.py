"""The base of the sources tests' look-alike servers: a threaded HTTP server on 127.0.0.1 with recorded requests.

A subclass of `LocalFake` decides each reply in `respond`, from routes and queued faults that the
tests set. `start_server` runs it on a free port, so nothing but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Generic, TypeVar

FaultT = TypeVar("FaultT")


@dataclass(frozen=True)
class Reply:
    """A status, a body and extra headers. The server adds Content-Length."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


NOT_FOUND = Reply(404, b"not found")


@dataclass
class LocalFake(Generic[FaultT]):
    """Routes, faults queued per path, and the requests received, as `respond` records them."""

    base_url: str = ""
    routes: dict[str, bytes] = field(default_factory=dict)
    faults: dict[str, list[FaultT]] = field(default_factory=lambda: defaultdict(list))
    requests: list[str] = field(default_factory=list)

    def count(self, path: str) -> int:
        return Counter(self.requests)[path]

    def next_fault(self, path: str) -> FaultT | None:
        """Remove and return the first fault queued for `path`, or None when there is none."""
        pending = self.faults.get(path)
        return pending.pop(0) if pending else None

    def respond(self, target: str, headers: Message) -> Reply:
        """Record a GET of `target` (the path with its query) and return its reply."""
        raise NotImplementedError


def start_server(fake: LocalFake) -> ThreadingHTTPServer:
    """Start the server on a free port of 127.0.0.1 in a daemon thread and set `fake.base_url`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            reply = fake.respond(self.path, self.headers)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            try:
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server
