"""CongressSource against a local congress.gov look-alike serving corpus witness PDFs, with injected faults."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from fake_govapi import FakeApi, Fault

from extractors.parsing.api import parse_file
from pipelines.sources.congress import CongressSource
from pipelines.sources.sec_http import RetryPolicy
from schemas.documents import DocumentKind
from schemas.errors import SourceError

KEY = "test-congress-key"
LIST_PATH = "/v3/committee-meeting/118/house"
EVENT = "115538"
OTHER_EVENT = "115600"
MEETING_ID = f"118-house-{EVENT}"
FAST_RETRY = RetryPolicy(max_attempts=3, base_seconds=0.01, max_seconds=5.0)
FIRST_PDF = "HHRG-118-GO24-Wstate-KonczalM-20230309.pdf"
SECOND_PDF = "HHRG-118-GO24-Wstate-KonczalM-20220922.pdf"
TRUTH_IN_TESTIMONY = "HHRG-118-GO24-TTF-KonczalM-20230309.pdf"
UPDATE_DATE = "2024-03-10 12:00:00+00:00"


def meeting_path(event_id: str) -> str:
    return f"/v3/committee-meeting/118/house/{event_id}"


def document_path(event_id: str, name: str) -> str:
    return f"/118/meeting/house/{event_id}/witnesses/{name}"


def listed_meeting(fake: FakeApi, event_id: str, update_date: str = UPDATE_DATE) -> dict[str, object]:
    """Return a meeting entry of the list, shaped as the API documents it (updateDate with a space)."""
    return {"chamber": "House", "congress": 118, "eventId": event_id, "updateDate": update_date,
            "url": f"{fake.base_url}{meeting_path(event_id)}?format=json"}


def listing_page(meetings: list[dict[str, object]], next_url: str | None = None) -> bytes:
    pagination: dict[str, object] = {"count": len(meetings)}
    if next_url:
        pagination["next"] = next_url
    body = {"committeeMeetings": meetings, "pagination": pagination,
            "request": {"chamber": "house", "congress": "118", "contentType": "application/json", "format": "json"}}
    return json.dumps(body).encode()


def serve_listing(fake: FakeApi, meetings: list[dict[str, object]]) -> None:
    fake.routes[LIST_PATH] = listing_page(meetings)


def serve_meeting(fake: FakeApi, event_id: str, documents: dict[str, bytes], committee: str = "hsgo24") -> None:
    """Serve a meeting whose witness statements are the given PDFs, with a biography and a disclosure form."""
    witness_documents = [{"documentType": "Witness Statement", "format": "PDF",
                          "url": fake.base_url + document_path(event_id, name)} for name in documents]
    witness_documents.append({"documentType": "Witness Biography", "format": "Word",
                              "url": fake.base_url + document_path(event_id, "bio.docx")})
    witness_documents.append({"documentType": "Witness Truth in Testimony", "format": "PDF",
                              "url": fake.base_url + document_path(event_id, TRUTH_IN_TESTIMONY)})
    meeting = {
        "chamber": "House",
        "committees": [{"name": "House Oversight and Accountability Subcommittee on Health Care and Financial Services",
                        "systemCode": committee, "url": f"{fake.base_url}/v3/committee/house/{committee}?format=json"}],
        "congress": 118, "date": "2023-03-09T15:00:00Z", "eventId": event_id, "hearingTranscript": [],
        "location": {"building": "Rayburn House Office Building", "room": "2154"},
        "meetingDocuments": [{"description": "", "documentType": "Hearing: Witness List", "format": "PDF",
                              "name": "Witness List", "url": fake.base_url + f"/118/meeting/house/{event_id}/documents/"
                              f"HHRG-118-GO24-20230309-SD001.pdf"}],
        "meetingStatus": "Scheduled", "relatedItems": {"bills": [], "nominations": [], "treaties": []},
        "title": "Inflation in 2023: Causes, Progress, and Solutions", "type": "Hearing",
        "updateDate": "2023-03-10T12:01:03Z", "videos": [],
        "witnessDocuments": witness_documents,
        "witnesses": [{"name": "Mr. Mike Konczal", "organization": "Roosevelt Institute",
                       "position": "Director, Macroeconomic Analysis"}],
    }
    body = {"committeeMeeting": meeting, "request": {"chamber": "house", "congress": "118", "eventId": event_id,
                                                     "contentType": "application/json", "format": "json"}}
    fake.routes[meeting_path(event_id)] = json.dumps(body).encode()
    fake.routes[document_path(event_id, TRUTH_IN_TESTIMONY)] = documents[next(iter(documents))]
    for name, data in documents.items():
        fake.routes[document_path(event_id, name)] = data


@pytest.fixture
def pdfs(corpus: Path) -> dict[str, bytes]:
    folder = corpus / "testimony"
    return {
        FIRST_PDF: (folder / "2023-03-09_House-Oversight-HealthCareFinServ_Konczal"
                    / "inflation_testimony_mkonczal.pdf").read_bytes(),
        SECOND_PDF: (folder / "2022-09-22_House-Oversight-EconConsumerPolicy_Konczal"
                     / "testimony_mkonczal.pdf").read_bytes(),
    }


@pytest.fixture
def fake_congress(fake_api: FakeApi, pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> FakeApi:
    """One House meeting of the 118th Congress with two witness PDFs and a Word file."""
    monkeypatch.delenv("CONGRESS_API_KEY", raising=False)
    serve_listing(fake_api, [listed_meeting(fake_api, EVENT)])
    serve_meeting(fake_api, EVENT, pdfs)
    return fake_api


@pytest.fixture
def source(tmp_path: Path, fake_congress: FakeApi, sleeps: list[float]) -> CongressSource:
    return CongressSource(tmp_path / "downloads", KEY, fake_congress.base_url + "/v3",
                          retry=FAST_RETRY, sleep=sleeps.append)


def test_api_key_missing_raises(tmp_path, fake_congress):
    source = CongressSource(tmp_path, base_url=fake_congress.base_url + "/v3")

    with pytest.raises(ValueError, match="CONGRESS_API_KEY is not set.*api.congress.gov/sign-up"):
        source.fetch(118, "house")
    assert fake_congress.requests == []


def test_invalid_chamber_raises(source):
    with pytest.raises(ValueError, match="invalid chamber 'House'"):
        source.fetch(118, "House")


def test_fetch_returns_witness_pdfs(source):
    documents = source.fetch(118, "house")

    assert [document.relative_path for document in documents] == [
        f"congress/118/house/{EVENT}/{SECOND_PDF}",
        f"congress/118/house/{EVENT}/{FIRST_PDF}",
    ]
    assert {document.kind_hint for document in documents} == {"testimony"}


def test_fetch_sets_source_url(source, fake_congress):
    documents = source.fetch(118, "house")

    assert documents[1].source_url == fake_congress.base_url + document_path(EVENT, FIRST_PDF)


def test_pdf_saved_byte_for_byte(source, pdfs):
    documents = source.fetch(118, "house")

    assert Path(documents[1].path).read_bytes() == pdfs[FIRST_PDF]


def test_word_document_skipped(source, fake_congress):
    source.fetch(118, "house")

    assert fake_congress.count(document_path(EVENT, "bio.docx")) == 0


def test_all_chambers_listed_without_chamber(source, fake_congress):
    fake_congress.routes["/v3/committee-meeting/118"] = fake_congress.routes.pop(LIST_PATH)

    documents = source.fetch(118)

    assert fake_congress.requests[0] == "/v3/committee-meeting/118"
    assert len(documents) == 2


def test_unchanged_meeting_not_read_again(source, fake_congress):
    first = source.fetch(118, "house")
    fake_congress.requests.clear()

    second = source.fetch(118, "house")

    assert fake_congress.requests == [LIST_PATH]
    assert [document.sha256 for document in second] == [document.sha256 for document in first]


def test_meeting_without_update_date_read_again(source, fake_congress):
    meeting = listed_meeting(fake_congress, EVENT)
    del meeting["updateDate"]
    serve_listing(fake_congress, [meeting])
    source.fetch(118, "house")

    documents = source.fetch(118, "house")

    assert fake_congress.count(meeting_path(EVENT)) == 2
    assert fake_congress.count(document_path(EVENT, FIRST_PDF)) == 1
    assert len(documents) == 2


def test_updated_meeting_fetches_new_documents_only(source, fake_congress, pdfs):
    source.fetch(118, "house")
    serve_listing(fake_congress, [listed_meeting(fake_congress, EVENT, "2024-04-01 08:30:00+00:00")])
    serve_meeting(fake_congress, EVENT, {**pdfs, "late.pdf": pdfs[FIRST_PDF]})
    fake_congress.requests.clear()

    documents = source.fetch(118, "house")

    assert fake_congress.count(document_path(EVENT, FIRST_PDF)) == 0
    assert fake_congress.count(document_path(EVENT, "late.pdf")) == 1
    assert len(documents) == 3


def test_listing_follows_next_page(source, fake_congress, pdfs):
    next_query = "offset=250&limit=250&format=json"
    first = listing_page([listed_meeting(fake_congress, EVENT)], f"{fake_congress.base_url}{LIST_PATH}?{next_query}")
    fake_congress.routes[LIST_PATH] = first
    fake_congress.routes[f"{LIST_PATH}?{next_query}"] = listing_page([listed_meeting(fake_congress, OTHER_EVENT)])
    serve_meeting(fake_congress, OTHER_EVENT, {FIRST_PDF: pdfs[FIRST_PDF]})

    documents = source.fetch(118, "house")

    assert fake_congress.count(LIST_PATH) == 2
    assert fake_congress.queries[fake_congress.requests.index(LIST_PATH, 1)] == next_query
    assert len(documents) == 3


def test_listing_requests_json_page(source, fake_congress):
    source.fetch(118, "house", updated_since=dt.date(2024, 3, 1))

    query = parse_qs(fake_congress.queries[0])
    assert query == {"format": ["json"], "limit": ["250"], "offset": ["0"], "fromDateTime": ["2024-03-01T00:00:00Z"]}


def test_meeting_link_format_not_repeated(source, fake_congress):
    source.fetch(118, "house")

    assert fake_congress.queries[fake_congress.requests.index(meeting_path(EVENT))] == "format=json"


def test_disclosure_form_skipped(source, fake_congress):
    documents = source.fetch(118, "house")

    assert fake_congress.count(document_path(EVENT, TRUTH_IN_TESTIMONY)) == 0
    assert TRUTH_IN_TESTIMONY not in {Path(document.path).name for document in documents}


def test_watched_subcommittee_saved(tmp_path, fake_congress):
    source = CongressSource(tmp_path, KEY, fake_congress.base_url + "/v3", committees=["HSGO00"], retry=FAST_RETRY)

    documents = source.fetch(118, "house")

    assert len(documents) == 2


def test_unwatched_committee_not_saved(tmp_path, fake_congress):
    source = CongressSource(tmp_path, KEY, fake_congress.base_url + "/v3", committees=["ssbk00"], retry=FAST_RETRY)

    documents = source.fetch(118, "house")

    assert documents == []
    assert fake_congress.count(document_path(EVENT, FIRST_PDF)) == 0
    assert source.failures == []


def test_unwatched_meeting_not_read_again(tmp_path, fake_congress):
    source = CongressSource(tmp_path, KEY, fake_congress.base_url + "/v3", committees=["ssbk00"], retry=FAST_RETRY)
    source.fetch(118, "house")
    fake_congress.requests.clear()

    source.fetch(118, "house")

    assert fake_congress.requests == [LIST_PATH]


def test_meeting_read_when_newly_watched(tmp_path, fake_congress):
    CongressSource(tmp_path, KEY, fake_congress.base_url + "/v3", committees=["ssbk00"], retry=FAST_RETRY).fetch(
        118, "house")
    watching = CongressSource(tmp_path, KEY, fake_congress.base_url + "/v3", committees=["ssbk00", "hsgo24"],
                              retry=FAST_RETRY)

    documents = watching.fetch(118, "house")

    assert fake_congress.count(meeting_path(EVENT)) == 2
    assert len(documents) == 2


def test_meeting_marker_keeps_witnesses(source, tmp_path):
    source.fetch(118, "house")

    marker = json.loads((tmp_path / "downloads" / "congress" / "118" / "house" / EVENT / "meeting.json").read_text())

    assert marker["committees"] == ["hsgo24"]
    assert marker["witnesses"][0]["organization"] == "Roosevelt Institute"
    assert marker["updateDate"] == UPDATE_DATE


def test_rate_limit_retried_after_retry_after(source, fake_congress, sleeps):
    fake_congress.faults[meeting_path(EVENT)].append(Fault(429, {"Retry-After": "3"}))

    documents = source.fetch(118, "house")

    assert sleeps == [3.0]
    assert len(documents) == 2


def test_server_error_retried(source, fake_congress):
    fake_congress.faults[document_path(EVENT, FIRST_PDF)].append(Fault(502))

    documents = source.fetch(118, "house")

    assert source.failures == []
    assert len(documents) == 2


def test_missing_document_recorded(source, fake_congress):
    del fake_congress.routes[document_path(EVENT, FIRST_PDF)]

    documents = source.fetch(118, "house")

    assert [failure.item_id for failure in source.failures] == [MEETING_ID]
    assert "404" in str(source.failures[0])
    assert [Path(document.path).name for document in documents] == [SECOND_PDF]


def test_truncated_pdf_recorded(source, fake_congress, pdfs):
    fake_congress.routes[document_path(EVENT, FIRST_PDF)] = pdfs[FIRST_PDF][:40_000]

    source.fetch(118, "house")

    assert "truncated" in str(source.failures[0])


def test_failed_meeting_read_again(source, fake_congress, pdfs):
    fake_congress.routes[document_path(EVENT, FIRST_PDF)] = pdfs[FIRST_PDF][:40_000]
    source.fetch(118, "house")
    fake_congress.routes[document_path(EVENT, FIRST_PDF)] = pdfs[FIRST_PDF]

    documents = source.fetch(118, "house")

    assert source.failures == []
    assert fake_congress.count(document_path(EVENT, SECOND_PDF)) == 1
    assert len(documents) == 2


def test_missing_meeting_recorded(source, fake_congress):
    del fake_congress.routes[meeting_path(EVENT)]

    documents = source.fetch(118, "house")

    assert [failure.item_id for failure in source.failures] == [MEETING_ID]
    assert documents == []


def test_listing_failure_raises(source, fake_congress):
    fake_congress.faults[LIST_PATH].extend([Fault(500)] * FAST_RETRY.max_attempts)

    with pytest.raises(SourceError, match="listing congress.gov committee meetings failed"):
        source.fetch(118, "house")


def test_api_key_withheld_from_documents(source, fake_congress):
    source.fetch(118, "house")
    keys = dict(zip(fake_congress.requests, fake_congress.api_keys))

    assert keys[LIST_PATH] == KEY
    assert keys[meeting_path(EVENT)] == KEY
    assert keys[document_path(EVENT, FIRST_PDF)] == ""


def test_witness_pdf_parses_as_testimony(source):
    documents = source.fetch(118, "house")

    parsed = parse_file(Path(documents[1].path), source_url=documents[1].source_url)

    assert parsed[0].kind == DocumentKind.TESTIMONY
    assert parsed[0].source_url == documents[1].source_url
