"""Measure paragraph reuse of the LLM extractor on three consecutive NVIDIA 10-K filings.

The extractor talks to a local fake OpenAI server that counts requests and returns no facts,
so the numbers measure windows and calls, not extraction quality. For each year after the first
it prints the share of non-boilerplate paragraphs whose fingerprint also occurs the year before,
by count and by characters, and the share of a full pass's calls that reuse saved. Calls follow
characters, not paragraph counts, because windows are packed by tokens (estimated as characters/4).

    PYTHONPATH=. .venv/bin/python bench/llm_reuse.py [CORPUS_DIR]
"""

from __future__ import annotations

import json
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openai

from extractors.llm import LLMExtractor
from extractors.llm.client import ChatClient, ClientSettings
from extractors.llm.tokens import EstimatedTokenCounter
from extractors.parsing import parse_file
from schemas.documents import Document

FILINGS = (
    "filings/NVDA/10-K/2023-02-24/Nvidia.10-K.html",
    "filings/NVDA/10-K/2024-02-21/filing.htm",
    "filings/NVDA/10-K/2025-02-26/nvda-10-k-2025-02-26.html",
)
EMPTY_REPLY = {
    "id": "bench", "object": "chat.completion", "created": 0, "model": "bench",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": '{"facts": []}'}}],
    "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
}


class CountingHandler(BaseHTTPRequestHandler):
    calls = 0

    def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches to
        self.rfile.read(int(self.headers.get("content-length", 0)))
        CountingHandler.calls += 1
        payload = json.dumps(EMPTY_REPLY).encode("utf-8")
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def unchanged_shares(document: Document, previous: Document) -> tuple[float, float]:
    """Return the share of non-boilerplate paragraphs the previous filing also has, by count and by characters."""
    seen = {p.fingerprint for p in previous.paragraphs if not p.boilerplate}
    paragraphs = [p for p in document.paragraphs if not p.boilerplate]
    unchanged = [p for p in paragraphs if p.fingerprint in seen]
    by_count = len(unchanged) / len(paragraphs)
    by_chars = sum(p.end - p.start for p in unchanged) / sum(p.end - p.start for p in paragraphs)
    return by_count, by_chars


def main(corpus: Path) -> None:
    documents = [parse_file(corpus / path)[0] for path in FILINGS]
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = openai.OpenAI(api_key="bench", base_url=f"http://127.0.0.1:{server.server_address[1]}/v1", max_retries=0)
    settings = ClientSettings(model="gpt-4o-mini", request_timeout=30, requests_per_minute=0)
    with tempfile.TemporaryDirectory() as cache:
        extractor = LLMExtractor(ChatClient(client, settings), Path(cache), EstimatedTokenCounter())
        print(f"{'filing':<58} {'same(n)':>8} {'same(ch)':>8} {'calls':>5} {'full':>5} {'saved':>6} "
              f"{'ratio(n)':>8} {'ratio(ch)':>9}")
        for index, document in enumerate(documents):
            before = CountingHandler.calls
            extractor.extract(document)
            stats = extractor.stats[document.id]
            calls = CountingHandler.calls - before
            full = calls + stats.calls_saved_by_reuse
            by_count, by_chars = unchanged_shares(document, documents[index - 1]) if index else (0.0, 0.0)
            saved = stats.calls_saved_by_reuse / full if full else 0.0
            ratio_count = f"{saved / by_count:.2f}" if by_count else "-"
            ratio_chars = f"{saved / by_chars:.2f}" if by_chars else "-"
            print(f"{FILINGS[index]:<58} {by_count:>8.1%} {by_chars:>8.1%} {calls:>5} {full:>5} {saved:>6.1%} "
                  f"{ratio_count:>8} {ratio_chars:>9}")
        print(extractor.summary())
    client.close()
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
