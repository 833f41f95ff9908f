"""A local look-alike of the govinfo and congress.gov APIs for the sources tests, with injected faults."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urlsplit

from fake_http import NOT_FOUND, LocalFake, Reply


@dataclass
class Fault:
    """One reply served instead of the route's body: a status and optional headers."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeApi(LocalFake[Fault]):
    """Routes by path and query or by path alone, queued faults per path, and the paths, queries and keys received."""

    queries: list[str] = field(default_factory=list)
    api_keys: list[str] = field(default_factory=list)

    def respond(self, target: str, headers: Message) -> Reply:
        path, query = urlsplit(target).path, urlsplit(target).query
        self.requests.append(path)
        self.queries.append(query)
        self.api_keys.append(headers.get("X-Api-Key", ""))
        fault = self.next_fault(path)
        if fault is not None:
            return Reply(fault.status, b"injected fault", fault.headers)
        if f"{path}?{query}" in self.routes:
            return Reply(200, self.routes[f"{path}?{query}"])
        if path in self.routes:
            return Reply(200, self.routes[path])
        return NOT_FOUND
