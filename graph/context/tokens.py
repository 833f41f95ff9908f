"""The token estimate that the context budget is counted in."""

from __future__ import annotations

import math

# An estimate, not a tokenizer: English prose averages about four characters per token in
# OpenAI's BPE vocabularies, and one function keeps the budget and its tests on the same count.
CHARS_PER_TOKEN = 4


def estimate_tokens(text: str) -> int:
    """Return the estimated token count of `text`: its characters divided by four, rounded up."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)
