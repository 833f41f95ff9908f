"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FINGRAPH_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a developer's OpenAI and Neo4j settings out of every test."""
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "NEO4J_")) or name in ("FINGRAPH_MODEL", "FINGRAPH_CORPUS"):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "MANIFEST.csv").is_file():
        pytest.fail(f"corpus not found at {CORPUS}: set FINGRAPH_SHARED to the folder that holds corpus/")
    return CORPUS
