"""Witness documents of committee meetings through the congress.gov API, each document fetched once.

Printed hearing records reach govinfo months or years after a hearing, but committees post witness
statements on congress.gov within days. A fetch lists the meetings of one Congress, reads each
meeting's witness documents and saves the statement PDFs under
`congress/<congress>/<chamber>/<event id>/`. The response shapes follow the Library of Congress's
documentation of the committee-meeting endpoint (github.com/LibraryOfCongress/api.congress.gov,
Documentation/CommitteeMeetingEndpoint.md) and its OpenAPI description.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pipelines.sources import download_store
from pipelines.sources.api_http import ApiHttpClient, fetch_each, get_for_item, get_pages, read_api_key
from pipelines.sources.govinfo import format_since
from pipelines.sources.raw import RawDocument
from pipelines.sources.sec_http import RetryPolicy

log = logging.getLogger(__name__)

API_KEY_VARIABLE = "CONGRESS_API_KEY"
API_KEY_SIGNUP = "https://api.congress.gov/sign-up/"
CONGRESS_API = "https://api.congress.gov/v3"
KIND_HINT = "testimony"
CHAMBERS = ("house", "senate", "nochamber")
# Meetings per page of the listing; congress.gov returns at most 250.
PAGE_SIZE = 250
# Written last in a meeting's folder, with the meeting's updateDate and committees. A meeting whose
# listing shows the same updateDate is not read again, unless its documents were not saved and a
# committee of it is watched now. One listed without an updateDate is always read.
MEETING_FILE = "meeting.json"
# congress.gov replies in XML unless JSON is requested.
JSON_FORMAT = {"format": "json"}
# The documentType values of witness documents are "Witness Statement", "Witness Biography",
# "Witness Supporting Document" and "Witness Truth in Testimony" (a disclosure form). Only the
# statements are testimony.
STATEMENT_TYPES = ("Witness Statement",)


class CongressSource:
    """Download committee-meeting witness PDFs into `download_folder`; return one `RawDocument` per PDF.

    `api_key` defaults to CONGRESS_API_KEY, read when `fetch` is called. A document that fails is
    logged at ERROR and kept in `failures` as a `DocumentFetchError` whose `item_id` is the meeting,
    and its meeting is read again on the next fetch. Documents already saved are not downloaded again.
    `committees` is a watch-list of committee system codes (such as `hsba00`, House Financial
    Services); a code ending in `00` also covers that committee's subcommittees. When it is given,
    only the documents of meetings held by a watched committee are saved.
    """

    def __init__(self, download_folder: Path, api_key: str | None = None, base_url: str = CONGRESS_API, *,
                 committees: list[str] | None = None, retry: RetryPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.root = Path(download_folder)
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.committees = [code.strip().lower() for code in committees or [] if code.strip()]
        self.retry = retry
        self._sleep = sleep
        self.failures: list[download_store.DocumentFetchError] = []

    def fetch(self, congress: int, chamber: str | None = None, *, updated_since: dt.datetime | dt.date | None = None,
              limit: int | None = None) -> list[RawDocument]:
        """Save the witness PDFs of one Congress's meetings (one chamber when given); return every saved PDF.

        `updated_since` lists only meetings updated since then, and `limit` caps the meetings read.
        A failed listing raises `SourceError`.
        """
        if chamber is not None and chamber not in CHAMBERS:
            raise ValueError(f"invalid chamber {chamber!r}: use one of {', '.join(CHAMBERS)}, or None for all")
        key = self.api_key or read_api_key(API_KEY_VARIABLE, API_KEY_SIGNUP)
        client = ApiHttpClient(key, self.base_url, retry=self.retry, sleep=self._sleep)
        self.failures = []
        log.info("congress.gov committee meetings fetch start: congress %d, chamber %s", congress, chamber or "all")
        meetings = self._list_meetings(client, congress, chamber, updated_since)
        documents = fetch_each(client, meetings, self._fetch_meeting, limit)
        log.info("congress.gov committee meetings fetch end: %d documents, %d failures",
                 len(documents), len(self.failures))
        return documents

    def _list_meetings(self, client: ApiHttpClient, congress: int, chamber: str | None,
                       updated_since: dt.datetime | dt.date | None) -> Iterator[dict[str, Any]]:
        url = "/".join(filter(None, [self.base_url, "committee-meeting", str(congress), chamber]))
        params: dict[str, str] = {**JSON_FORMAT, "limit": str(PAGE_SIZE), "offset": "0"}
        if updated_since is not None:
            # The list filters on each meeting's updateDate, given as YYYY-MM-DDT00:00:00Z.
            params["fromDateTime"] = format_since(updated_since)
        for page in get_pages(client, url, params, _next_listing_page, "congress.gov committee meetings"):
            yield from page.get("committeeMeetings") or []

    def _fetch_meeting(self, client: ApiHttpClient, listed: dict[str, Any]) -> list[RawDocument]:
        chamber = str(listed["chamber"]).lower()
        meeting_id = f"{listed['congress']}-{chamber}-{listed['eventId']}"
        folder = self.root / "congress" / str(listed["congress"]) / chamber / str(listed["eventId"])
        saved = download_store.read_manifest(folder) or {}
        update_date = listed.get("updateDate")
        marker = _read_marker(folder)
        if update_date is not None and marker.get("updateDate") == update_date and not self._newly_watched(marker):
            log.debug("meeting %s is unchanged since the last fetch, not read again", meeting_id)
            return download_store.manifest_documents(folder, self.root, saved, KIND_HINT)

        url = str(listed["url"])
        try:
            reply = get_for_item(client, url, meeting_id, json_format_params(url)).json()
            detail = reply.get("committeeMeeting") or {}
        except (download_store.DocumentFetchError, ValueError, AttributeError) as exc:
            self._record(meeting_id, exc)
            return download_store.manifest_documents(folder, self.root, saved, KIND_HINT)

        committees = committee_codes(detail)
        watched = self.watches(committees)
        complete = self._save_witness_documents(client, meeting_id, folder, detail, saved) if watched else True
        if watched:
            download_store.write_manifest(folder, saved)
        else:
            log.debug("meeting %s of committees %s is not on the watch-list, no documents saved",
                      meeting_id, ", ".join(committees) or "none")
        if complete:
            marker = {"updateDate": update_date, "title": detail.get("title"), "date": detail.get("date"),
                      "committees": committees, "documentsSaved": watched,
                      "witnesses": detail.get("witnesses") or []}
            download_store.write_atomic(folder / MEETING_FILE, json.dumps(marker, indent=2).encode())
        return download_store.manifest_documents(folder, self.root, saved, KIND_HINT)

    def watches(self, committees: list[str]) -> bool:
        """Return whether a meeting of these committees is watched; with no watch-list, every meeting is."""
        if not self.committees:
            return True
        return any(_code_matches(watched, code) for watched in self.committees for code in committees)

    def _newly_watched(self, marker: dict[str, Any]) -> bool:
        """Return whether a meeting skipped as unwatched last time is on the watch-list now."""
        return marker.get("documentsSaved") is False and self.watches(marker.get("committees") or [])

    def _save_witness_documents(self, client: ApiHttpClient, meeting_id: str, folder: Path,
                                detail: dict[str, Any], saved: dict[str, str]) -> bool:
        """Download each witness PDF not saved yet into `saved`; return False when any failed."""
        complete = True
        for url in witness_pdf_urls(detail):
            name = PurePosixPath(urlsplit(url).path).name
            if name in saved:
                continue
            try:
                data = get_for_item(client, url, meeting_id).content
                download_store.check_pdf(data, meeting_id, url)
            except download_store.DocumentFetchError as exc:
                self._record(meeting_id, exc)
                complete = False
                continue
            download_store.write_atomic(folder / name, data)
            saved[name] = url
        return complete

    def _record(self, meeting_id: str, error: Exception) -> None:
        if not isinstance(error, download_store.DocumentFetchError):
            error = download_store.DocumentFetchError(f"{meeting_id}: the meeting reply is invalid: {error}",
                                                      item_id=meeting_id)
        log.error("congress.gov meeting %s: %s", meeting_id, error)
        self.failures.append(error)


def witness_pdf_urls(detail: dict[str, Any]) -> list[str]:
    """Return the URLs of a meeting's witness statements that are PDFs, without repeats, in listed order."""
    urls: list[str] = []
    for document in detail.get("witnessDocuments") or []:
        url = str(document.get("url") or "")
        is_pdf = str(document.get("format", "")).upper() == "PDF" or url.lower().endswith(".pdf")
        is_statement = str(document.get("documentType", "")).strip() in STATEMENT_TYPES
        if url and is_pdf and is_statement and url not in urls:
            urls.append(url)
    return urls


def committee_codes(detail: dict[str, Any]) -> list[str]:
    """Return the lower-case system codes of the committees and subcommittees that held a meeting."""
    return [str(committee["systemCode"]).lower() for committee in detail.get("committees") or []
            if committee.get("systemCode")]


def json_format_params(url: str) -> dict[str, str]:
    """Return `format=json` unless the URL's query already sets a format, as the API's own links do."""
    return {} if "format" in parse_qs(urlsplit(url).query) else dict(JSON_FORMAT)


def _next_listing_page(page: dict[str, Any]) -> tuple[str | None, dict[str, str]]:
    # The next link carries the offset and the other query parameters of the first request.
    url = (page.get("pagination") or {}).get("next")
    return url, (json_format_params(url) if url else {})


def _code_matches(watched: str, code: str) -> bool:
    """Match a committee code; a full committee's code (ending in 00) covers its subcommittees."""
    return code == watched or (watched.endswith("00") and code[:4] == watched[:4])


def _read_marker(folder: Path) -> dict[str, Any]:
    path = folder / MEETING_FILE
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))

