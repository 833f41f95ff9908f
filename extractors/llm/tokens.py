"""Token counting for window budgets: tiktoken when its encoding is available, else an estimate.

tiktoken downloads its encoding files on first use. Offline, or when the download fails, the
count falls back to one token per four characters, the usual rule of thumb for English text.
"""

from __future__ import annotations

import logging
from typing import Protocol

logger = logging.getLogger(__name__)

CHARS_PER_TOKEN = 4
# The encoding of the GPT-4o and later model families, used for models tiktoken does not know.
DEFAULT_ENCODING = "o200k_base"


class TokenCounter(Protocol):
    name: str

    def count(self, text: str) -> int: ...


class EstimatedTokenCounter:
    """Estimate tokens as characters divided by four, rounded up; no files and no network."""

    name = "estimate-chars/4"

    def count(self, text: str) -> int:
        return -(-len(text) // CHARS_PER_TOKEN)


class TiktokenCounter:
    """Count tokens exactly with a tiktoken encoding."""

    def __init__(self, encoding: object, name: str) -> None:
        self._encoding = encoding
        self.name = f"tiktoken-{name}"

    def count(self, text: str) -> int:
        return len(self._encoding.encode(text, disallowed_special=()))  # type: ignore[attr-defined]


def load_token_counter(model: str, *, allow_download: bool = True) -> TokenCounter:
    """Return a tiktoken counter for `model`, or the estimate when tiktoken or its files are unavailable."""
    if not allow_download:
        return EstimatedTokenCounter()
    try:
        import tiktoken
    except ImportError:
        logger.warning("tiktoken is not installed; estimating tokens as characters/%d", CHARS_PER_TOKEN)
        return EstimatedTokenCounter()
    try:
        try:
            encoding = tiktoken.encoding_for_model(model)
        except KeyError:
            encoding = tiktoken.get_encoding(DEFAULT_ENCODING)
    except Exception as exc:  # noqa: BLE001 - any download or file error means: estimate instead
        logger.warning("tiktoken encoding for %s is unavailable (%s); estimating tokens as characters/%d",
                       model, exc, CHARS_PER_TOKEN)
        return EstimatedTokenCounter()
    return TiktokenCounter(encoding, encoding.name)
