"""The LLM extractor: one pass per document, window by window, with cache, reuse and a cost cap."""

from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.llm.cache import ReplyCache, ReuseIndex
from extractors.llm.client import ChatClient, Completion
from extractors.llm.costs import BudgetExhausted, DocumentStats, RunBudget, summarize
from extractors.llm.errors import WindowFailedError
from extractors.llm.parser import QUOTE_NOT_FOUND, FactParser, InvalidReplyError, ParsedFacts, read_reply
from extractors.llm.prompt import PromptTemplate, render_context
from extractors.llm.reuse import find_entry, merge_entries, plan_reuse, reuse_entries
from extractors.llm.tokens import TokenCounter
from extractors.llm.windows import Segment, Window, document_segments, pack_windows
from extractors.rules.context import DocumentContext, build_context
from extractors.rules.reference import CompanyIndex
from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import Document

logger = logging.getLogger(__name__)

# Input tokens of document text per window. Small windows keep the quotes the model must copy
# close to the instructions and keep a reply cut at the output limit cheap to redo.
DEFAULT_WINDOW_TOKENS = 3000


@dataclass
class WindowOutcome:
    """What one window produced: its facts, usage, and why it failed when it did."""

    window: Window
    parsed: ParsedFacts = field(default_factory=ParsedFacts)
    calls: int = 0
    cache_hits: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    failures: list[str] = field(default_factory=list)
    completed: list[Window] = field(default_factory=list)


