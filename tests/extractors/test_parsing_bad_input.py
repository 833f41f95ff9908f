"""Bad and hand-made inputs: each gives a document or a ParseError with its reason."""

from __future__ import annotations

import pytest
from builders import GRAPHIC, PRESS_RELEASE, PRIMARY, make_pdf, make_submission, write_file

from extractors.parsing import api, detect_kind, parse_file
from schemas.errors import ParseError


def parse_error(path):
    with pytest.raises(ParseError) as caught:
        parse_file(path)
    return caught.value


def test_empty_file_rejected(tmp_path):
    error = parse_error(write_file(tmp_path, "empty.txt", b""))

    assert error.reason == "empty"
    assert "empty.txt" in str(error)


def test_whitespace_file_rejected(tmp_path):
    assert parse_error(write_file(tmp_path, "blank.htm", b" \n\t\n")).reason == "empty"


def test_missing_file_rejected(tmp_path):
    assert parse_error(tmp_path / "nowhere.txt").reason == "unreadable"


def test_truncated_sgml_rejected(tmp_path):
    full = make_submission(PRIMARY, PRESS_RELEASE)
    cut = full[: full.index("<TYPE>EX-99.1") + 20]

    assert parse_error(write_file(tmp_path, "cut.txt", cut)).reason == "truncated-sgml"


def test_sgml_without_header_end_rejected(tmp_path):
    path = write_file(tmp_path, "head.txt", "<SEC-DOCUMENT>x.txt\n<SEC-HEADER>x\nACCESSION NUMBER: 1\n")

    assert parse_error(path).reason == "truncated-sgml"


def test_small_submission_parses(tmp_path):
    documents = parse_file(write_file(tmp_path, "sub.txt", make_submission(PRIMARY, GRAPHIC, PRESS_RELEASE)))

    assert [d.id for d in documents] == ["0000000001-24-000001", "0000000001-24-000001#3"]
    assert documents[0].form == "8-K"
    assert documents[0].issuer.cik == "0000000001"
    assert [s.name for s in documents[0].sections] == ["Item 8.01"]
    assert "supply agreement with Acme Metals on January 2, 2024." in documents[0].text


def test_uuencoded_part_logged(tmp_path, caplog):
    with caplog.at_level("INFO", logger="extractors.parsing.sgml"):
        documents = parse_file(write_file(tmp_path, "sub.txt", make_submission(PRIMARY, GRAPHIC)))

    assert "skipped uuencoded GRAPHIC logo.jpg" in caplog.text
    assert all("M_]C_X" not in d.text for d in documents)


def test_corrupt_pdf_rejected(tmp_path):
    error = parse_error(write_file(tmp_path, "testimony/bad.pdf", b"%PDF-1.4\n1 0 obj garbage\n"))

    assert error.reason == "corrupt-pdf"


def test_encrypted_pdf_rejected(tmp_path):
    error = parse_error(write_file(tmp_path, "testimony/locked.pdf", make_pdf(encrypted=True)))

    assert error.reason == "encrypted-pdf"


def test_small_pdf_parses(tmp_path):
    folder = "testimony/2024-01-09_House-Example_Roe"
    document = parse_file(write_file(tmp_path, f"{folder}/statement.pdf", make_pdf()))[0]

    assert "Testimony of Jane Roe before the Committee." in document.text
    assert document.event_date.isoformat() == "2024-01-09"


def test_cp1252_text_decoded(tmp_path):
    data = "Senator, we didn\u2019t do enough \u2014 and I\u2019m sorry.\n".encode("cp1252")
    path = write_file(tmp_path, "testimony/2018-04-10_Senate-Commerce_Zuckerberg/answers.txt", data)

    document = parse_file(path)[0]

    assert document.text == "Senator, we didn\u2019t do enough \u2014 and I\u2019m sorry."
    assert document.speakers[0].name == "Zuckerberg"


def test_binary_file_rejected(tmp_path):
    error = parse_error(write_file(tmp_path, "blob.bin", bytes(range(256)) * 4))

    assert error.reason == "not-a-document"


def test_unrelated_text_rejected(tmp_path):
    error = parse_error(write_file(tmp_path, "notes.txt", "Buy milk and eggs.\nWalk the dog.\n"))

    assert error.reason == "not-a-document"


def test_too_large_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(api, "MAX_FILE_BYTES", 100)

    error = parse_error(write_file(tmp_path, "big.htm", "<html><body>" + "x" * 200 + "</body></html>"))

    assert error.reason == "too-large"


def test_html_without_text_rejected(tmp_path):
    error = parse_error(write_file(tmp_path, "blank.htm", "<html><body><script>x()</script></body></html>"))

    assert error.reason == "empty"


def test_detect_kind_from_content():
    assert detect_kind(b"%PDF-1.7\n", "a.bin") == "testimony_pdf"
    assert detect_kind(b"<SEC-DOCUMENT>x\n", "a.bin") == "full_submission"
    assert detect_kind(b"<?xml version='1.0'?>\n<html>", "a.bin") == "filing_html"
    assert detect_kind(b"Operator\nWelcome to the earnings call.", "a.txt") == "earnings_call"
    assert detect_kind(b"The Subcommittee will come to order. Ranking Member", "a.txt") == "testimony_text"


def test_detect_kind_path_breaks_tie():
    assert detect_kind(b"Thank you.\nWe grew this quarter.\n", "transcripts/X/2024Q1.txt") == "earnings_call"
    assert detect_kind(b"Thank you for the hearing.\n", "testimony/2024-01-01_House_Roe/a.txt") == "testimony_text"


def test_accession_from_folder(tmp_path):
    html = "<html><body><p>FORM 8-K</p><p>Item 8.01 Other Events</p><p>Body text.</p></body></html>"
    path = write_file(tmp_path, "filings/XYZ/8-K/0000000002-24-000009/doc.htm", html)

    document = parse_file(path)[0]

    assert document.id == "0000000002-24-000009"
    assert document.issuer.ticker == "XYZ"
    assert document.form == "8-K"

