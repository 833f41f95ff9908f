"""Where fingraph keeps its data and finds its documents, read from the environment when asked for."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Return FINGRAPH_DATA_DIR, else `.data` in the current directory."""
    return Path(os.environ.get("FINGRAPH_DATA_DIR") or ".data").resolve()


def shared_dir() -> Path:
    return Path(os.environ.get("FINGRAPH_SHARED") or REPO_ROOT.parent / "shared").resolve()


def corpus_dir() -> Path:
    """Return the documents of the main job: FINGRAPH_CORPUS, else the team corpus beside the repository.

    Raises ValueError naming both when neither exists.
    """
    configured = os.environ.get("FINGRAPH_CORPUS")
    if configured:
        path = Path(configured).resolve()
        if not path.is_dir():
            raise ValueError(f"FINGRAPH_CORPUS={configured} is not a folder: point it at a folder of documents")
        return path
    team_corpus = shared_dir() / "corpus"
    if team_corpus.is_dir():
        return team_corpus
    raise ValueError(
        f"no documents to ingest: set FINGRAPH_CORPUS to a folder of filings, transcripts and testimony "
        f"(the team corpus was not found at {team_corpus})"
    )


def company_tickers_file() -> Path | None:
    """Return SEC's company_tickers.json: FINGRAPH_REFERENCE, the data folder's copy, or the team corpus's."""
    configured = os.environ.get("FINGRAPH_REFERENCE")
    candidates = [Path(configured)] if configured else []
    candidates += [data_dir() / "reference" / "company_tickers.json",
                   shared_dir() / "corpus" / "reference" / "company_tickers.json"]
    return next((path for path in candidates if path.is_file()), None)
