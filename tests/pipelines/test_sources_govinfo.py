"""GovinfoSource against a local govinfo look-alike serving corpus hearings, with injected faults."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fake_govapi import FakeApi, Fault

from extractors.parsing.api import parse_file
from extractors.parsing.detect import TESTIMONY_TEXT, detect_kind
from pipelines.sources.download_store import DocumentFetchError
from pipelines.partitions import partition_key
from pipelines.sources.folder import discover_folder
from pipelines.sources.govinfo import GovinfoSource, format_since
from pipelines.sources.sec_http import RetryPolicy
from schemas.documents import DocumentKind
from schemas.errors import SourceError

KEY = "test-govinfo-key"
SINCE = dt.date(2024, 1, 1)
LIST_PATH = "/collections/CHRG/2024-01-01T00:00:00Z"
BEJAR = "CHRG-118shrg60432"
KONCZAL = "CHRG-117hhrg49000"
FAST_RETRY = RetryPolicy(max_attempts=3, base_seconds=0.01, max_seconds=5.0)
TESTIMONY = "testimony"
LAST_MODIFIED = "2025-03-21T14:02:11Z"


def summary_path(package_id: str) -> str:
    return f"/packages/{package_id}/summary"


def pdf_path(package_id: str) -> str:
    return f"/packages/{package_id}/pdf"


def text_path(package_id: str) -> str:
    return f"/packages/{package_id}/htm"


def serve_package(fake: FakeApi, package_id: str, pdf: bytes | None, text: bytes | None) -> None:
    """Serve a package summary shaped like govinfo's, with download links, and the renditions it links to."""
    links: dict[str, str] = {}
    if text is not None:
        links["txtLink"] = fake.base_url + text_path(package_id)
        fake.routes[text_path(package_id)] = text
    if pdf is not None:
        links["pdfLink"] = fake.base_url + pdf_path(package_id)
        fake.routes[pdf_path(package_id)] = pdf
    for name in ("mods", "premis", "zip"):
        links[f"{name}Link"] = f"{fake.base_url}/packages/{package_id}/{name}"
    summary = {
        "title": "SOCIAL MEDIA AND THE TEEN MENTAL HEALTH CRISIS", "collectionCode": "CHRG",
        "collectionName": "Congressional Hearings", "category": "Congressional Committee Materials",
        "dateIssued": "2025-03-20", "detailsLink": f"https://www.govinfo.gov/app/details/{package_id}",
        "granulesLink": f"{fake.base_url}/packages/{package_id}/granules?offsetMark=*&pageSize=100",
        "packageId": package_id, "download": links, "relatedLink": f"{fake.base_url}/related/{package_id}",
        "branch": "legislative", "pages": "62", "governmentAuthor1": "Congress", "governmentAuthor2": "Senate",
        "documentType": "SHRG", "congress": "118", "chamber": "SENATE", "session": "1",
        "heldDates": ["2023-11-07"], "publisher": "U.S. Government Publishing Office",
        "lastModified": LAST_MODIFIED,
    }
    fake.routes[summary_path(package_id)] = json.dumps(summary).encode()


# The date of issue that names each package's folder, and so its files' partition month.
ISSUED = "2025-03-20"


def listed_package(fake: FakeApi, package_id: str, last_modified: str = LAST_MODIFIED) -> dict[str, object]:
    """Return a package entry of the collection listing, with the fields govinfo's samples show."""
    return {"packageId": package_id, "lastModified": last_modified,
            "packageLink": fake.base_url + summary_path(package_id), "docClass": "SHRG",
            "title": package_id, "congress": "118", "dateIssued": ISSUED}


def listing_page(packages: list[dict[str, object]], next_page: str | None = None) -> bytes:
    body = {"count": len(packages), "message": None, "nextPage": next_page, "previousPage": None,
            "packages": packages}
    return json.dumps(body).encode()


def serve_listing(fake: FakeApi, package_ids: list[str]) -> None:
    fake.routes[LIST_PATH] = listing_page([listed_package(fake, package_id) for package_id in package_ids])


def as_govinfo_html(text: bytes) -> bytes:
    """Wrap hearing text as govinfo's HTML rendition: its first line in <title>, the rest in one <pre> block."""
    title, _, body = text.lstrip(b"\n").partition(b"\n")
    escaped = body.replace(b"&", b"&amp;").replace(b"<", b"&lt;")
    return (b"<html>\n<head>\n<title>" + title + b"</title>\n</head>\n<body><pre>\n" + escaped
            + b"</pre></body>\n</html>\n")


