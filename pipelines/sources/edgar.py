"""SEC EDGAR filings through sec-edgar-downloader, keyed on the CIK, fetched once, checked on disk.

The library (5.1) needs four corrections, which this adapter makes:
- it fetches SEC's ticker map when a `Downloader` is constructed, so the downloader is built on
  the first fetch and a failure there becomes a `SourceError`;
- it prints and skips a filing whose download failed, so every full submission it tried is
  checked on disk afterwards, and a missing one becomes a `SourceError` with its accession number;
- it names the folder after the ticker or CIK exactly as given, so tickers are resolved first and
  every filing lands under the zero-padded CIK;
- its HTTP calls have no timeout, no retry and a per-process rate limit, so its gateway function
  is replaced, for the length of a fetch, by `SecHttpClient` with the machine-wide limiter.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import requests
from sec_edgar_downloader import Downloader
from sec_edgar_downloader import _orchestrator, _sec_gateway

from pipelines.settings import data_dir
from pipelines.sources import edgar_store
from pipelines.sources.edgar_transport import RecordingTransport
from pipelines.sources.raw import RawDocument
from pipelines.sources.ratelimit import SharedRateLimiter
from pipelines.sources.sec_http import RetryPolicy, SecHttpClient
from schemas.errors import SourceError

log = logging.getLogger(__name__)

USER_AGENT_VARIABLE = "SEC_USER_AGENT"
# SEC requires programmatic clients to declare a name and an e-mail address in the User-Agent.
_USER_AGENT = re.compile(r"^(?P<name>\S(?:.*\S)?)\s+(?P<email>[^\s@]+@[^\s@]+\.[^\s@]+)$")
_CIK_DIGITS = 10
# The library reads its gateway function from a module global, so only one fetch at a time per
# process may swap it in.
_LIBRARY_LOCK = threading.Lock()

OnMissing = Literal["raise", "record"]


def parse_user_agent(value: str | None) -> tuple[str, str]:
    """Split a "Name email" user agent into name and e-mail; raise ValueError naming SEC_USER_AGENT when invalid."""
    expected = 'a name and an e-mail address, such as "Jane Doe jane.doe@example.com"'
    if not value or not value.strip():
        raise ValueError(f"{USER_AGENT_VARIABLE} is not set: SEC requires a User-Agent of {expected}")
    match = _USER_AGENT.match(value.strip())
    if not match:
        raise ValueError(f"{USER_AGENT_VARIABLE}={value!r} is invalid: SEC requires a User-Agent of {expected}")
    return match["name"], match["email"]


def default_limiter() -> SharedRateLimiter:
    """Return the limiter that every fingraph process on this machine shares, under FINGRAPH_DATA_DIR."""
    return SharedRateLimiter(data_dir() / "edgar" / "sec-rate-limit.json")


class EdgarSource:
    """Download EDGAR full submissions into `download_folder` and return one `RawDocument` per filing.

    `user_agent` defaults to SEC_USER_AGENT, read when the source is built. When a filing is
    missing, `on_missing="raise"` makes a fetch raise `SourceError` after the whole batch. With
    "record", each missing filing is logged at ERROR and kept in `failures`. `primary_documents`
    also saves each filing's primary document, but the full submission stays the returned document.
    """

    def __init__(self, download_folder: Path, user_agent: str | None = None,
                 limiter: SharedRateLimiter | None = None, *, retry: RetryPolicy | None = None,
                 on_missing: OnMissing = "raise", primary_documents: bool = False) -> None:
        if user_agent is None:
            user_agent = os.environ.get(USER_AGENT_VARIABLE)
        self.company_name, self.email = parse_user_agent(user_agent)
        self.download_folder = Path(download_folder).resolve()
        self.http = SecHttpClient(limiter or default_limiter(), retry=retry)
        self.on_missing = on_missing
        self.primary_documents = primary_documents
        self.failures: list[SourceError] = []
        self._downloader: Downloader | None = None

    @property
    def user_agent(self) -> str:
        return f"{self.company_name} {self.email}"

    def fetch(self, tickers_or_ciks: Iterable[str], forms: Iterable[str], after: dt.date | None = None,
              before: dt.date | None = None, include_amendments: bool = False,
              limit: int | None = None) -> list[RawDocument]:
        """Download the filings that are not on disk yet and return every saved filing the request matches.

        `forms` are base forms such as "10-K"; amendments ("10-K/A") come with `include_amendments`.
        `after` and `before` bound the filing date, both inclusive. `limit` caps each (company, form)
        at its most recent filings. Raises ValueError for an unsupported form and SourceError as
        described on the class.
        """
        form_set = _check_forms(forms)
        self.failures = []
        documents: dict[str, RawDocument] = {}
        with self._library_transport() as transport:
            for cik in self._resolve_all(tickers_or_ciks):
                for form in sorted(form_set):
                    self._download(cik, form, after, before, include_amendments, limit)
                self._check_saved(transport, cik)
                for document in self._collect(cik, form_set, after, before, include_amendments):
                    documents.setdefault(document.accession or document.path, document)
        log.info("EDGAR fetch: %d filings on disk match, %d missing", len(documents), len(self.failures))
        self._report_failures()
        return sorted(documents.values(), key=lambda document: document.relative_path)

    def resolve_cik(self, ticker_or_cik: str) -> str:
        """Return the zero-padded CIK of a ticker (any case) or a CIK; raise SourceError for an unknown ticker."""
        value = str(ticker_or_cik).strip().upper()
        if value.isdigit() and len(value) <= _CIK_DIGITS:
            return value.zfill(_CIK_DIGITS)
        if not value:
            raise ValueError("an empty ticker or CIK was given: pass a ticker such as AAPL or a CIK such as 320193")
        cik = self._ensure_downloader().ticker_to_cik_mapping.get(value)
        if cik is None:
            raise SourceError(f"ticker {value} is not in SEC's ticker map: pass the company's CIK instead")
        return cik

    def _resolve_all(self, tickers_or_ciks: Iterable[str]) -> list[str]:
        """Resolve every input to a CIK, keeping the first appearance of each, so AAPL and 320193 are fetched once."""
        return list(dict.fromkeys(self.resolve_cik(item) for item in tickers_or_ciks))

    def _ensure_downloader(self) -> Downloader:
        """Build the library's downloader on first use; building it fetches SEC's ticker map."""
        if self._downloader is None:
            try:
                self._downloader = Downloader(self.company_name, self.email, self.download_folder)
            except (requests.RequestException, KeyError, ValueError) as exc:
                raise SourceError(
                    f"fetching SEC's ticker map failed: {exc}. Check access to www.sec.gov and retry later"
                ) from exc
        return self._downloader

    def _download(self, cik: str, form: str, after: dt.date | None, before: dt.date | None,
                  include_amendments: bool, limit: int | None) -> None:
        """Let the library download one (CIK, form). A failure to list the filings is recorded, not raised at once."""
        downloader = self._ensure_downloader()
        known = set(edgar_store.find_submissions(self.download_folder, cik))
        try:
            count = downloader.get(
                form, cik, limit=limit, after=after, before=before, include_amends=include_amendments,
                download_details=self.primary_documents, accession_numbers_to_skip=known,
            )
        except requests.RequestException as exc:
            self._fail(SourceError(f"listing the {form} filings of CIK {cik} failed: {exc}. Retry later"))
            return
        log.info("CIK %s %s: the library saved %d new filings (%d already on disk)", cik, form, count, len(known))

    def _check_saved(self, transport: RecordingTransport, cik: str) -> None:
        """Raise or record a `SourceError` for each full submission the library tried but did not save."""
        saved = edgar_store.find_submissions(self.download_folder, cik)
        for accession, error in transport.submission_attempts(cik).items():
            if accession not in saved:
                self._fail(SourceError(
                    f"filing {accession} of CIK {cik} was not saved ({error or 'no file written'}). "
                    "Fetch again to retry it", accession=accession))
        for accession in transport.missing_primary_documents(cik):
            if accession in saved:
                log.warning("filing %s has no primary document on EDGAR; using its full submission", accession)

    def _collect(self, cik: str, forms: set[str], after: dt.date | None, before: dt.date | None,
                 include_amendments: bool) -> Iterator[RawDocument]:
        """Yield the saved filings of `cik` that the request matches, with the form from their own header."""
        for accession, path in edgar_store.find_submissions(self.download_folder, cik).items():
            header = edgar_store.read_submission_header(path)
            if header is None:
                self._fail(SourceError(
                    f"{path} is not an EDGAR submission because it has no SGML header. Delete it and fetch again",
                    accession=accession))
                continue
            if edgar_store.matches_request(header, forms, after, before, include_amendments):
                yield edgar_store.raw_submission(path, self.download_folder, header, cik,
                                                 source_url=_submission_url(cik, accession))

    def _fail(self, error: SourceError) -> None:
        log.error("%s", error)
        self.failures.append(error)

    def _report_failures(self) -> None:
        if self.failures and self.on_missing == "raise":
            listed = "; ".join(str(error) for error in self.failures)
            raise SourceError(f"{len(self.failures)} EDGAR download(s) failed: {listed}",
                              accession=self.failures[0].accession if len(self.failures) == 1 else None)

    @contextmanager
    def _library_transport(self) -> Iterator[RecordingTransport]:
        """Route the library's HTTP calls through this source's client for the length of one fetch."""
        transport = RecordingTransport(self.http)
        with _LIBRARY_LOCK:
            original = _sec_gateway._call_sec
            _sec_gateway._call_sec = transport
            try:
                yield transport
            finally:
                _sec_gateway._call_sec = original


def _check_forms(forms: Iterable[str]) -> set[str]:
    """Return the requested base forms; raise ValueError, before any request, for ones the library lacks."""
    requested = {form.strip().upper() for form in forms}
    amended = sorted(form for form in requested if form.endswith(edgar_store.AMENDMENT_SUFFIX))
    if amended:
        raise ValueError(f"forms {amended} are amendments: request the base form with include_amendments=True")
    unsupported = sorted(requested - set(Downloader.supported_forms))
    if unsupported or not requested:
        raise ValueError(f"unsupported or no forms {unsupported}: pass forms from Downloader.supported_forms, such as 10-K")
    return requested


def _submission_url(cik: str, accession: str) -> str:
    """Return where EDGAR serves the full submission (the library's own URL template)."""
    return _orchestrator.URL_FILING.format(
        cik=cik.lstrip("0"), acc_num_no_dash=accession.replace("-", ""), document=f"{accession}.txt")
