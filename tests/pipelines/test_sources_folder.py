"""discover_folder: sec-edgar-downloader layouts, kinds from content, incremental runs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipelines.sources.folder import discover_folder

AAPL_10K = "0001047469-97-006960"
CALL_TEXT = (
    "Operator: Good afternoon and welcome to the fourth quarter earnings conference call.\n"
    "Jane Roe -- Chief Financial Officer: Revenue grew 12% and our guidance for fiscal 2025 is unchanged.\n"
)


def write_downloaded_filing(root: Path, corpus: Path) -> Path:
    """Lay out one filing as sec-edgar-downloader saves it: full submission plus primary document."""
    folder = root / "sec-edgar-filings" / "0000320193" / "10-K" / AAPL_10K
    folder.mkdir(parents=True)
    source = corpus / "filings" / "AAPL" / "10-K" / AAPL_10K / f"{AAPL_10K}.txt"
    (folder / "full-submission.txt").write_bytes(source.read_bytes())
    (folder / "primary-document.html").write_text("<html><body>FORM 10-K</body></html>", encoding="utf-8")
    return folder


def test_downloaded_filing_yields_full_submission_only(tmp_path, corpus):
    write_downloaded_filing(tmp_path, corpus)

    documents = list(discover_folder(tmp_path))

    assert [document.relative_path for document in documents] == [
        f"sec-edgar-filings/0000320193/10-K/{AAPL_10K}/full-submission.txt"]
    assert documents[0].kind_hint == "full_submission"


def test_primary_document_alone_is_kept(tmp_path):
    folder = tmp_path / "sec-edgar-filings" / "AAPL" / "10-K" / AAPL_10K
    folder.mkdir(parents=True)
    (folder / "primary-document.html").write_text("<html><body>FORM 10-K</body></html>", encoding="utf-8")

    documents = list(discover_folder(tmp_path))

    assert [document.kind_hint for document in documents] == ["filing_html"]


def test_kind_detected_without_suffix(tmp_path):
    (tmp_path / "nvda-call").write_text(CALL_TEXT, encoding="utf-8")

    (document,) = discover_folder(tmp_path)

    assert document.kind_hint == "earnings_call"


def test_kind_detected_despite_misleading_suffix(tmp_path):
    (tmp_path / "statement.pdf").write_text(CALL_TEXT, encoding="utf-8")

    (document,) = discover_folder(tmp_path)

    assert document.kind_hint == "earnings_call"


def test_non_document_skipped_with_warning(tmp_path, caplog):
    (tmp_path / "notes.txt").write_text("shopping list: eggs, milk", encoding="utf-8")

    with caplog.at_level(logging.WARNING):
        documents = list(discover_folder(tmp_path))

    assert documents == []
    assert "notes.txt" in caplog.text


def test_known_sha256_skipped(tmp_path):
    (tmp_path / "first.txt").write_text(CALL_TEXT, encoding="utf-8")
    known = {document.sha256 for document in discover_folder(tmp_path)}
    (tmp_path / "second.txt").write_text(CALL_TEXT + "Operator: This concludes the call.\n", encoding="utf-8")

    documents = list(discover_folder(tmp_path, known))

    assert [document.relative_path for document in documents] == ["second.txt"]


def test_corpus_metadata_files_skipped(corpus):
    paths = {document.relative_path for document in discover_folder(corpus)}

    assert "MANIFEST.csv" not in paths
    assert "reference/company_tickers.json" not in paths
    assert "README.md" not in paths


@pytest.mark.corpus
def test_corpus_kinds_detected(corpus):
    kinds = [document.kind_hint for document in discover_folder(corpus)]

    assert kinds.count("full_submission") == 6
    assert kinds.count("filing_html") == 14
    assert kinds.count("earnings_call") == 12
    assert kinds.count("testimony_pdf") + kinds.count("testimony_text") == 6
