"""Congressional hearings (collection CHRG) through the govinfo API, fetched once per package version.

A fetch lists the packages modified since a date, then reads each package's summary and saves its
PDF and text renditions under `govinfo/CHRG/<package id>/`. The text rendition is served as HTML
with the title in <title> and the text in one <pre> block, so it is saved as plain text for the
testimony parser. The response shapes follow GPO's API README and samples (github.com/usgpo/api).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.sources import download_store
from pipelines.sources.api_http import ApiHttpClient, fetch_each, get_for_item, get_pages, read_api_key
from pipelines.sources.raw import RawDocument
from pipelines.sources.sec_http import RetryPolicy

log = logging.getLogger(__name__)

API_KEY_VARIABLE = "GOVINFO_API_KEY"
API_KEY_SIGNUP = "https://api.data.gov/signup/"
GOVINFO_API = "https://api.govinfo.gov"
COLLECTION = "CHRG"
KIND_HINT = "testimony"
# Packages per page of the collection listing; govinfo accepts up to 1000. Bigger pages spend
# fewer requests of the hourly rate limit.
PAGE_SIZE = 100
# Written last in a package's folder, with the package's lastModified from the listing. A package
# listed again with another lastModified, because GPO changed it, is downloaded again.
PACKAGE_FILE = "package.json"
_PRE_BLOCK = re.compile(r"<pre[^>]*>(.*?)</pre>", re.IGNORECASE | re.DOTALL)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class ListedPackage:
    """One package of the collection listing: its id, summary link, time of last change and date of issue."""

    package_id: str
    summary_url: str
    last_modified: str | None
    date_issued: str | None = None


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
        log.info("govinfo %s fetch start: modified since %s", COLLECTION, modified_since)
        packages = self._list_packages(client, modified_since)
        documents = fetch_each(client, packages, self._fetch_package, limit)
        log.info("govinfo %s fetch end: %d documents, %d failed packages",
                 COLLECTION, len(documents), len(self.failures))
        return documents

    def package_folder(self, package_id: str, date_issued: str | None = None) -> Path:
        """Return the package's folder. Its name starts with the date of issue, from which the
        partition of the hearing's files is read (`pipelines/partitions.py`)."""
        issued = _ISO_DATE.fullmatch(date_issued or "")
        name = f"{issued[0]}_{package_id}" if issued else package_id
        return self.root / "govinfo" / COLLECTION / name

    def _list_packages(self, client: ApiHttpClient, modified_since: dt.datetime | dt.date) -> Iterator[ListedPackage]:
        url = f"{self.base_url}/collections/{COLLECTION}/{format_since(modified_since)}"
        params = {"offsetMark": "*", "pageSize": str(PAGE_SIZE)}
        for page in get_pages(client, url, params, _next_page, f"govinfo {COLLECTION} packages"):
            for package in page.get("packages") or []:
                package_id = str(package["packageId"])
                summary_url = package.get("packageLink") or f"{self.base_url}/packages/{package_id}/summary"
                yield ListedPackage(package_id, str(summary_url), package.get("lastModified"), package.get("dateIssued"))

    def _fetch_package(self, client: ApiHttpClient, package: ListedPackage) -> list[RawDocument]:
        folder = self.package_folder(package.package_id, package.date_issued)
        sources = download_store.read_manifest(folder)
        if sources is not None and _is_current(folder, package.last_modified):
            log.debug("%s is on disk already, not fetched again", package.package_id)
            return download_store.manifest_documents(folder, self.root, sources, KIND_HINT)

        try:
            sources = self._download_package(client, package, folder)
        except download_store.DocumentFetchError as exc:
            log.error("govinfo package %s skipped: %s", package.package_id, exc)
            self.failures.append(exc)
            return []

        download_store.write_manifest(folder, sources)
        marker = {"lastModified": package.last_modified}
        download_store.write_atomic(folder / PACKAGE_FILE, json.dumps(marker, indent=2).encode())
        return download_store.manifest_documents(folder, self.root, sources, KIND_HINT)

    def _download_package(self, client: ApiHttpClient, package: ListedPackage, folder: Path) -> dict[str, str]:
        package_id, summary_url = package.package_id, package.summary_url
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
            # Some packages offer only metadata and a ZIP (modsLink, premisLink, zipLink). The empty
            # manifest keeps them from being read again until their lastModified changes.
            log.warning("govinfo package %s has no PDF or text rendition (links: %s); nothing saved",
                        package_id, ", ".join(sorted(links)) or "none")
        return sources


def format_since(moment: dt.datetime | dt.date) -> str:
    """Format a date or datetime as govinfo's lastModifiedStartDate, such as 2024-01-31T00:00:00Z."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(), tzinfo=dt.timezone.utc)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def html_to_text(body: str) -> str:
    """Return the text of govinfo's HTML rendition: the <title> line, then the <pre> block.

    The title (" - SOCIAL MEDIA AND THE TEEN MENTAL HEALTH CRISIS") is the hearing's title, which
    the testimony parser reads from the first line. Plain text passes through.
    """
    match = _PRE_BLOCK.search(body)
    if match is None:
        return body
    title = _TITLE.search(body[:match.start()])
    heading = html.unescape(title.group(1)).strip() if title else ""
    text = html.unescape(match.group(1))
    return f" {heading}\n\n{text.lstrip(chr(10))}" if heading else text


def _next_page(page: dict[str, Any]) -> tuple[str | None, None]:
    # nextPage carries the next offsetMark and the page size; it is null on the last page.
    return page.get("nextPage"), None


def _is_current(folder: Path, last_modified: str | None) -> bool:
    """Return whether a saved package matches the listing; one listed without lastModified counts as current."""
    if last_modified is None:
        return True
    path = folder / PACKAGE_FILE
    if not path.is_file():
        return False
    return json.loads(path.read_text(encoding="utf-8")).get("lastModified") == last_modified

