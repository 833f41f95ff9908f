"""Dates that queries take from users: the as-of date and the bounds of a comparison."""

from __future__ import annotations

import datetime as dt


def parse_date(value: object, name: str) -> dt.date:
    """Return `value` as a date; it may be a date, a datetime or an ISO string such as 2022-06-30.

    Raises ValueError naming the parameter when the value is not a date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{name} must be a date in the form YYYY-MM-DD, got {value!r}")


def parse_as_of(value: object | None) -> dt.date | None:
    """Return the as-of date, or None for the current graph when `value` is None or empty."""
    if value is None or value == "":
        return None
    return parse_date(value, "as_of")
