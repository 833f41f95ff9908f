"""Fallback facts from a document's path: accession number, ticker, form, date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from extractors.parsing.dates import date_from_name

ACCESSION = re.compile(r"\b(\d{10}-\d{2}-\d{6})\b")
_TICKER = re.compile(r"^[A-Z][A-Z0-9.\-]{0,9}$")
_FORM = re.compile(r"^(?:10-K|10-Q|8-K|20-F|40-F|6-K|S-1|DEF 14A)(?:/A)?$", re.IGNORECASE)
# Folders under which the next folder is a ticker: filings/NVDA/..., transcripts/NVDA/...
_TICKER_PARENTS = frozenset({"filings", "transcripts"})


@dataclass(frozen=True)
class PathHints:
    """Facts read from the folders and the file name, used only where the content is silent."""

    accession: str | None = None
    ticker: str | None = None
    form: str | None = None
    day: dt.date | None = None
    quarter_end: dt.date | None = None
    folder_kind: str | None = None
    folder_label: str | None = None


def read_path_hints(path: Path) -> PathHints:
    """Collect the hints of `path`: the nearest accession-shaped and dated names win."""
    parts = path.parts
    accession = next((m[1] for part in reversed(parts) if (m := ACCESSION.search(part))), None)
    ticker = None
    for parent, child in zip(parts, parts[1:-1]):
        if parent.lower() in _TICKER_PARENTS and _TICKER.match(child):
            ticker = child
    form = next((part.upper() for part in reversed(parts[:-1]) if _FORM.match(part)), None)
    day, quarter = None, None
    for part in reversed(parts[-3:]):
        day, quarter = date_from_name(part)
        if day or quarter:
            break
    folder_kind = next(
        (kind for part in parts for kind in ("transcripts", "testimony") if part.lower() == kind), None
    )
    return PathHints(
        accession=accession,
        ticker=ticker,
        form=form,
        day=day,
        quarter_end=quarter,
        folder_kind=folder_kind,
        folder_label=path.parent.name,
    )