@pytest.fixture
def hearings(corpus: Path) -> dict[str, bytes]:
    folder = corpus / "testimony"
    return {
        "bejar_text": (folder / "2023-11-07_Senate-Judiciary-PrivacyTech_Bejar" / f"{BEJAR}.txt").read_bytes(),
        "konczal_pdf": (folder / "2022-09-22_House-Oversight-EconConsumerPolicy_Konczal"
                        / "testimony_mkonczal.pdf").read_bytes(),
    }


@pytest.fixture
def fake_govinfo(fake_api: FakeApi, hearings: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> FakeApi:
    """Two packages: Bejar's hearing as text only, and a hearing with a PDF and a text rendition."""
    monkeypatch.delenv("GOVINFO_API_KEY", raising=False)
    serve_listing(fake_api, [BEJAR, KONCZAL])
    serve_package(fake_api, BEJAR, None, as_govinfo_html(hearings["bejar_text"]))
    serve_package(fake_api, KONCZAL, hearings["konczal_pdf"],
                  as_govinfo_html(b" - INFLATION\nHEARING before the COMMITTEE"))
    return fake_api


@pytest.fixture
def source(tmp_path: Path, fake_govinfo: FakeApi, sleeps: list[float]) -> GovinfoSource:
    return GovinfoSource(tmp_path / "downloads", KEY, fake_govinfo.base_url, retry=FAST_RETRY, sleep=sleeps.append)


def test_api_key_missing_raises(tmp_path, fake_govinfo):
    source = GovinfoSource(tmp_path, base_url=fake_govinfo.base_url)

    with pytest.raises(ValueError, match="GOVINFO_API_KEY is not set.*api.data.gov/signup"):
        source.fetch(SINCE)
    assert fake_govinfo.requests == []


def test_api_key_read_when_fetching(tmp_path, fake_govinfo, monkeypatch):
    source = GovinfoSource(tmp_path, base_url=fake_govinfo.base_url)
    monkeypatch.setenv("GOVINFO_API_KEY", "from-environment")

    source.fetch(SINCE)

    assert set(fake_govinfo.api_keys) == {"from-environment"}


def test_api_key_sent_in_header(source, fake_govinfo):
    documents = source.fetch(SINCE)

    assert set(fake_govinfo.api_keys) == {KEY}
    assert all(KEY not in (document.source_url or "") for document in documents)


def test_fetch_returns_each_rendition(source, fake_govinfo):
    documents = source.fetch(SINCE)

    assert [document.relative_path for document in documents] == [
        f"govinfo/CHRG/{ISSUED}_{BEJAR}/{BEJAR}.txt",
        f"govinfo/CHRG/{ISSUED}_{KONCZAL}/{KONCZAL}.pdf",
        f"govinfo/CHRG/{ISSUED}_{KONCZAL}/{KONCZAL}.txt",
    ]
    assert {document.kind_hint for document in documents} == {TESTIMONY}


def test_fetch_sets_source_url(source, fake_govinfo):
    documents = source.fetch(SINCE)

    assert documents[1].source_url == fake_govinfo.base_url + pdf_path(KONCZAL)


def test_pdf_saved_byte_for_byte(source, hearings):
    documents = source.fetch(SINCE)

    assert Path(documents[1].path).read_bytes() == hearings["konczal_pdf"]


def test_html_rendition_saved_as_testimony_text(source, hearings):
    documents = source.fetch(SINCE)
    saved = Path(documents[0].path).read_bytes()

    assert saved.strip() == hearings["bejar_text"].strip()
    assert detect_kind(saved, documents[0].path) == TESTIMONY_TEXT


def test_second_fetch_reads_disk_only(source, fake_govinfo):
    first = source.fetch(SINCE)
    fake_govinfo.requests.clear()

    second = source.fetch(SINCE)

    assert fake_govinfo.requests == [LIST_PATH]
    assert [document.sha256 for document in second] == [document.sha256 for document in first]
    assert second[1].source_url == first[1].source_url


def test_listing_uses_modified_since(source, fake_govinfo):
    source.fetch(dt.datetime(2024, 1, 1, 5, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))))

    assert fake_govinfo.requests[0] == LIST_PATH


