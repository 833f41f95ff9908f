"""Exhibit 21: the list of a registrant's subsidiaries, read into rows with their jurisdictions.

Filers lay the list out as a two-column table (HTML cells, joined here by " | ") or as
fixed-width text where two or more spaces separate the name from the jurisdiction.
"""

from __future__ import annotations

import re

from schemas.documents import Subsidiary

_ROW = re.compile(r"^(?P<name>\S.*?\S)(?:\s*\|\s*|\s{2,})(?P<jurisdiction>[A-Za-z][A-Za-z .,'()&-]{1,60}?)\s*$")
# Lines of the heading, the column titles and the footnotes are not subsidiaries.
_NOT_A_ROW = re.compile(r"^\s*(?:\*|exhibit\b|subsidiaries\b|name\b|jurisdiction\b|\(\d+\)|pursuant\b)", re.IGNORECASE)
_LETTER = re.compile(r"[A-Za-z]")


def parse_subsidiaries(text: str) -> list[Subsidiary]:
    """Return one row per subsidiary line of an Exhibit 21 text, with its char range in `text`."""
    rows: list[Subsidiary] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        content = line.rstrip("\r\n")
        if _NOT_A_ROW.match(content):
            continue
        match = _ROW.match(content.strip())
        if match is None or not _LETTER.search(match["name"]):
            continue
        leading = len(content) - len(content.lstrip())
        rows.append(Subsidiary(name=match["name"].strip(" |"), jurisdiction=match["jurisdiction"].strip(),
                               start=start + leading, end=start + len(content.rstrip())))
    return rows
