"""Call exhibits picked from parsed 8-K documents, and TranscriptUrlSource against a local server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fake_govapi import FakeApi, Fault

from extractors.parsing.detect import EARNINGS_CALL, detect_kind
from pipelines.sources.sec_http import RetryPolicy
from pipelines.sources.transcripts import (
    TranscriptUrlSource,
    read_url_list,
    save_call_exhibits,
    select_call_exhibits,
)
from schemas.documents import Document, DocumentKind, Issuer, sha256_bytes

FAST_RETRY = RetryPolicy(max_attempts=3, base_seconds=0.01, max_seconds=5.0)
PRESS_RELEASE = (
    "Acme Reports Third Quarter Results\n\n"
    "Revenue rose 12% to $1.2 billion. Acme will host a conference call today at 5:00 p.m. ET; "
    "dial in ten minutes early and an operator will connect you. Prepared remarks will be posted "
    "on the investor relations website after the call.\n"
)


def make_exhibit(text: str, form: str = "EX-99.2", exhibit_id: str = "0001045810-24-000260#3") -> Document:
    return Document(id=exhibit_id, kind=DocumentKind.FILING, form=form, issuer=Issuer(name="NVIDIA", ticker="NVDA"),
                    filed_at=dt.date(2024, 8, 28), sha256=sha256_bytes(text.encode()), text=text,
                    source_url="https://www.sec.gov/Archives/edgar/data/1045810/000104581024000260.txt")


@pytest.fixture
def call_text(corpus: Path) -> str:
    return (corpus / "transcripts" / "NVDA" / "2024-08-28.txt").read_text(encoding="utf-8")


def test_transcript_exhibit_selected(call_text):
    exhibit = make_exhibit(call_text)

    assert select_call_exhibits([exhibit]) == [exhibit]


def test_press_release_not_selected():
    assert select_call_exhibits([make_exhibit(PRESS_RELEASE, "EX-99.1")]) == []


def test_prepared_remarks_title_selected():
    text = "NVIDIA Corporation\nCFO Commentary and Prepared Remarks\n\nRevenue for the quarter was $30.0 billion.\n"

    assert len(select_call_exhibits([make_exhibit(text)])) == 1


def test_one_operator_line_with_questions_selected():
    text = ("Opening remarks by the CEO.\n\nQuestion-and-Answer Session\n\n"
            "Operator: Our first question comes from Jane.\n")

    assert len(select_call_exhibits([make_exhibit(text)])) == 1


def test_other_exhibit_forms_not_selected(call_text):
    assert select_call_exhibits([make_exhibit(call_text, "EX-21"), make_exhibit(call_text, "8-K")]) == []


def test_saved_exhibit_reads_as_call(tmp_path, call_text):
    saved = save_call_exhibits([make_exhibit(call_text)], tmp_path)

    assert saved[0].relative_path == "transcripts/NVDA/2024-08-28_000104581024000260-3.txt"
    assert saved[0].kind_hint == "earnings_call"
    assert detect_kind(Path(saved[0].path).read_bytes(), saved[0].path) == EARNINGS_CALL


def test_saved_exhibit_keeps_filing_url(tmp_path, call_text):
    saved = save_call_exhibits([make_exhibit(call_text)], tmp_path)

    assert saved[0].source_url == "https://www.sec.gov/Archives/edgar/data/1045810/000104581024000260.txt"


def test_url_list_reads_tickers_and_comments(tmp_path):
    listing = tmp_path / "transcripts.txt"
    listing.write_text("# calls to fetch\n\nnvda https://example.org/a.txt\nhttps://example.org/b.txt\n",
                       encoding="utf-8")

    assert read_url_list(listing) == [("NVDA", "https://example.org/a.txt"), (None, "https://example.org/b.txt")]


def test_url_list_invalid_entry_raises():
    with pytest.raises(ValueError, match="invalid transcript URL entry on line 1"):
        read_url_list(["NVDA example.org/a.txt"])


@pytest.fixture
def fake_site(fake_api: FakeApi, call_text: str) -> FakeApi:
    fake_api.routes["/calls/nvda-q2.txt"] = call_text.encode("utf-8")
    body = "".join(f"<p>{line}</p>" for line in call_text.splitlines()[:40] if line.strip())
    fake_api.routes["/calls/nvda-q2.html"] = f"<!DOCTYPE html><html><body>{body}</body></html>".encode("utf-8")
    return fake_api


@pytest.fixture
def url_source(tmp_path: Path, sleeps: list[float]) -> TranscriptUrlSource:
    return TranscriptUrlSource(tmp_path / "downloads", retry=FAST_RETRY, sleep=sleeps.append)


def test_url_fetch_saves_text(url_source, fake_site, call_text):
    url = fake_site.base_url + "/calls/nvda-q2.txt"

    documents = url_source.fetch([f"NVDA {url}"])

    assert documents[0].relative_path.startswith("transcripts/NVDA/url-")
    assert documents[0].source_url == url
    assert Path(documents[0].path).read_text(encoding="utf-8") == call_text


def test_url_html_saved_as_text(url_source, fake_site):
    documents = url_source.fetch([fake_site.base_url + "/calls/nvda-q2.html"])
    saved = Path(documents[0].path).read_text(encoding="utf-8")

    assert "<p>" not in saved
    assert "Operator" in saved


def test_url_fetched_once(url_source, fake_site):
    url = fake_site.base_url + "/calls/nvda-q2.txt"
    url_source.fetch([url])

    documents = url_source.fetch([url])

    assert fake_site.count("/calls/nvda-q2.txt") == 1
    assert len(documents) == 1


def test_url_rate_limit_retried(url_source, fake_site, sleeps):
    fake_site.faults["/calls/nvda-q2.txt"].append(Fault(429, {"Retry-After": "1"}))

    documents = url_source.fetch([fake_site.base_url + "/calls/nvda-q2.txt"])

    assert sleeps == [1.0]
    assert len(documents) == 1


def test_url_not_found_recorded(url_source, fake_site):
    missing = fake_site.base_url + "/calls/missing.txt"

    documents = url_source.fetch([missing, fake_site.base_url + "/calls/nvda-q2.txt"])

    assert [failure.item_id for failure in url_source.failures] == [missing]
    assert len(documents) == 1


def test_url_empty_reply_recorded(url_source, fake_site):
    fake_site.routes["/calls/empty.txt"] = b"  \n"

    url_source.fetch([fake_site.base_url + "/calls/empty.txt"])

    assert "returned no text" in str(url_source.failures[0])