def test_format_since_naive_datetime_is_utc():
    assert format_since(dt.datetime(2024, 3, 2, 10, 4, 5)) == "2024-03-02T10:04:05Z"


def test_listing_follows_next_page(source, fake_govinfo):
    next_query = "offsetMark=AoJwgOmI7Y8DKENIUkctMTE4c2hyZzYwNDMy&pageSize=100"
    first = listing_page([listed_package(fake_govinfo, BEJAR)], f"{fake_govinfo.base_url}{LIST_PATH}?{next_query}")
    fake_govinfo.routes[LIST_PATH] = first
    fake_govinfo.routes[f"{LIST_PATH}?{next_query}"] = listing_page([listed_package(fake_govinfo, KONCZAL)])

    documents = source.fetch(SINCE)

    assert fake_govinfo.count(LIST_PATH) == 2
    assert fake_govinfo.queries[fake_govinfo.requests.index(LIST_PATH, 1)] == next_query
    assert len(documents) == 3


def test_limit_reached_skips_next_page(source, fake_govinfo):
    next_query = "offsetMark=AoJwgOmI7Y8DKENIUkctMTE4c2hyZzYwNDMy&pageSize=100"
    first = listing_page([listed_package(fake_govinfo, BEJAR)], f"{fake_govinfo.base_url}{LIST_PATH}?{next_query}")
    fake_govinfo.routes[LIST_PATH] = first
    fake_govinfo.routes[f"{LIST_PATH}?{next_query}"] = listing_page([listed_package(fake_govinfo, KONCZAL)])

    documents = source.fetch(SINCE, limit=1)

    assert fake_govinfo.count(LIST_PATH) == 1
    assert len(documents) == 1


def test_listing_starts_at_first_offset_mark(source, fake_govinfo):
    source.fetch(SINCE)

    assert fake_govinfo.queries[0] == "offsetMark=%2A&pageSize=100"


def test_summary_read_from_package_link(source, fake_govinfo):
    package = listed_package(fake_govinfo, BEJAR)
    package["packageLink"] = f"{fake_govinfo.base_url}/packages/{BEJAR}/summary-moved"
    fake_govinfo.routes[f"/packages/{BEJAR}/summary-moved"] = fake_govinfo.routes.pop(summary_path(BEJAR))
    fake_govinfo.routes[LIST_PATH] = listing_page([package])

    documents = source.fetch(SINCE)

    assert [document.relative_path for document in documents] == [f"govinfo/CHRG/{ISSUED}_{BEJAR}/{BEJAR}.txt"]


def test_modified_package_fetched_again(source, fake_govinfo):
    source.fetch(SINCE)
    fake_govinfo.routes[LIST_PATH] = listing_page([listed_package(fake_govinfo, BEJAR, "2025-06-02T09:00:00Z"),
                                                   listed_package(fake_govinfo, KONCZAL)])
    fake_govinfo.requests.clear()

    documents = source.fetch(SINCE)

    assert fake_govinfo.count(summary_path(BEJAR)) == 1
    assert fake_govinfo.count(summary_path(KONCZAL)) == 0
    assert len(documents) == 3


def test_package_without_renditions_not_retried(source, fake_govinfo, caplog):
    serve_package(fake_govinfo, BEJAR, None, None)

    with caplog.at_level("WARNING", logger="pipelines.sources.govinfo"):
        first = source.fetch(SINCE)
    second = source.fetch(SINCE)

    assert source.failures == []
    assert "no PDF or text rendition" in caplog.text
    assert fake_govinfo.count(summary_path(BEJAR)) == 1
    assert len(first) == len(second) == 2


def test_limit_caps_packages(source, fake_govinfo):
    documents = source.fetch(SINCE, limit=1)

    assert fake_govinfo.count(summary_path(KONCZAL)) == 0
    assert len(documents) == 1


def test_rate_limit_retried_after_retry_after(source, fake_govinfo, sleeps):
    fake_govinfo.faults[pdf_path(KONCZAL)].append(Fault(429, {"Retry-After": "2"}))

    documents = source.fetch(SINCE)

    assert sleeps == [2.0]
    assert len(documents) == 3


