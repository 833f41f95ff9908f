"""Filings: SGML headers, dei facts, items, exhibits, old plain text."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from builders import paragraph_texts

pytestmark = pytest.mark.corpus

APPLE_1997 = "filings/AAPL/10-K/0001047469-97-006960/0001047469-97-006960.txt"
NVDA_FY2025 = "filings/NVDA/10-K/2025-02-26/nvda-10-k-2025-02-26.html"
MODERN_10K = [
    NVDA_FY2025,
    "filings/NVDA/10-K/2024-02-21/filing.htm",
    "filings/NVDA/10-K/2023-02-24/Nvidia.10-K.html",
    "filings/TSLA/10-K/2025-01-30/tsla-10-k-2025-01-30.html",
    "filings/BA/10-K/2025-02-03/ba-10-k-2025-02-03.html",
    "filings/AMZN/10-K/2025-02-07/amzn-10-k-2025-02-07.html",
    "filings/WMT/10-K/2025-03-14/wmt-10-k-2025-03-14.html",
    "filings/KO/10-K/2025-02-20/ko-10-k-2025-02-20.html",
    "filings/META/10-K/2025-01-30/meta-10-k-2025-01-30.html",
    "filings/GOOGL/10-K/2025-02-05/googl-10-k-2025-02-05.html",
]


def section(document, name):
    matches = [s for s in document.sections if s.name == name]
    assert matches, f"no section {name} in {document.id}: {[s.name for s in document.sections]}"
    return matches[0]


def test_apple_1997_header_facts(parse_corpus):
    document = parse_corpus(APPLE_1997)[0]

    assert document.id == "0001047469-97-006960"
    assert document.form == "10-K"
    assert document.filed_at == dt.date(1997, 12, 5)
    assert document.period_end == dt.date(1997, 9, 26)
    assert document.issuer.cik == "0000320193"
    assert document.issuer.name == "APPLE COMPUTER INC"


def test_apple_1997_exhibit_21_is_own_document(parse_corpus):
    documents = parse_corpus(APPLE_1997)
    exhibits = {document.id: document for document in documents[1:]}

    assert list(exhibits) == ["0001047469-97-006960#12"]
    assert exhibits["0001047469-97-006960#12"].form == "EX-21"
    assert "Apple Computer B.V." in exhibits["0001047469-97-006960#12"].text


def test_apple_1997_pem_dash_escaping_undone(parse_corpus):
    document = parse_corpus(APPLE_1997)[0]

    assert "- -" not in document.text
    assert "MIC-Info" not in document.text


def test_apple_1997_page_break_joins_sentence(parse_corpus):
    text = parse_corpus(APPLE_1997)[0].text

    assert "\n2\n" not in text
    assert "MACINTOSH POWERBOOK" in text


def test_apple_1997_items_in_order(parse_corpus):
    names = [s.name for s in parse_corpus(APPLE_1997)[0].sections]

    assert names[:8] == ["Item 1", "Item 2", "Item 3", "Item 4", "Item 5", "Item 6", "Item 7", "Item 8"]


def test_nvda_fy2025_dei_facts(parse_corpus):
    document = parse_corpus(NVDA_FY2025)[0]

    assert document.issuer.cik == "0001045810"
    assert document.issuer.ticker == "NVDA"
    assert document.form == "10-K"
    assert document.period_end == dt.date(2025, 1, 26)
    assert document.filed_at == dt.date(2025, 2, 26)


def test_nvda_fy2025_hidden_header_dropped(parse_corpus):
    text = parse_corpus(NVDA_FY2025)[0].text

    assert "c-1" not in text.split()
    assert "xbrli" not in text
    assert "dei:" not in text


@pytest.mark.parametrize("relative", MODERN_10K)
def test_item_1a_starts_at_risk_factors(parse_corpus, relative):
    document = parse_corpus(relative)[0]
    risk = section(document, "Item 1A")
    heading = document.text[risk.start:risk.start + 40].lower()
    body = document.text[risk.start:risk.end]

    assert heading.startswith("item 1a")
    assert "risk factors" in heading
    assert len(body) > 20_000
    assert section(document, "Item 1").start < risk.start < section(document, "Item 7").start


@pytest.mark.parametrize("relative", MODERN_10K)
def test_item_1a_not_in_table_of_contents(parse_corpus, relative):
    document = parse_corpus(relative)[0]
    risk = section(document, "Item 1A")
    first_paragraph = next(p for p in document.paragraphs if p.start == risk.start)

    assert " | " not in document.text[first_paragraph.start:first_paragraph.end].split("\n")[0][-6:]
    assert "Item 1B" not in document.text[risk.start:risk.start + 300]


def test_table_of_contents_marked_boilerplate(parse_corpus):
    document = parse_corpus(NVDA_FY2025)[0]
    contents = [p for p in document.paragraphs if "Risk Factors | 13" in document.text[p.start:p.end]]

    assert contents
    assert all(p.boilerplate for p in contents)


def test_forward_looking_marked_boilerplate(parse_corpus):
    document = parse_corpus(NVDA_FY2025)[0]
    safe_harbor = [p for p in document.paragraphs if "forward-looking statements" in document.text[p.start:p.end]]

    assert safe_harbor
    assert all(p.boilerplate for p in safe_harbor)


def test_risk_factor_paragraph_not_boilerplate(parse_corpus):
    document = parse_corpus(NVDA_FY2025)[0]
    tsmc = [p for p in document.paragraphs if "Taiwan Semiconductor Manufacturing Company Limited" in document.text[p.start:p.end]]

    assert tsmc
    assert not all(p.boilerplate for p in tsmc)


def test_tables_keep_cells_apart(parse_corpus):
    texts = paragraph_texts(parse_corpus(NVDA_FY2025)[0])

    assert any("NVDA | The Nasdaq Global Select Market" in text for text in texts)


def test_running_header_rows_dropped(parse_corpus):
    texts = paragraph_texts(parse_corpus("filings/GOOGL/10-K/2025-02-05/googl-10-k-2025-02-05.html")[0])

    assert "Table of Contents | Alphabet Inc." not in texts
    assert not any(set(text) <= set("_ ") for text in texts)


def test_10q_part_ii_item_1a(parse_corpus):
    document = parse_corpus("filings/NVDA/10-Q/2025-08-27/nvda-10-q-2025-08-27.html")[0]
    risk = section(document, "Part II, Item 1A")

    assert document.text[risk.start:risk.start + 21] == "Item 1A. Risk Factors"
    assert section(document, "Part I, Item 2").start < risk.start


def test_10q_folder_date_is_not_filing_date(parse_corpus):
    document = parse_corpus("filings/AAPL/10-Q/2025-03-29/aapl-20250329.htm")[0]

    assert document.period_end == dt.date(2025, 3, 29)
    assert document.filed_at is None


def test_2000_10q_work_path_header(parse_corpus):
    document = parse_corpus("filings/AAPL/10-Q/0000912057-00-033901/0000912057-00-033901.txt")[0]

    assert document.id == "0000912057-00-033901"
    assert document.filed_at == dt.date(2000, 7, 31)
    assert document.period_end == dt.date(2000, 7, 1)


def test_8k_items_and_press_release(parse_corpus):
    documents = parse_corpus("filings/ABVC/8-K/0001213900-25-032135/0001213900-25-032135.txt")
    names = [s.name for s in documents[0].sections]

    assert names == ["Item 2.02", "Item 4.02", "Item 7.01", "Item 9.01"]
    assert [d.id for d in documents[1:]] == ["0001213900-25-032135#2"]
    assert documents[1].form == "EX-99.1"


def test_8k_event_date_from_header(parse_corpus):
    document = parse_corpus("filings/AAPL/8-K/0001193125-19-292676/aapl-8k-20191115.txt")[0]

    assert document.event_date == dt.date(2019, 11, 7)
    assert document.filed_at == dt.date(2019, 11, 15)
    assert document.period_end is None


def test_uuencoded_parts_skipped_and_logged(corpus, caplog):
    from extractors.parsing import parse_file

    with caplog.at_level(logging.INFO, logger="extractors.parsing.sgml"):
        documents = parse_file(corpus / "filings/AAPL/8-K/0001193125-19-292676/aapl-8k-20191115.txt")

    assert "Financial_Report.xlsx" in caplog.text
    assert "g828969g1112231605750.jpg" in caplog.text
    assert all("begin 644" not in document.text for document in documents)


def test_20f_ascii_in_html_is_preformatted(parse_corpus):
    document = parse_corpus("filings/AEG/20-F/0000928385-01-500187/0000928385-01-500187.html")[0]
    names = [s.name for s in document.sections]

    assert document.form == "20-F"
    assert document.issuer.name == "AEGON N.V."
    assert document.period_end == dt.date(2000, 12, 31)
    assert {"Item 3", "Item 4", "Item 5"} <= set(names)
    assert "<S>" not in document.text


def test_20f_risk_factors_sub_item(parse_corpus):
    document = parse_corpus("filings/AEG/20-F/0000928385-01-500187/0000928385-01-500187.html")[0]
    risk = section(document, "Item 3.D")

    assert document.text[risk.start:risk.start + 12] == "Risk factors"
    assert section(document, "Item 3").start < risk.start < section(document, "Item 4").start
    assert document.section_at(risk.start + 20) == "Item 3.D"


def test_exhibit_31_alone_is_certification(parse_corpus):
    document = parse_corpus("filings/AAPL/10-Q/2025-03-29/a10-qexhibit31103292025.htm")[0]
    certification = [p for p in document.paragraphs if "certify that" in document.text[p.start:p.end]]

    assert document.form == "EX-31.1"
    assert certification
    assert all(p.boilerplate for p in certification)
