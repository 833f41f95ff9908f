"""Testimony: GPO hearing text, PoliticoPro, combined statements, PDFs, Windows-1252 text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from builders import paragraph_texts

pytestmark = pytest.mark.corpus

BEJAR = "testimony/2023-11-07_Senate-Judiciary-PrivacyTech_Bejar/CHRG-118shrg60432.txt"
KONCZAL_2022 = "testimony/2022-09-22_House-Oversight-EconConsumerPolicy_Konczal/testimony_mkonczal.pdf"
KONCZAL_2023 = "testimony/2023-03-09_House-Oversight-HealthCareFinServ_Konczal/inflation_testimony_mkonczal.pdf"


def test_bejar_witness(parse_corpus):
    document = parse_corpus(BEJAR)[0]
    witnesses = [speaker for speaker in document.speakers if speaker.is_witness]

    assert [w.name for w in witnesses] == ["Arturo Bejar"]
    assert witnesses[0].firm == "Facebook"
    assert document.issuer.name == "Facebook"


def test_bejar_hearing_facts(parse_corpus):
    document = parse_corpus(BEJAR)[0]

    assert document.event_date == dt.date(2023, 11, 7)
    assert document.title == "Social Media and the Teen Mental Health Crisis"
    assert document.committee.startswith("Subcommittee on Privacy, Technology, and the Law")


def test_bejar_turns_attributed(parse_corpus):
    document = parse_corpus(BEJAR)[0]
    by_label = {}
    for paragraph in document.paragraphs:
        text = document.text[paragraph.start:paragraph.end]
        for label in ("Mr. Bejar.", "Chair Blumenthal.", "Senator Hawley."):
            if text.startswith(label):
                by_label.setdefault(label, set()).add(paragraph.speaker)

    assert by_label["Mr. Bejar."] == {"Arturo Bejar"}
    assert by_label["Chair Blumenthal."] == {"Richard Blumenthal"}
    assert by_label["Senator Hawley."] == {"Josh Hawley"}


def test_gpo_text_repaired(parse_corpus):
    text = parse_corpus(BEJAR)[0].text

    assert "``" not in text
    assert "Blumen-thal" not in text
    assert "Hon. Richard Blumenthal, Chair" in text


def test_konczal_footer_and_page_numbers_gone(parse_corpus):
    for relative in (KONCZAL_2022, KONCZAL_2023):
        for text in paragraph_texts(parse_corpus(relative)[0]):
            assert "ROOSEVELT INSTITUTE" not in text
            assert not re.search(r"(?:^|\n)\d{1,2}$", text), text


def test_konczal_words_not_glued(parse_corpus):
    text = parse_corpus(KONCZAL_2022)[0].text

    assert "Chairman Krishnamoorthi, Ranking Member Cloud" in text
    assert "ChairmanKrishnamoorthi" not in text


def test_konczal_footnote_markers_dropped(parse_corpus):
    texts = paragraph_texts(parse_corpus(KONCZAL_2022)[0])

    assert "Introduction" in texts
    assert "Introduction1" not in texts


def test_konczal_cover_facts(parse_corpus):
    document = parse_corpus(KONCZAL_2022)[0]

    assert document.speakers[0].name == "Mike Konczal"
    assert document.speakers[0].is_witness
    assert document.issuer.name == "Roosevelt Institute"
    assert document.event_date == dt.date(2022, 9, 22)
    assert "Subcommittee on Economic and Consumer Policy" in document.committee


def test_cp1252_answers_decoded(parse_corpus):
    document = parse_corpus("testimony/2018-04-10_Senate-Judiciary-Commerce_Zuckerberg/FB_CEO_hearing_Day1.txt")[0]

    assert "\u201cMe Too\u201d" in document.text
    assert "\ufffd" not in document.text
    assert document.event_date == dt.date(2018, 4, 10)
    assert all(p.speaker == document.speakers[0].name for p in document.paragraphs)


def test_combined_statements_witnesses(parse_corpus):
    document = parse_corpus("testimony/2025-12-02_House-EnergyCommerce-CMT_Berkman-Thayer-Lekas-Ruane/house-2025-12-02-testimony-combined.txt")[0]
    firms = {speaker.name: speaker.firm for speaker in document.speakers}

    assert firms["Joel Thayer"] == "The Digital Progress Institute"
    assert firms["Kate Ruane"] == "Center for Democracy & Technology"
    assert len(firms) == 4
    assert "\u200b" not in document.text
    assert "consequently.7" not in document.text


def test_politico_speakers_and_footer(parse_corpus):
    document = parse_corpus("testimony/2025-06-24_Senate-Judiciary-Antitrust_RegulatoryBurdens/politicopro_complete_transcript.txt")[0]

    assert [s.name for s in document.speakers] == ["Mike Lee", "Cory Booker"]
    assert "\nTranscript\n" not in document.text
    assert document.event_date == dt.date(2025, 6, 24)
