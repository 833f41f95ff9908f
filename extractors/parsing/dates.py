"""Dates as filings, transcripts and hearings write them, and the fallback dates in file names."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))

# "January 26, 2025", "Aug 28, 2024", "NOVEMBER 7, 2023", "January 19,2000", "Sept. 5 2023".
MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*((?:19|20)\d\d)\b", re.IGNORECASE
)
# Digits must not touch the date, but letters and underscores may: "2023-11-07_Senate-...".
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_COMPACT = re.compile(r"^((?:19|20)\d\d)(\d\d)(\d\d)$")
_US_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
_QUARTER = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_ ]?Q([1-4])(?!\d)", re.IGNORECASE)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """Build a date, or return None when the parts name no real day."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """Return the first date written in `text` in any of the usual filing formats, else None."""
    text = text.strip()
    compact = _COMPACT.match(text)
    if compact:
        return make_date(*(int(part) for part in compact.groups()))
    found = [
        (match.start(), date)
        for match, date in (
            *((m, _month_day_year(m)) for m in MONTH_DAY_YEAR.finditer(text)),
            *((m, make_date(int(m[1]), int(m[2]), int(m[3]))) for m in _ISO.finditer(text)),
            *((m, make_date(int(m[3]), int(m[1]), int(m[2]))) for m in _US_SLASH.finditer(text)),
        )
        if date is not None
    ]
    return min(found)[1] if found else None


def _month_day_year(match: re.Match[str]) -> dt.date | None:
    return make_date(int(match[3]), _MONTHS[match[1].lower()], int(match[2]))


def quarter_end(year: int, quarter: int) -> dt.date:
    """Return the last day of a calendar quarter."""
    month = quarter * 3
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def date_from_name(name: str) -> tuple[dt.date | None, dt.date | None]:
    """Read the fallback date of a file or folder name.

    Returns (day, quarter end): `2024-08-28.txt` gives a day, `2022Q3.txt` the end of that
    calendar quarter.
    """
    iso = _ISO.search(name)
    if iso:
        return make_date(int(iso[1]), int(iso[2]), int(iso[3])), None
    quarter = _QUARTER.search(name)
    if quarter:
        return None, quarter_end(int(quarter[1]), int(quarter[2]))
    return None, None
