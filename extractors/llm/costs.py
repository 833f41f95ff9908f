"""Token prices, the per-run spending cap and the per-document statistics of the LLM extractor.

Costs are estimates: list prices per million tokens, without cached-input or batch discounts.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

# USD per million (input, output) tokens: estimates of OpenAI's 2025 list prices, to be checked
# against the current price page. A model that is not listed is priced at the most expensive row,
# so a cap errs on the safe side.
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}
_FALLBACK_PRICE = max(PRICES_PER_MILLION.values())


def estimate_cost(model: str, tokens_in: int, tokens_out: int) -> float:
    """Estimate the USD cost of a call from its token counts and the model's list price."""
    price_in, price_out = PRICES_PER_MILLION.get(model, _FALLBACK_PRICE)
    return (tokens_in * price_in + tokens_out * price_out) / 1_000_000


class BudgetExhausted(Exception):
    """Raised inside the extractor when the run's cost or token cap leaves no room for another call."""


class RunBudget:
    """The spending cap of one run, shared by every document and worker thread of an extractor.

    A call reserves its estimated input cost before it is sent and settles the measured cost
    after, so concurrent workers cannot all pass the cap check at once. A call in flight may
    still overshoot the cap by its output tokens.
    """

    def __init__(self, model: str, max_cost_usd: float | None = None, max_tokens: int | None = None) -> None:
        self.model = model
        self.max_cost_usd = max_cost_usd
        self.max_tokens = max_tokens
        self.spent_usd = 0.0
        self.spent_tokens = 0
        self._reserved_usd = 0.0
        self._reserved_tokens = 0
        self._lock = threading.Lock()

    def reserve(self, tokens_in: int) -> tuple[float, int]:
        """Reserve room for a call of `tokens_in` input tokens, or raise BudgetExhausted."""
        cost = estimate_cost(self.model, tokens_in, 0)
        with self._lock:
            if self.max_cost_usd is not None and self.spent_usd + self._reserved_usd + cost > self.max_cost_usd:
                raise BudgetExhausted(f"cost cap of {self.max_cost_usd} USD reached")
            if self.max_tokens is not None and self.spent_tokens + self._reserved_tokens + tokens_in > self.max_tokens:
                raise BudgetExhausted(f"token cap of {self.max_tokens} tokens reached")
            self._reserved_usd += cost
            self._reserved_tokens += tokens_in
        return cost, tokens_in

    def settle(self, reservation: tuple[float, int], tokens_in: int, tokens_out: int) -> float:
        """Replace a reservation with the measured usage of the call and return its estimated cost."""
        cost = estimate_cost(self.model, tokens_in, tokens_out)
        with self._lock:
            self._reserved_usd -= reservation[0]
            self._reserved_tokens -= reservation[1]
            self.spent_usd += cost
            self.spent_tokens += tokens_in + tokens_out
        return cost


@dataclass
class DocumentStats:
    """What extracting one document cost and saved, and why it is partial when it is."""

    document_id: str
    windows: int = 0
    calls: int = 0
    calls_saved_by_cache: int = 0
    calls_saved_by_reuse: int = 0
    segments_sent: int = 0
    segments_reused: int = 0
    sentences_reused: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    partial: bool = False
    partial_reasons: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    assertions: int = 0

    def mark_partial(self, reason: str) -> None:
        self.partial = True
        self.partial_reasons.append(reason)

    def as_dict(self) -> dict[str, object]:
        """Return the statistics as plain JSON-ready values, for asset metadata or a run record."""
        return {
            "document_id": self.document_id, "windows": self.windows, "calls": self.calls,
            "calls_saved_by_cache": self.calls_saved_by_cache, "calls_saved_by_reuse": self.calls_saved_by_reuse,
            "segments_sent": self.segments_sent, "segments_reused": self.segments_reused,
            "sentences_reused": self.sentences_reused,
            "tokens_in": self.tokens_in, "tokens_out": self.tokens_out,
            "estimated_cost_usd": round(self.cost_usd, 6), "partial": self.partial,
            "partial_reasons": list(self.partial_reasons), "dropped": dict(self.dropped),
            "assertions": self.assertions,
        }


def summarize(stats: list[DocumentStats]) -> str:
    """Summarize a run's documents in one line, naming the partial ones."""
    calls = sum(s.calls for s in stats)
    cached = sum(s.calls_saved_by_cache for s in stats)
    reused = sum(s.calls_saved_by_reuse for s in stats)
    cost = sum(s.cost_usd for s in stats)
    tokens_in = sum(s.tokens_in for s in stats)
    tokens_out = sum(s.tokens_out for s in stats)
    partial = [s.document_id for s in stats if s.partial]
    line = (f"{len(stats)} documents: {calls} calls, {cached} saved by cache, {reused} saved by reuse, "
            f"{tokens_in} tokens in, {tokens_out} out, estimated cost {cost:.4f} USD")
    if partial:
        line += f"; {len(partial)} partial: {', '.join(partial)}"
    return line