def test_server_error_retried(source, fake_govinfo):
    fake_govinfo.faults[summary_path(BEJAR)].append(Fault(500))

    documents = source.fetch(SINCE)

    assert fake_govinfo.count(summary_path(BEJAR)) == 2
    assert source.failures == []
    assert len(documents) == 3


def test_missing_package_recorded(source, fake_govinfo):
    del fake_govinfo.routes[summary_path(BEJAR)]

    documents = source.fetch(SINCE)

    assert [failure.item_id for failure in source.failures] == [BEJAR]
    assert isinstance(source.failures[0], SourceError)
    assert "404" in str(source.failures[0])
    assert len(documents) == 2


def test_not_found_not_retried(source, fake_govinfo):
    del fake_govinfo.routes[summary_path(BEJAR)]

    source.fetch(SINCE)

    assert fake_govinfo.count(summary_path(BEJAR)) == 1


def test_truncated_pdf_recorded(source, fake_govinfo, hearings):
    fake_govinfo.routes[pdf_path(KONCZAL)] = hearings["konczal_pdf"][:50_000]

    documents = source.fetch(SINCE)

    assert [failure.item_id for failure in source.failures] == [KONCZAL]
    assert "truncated" in str(source.failures[0])
    assert [document.relative_path for document in documents] == [f"govinfo/CHRG/{ISSUED}_{BEJAR}/{BEJAR}.txt"]


def test_failed_package_fetched_again(source, fake_govinfo, hearings):
    fake_govinfo.routes[pdf_path(KONCZAL)] = b"<html>maintenance</html>"
    source.fetch(SINCE)
    fake_govinfo.routes[pdf_path(KONCZAL)] = hearings["konczal_pdf"]

    documents = source.fetch(SINCE)

    assert source.failures == []
    assert fake_govinfo.count(summary_path(KONCZAL)) == 2
    assert len(documents) == 3


def test_retries_exhausted_recorded(source, fake_govinfo):
    fake_govinfo.faults[pdf_path(KONCZAL)].extend([Fault(503)] * FAST_RETRY.max_attempts)

    source.fetch(SINCE)

    assert fake_govinfo.count(pdf_path(KONCZAL)) == FAST_RETRY.max_attempts
    assert [failure.item_id for failure in source.failures] == [KONCZAL]


def test_listing_failure_raises(source, fake_govinfo):
    fake_govinfo.routes[LIST_PATH] = b"not json"

    with pytest.raises(SourceError, match="listing govinfo CHRG packages failed"):
        source.fetch(SINCE)


def test_failure_logged_at_error(source, fake_govinfo, caplog):
    del fake_govinfo.routes[summary_path(BEJAR)]

    with caplog.at_level("ERROR", logger="pipelines.sources.govinfo"):
        source.fetch(SINCE)

    assert BEJAR in caplog.text


def test_failures_are_fetch_errors(source, fake_govinfo):
    del fake_govinfo.routes[summary_path(BEJAR)]

    source.fetch(SINCE)

    assert isinstance(source.failures[0], DocumentFetchError)


def test_html_title_kept_as_first_line(source):
    documents = source.fetch(SINCE)

    first_line = Path(documents[0].path).read_text(encoding="utf-8").split("\n")[0]

    assert first_line == " - SOCIAL MEDIA AND THE TEEN MENTAL HEALTH CRISIS"


def test_text_rendition_parses_as_hearing(source):
    documents = source.fetch(SINCE)

    parsed = parse_file(Path(documents[0].path), source_url=documents[0].source_url)

    assert parsed[0].kind == DocumentKind.TESTIMONY
    assert parsed[0].title == "Social Media and the Teen Mental Health Crisis"


def test_package_folder_carries_partition_month(source, fake_govinfo):
    source.fetch(SINCE)
    # The folder sensor finds the saved files the way it finds any dropped into the corpus.
    found = discover_folder(source.root)

    assert {partition_key(document) for document in found} == {"testimony-2025-03"}


def test_package_folder_without_date_issued(tmp_path: Path) -> None:
    source = GovinfoSource(tmp_path, "test-key")

    assert source.package_folder(BEJAR, None) == tmp_path / "govinfo" / "CHRG" / BEJAR
    assert source.package_folder(BEJAR, "March 2025") == tmp_path / "govinfo" / "CHRG" / BEJAR
