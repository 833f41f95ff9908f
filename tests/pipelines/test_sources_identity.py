"""merge_same_filings: a bare inline XBRL document and its EDGAR full submission become one document."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.parsing import parse_file
from pipelines.sources.identity import filing_key, merge_same_filings

NVDA_ACCESSION = "0001045810-25-000023"


def write_submission(folder: Path, primary: bytes, *, accession: str = NVDA_ACCESSION, form: str = "10-K",
                     period: str = "20250126") -> Path:
    """Wrap a primary document in an EDGAR full submission, the way EDGAR serves <accession>.txt."""
    header = (
        f"<SEC-DOCUMENT>{accession}.txt : 20250226\n"
        f"<SEC-HEADER>{accession}.hdr.sgml : 20250226\n"
        f"ACCESSION NUMBER:\t\t{accession}\n"
        f"CONFORMED SUBMISSION TYPE:\t{form}\n"
        "PUBLIC DOCUMENT COUNT:\t\t1\n"
        f"CONFORMED PERIOD OF REPORT:\t{period}\n"
        "FILED AS OF DATE:\t\t20250226\n"
        "FILER:\n\tCOMPANY DATA:\n"
        "\t\tCOMPANY CONFORMED NAME:\t\t\tNVIDIA CORP\n"
        "\t\tCENTRAL INDEX KEY:\t\t\t0001045810\n"
        "</SEC-HEADER>\n"
    ).encode()
    document = (
        f"<DOCUMENT>\n<TYPE>{form}\n<SEQUENCE>1\n<FILENAME>nvda-20250126.htm\n<TEXT>\n<XBRL>\n"
    ).encode() + primary + b"\n</XBRL>\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    path = folder / f"{accession}.txt"
    path.write_bytes(header + document)
    return path


@pytest.fixture(scope="module")
def nvda_primary(corpus: Path) -> Path:
    return corpus / "filings" / "NVDA" / "10-K" / "2025-02-26" / "nvda-10-k-2025-02-26.html"


@pytest.fixture(scope="module")
def bare_and_submission(nvda_primary: Path, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("nvda")
    submission = write_submission(folder, nvda_primary.read_bytes())
    return parse_file(nvda_primary)[0], parse_file(submission)[0]


def test_bare_document_ids_by_sha256(bare_and_submission):
    bare, submission = bare_and_submission

    assert len(bare.id) == 64
    assert submission.id == NVDA_ACCESSION


def test_both_share_filing_key(bare_and_submission):
    bare, submission = bare_and_submission

    assert filing_key(bare) == filing_key(submission)
    assert filing_key(bare) is not None


def test_bare_and_submission_merge_to_accession(bare_and_submission):
    bare, submission = bare_and_submission

    merged = merge_same_filings([bare, submission])

    assert [document.id for document in merged] == [NVDA_ACCESSION]


def test_merge_takes_ticker_from_bare_document(bare_and_submission):
    bare, submission = bare_and_submission
    without_ticker = submission.model_copy(update={"issuer": submission.issuer.model_copy(update={"ticker": None})})

    (merged,) = merge_same_filings([without_ticker, bare])

    assert merged.issuer is not None
    assert merged.issuer.ticker == "NVDA"


def test_amendment_does_not_merge_with_original(bare_and_submission, nvda_primary, tmp_path):
    bare, _ = bare_and_submission
    amended = parse_file(write_submission(tmp_path, nvda_primary.read_bytes(), accession="0001045810-25-000099",
                                          form="10-K/A"))[0]

    merged = merge_same_filings([bare, amended])

    assert [document.id for document in merged] == [bare.id, amended.id]


def test_other_period_does_not_merge(bare_and_submission):
    bare, submission = bare_and_submission
    earlier = submission.model_copy(update={"period_end": submission.period_end.replace(year=2024)})

    merged = merge_same_filings([bare, earlier])

    assert len(merged) == 2


def test_two_candidates_leave_bare_document(bare_and_submission):
    bare, submission = bare_and_submission
    twin = submission.model_copy(update={"id": "0001045810-25-000024"})

    merged = merge_same_filings([bare, submission, twin])

    assert [document.id for document in merged] == [bare.id, submission.id, twin.id]
