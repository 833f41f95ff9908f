"""EdgarSource against the real sec-edgar-downloader and a local EDGAR look-alike."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from conftest import AAPL_10K, AAPL_10Q, AAPL_10Q_LATER, AAPL_CIK, USER_AGENT
from fake_edgar import TICKER_MAP_PATH, archive_path, submissions_path

from pipelines.sources import sec_http
from pipelines.sources.edgar import EdgarSource
from pipelines.sources.ratelimit import SharedRateLimiter
from schemas.errors import SourceError

K_ARCHIVE = archive_path(AAPL_CIK, AAPL_10K, f"{AAPL_10K}.txt")
Q_ARCHIVE = archive_path(AAPL_CIK, AAPL_10Q, f"{AAPL_10Q}.txt")


def test_user_agent_missing_raises(tmp_path, fake_edgar, monkeypatch):
    monkeypatch.delenv("SEC_USER_AGENT", raising=False)

    with pytest.raises(ValueError, match="SEC_USER_AGENT is not set.*name and an e-mail"):
        EdgarSource(tmp_path, limiter=SharedRateLimiter(tmp_path / "rate.json"))
    assert fake_edgar.requests == []


@pytest.mark.parametrize("value", ["fingraph", "jane.doe@example.com", "Jane Doe jane.doe@example"])
def test_user_agent_malformed_raises(tmp_path, fake_edgar, monkeypatch, value):
    monkeypatch.setenv("SEC_USER_AGENT", value)

    with pytest.raises(ValueError, match=r"SEC_USER_AGENT=.* is invalid"):
        EdgarSource(tmp_path, limiter=SharedRateLimiter(tmp_path / "rate.json"))
    assert fake_edgar.requests == []


def test_user_agent_read_from_environment(tmp_path, fake_edgar, monkeypatch):
    monkeypatch.setenv("SEC_USER_AGENT", "Acme Research ops@acme.example")
    source = EdgarSource(tmp_path, limiter=SharedRateLimiter(tmp_path / "rate.json"))

    source.fetch(["AAPL"], ["10-K"])

    assert set(fake_edgar.user_agents) == {"Acme Research ops@acme.example"}


def test_construction_sends_no_request(make_source, fake_edgar):
    make_source()

    assert fake_edgar.requests == []


def test_ticker_map_fetched_once(make_source, fake_edgar):
    source = make_source()

    source.fetch(["AAPL"], ["10-K"])
    source.fetch(["AAPL"], ["10-Q"])

    assert fake_edgar.count(TICKER_MAP_PATH) == 1


def test_ticker_map_failure_raises_source_error(make_source, fake_edgar):
    del fake_edgar.routes[TICKER_MAP_PATH]

    with pytest.raises(SourceError, match="ticker map"):
        make_source().fetch(["AAPL"], ["10-K"])


def test_unknown_ticker_raises_source_error(make_source):
    with pytest.raises(SourceError, match="ticker NOSUCHTICKER is not in SEC's ticker map"):
        make_source().fetch(["NoSuchTicker"], ["10-K"])


def test_unsupported_form_rejected_before_request(make_source, fake_edgar):
    with pytest.raises(ValueError, match="10-KX"):
        make_source().fetch(["AAPL"], ["10-KX"])
    assert fake_edgar.requests == []


def test_amended_form_requested_directly_rejected(make_source):
    with pytest.raises(ValueError, match="include_amendments"):
        make_source().fetch(["AAPL"], ["10-K/A"])


def test_fetch_saves_under_padded_cik(make_source):
    (document,) = make_source().fetch(["AAPL"], ["10-K"])

    assert document.relative_path == f"sec-edgar-filings/{AAPL_CIK}/10-K/{AAPL_10K}/full-submission.txt"
    assert document.accession == AAPL_10K
    assert document.cik == AAPL_CIK
    assert document.form == "10-K"
    assert document.kind_hint == "full_submission"
    assert Path(document.path).stat().st_size == document.size_bytes


def test_ticker_case_and_cik_give_one_document(make_source, fake_edgar, tmp_path):
    documents = make_source().fetch(["aapl", "AAPL", "320193"], ["10-K"])

    assert [document.accession for document in documents] == [AAPL_10K]
    assert [path.name for path in (tmp_path / "downloads" / "sec-edgar-filings").iterdir()] == [AAPL_CIK]
    assert fake_edgar.count(submissions_path(AAPL_CIK)) == 1


def test_amendment_form_read_from_header(make_source):
    documents = make_source().fetch([AAPL_CIK], ["10-Q"], include_amendments=True)

    forms = {document.accession: document.form for document in documents}
    assert forms == {AAPL_10Q: "10-Q", AAPL_10Q_LATER: "10-Q/A"}
    assert all("/10-Q/" in document.relative_path for document in documents)


def test_amendments_left_out_by_default(make_source):
    documents = make_source().fetch([AAPL_CIK], ["10-Q"])

    assert [document.accession for document in documents] == [AAPL_10Q]


def test_filing_date_window_applies(make_source):
    documents = make_source().fetch(["AAPL"], ["10-K", "10-Q"], after=dt.date(2000, 1, 1),
                                    before=dt.date(2000, 12, 31))

    assert [document.accession for document in documents] == [AAPL_10Q]


def test_second_fetch_downloads_nothing(make_source, fake_edgar):
    source = make_source()
    first = source.fetch(["AAPL"], ["10-K", "10-Q"])

    second = make_source().fetch(["AAPL"], ["10-K", "10-Q"])

    assert second == first
    assert fake_edgar.count(K_ARCHIVE) == 1
    assert fake_edgar.count(Q_ARCHIVE) == 1


def test_rate_limited_reply_retried(make_source, fake_edgar):
    fake_edgar.faults[K_ARCHIVE] = [429]

    documents = make_source().fetch(["AAPL"], ["10-K"])

    assert [document.accession for document in documents] == [AAPL_10K]
    assert fake_edgar.count(K_ARCHIVE) == 2


def test_server_error_retried(make_source, fake_edgar):
    fake_edgar.faults[submissions_path(AAPL_CIK)] = [500]
    fake_edgar.faults[K_ARCHIVE] = [503]

    documents = make_source().fetch(["AAPL"], ["10-K"])

    assert [document.accession for document in documents] == [AAPL_10K]
    assert fake_edgar.count(submissions_path(AAPL_CIK)) == 2
    assert fake_edgar.count(K_ARCHIVE) == 2


def test_missing_archive_raises_with_accession(make_source, fake_edgar):
    del fake_edgar.routes[K_ARCHIVE]

    with pytest.raises(SourceError, match=AAPL_10K) as raised:
        make_source().fetch(["AAPL"], ["10-K"])
    assert raised.value.accession == AAPL_10K
    assert fake_edgar.count(K_ARCHIVE) == 1


def test_missing_archive_recorded_when_asked(make_source, fake_edgar, caplog):
    del fake_edgar.routes[K_ARCHIVE]
    source = make_source(on_missing="record")

    with caplog.at_level(logging.ERROR):
        documents = source.fetch(["AAPL"], ["10-K", "10-Q"])

    assert [document.accession for document in documents] == [AAPL_10Q]
    assert [failure.accession for failure in source.failures] == [AAPL_10K]
    assert AAPL_10K in caplog.text


def test_persistent_server_error_gives_up(make_source, fake_edgar):
    fake_edgar.faults[K_ARCHIVE] = [503, 503, 503]

    with pytest.raises(SourceError, match="503"):
        make_source().fetch(["AAPL"], ["10-K"])
    assert fake_edgar.count(K_ARCHIVE) == 3


def test_client_error_not_retried(make_source, fake_edgar):
    fake_edgar.faults[K_ARCHIVE] = [403]

    with pytest.raises(SourceError, match="403"):
        make_source().fetch(["AAPL"], ["10-K"])
    assert fake_edgar.count(K_ARCHIVE) == 1


def test_slow_reply_times_out(make_source, fake_edgar, monkeypatch):
    monkeypatch.setattr(sec_http, "READ_TIMEOUT_SECONDS", 0.1)
    fake_edgar.delays[K_ARCHIVE] = 0.5

    with pytest.raises(SourceError, match="timed out"):
        make_source().fetch(["AAPL"], ["10-K"])


def test_missing_primary_document_falls_back(make_source, fake_edgar, caplog):
    source = make_source(primary_documents=True)

    with caplog.at_level(logging.WARNING):
        (document,) = source.fetch(["AAPL"], ["10-K"])

    assert document.relative_path.endswith("full-submission.txt")
    assert source.failures == []
    assert f"filing {AAPL_10K} has no primary document" in caplog.text


def test_primary_document_saved_beside_submission(make_source, fake_edgar):
    fake_edgar.routes[archive_path(AAPL_CIK, AAPL_10Q, "a10-q.txt")] = b"primary document"

    (document,) = make_source(primary_documents=True).fetch(["AAPL"], ["10-Q"])

    assert (Path(document.path).parent / "primary-document.txt").read_bytes() == b"primary document"
    assert document.relative_path.endswith("full-submission.txt")


def test_source_url_names_the_archive(make_source, fake_edgar):
    (document,) = make_source().fetch(["AAPL"], ["10-K"])

    assert document.source_url == fake_edgar.base_url + K_ARCHIVE


def test_user_agent_sent_on_every_request(make_source, fake_edgar):
    make_source().fetch(["AAPL"], ["10-K", "10-Q"])

    assert set(fake_edgar.user_agents) == {USER_AGENT}