class LLMExtractor:
    """Extracts assertions with a chat model, sending only the sentences not extracted before for the issuer.

    `stats` keeps one `DocumentStats` per extracted document id; `summary()` renders the run.
    """

    def __init__(self, client: ChatClient, cache_dir: Path, counter: TokenCounter, *,
                 window_tokens: int = DEFAULT_WINDOW_TOKENS, budget: RunBudget | None = None,
                 template: PromptTemplate | None = None) -> None:
        self._client = client
        self._counter = counter
        self._window_tokens = window_tokens
        self._template = template or PromptTemplate.load()
        model = client.settings.model
        self._profile = ExtractionProfile(extractor="llm", model=model, version=self._template.version)
        self._budget = budget or RunBudget(model)
        self._replies = ReplyCache(cache_dir, self._profile)
        self._reuse = ReuseIndex(cache_dir, self._profile)
        self.stats: dict[str, DocumentStats] = {}

    @classmethod
    def from_env(cls, cache_dir: Path | None = None) -> LLMExtractor:
        """Build the extractor from OPENAI_API_KEY, OPENAI_BASE_URL, FINGRAPH_MODEL and the FINGRAPH_LLM_* limits."""
        from extractors.llm.config import extractor_from_env

        return extractor_from_env(cache_dir)

    @property
    def profile(self) -> ExtractionProfile:
        return self._profile

    def is_partial(self, document_id: str) -> bool:
        """Tell whether the last extraction of the document missed windows (failures or the cost cap)."""
        stats = self.stats.get(document_id)
        return stats is not None and stats.partial

    def summary(self) -> str:
        return summarize(list(self.stats.values()))

    def extract(self, document: Document) -> list[Assertion]:
        """Return the document's assertions; a document whose windows did not all succeed is marked partial."""
        stats = DocumentStats(document.id)
        self.stats[document.id] = stats
        context = build_context(document, CompanyIndex())
        prompt_context = render_context(context)
        scope = _reuse_scope(context, prompt_context)
        parser = FactParser(context, self._profile)

        segments = document_segments(document, context, self._counter, self._window_tokens)
        fresh, reused = self._split_reused(document, scope, segments, parser, stats)
        windows = pack_windows(document.id, fresh, self._window_tokens)
        full_pass = pack_windows(document.id, segments, self._window_tokens)
        stats.windows = len(windows)
        stats.calls_saved_by_reuse = len(full_pass) - len(windows)

        outcomes = self._run_windows(document, windows, prompt_context, parser)
        located = reused + [pair for outcome in outcomes for pair in outcome.parsed.located]
        self._record_reuse(document, scope, outcomes)
        assertions = _deduplicate([assertion for _, assertion in located])
        _merge_outcomes(stats, outcomes)
        stats.assertions = len(assertions)
        logger.info("document %s: %d windows, %d calls, %d from cache, %d saved by reuse "
                    "(%d segments and %d sentences reused), %d assertions%s",
                    document.id, stats.windows, stats.calls, stats.calls_saved_by_cache, stats.calls_saved_by_reuse,
                    stats.segments_reused, stats.sentences_reused, len(assertions), " (partial)" if stats.partial else "")
        return assertions

    def _split_reused(self, document: Document, scope: str, segments: list[Segment], parser: FactParser,
                      stats: DocumentStats) -> tuple[list[Segment], list[tuple[Segment, Assertion]]]:
        """Separate what was extracted before from another document of the issuer, and reground its facts.

        A segment or sentence whose stored quotes are not all found again is sent to the model
        instead. The fingerprint ignores case and punctuation, and the number-masked key numbers as
        well, but the quote search ignores neither case nor numbers.
        """
        def regrounded(segment: Segment) -> ParsedFacts | None:
            entry = find_entry(lambda key: self._reuse.lookup(scope, key), document, segment)
            if entry is None or entry["document_id"] == document.id:
                return None
            parsed = parser.reground(entry["facts"], segment)
            return None if parsed.dropped[QUOTE_NOT_FOUND] else parsed

        plan = plan_reuse(document, segments, regrounded, self._counter)
        reused: list[tuple[Segment, Assertion]] = []
        for _, parsed in plan.reused:
            stats.dropped.update(parsed.dropped)
            reused.extend(parsed.located)
        stats.segments_sent = len(plan.fresh)
        stats.segments_reused = plan.segments_reused
        stats.sentences_reused = plan.sentences_reused
        return plan.fresh, reused

    def _run_windows(self, document: Document, windows: list[Window], prompt_context: str,
                     parser: FactParser) -> list[WindowOutcome]:
        if not windows:
            return []
        workers = max(1, min(self._client.settings.concurrency, len(windows)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="llm-window") as pool:
            futures = [pool.submit(self._run_window, document, w, prompt_context, parser) for w in windows]
            try:
                return [future.result() for future in futures]
            except BaseException:
                for future in futures:
                    future.cancel()
                raise

    def _run_window(self, document: Document, window: Window, prompt_context: str,
                    parser: FactParser) -> WindowOutcome:
        outcome = WindowOutcome(window)
        self._read_window(document, window, prompt_context, parser, outcome)
        return outcome

    def _read_window(self, document: Document, window: Window, prompt_context: str, parser: FactParser,
                     outcome: WindowOutcome) -> None:
        """Get the window's reply from the cache or the model, splitting the window when the reply is cut."""
        text = window.text(document)
        key = self._replies.key(prompt_context, text)
        reply = self._replies.get(key)
        cached = reply is not None
        if cached:
            outcome.cache_hits += 1
        else:
            completion = self._call(window, prompt_context, text, outcome)
            if completion is None:
                return
            if completion.finish_reason == "length":
                self._split_window(document, window, prompt_context, parser, outcome)
                return
            if completion.refusal or completion.finish_reason == "content_filter":
                _fail(outcome, window, document, "refusal", completion.refusal or "content filter")
                return
            reply = {"content": completion.content}
        try:
            facts = read_reply(reply["content"])
        except InvalidReplyError as exc:
            _fail(outcome, window, document, "invalid_reply", str(exc))
            return
        if not cached:
            self._replies.put(key, reply)
        parsed = parser.parse(facts, window.segments)
        outcome.parsed.located.extend(parsed.located)
        outcome.parsed.dropped.update(parsed.dropped)
        outcome.parsed.flipped += parsed.flipped
        outcome.completed.append(window)

    def _call(self, window: Window, prompt_context: str, text: str, outcome: WindowOutcome) -> Completion | None:
        def build(json_mode: bool) -> list[dict[str, str]]:
            return self._template.messages(prompt_context, text, json_mode=json_mode)

        try:
            reservation = self._budget.reserve(sum(self._counter.count(m["content"]) for m in build(False)))
        except BudgetExhausted as exc:
            outcome.failures.append(f"{window.id}: not sent, {exc}")
            return None
        try:
            completion = self._client.complete(build, window.id)
        except WindowFailedError as exc:
            self._budget.settle(reservation, 0, 0)
            logger.error("window %s failed: %s", window.id, exc)
            outcome.failures.append(f"{window.id}: {exc.reason}")
            return None
        outcome.calls += 1
        outcome.tokens_in += completion.tokens_in
        outcome.tokens_out += completion.tokens_out
        outcome.cost_usd += self._budget.settle(reservation, completion.tokens_in, completion.tokens_out)
        return completion

    def _split_window(self, document: Document, window: Window, prompt_context: str, parser: FactParser,
                      outcome: WindowOutcome) -> None:
        """Send the two halves of a window whose reply hit the output limit; one segment cannot be split."""
        halves = window.split()
        if halves is None:
            _fail(outcome, window, document, "truncated", "reply cut at the output token limit")
            return
        logger.info("window %s: reply cut at the output limit; sending it in two halves", window.id)
        for half in halves:
            self._read_window(document, half, prompt_context, parser, outcome)

    def _record_reuse(self, document: Document, scope: str, outcomes: list[WindowOutcome]) -> None:
        """Index the facts of every segment whose window succeeded, and of its sentences, including those with none."""
        entries: dict[str, dict[str, Any] | None] = {}
        for outcome in outcomes:
            found: dict[tuple[int, int], list[Assertion]] = {}
            for segment, assertion in outcome.parsed.located:
                found.setdefault((segment.start, segment.end), []).append(assertion)
            for window in outcome.completed:
                for segment in window.segments:
                    facts = found.get((segment.start, segment.end), [])
                    merge_entries(entries, reuse_entries(document, segment, facts, self._counter))
        self._reuse.record(scope, {key: entry for key, entry in entries.items() if entry is not None})

def _fail(outcome: WindowOutcome, window: Window, document: Document, reason: str, detail: str) -> None:
    logger.warning("document %s, window %s: %s (%s); the document is marked partial",
                   document.id, window.id, reason, detail[:200])
    outcome.failures.append(f"{window.id}: {reason}")


def _merge_outcomes(stats: DocumentStats, outcomes: list[WindowOutcome]) -> None:
    dropped: Counter[str] = Counter()
    for outcome in outcomes:
        stats.calls += outcome.calls
        stats.calls_saved_by_cache += outcome.cache_hits
        stats.tokens_in += outcome.tokens_in
        stats.tokens_out += outcome.tokens_out
        stats.cost_usd += outcome.cost_usd
        dropped.update(outcome.parsed.dropped)
        for failure in outcome.failures:
            stats.mark_partial(failure)
    stats.dropped.update(dropped)


def _reuse_scope(context: DocumentContext, prompt_context: str) -> str:
    """Scope reuse to the issuer and the prompt context, since both decide what "we" resolves to."""
    issuer = (context.issuer.cik or context.issuer.name) if context.issuer else "-"
    return f"{issuer}\n{prompt_context}"


def _deduplicate(assertions: list[Assertion]) -> list[Assertion]:
    unique: dict[str, Assertion] = {}
    for assertion in assertions:
        unique.setdefault(assertion.id, assertion)
    return list(unique.values())
