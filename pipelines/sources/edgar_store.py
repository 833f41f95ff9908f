"""The download folder that sec-edgar-downloader writes: find its filings and read their SGML headers.

The library saves each filing as `sec-edgar-filings/<CIK or ticker>/<FORM>/<accession>/full-submission.txt`,
next to `primary-document.<ext>` when details were asked for. An amendment is saved under its base
form's folder, so the true form is read from the submission's own header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from extractors.parsing.detect import FULL_SUBMISSION
from extractors.parsing.sgml import read_header
from pipelines.sources.raw import RawDocument

ROOT_FOLDER = "sec-edgar-filings"
FULL_SUBMISSION_NAME = "full-submission.txt"
ACCESSION = re.compile(r"^\d{10}-\d{2}-\d{6}$")
# Every SGML header seen on EDGAR ends well inside this many bytes; a few filers list hundreds of
# co-registrants, so the limit is generous.
HEADER_MAX_BYTES = 256 * 1024
AMENDMENT_SUFFIX = "/A"


@dataclass(frozen=True)
class SubmissionHeader:
    """The header fields of a full submission that decide whether it matches a request."""

    accession: str | None
    form: str | None
    cik: str | None
    filed_at: dt.date | None


def cik_folder(download_folder: Path, cik: str) -> Path:
    return download_folder / ROOT_FOLDER / cik


def find_submissions(download_folder: Path, cik: str) -> dict[str, Path]:
    """Return the full submissions saved for `cik`, by accession number, across all form folders."""
    found: dict[str, Path] = {}
    for path in sorted(cik_folder(download_folder, cik).glob(f"*/*/{FULL_SUBMISSION_NAME}")):
        accession = path.parent.name
        if ACCESSION.match(accession):
            found.setdefault(accession, path)
    return found


def read_submission_header(path: Path) -> SubmissionHeader | None:
    """Read the SGML header at the start of a full submission; None when there is no complete header."""
    with path.open("rb") as stream:
        head = stream.read(HEADER_MAX_BYTES).decode("latin-1")
    start, end = head.find("<SEC-HEADER>"), head.find("</SEC-HEADER>")
    if start < 0 or end < start:
        return None
    fields = read_header(head[start:end])
    return SubmissionHeader(
        accession=fields.get("ACCESSION NUMBER"),
        form=fields.get("CONFORMED SUBMISSION TYPE") or fields.get("FORM TYPE"),
        cik=_pad_cik(fields.get("CENTRAL INDEX KEY")),
        filed_at=_parse_day(fields.get("FILED AS OF DATE")),
    )


def matches_request(header: SubmissionHeader, forms: set[str], after: dt.date | None,
                    before: dt.date | None, include_amendments: bool) -> bool:
    """Apply the request's filter the way the library does: base form, amendment flag, filing date."""
    form = (header.form or "").upper()
    amended = form.endswith(AMENDMENT_SUFFIX)
    base = form.removesuffix(AMENDMENT_SUFFIX)
    if base not in forms or (amended and not include_amendments):
        return False
    if header.filed_at is None:
        return True
    return (after is None or header.filed_at >= after) and (before is None or header.filed_at <= before)


def raw_submission(path: Path, download_folder: Path, header: SubmissionHeader, cik: str,
                   source_url: str | None) -> RawDocument:
    """Build the `RawDocument` of a saved full submission, keyed on the folder's accession number."""
    data = path.read_bytes()
    return RawDocument(
        path=str(path),
        relative_path=str(path.relative_to(download_folder)),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        source_url=source_url,
        cik=cik,
        form=header.form,
        accession=path.parent.name,
        kind_hint=FULL_SUBMISSION,
    )


def _pad_cik(value: str | None) -> str | None:
    digits = (value or "").strip()
    return digits.zfill(10) if digits.isdigit() and len(digits) <= 10 else None


def _parse_day(value: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime((value or "").strip(), "%Y%m%d").date()
    except ValueError:
        return None
