"""HTTP GETs to api.data.gov services (govinfo, congress.gov) and plain URLs, with SEC's timeouts and retries.

The services' paged listings are read with `get_pages`, and the items they list are fetched
with `fetch_each`.

The key goes in the `X-Api-Key` header, which api.data.gov accepts for every API it fronts, so it
never appears in a URL that is logged or stored in a `RawDocument`. It is sent only to URLs under
the API's base URL, not to the hosts that serve linked documents.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import requests

from pipelines.sources.sec_http import (
    CONNECT_TIMEOUT_SECONDS,
    READ_TIMEOUT_SECONDS,
    RetryPolicy,
    get_with_retries,
)
from pipelines.sources.download_store import DocumentFetchError
from pipelines.sources.raw import RawDocument
from schemas.errors import SourceError

log = logging.getLogger(__name__)

USER_AGENT = "fingraph (+https://github.com/fingraph)"

ItemT = TypeVar("ItemT")
# The next page's URL and the query parameters to send with it, from the current page.
NextPage = Callable[[dict[str, Any]], tuple[str | None, dict[str, str] | None]]


def read_api_key(variable: str, where: str) -> str:
    """Return the key in environment variable `variable`; raise ValueError naming it and `where` to get one."""
    value = os.environ.get(variable, "").strip()
    if not value:
        raise ValueError(f"{variable} is not set: get a free key at {where} and export it as {variable}")
    return value


class ApiHttpClient:
    """GET with a timeout, retrying 429, 5xx, timeouts and dropped connections (`sec_http.is_transient`).

    `api_key` is sent only to URLs that start with `key_scope`, the API's base URL.
    """

    def __init__(self, api_key: str | None = None, key_scope: str = "", *, retry: RetryPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.retry = retry or RetryPolicy()
        self._api_key = api_key
        self._key_scope = key_scope.rstrip("/") + "/"
        self._sleep = sleep
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT

    def get(self, url: str, params: dict[str, str] | None = None) -> requests.Response:
        """Return the successful response for `url`; raise the last `requests` error when retries run out."""
        return get_with_retries(lambda: self._get_once(url, params), url, self.retry, self._sleep)

    def get_json(self, url: str, params: dict[str, str] | None = None) -> Any:
        """Return the decoded JSON body of `url`; a body that is not JSON raises `ValueError`."""
        return self.get(url, params).json()

    def _get_once(self, url: str, params: dict[str, str] | None) -> requests.Response:
        headers = {"X-Api-Key": self._api_key} if self._api_key and url.startswith(self._key_scope) else {}
        response = self._session.get(url, params=params, headers=headers,
                                     timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS))
        response.raise_for_status()
        return response

    def close(self) -> None:
        self._session.close()


def get_for_item(client: ApiHttpClient, url: str, item_id: str,
                 params: dict[str, str] | None = None) -> requests.Response:
    """GET `url` for one item; a failure that outlasts the retries becomes that item's `DocumentFetchError`."""
    try:
        return client.get(url, params)
    except requests.RequestException as exc:
        raise DocumentFetchError(f"{item_id}: GET {url} failed: {exc}", item_id=item_id) from exc


def get_pages(client: ApiHttpClient, url: str, params: dict[str, str] | None, next_page: NextPage,
              listing: str) -> Iterator[dict[str, Any]]:
    """Yield each page of a JSON listing, from `url` until `next_page` returns no URL.

    A page that fails after the retries, or whose body is not JSON, raises `SourceError` with
    `listing` (such as "govinfo CHRG packages") and the page's URL.
    """
    page_url: str | None = url
    while page_url:
        try:
            page = client.get_json(page_url, params)
        except (requests.RequestException, ValueError) as exc:
            raise SourceError(f"listing {listing} failed at {page_url}: {exc}; "
                              "check the key and the network, then run the fetch again") from exc
        yield page
        page_url, params = next_page(page)


def fetch_each(client: ApiHttpClient, listed: Iterable[ItemT],
               fetch_item: Callable[[ApiHttpClient, ItemT], list[RawDocument]],
               limit: int | None) -> list[RawDocument]:
    """Return the documents of the listed items, fetched in order, and at most `limit` items when given.

    `client` is closed afterwards, also when a fetch raises.
    """
    documents: list[RawDocument] = []
    try:
        # islice stops before reading past the limit, so no further listing page is requested.
        for item in itertools.islice(listed, limit):
            documents.extend(fetch_item(client, item))
    finally:
        client.close()
    return documents
