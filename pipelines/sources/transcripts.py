"""Earnings-call transcripts: EX-99 exhibits of 8-K filings that carry a call, and a configured list of URLs.

Both are saved as plain text under `transcripts/<ticker or CIK>/`, because that folder name makes
`extractors.parsing.parse_file` read a file with the transcript parser instead of the filing parser.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import requests

from extractors.parsing.detect import decode_text
from extractors.parsing.html import parse_html
from pipelines.sources import download_store
from pipelines.sources.api_http import ApiHttpClient, get_for_item
from pipelines.sources.raw import RawDocument
from pipelines.sources.sec_http import RetryPolicy
from schemas.documents import Document
from schemas.errors import FingraphError

log = logging.getLogger(__name__)

KIND_HINT = "earnings_call"
CALL_EXHIBIT = re.compile(r"^EX-99(?:\.\d+)?$", re.IGNORECASE)
# A line where the operator speaks: "Operator:", "Operator -" or "Operator" alone before the turn.
_OPERATOR_LINE = re.compile(r"^[ \t]*operator[ \t]*(?:[:\-\u2013\u2014]|$)", re.IGNORECASE | re.MULTILINE)
# A heading line that names prepared remarks: short and without a sentence's full stop, so a press
# release sentence such as "Prepared remarks will be posted after the call." does not count.
_PREPARED_REMARKS_TITLE = re.compile(r"^[^\n.]{0,80}\bprepared (?:remarks|comments)\b[^\n.]{0,80}$",
                                     re.IGNORECASE | re.MULTILINE)
_QUESTION_AND_ANSWER = re.compile(r"\bquestion[- ]and[- ]answer\b|\bQ ?& ?A\b", re.IGNORECASE)
# A call has the operator speak at least twice: opening the call and opening the questions. A press
# release that announces a call usually names "operator" at most once, in running text, not as a speaker.
MIN_OPERATOR_LINES = 2
# A prepared-remarks heading counts only when it is near the start of the exhibit.
TITLE_WINDOW_CHARS = 1500


def looks_like_call(text: str) -> bool:
    """Tell whether exhibit text is a call transcript or prepared remarks, not a press release about a call."""
    operator_lines = len(_OPERATOR_LINE.findall(text))
    if operator_lines >= MIN_OPERATOR_LINES:
        return True
    if operator_lines == 1 and _QUESTION_AND_ANSWER.search(text):
        return True
    return _PREPARED_REMARKS_TITLE.search(text[:TITLE_WINDOW_CHARS]) is not None


def select_call_exhibits(documents: Iterable[Document]) -> list[Document]:
    """Return the EX-99 exhibits among parsed filing documents whose text looks like an earnings call."""
    return [document for document in documents
            if document.form and CALL_EXHIBIT.match(document.form) and looks_like_call(document.text)]


def save_call_exhibits(documents: Iterable[Document], download_folder: Path) -> list[RawDocument]:
    """Save each selected exhibit's text under `transcripts/<ticker or CIK>/` and return it as a `RawDocument`.

    The file name is the filing date and the exhibit id without dashes, such as
    `2000-01-19_000091205700002128-2.txt`. Dashes are dropped so the path hints do not read an
    accession number and give the transcript the same document id as its 8-K.
    """
    root = Path(download_folder)
    saved: list[RawDocument] = []
    for exhibit in select_call_exhibits(documents):
        issuer = exhibit.issuer
        label = (issuer.ticker or issuer.cik) if issuer else None
        date = exhibit.filed_at.isoformat() + "_" if exhibit.filed_at else ""
        name = date + exhibit.id.replace("-", "").replace("#", "-") + ".txt"
        path = root / "transcripts" / (label or "unknown") / name
        if not path.is_file():
            download_store.write_atomic(path, exhibit.text.encode("utf-8"))
        saved.append(download_store.raw_document(path, root, exhibit.source_url, KIND_HINT))
    log.info("saved %d call exhibits as transcripts", len(saved))
    return saved


def read_url_list(entries: Path | Iterable[str]) -> list[tuple[str | None, str]]:
    """Read "URL" or "TICKER URL" entries, one a line; blank lines and lines starting with # are skipped."""
    lines = entries.read_text(encoding="utf-8").splitlines() if isinstance(entries, Path) else list(entries)
    parsed: list[tuple[str | None, str]] = []
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) > 2 or not fields[-1].startswith(("http://", "https://")):
            raise ValueError(f"invalid transcript URL entry on line {number}: {line!r}; "
                             "write one URL, or a ticker and a URL, per line")
        parsed.append((fields[0].upper() if len(fields) == 2 else None, fields[-1]))
    return parsed


class TranscriptUrlSource:
    """Download transcripts from configured URLs into `download_folder`, each URL once.

    A URL that fails is logged at ERROR, kept in `failures` as a `DocumentFetchError` whose
    `item_id` is the URL, and tried again on the next fetch. HTML pages are saved as their text.
    """

    def __init__(self, download_folder: Path, *, retry: RetryPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.root = Path(download_folder)
        self.retry = retry
        self._sleep = sleep
        self.failures: list[download_store.DocumentFetchError] = []

    def fetch(self, entries: Path | Iterable[str]) -> list[RawDocument]:
        """Save every listed URL not on disk yet; return one `RawDocument` per listed URL that is saved."""
        urls = read_url_list(entries)
        client = ApiHttpClient(retry=self.retry, sleep=self._sleep)
        self.failures = []
        documents: list[RawDocument] = []
        log.info("transcript URL fetch start: %d URLs", len(urls))
        try:
            for ticker, url in urls:
                document = self._fetch_url(client, ticker, url)
                if document is not None:
                    documents.append(document)
        finally:
            client.close()
        log.info("transcript URL fetch end: %d documents, %d failed URLs", len(documents), len(self.failures))
        return documents

    def _fetch_url(self, client: ApiHttpClient, ticker: str | None, url: str) -> RawDocument | None:
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
        path = self.root / "transcripts" / (ticker or "unknown") / f"url-{digest}.txt"
        if path.is_file():
            return download_store.raw_document(path, self.root, url, KIND_HINT)

        try:
            text = response_text(get_for_item(client, url, url), url)
        except FingraphError as exc:
            log.error("transcript URL %s skipped: %s", url, exc)
            self.failures.append(exc if isinstance(exc, download_store.DocumentFetchError)
                                 else download_store.DocumentFetchError(f"{url}: {exc}", item_id=url))
            return None

        download_store.write_atomic(path, text.encode("utf-8"))
        return download_store.raw_document(path, self.root, url, KIND_HINT)


def response_text(response: requests.Response, url: str) -> str:
    """Return the text of a transcript reply, converting HTML to paragraphs; raise if there is none."""
    content_type = response.headers.get("Content-Type", "").lower()
    body = response.content
    if "html" in content_type or body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        text = "\n\n".join(block.text for block in parse_html(body, path=url).blocks)
    else:
        text = decode_text(body, name=url)
    if not text.strip():
        raise download_store.DocumentFetchError(f"{url} returned no text", item_id=url)
    return text
