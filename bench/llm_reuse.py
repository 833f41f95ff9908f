"""Measure the reuse of the LLM extractor on three consecutive NVIDIA 10-K filings.

The extractor talks to a local fake OpenAI server that counts requests and returns no facts,
so the numbers measure windows and calls, not extraction quality. For each year after the first
it prints the share of non-boilerplate paragraphs whose fingerprint also occurs the year before:
by count over all of them (`same(n)`), by count over those of at least `MIN_SEGMENT_WORDS` words,
the only ones ever sent (`sent(n)`), and by characters (`same(ch)`). `sent(ch)` is the share of
characters in sentences that occur the year before, which bounds what sentence-level reuse can
skip, and `masked(ch)` the same share when sentences that differ only in numbers count as the
same. `saved` is the share of a full pass's calls that reuse saved, and each ratio divides it by
one of the unchanged shares. Calls follow characters, not paragraph counts, because windows are
packed by tokens (estimated as characters/4).

With `--number-facts` the server returns, for each sentence with a number, one fact whose
attribute is the sentence's first number. Reuse must then send every sentence whose first number
changed, which shows how much of the saving survives when facts carry numbers.

    PYTHONPATH=. .venv/bin/python bench/llm_reuse.py [--number-facts] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openai

from extractors.llm import LLMExtractor
from extractors.llm.client import ChatClient, ClientSettings
from extractors.llm.reuse import number_masked_key
from extractors.llm.tokens import EstimatedTokenCounter
from extractors.llm.windows import MIN_SEGMENT_WORDS
from extractors.parsing import parse_file
from extractors.rules.text import split_sentences
from schemas.documents import Document, Paragraph, fingerprint_text

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
    number_facts = False

    def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches to
        request = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
        CountingHandler.calls += 1
        reply = EMPTY_REPLY
        if CountingHandler.number_facts:
            content = json.dumps({"facts": number_facts(request["messages"][-1]["content"])})
            reply = {**EMPTY_REPLY, "choices": [{**EMPTY_REPLY["choices"][0],
                                                 "message": {"role": "assistant", "content": content}}]}
        payload = json.dumps(reply).encode("utf-8")
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def number_facts(user_message: str) -> list[dict[str, object]]:
    """Return one fact per sentence with a number, quoting its first four words, with its first number."""
    window = user_message.removeprefix("<<<DOCUMENT\n").removesuffix("\nDOCUMENT>>>")
    facts: list[dict[str, object]] = []
    for segment in window.split("\n\n"):
        for start, end in split_sentences(segment):
            words = segment[start:end].split()
            numbers = [word for word in words if any(char.isdigit() for char in word)]
            if len(words) < 6 or not numbers:
                continue
            facts.append({
                "relation": "EXPOSED_TO",
                "subject": {"name": "NVIDIA Corporation", "kind": "Company", "factor_kind": None},
                "object": {"name": "Interest rates", "kind": "Factor", "factor_kind": "macro"},
                "attributes": {"direction": "uncertain", "channel": None, "magnitude": numbers[0]},
                "quote": " ".join(words[:4]),
            })
    return facts


@dataclass(frozen=True)
class UnchangedShares:
    """Shares of a filing's non-boilerplate text that the previous filing also has."""

    paragraphs: float
    sent_paragraphs: float
    characters: float
    sentence_characters: float
    masked_sentence_characters: float


def unchanged_shares(document: Document, previous: Document) -> UnchangedShares:
    """Measure how much of the document repeats the previous filing, by paragraphs and by sentences."""
    seen = {p.fingerprint for p in previous.paragraphs if not p.boilerplate}
    paragraphs = [p for p in document.paragraphs if not p.boilerplate]
    sent = [p for p in paragraphs if len(document.text[p.start:p.end].split()) >= MIN_SEGMENT_WORDS]
    unchanged = [p for p in paragraphs if p.fingerprint in seen]
    previous_sentences = [s for p in previous.paragraphs if not p.boilerplate for s in _sentences(previous, p)]
    seen_sentences = {fp for fp, _, _ in previous_sentences}
    seen_masked = {masked for _, masked, _ in previous_sentences}
    sentences = [s for p in paragraphs for s in _sentences(document, p)]
    characters = sum(n for _, _, n in sentences)
    return UnchangedShares(
        paragraphs=len(unchanged) / len(paragraphs),
        sent_paragraphs=sum(p.fingerprint in seen for p in sent) / len(sent),
        characters=sum(p.end - p.start for p in unchanged) / sum(p.end - p.start for p in paragraphs),
        sentence_characters=sum(n for fp, _, n in sentences if fp in seen_sentences) / characters,
        masked_sentence_characters=sum(
            n for fp, masked, n in sentences if fp in seen_sentences or masked in seen_masked) / characters,
    )


def _sentences(document: Document, paragraph: Paragraph) -> list[tuple[str, str, int]]:
    """Return the fingerprint, number-masked key and length in characters of each sentence of a paragraph."""
    text = document.text[paragraph.start:paragraph.end]
    return [(fingerprint_text(text[start:end]), number_masked_key(text[start:end]), end - start)
            for start, end in split_sentences(text)]


def _ratio(saved: float, share: float) -> str:
    return f"{saved / share:.2f}" if share else "-"


def main(corpus: Path, number_facts: bool) -> None:
    documents = [parse_file(corpus / path)[0] for path in FILINGS]
    CountingHandler.number_facts = number_facts
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = openai.OpenAI(api_key="bench", base_url=f"http://127.0.0.1:{server.server_address[1]}/v1", max_retries=0)
    settings = ClientSettings(model="gpt-4o-mini", request_timeout=30, requests_per_minute=0)
    with tempfile.TemporaryDirectory() as cache:
        extractor = LLMExtractor(ChatClient(client, settings), Path(cache), EstimatedTokenCounter())
        print(f"{'filing':<58} {'same(n)':>7} {'sent(n)':>7} {'same(ch)':>8} {'sent(ch)':>8} {'masked(ch)':>10} "
              f"{'calls':>5} "
              f"{'full':>4} {'saved':>6} {'ratio(n)':>8} {'ratio(sent n)':>13} {'ratio(ch)':>9}")
        for index, document in enumerate(documents):
            before = CountingHandler.calls
            extractor.extract(document)
            stats = extractor.stats[document.id]
            calls = CountingHandler.calls - before
            full = calls + stats.calls_saved_by_reuse
            shares = unchanged_shares(document, documents[index - 1]) if index else UnchangedShares(0, 0, 0, 0, 0)
            saved = stats.calls_saved_by_reuse / full if full else 0.0
            print(f"{FILINGS[index]:<58} {shares.paragraphs:>7.1%} {shares.sent_paragraphs:>7.1%} "
                  f"{shares.characters:>8.1%} {shares.sentence_characters:>8.1%} "
                  f"{shares.masked_sentence_characters:>10.1%} {calls:>5} {full:>4} {saved:>6.1%} "
                  f"{_ratio(saved, shares.paragraphs):>8} {_ratio(saved, shares.sent_paragraphs):>13} "
                  f"{_ratio(saved, shares.characters):>9}")
        print(extractor.summary())
    client.close()
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Count the LLM calls that reuse saves on three NVIDIA 10-Ks.")
    parser.add_argument("corpus", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared" / "corpus",
                        help="the corpus folder that contains filings/NVDA (default: ../shared/corpus)")
    parser.add_argument("--number-facts", action="store_true",
                        help="reply with one fact per sentence with a number, carrying that number")
    arguments = parser.parse_args()
    main(arguments.corpus, arguments.number_facts)
