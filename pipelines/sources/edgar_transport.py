"""The gateway function handed to sec-edgar-downloader: sends through `SecHttpClient` and remembers outcomes."""

from __future__ import annotations

import logging
import re
from collections import defaultdict

import requests

from pipelines.sources.sec_http import SecHttpClient

log = logging.getLogger(__name__)

# Archive URLs end in /data/<CIK>/<accession without dashes>/<file>; a full submission's file is
# "<accession>.txt", anything else in that folder is the primary document.
_ARCHIVE = re.compile(r"/data/(?P<cik>\d+)/(?P<folder>\d{18})/(?P<file>[^/?#]*)")
_SUBMISSION_FILE = re.compile(r"^(\d{10}-\d{2}-\d{6})\.txt$")


class RecordingTransport:
    """Stand in for the library's `_call_sec(uri, user_agent, host)`, recording each archive download.

    The library prints and skips a failed filing, so this is where its accession number and error
    are kept for the check that follows the download.
    """

    def __init__(self, http: SecHttpClient) -> None:
        self.http = http
        self._submissions: dict[str, dict[str, str | None]] = defaultdict(dict)
        self._primary_failures: dict[str, set[str]] = defaultdict(set)

    def __call__(self, uri: str, user_agent: str, host: str) -> requests.Response:
        # `host` is dropped: requests sets the Host header from the URL, which is right for SEC and for tests.
        archive = _ARCHIVE.search(uri)
        try:
            response = self.http.get(uri, user_agent)
        except requests.RequestException as exc:
            if archive:
                self._record(archive, str(exc))
            raise
        if archive:
            self._record(archive, None)
        return response

    def _record(self, archive: re.Match[str], error: str | None) -> None:
        cik = archive["cik"].zfill(10)
        submission = _SUBMISSION_FILE.match(archive["file"])
        if submission:
            self._submissions[cik][submission[1]] = error
        elif error is not None:
            folder = archive["folder"]
            self._primary_failures[cik].add(f"{folder[:10]}-{folder[10:12]}-{folder[12:]}")

    def submission_attempts(self, cik: str) -> dict[str, str | None]:
        """Return the full submissions requested for `cik`: accession number to error, None when it arrived."""
        return dict(self._submissions.get(cik, {}))

    def missing_primary_documents(self, cik: str) -> set[str]:
        """Return the accession numbers of `cik` whose primary document could not be downloaded."""
        return set(self._primary_failures.get(cik, set()))
