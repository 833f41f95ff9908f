"""Building the LLM extractor from the environment."""

from __future__ import annotations

import pytest

from extractors.llm import LLMExtractor


def test_from_env_needs_key_or_url(tmp_path):
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        LLMExtractor.from_env(tmp_path)


def test_from_env_rejects_bad_cap(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("FINGRAPH_MAX_COST_USD", "ten")

    with pytest.raises(ValueError, match="FINGRAPH_MAX_COST_USD"):
        LLMExtractor.from_env(tmp_path)
