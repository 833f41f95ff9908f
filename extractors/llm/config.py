"""Build the LLM extractor from the environment, read when called and never at import.

Variables: OPENAI_API_KEY, OPENAI_BASE_URL (any OpenAI-compatible server), FINGRAPH_MODEL,
FINGRAPH_MAX_COST_USD and FINGRAPH_MAX_TOKENS (per-run caps), FINGRAPH_LLM_CONCURRENCY,
FINGRAPH_LLM_RPM (requests per minute), FINGRAPH_LLM_TIMEOUT (seconds per request),
FINGRAPH_LLM_CACHE (the cache folder; else `<FINGRAPH_DATA_DIR or .fingraph>/llm-cache`).
"""

from __future__ import annotations

import os
from pathlib import Path

import openai

from extractors.llm.client import ChatClient, ClientSettings
from extractors.llm.costs import RunBudget
from extractors.llm.extractor import LLMExtractor
from extractors.llm.tokens import load_token_counter

DEFAULT_MODEL = "gpt-4o-mini"
# A local server (vLLM, Ollama, llama.cpp) usually checks no key, but the client requires one.
LOCAL_SERVER_KEY = "not-needed"


def extractor_from_env(cache_dir: Path | None = None) -> LLMExtractor:
    """Return an LLMExtractor configured from the environment; raise ValueError naming a bad variable."""
    api_key = os.environ.get("OPENAI_API_KEY")
    base_url = os.environ.get("OPENAI_BASE_URL") or None
    if not api_key and not base_url:
        raise ValueError("the LLM extractor needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local server")
    model = os.environ.get("FINGRAPH_MODEL") or DEFAULT_MODEL
    settings = ClientSettings(
        model=model,
        request_timeout=_number("FINGRAPH_LLM_TIMEOUT", 120.0),
        requests_per_minute=int(_number("FINGRAPH_LLM_RPM", 60)),
        concurrency=int(_number("FINGRAPH_LLM_CONCURRENCY", 4)),
    )
    client = openai.OpenAI(api_key=api_key or LOCAL_SERVER_KEY, base_url=base_url, max_retries=0,
                           timeout=settings.request_timeout)
    budget = RunBudget(model, _optional_number("FINGRAPH_MAX_COST_USD"),
                       _optional_int("FINGRAPH_MAX_TOKENS"))
    return LLMExtractor(ChatClient(client, settings), cache_dir or default_cache_dir(),
                        load_token_counter(model), budget=budget)


def default_cache_dir() -> Path:
    configured = os.environ.get("FINGRAPH_LLM_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("FINGRAPH_DATA_DIR") or ".fingraph") / "llm-cache"


def _number(name: str, default: float) -> float:
    value = _optional_number(name)
    return default if value is None else value


def _optional_number(name: str) -> float | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0, got {raw!r}")
    return value


def _optional_int(name: str) -> int | None:
    value = _optional_number(name)
    return None if value is None else int(value)
