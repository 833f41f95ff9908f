"""Where fingraph keeps its data and finds its documents, read from the environment when asked for."""

from __future__ import annotations

import os
from pathlib import Path

from extractors.sec_reference import configured_ticker_file

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
    """Return SEC's company_tickers.json: the file FINGRAPH_REFERENCE names, else the first default copy that exists.

    FINGRAPH_REFERENCE may name the file or the folder that contains it. Raises ValueError when it is set
    and names neither, and returns None when it is unset and no default copy exists.
    """
    configured = configured_ticker_file()
    if configured is not None:
        return configured
    return next((path for path in default_ticker_files() if path.is_file()), None)


def default_ticker_files() -> list[Path]:
    """Return where SEC's company_tickers.json is looked for when FINGRAPH_REFERENCE is unset, in order."""
    return [data_dir() / "reference" / "company_tickers.json",
            shared_dir() / "corpus" / "reference" / "company_tickers.json"]
