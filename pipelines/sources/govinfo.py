"""Congressional hearings (collection CHRG) through the govinfo API, fetched once per package id.

A fetch lists the packages modified since a date, then reads each package's summary and saves its
PDF and text renditions under `govinfo/CHRG/<package id>/`. The text rendition is served as HTML
with the text in one <pre> block, so it is saved as plain text for the testimony parser.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import requests

from pipelines.sources import download_store
from pipelines.sources.api_http import ApiHttpClient, get_for_item, read_api_key
from pipelines.sources.raw import RawDocument
from pipelines.sources.sec_http import RetryPolicy
from schemas.errors import SourceError

log = logging.getLogger(__name__)

API_KEY_VARIABLE = "GOVINFO_API_KEY"
API_KEY_SIGNUP = "https://api.data.gov/signup/"
GOVINFO_API = "https://api.govinfo.gov"
COLLECTION = "CHRG"
KIND_HINT = "testimony"
# Packages per page of the collection listing. Bigger pages spend fewer requests of the hourly rate limit.
PAGE_SIZE = 100
_PRE_BLOCK = re.compile(r"<pre[^>]*>(.*?)</pre>", re.IGNORECASE | re.DOTALL)


class GovinfoSource:
    """Download hearing packages into `download_folder` and return one `RawDocument` per saved rendition.

    `api_key` defaults to GOVINFO_API_KEY, read when `fetch` is called. A package that fails is
    logged at ERROR, kept in `failures` as a `DocumentFetchError` and tried again on the next fetch.
    """

    def __init__(self, download_folder: Path, api_key: str | None = None, base_url: str = GOVINFO_API, *,
                 retry: RetryPolicy | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.root = Path(download_folder)
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.retry = retry
        self._sleep = sleep
        self.failures: list[download_store.DocumentFetchError] = []

    def fetch(self, modified_since: dt.datetime | dt.date, *, limit: int | None = None) -> list[RawDocument]:
        """Save the packages modified since `modified_since` (UTC) that are not on disk yet; return every rendition.

        `limit` caps the number of packages read. A failed listing raises `SourceError`.
        """
        key = self.api_key or read_api_key(API_KEY_VARIABLE, API_KEY_SIGNUP)
        client = ApiHttpClient(key, self.base_url, retry=self.retry, sleep=self._sleep)
        self.failures = []
        documents: list[RawDocument] = []
        log.info("govinfo %s fetch start: modified since %s", COLLECTION, modified_since)
        try:
            for count, package_id in enumerate(self._list_packages(client, modified_since)):
                if limit is not None and count >= limit:
                    break
                documents.extend(self._fetch_package(client, package_id))
        finally:
            client.close()
        log.info("govinfo %s fetch end: %d documents, %d failed packages",
                 COLLECTION, len(documents), len(self.failures))
        return documents

    def package_folder(self, package_id: str) -> Path:
        return self.root / "govinfo" / COLLECTION / package_id

    def _list_packages(self, client: ApiHttpClient, modified_since: dt.datetime | dt.date) -> Iterator[str]:
        url: str | None = f"{self.base_url}/collections/{COLLECTION}/{format_since(modified_since)}"
        params: dict[str, str] | None = {"offsetMark": "*", "pageSize": str(PAGE_SIZE)}
        while url:
            try:
                page = client.get_json(url, params)
            except (requests.RequestException, ValueError) as exc:
                raise SourceError(f"listing govinfo {COLLECTION} packages failed at {url}: {exc}; "
                                  "check the key and the network, then run the fetch again") from exc
            for package in page.get("packages", []):
                yield str(package["packageId"])
            url, params = page.get("nextPage"), None

    def _fetch_package(self, client: ApiHttpClient, package_id: str) -> list[RawDocument]:
        folder = self.package_folder(package_id)
        sources = download_store.read_manifest(folder)
        if sources is not None:
            log.debug("%s is on disk already, not fetched again", package_id)
            return download_store.manifest_documents(folder, self.root, sources, KIND_HINT)

        try:
            sources = self._download_package(client, package_id, folder)
        except download_store.DocumentFetchError as exc:
            log.error("govinfo package %s skipped: %s", package_id, exc)
            self.failures.append(exc)
            return []

        download_store.write_manifest(folder, sources)
        return download_store.manifest_documents(folder, self.root, sources, KIND_HINT)

    def _download_package(self, client: ApiHttpClient, package_id: str, folder: Path) -> dict[str, str]:
        summary_url = f"{self.base_url}/packages/{package_id}/summary"
        try:
            summary = get_for_item(client, summary_url, package_id).json()
        except ValueError as exc:
            raise download_store.DocumentFetchError(
                f"{package_id}: the summary at {summary_url} is not JSON: {exc}", item_id=package_id) from exc
        links: dict[str, Any] = summary.get("download") or {}
        sources: dict[str, str] = {}

        pdf_url = links.get("pdfLink")
        if pdf_url:
            data = get_for_item(client, pdf_url, package_id).content
            download_store.check_pdf(data, package_id, pdf_url)
            download_store.write_atomic(folder / f"{package_id}.pdf", data)
            sources[f"{package_id}.pdf"] = pdf_url

        text_url = links.get("txtLink")
        if text_url:
            text = html_to_text(get_for_item(client, text_url, package_id).text)
            download_store.write_atomic(folder / f"{package_id}.txt", text.encode("utf-8"))
            sources[f"{package_id}.txt"] = text_url

        if not sources:
            raise download_store.DocumentFetchError(
                f"{package_id}: the summary at {summary_url} lists no PDF or text rendition", item_id=package_id)
        return sources


def format_since(moment: dt.datetime | dt.date) -> str:
    """Format a date or datetime as govinfo's lastModifiedStartDate, such as 2024-01-31T00:00:00Z."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(), tzinfo=dt.timezone.utc)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def html_to_text(body: str) -> str:
    """Return the text of govinfo's HTML rendition (one <pre> block); plain text passes through."""
    match = _PRE_BLOCK.search(body)
    if match is None:
        return body
    return html.unescape(match.group(1))

