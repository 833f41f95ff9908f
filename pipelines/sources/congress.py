"""Witness documents of committee meetings through the congress.gov API, each document fetched once.

Printed hearing records reach govinfo months or years after a hearing, but committees post witness
statements on congress.gov within days. A fetch lists the meetings of one Congress, reads each
meeting's witness documents and saves the PDFs under `congress/<congress>/<chamber>/<event id>/`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import requests

from pipelines.sources import download_store
from pipelines.sources.api_http import ApiHttpClient, get_for_item, read_api_key
from pipelines.sources.govinfo import format_since
from pipelines.sources.raw import RawDocument
from pipelines.sources.sec_http import RetryPolicy
from schemas.errors import SourceError

log = logging.getLogger(__name__)

API_KEY_VARIABLE = "CONGRESS_API_KEY"
API_KEY_SIGNUP = "https://api.congress.gov/sign-up/"
CONGRESS_API = "https://api.congress.gov/v3"
KIND_HINT = "testimony"
CHAMBERS = ("house", "senate", "nochamber")
# Meetings per page of the listing; congress.gov accepts at most 250.
PAGE_SIZE = 250
# Written last in a meeting's folder, with the meeting's updateDate. A meeting whose listing shows
# the same updateDate is not read again, and one listed without an updateDate is always read.
MEETING_FILE = "meeting.json"
# congress.gov replies in XML unless JSON is requested.
JSON_FORMAT = {"format": "json"}


class CongressSource:
    """Download committee-meeting witness PDFs into `download_folder`; return one `RawDocument` per PDF.

    `api_key` defaults to CONGRESS_API_KEY, read when `fetch` is called. A document that fails is
    logged at ERROR and kept in `failures` as a `DocumentFetchError` whose `item_id` is the meeting,
    and its meeting is read again on the next fetch. Documents already saved are not downloaded again.
    """

    def __init__(self, download_folder: Path, api_key: str | None = None, base_url: str = CONGRESS_API, *,
                 retry: RetryPolicy | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.root = Path(download_folder)
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
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
        documents: list[RawDocument] = []
        log.info("congress.gov committee meetings fetch start: congress %d, chamber %s", congress, chamber or "all")
        try:
            for count, meeting in enumerate(self._list_meetings(client, congress, chamber, updated_since)):
                if limit is not None and count >= limit:
                    break
                documents.extend(self._fetch_meeting(client, meeting))
        finally:
            client.close()
        log.info("congress.gov committee meetings fetch end: %d documents, %d failures",
                 len(documents), len(self.failures))
        return documents

    def _list_meetings(self, client: ApiHttpClient, congress: int, chamber: str | None,
                       updated_since: dt.datetime | dt.date | None) -> Iterator[dict[str, Any]]:
        url: str | None = "/".join(filter(None, [self.base_url, "committee-meeting", str(congress), chamber]))
        params = {**JSON_FORMAT, "limit": str(PAGE_SIZE), "offset": "0"}
        if updated_since is not None:
            # NOTE: whether the meeting list honours fromDateTime is unchecked. If it ignores it, the
            # fetch still works, because a meeting with an unchanged updateDate is skipped on disk.
            params["fromDateTime"] = format_since(updated_since)
        while url:
            try:
                page = client.get_json(url, params)
            except (requests.RequestException, ValueError) as exc:
                raise SourceError(f"listing congress.gov committee meetings failed at {url}: {exc}; "
                                  "check the key and the network, then run the fetch again") from exc
            yield from page.get("committeeMeetings", [])
            # The next link carries the offset and the other query parameters of the first request.
            url, params = (page.get("pagination") or {}).get("next"), JSON_FORMAT

    def _fetch_meeting(self, client: ApiHttpClient, listed: dict[str, Any]) -> list[RawDocument]:
        chamber = str(listed["chamber"]).lower()
        meeting_id = f"{listed['congress']}-{chamber}-{listed['eventId']}"
        folder = self.root / "congress" / str(listed["congress"]) / chamber / str(listed["eventId"])
        saved = download_store.read_manifest(folder) or {}
        update_date = listed.get("updateDate")
        if update_date is not None and _read_update_date(folder) == update_date:
            log.debug("meeting %s is unchanged since the last fetch, not read again", meeting_id)
            return download_store.manifest_documents(folder, self.root, saved, KIND_HINT)

        try:
            reply = get_for_item(client, str(listed["url"]), meeting_id, JSON_FORMAT).json()
            detail = reply.get("committeeMeeting", {})
        except (download_store.DocumentFetchError, ValueError) as exc:
            self._record(meeting_id, exc)
            return download_store.manifest_documents(folder, self.root, saved, KIND_HINT)

        complete = self._save_witness_documents(client, meeting_id, folder, detail, saved)
        download_store.write_manifest(folder, saved)
        if complete:
            marker = {"updateDate": update_date, "title": detail.get("title")}
            download_store.write_atomic(folder / MEETING_FILE, json.dumps(marker, indent=2).encode())
        return download_store.manifest_documents(folder, self.root, saved, KIND_HINT)

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
    """Return the URLs of a meeting's witness documents that are PDFs, without repeats, in listed order."""
    urls: list[str] = []
    for document in detail.get("witnessDocuments") or []:
        url = str(document.get("url") or "")
        is_pdf = str(document.get("format", "")).upper() == "PDF" or url.lower().endswith(".pdf")
        if url and is_pdf and url not in urls:
            urls.append(url)
    return urls


def _read_update_date(folder: Path) -> str | None:
    path = folder / MEETING_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("updateDate")

