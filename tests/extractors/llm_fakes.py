"""A local OpenAI-compatible chat server for the LLM extractor tests, and reply builders.

The server runs on 127.0.0.1 in a thread, counts every request, and answers from a script of
queued replies, then from a default responder. Nothing else is contacted.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Request = dict[str, Any]


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def completion(facts: list[dict[str, Any]] | None = None, *, content: str | None = None,
               finish_reason: str = "stop", refusal: str | None = None) -> Reply:
    """Build a chat completion reply whose content is `{"facts": facts}` unless `content` is given."""
    if content is None and refusal is None:
        content = json.dumps({"facts": facts or []})
    body = {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        "usage": {"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100},
    }
    return Reply(body=body)


def error(status: int, message: str, *, code: str | None = None, param: str | None = None,
          headers: dict[str, str] | None = None) -> Reply:
    body = {"error": {"message": message, "type": "invalid_request_error", "code": code, "param": param}}
    return Reply(status=status, body=body, headers=headers or {})


def fact(relation: str, subject: tuple[str, str], object_: tuple[str, str], quote: str,
         factor_kind: str | None = None, **attributes: Any) -> dict[str, Any]:
    """Build one fact of a reply, with every attribute the relation has left null unless given."""
    from schemas.relations import REGISTRY

    values = {a.name: attributes.get(a.name) for a in REGISTRY[relation].attributes}
    return {
        "relation": relation,
        "subject": {"name": subject[0], "kind": subject[1], "factor_kind": None},
        "object": {"name": object_[0], "kind": object_[1], "factor_kind": factor_kind},
        "attributes": values,
        "quote": quote,
    }


class FakeOpenAI:
    """The fake server: `script` replies go first, then `responder(request)`."""

    def __init__(self) -> None:
        self.script: deque[Reply] = deque()
        self.responder: Callable[[Request], Reply] = lambda request: completion([])
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        return len(self.requests)

    def queue(self, *replies: Reply) -> None:
        self.script.extend(replies)

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _next_reply(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            scripted = self.script.popleft() if self.script else None
        return scripted or self.responder(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches to
                length = int(self.headers.get("content-length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                reply = fake._next_reply(request)
                time.sleep(reply.delay)
                payload = json.dumps(reply.body).encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and closed the connection first

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
                pass

        return Handler


def user_text(request: Request) -> str:
    """Return the document text the request sends."""
    return request["messages"][-1]["content"]
