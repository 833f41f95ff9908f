"""The location of SEC's ticker file that `FINGRAPH_REFERENCE` sets, read the same way by every command.

It is kept apart from `extractors.rules`, whose package imports spaCy, so that settings read it cheaply.
"""

from __future__ import annotations

import os
from pathlib import Path

TICKER_FILE = "company_tickers.json"


def configured_ticker_file() -> Path | None:
    """Return the ticker file that `FINGRAPH_REFERENCE` names, or None when the variable is unset.

    The variable may name the ticker file itself or the folder that contains `company_tickers.json`.
    Raises ValueError, naming the variable and its value, when it names neither.
    """
    configured = os.environ.get("FINGRAPH_REFERENCE")
    if not configured:
        return None
    path = Path(configured).expanduser()
    ticker_file = path / TICKER_FILE if path.is_dir() else path
    if not ticker_file.is_file():
        raise ValueError(
            f"FINGRAPH_REFERENCE={configured} is invalid: {ticker_file} was not found. Set FINGRAPH_REFERENCE "
            f"to SEC's {TICKER_FILE} or to the folder that contains it, or unset it to use the default"
        )
    return ticker_file.resolve()
