"""Earnings-call transcripts: speakers, sections and dates in each layout."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import paragraph_texts

pytestmark = pytest.mark.corpus


def speakers_by_name(document):
    return {speaker.name: speaker for speaker in document.speakers}


def test_motley_fool_speakers(parse_corpus):
    speakers = speakers_by_name(parse_corpus("transcripts/NVDA/2024-08-28.txt")[0])

    assert speakers["Jensen Huang"].role == "President and Chief Executive Officer"
    assert speakers["Colette M. Kress"].role == "Chief Financial Officer, Executive Vice President"
    assert speakers["Vivek Arya"].role == "Analyst"
    assert "Operator" in speakers


def test_motley_fool_header_facts(parse_corpus):
    document = parse_corpus("transcripts/NVDA/2024-08-28.txt")[0]

    assert document.event_date == dt.date(2024, 8, 28)
    assert document.issuer.ticker == "NVDA"
    assert document.title == "Nvidia Q2 2025 Earnings Call"


def test_motley_fool_turns_and_sections(parse_corpus):
    document = parse_corpus("transcripts/NVDA/2024-08-28.txt")[0]
    answer = next(p for p in document.paragraphs if document.text[p.start:p.end].startswith("Yeah. Thanks, Vivek."))

    assert answer.speaker == "Jensen Huang"
    assert answer.section == "Q&A"
    assert {"Prepared Remarks", "Q&A"} <= {s.name for s in document.sections}


def test_capital_iq_speakers(parse_corpus):
    speakers = speakers_by_name(parse_corpus("transcripts/MPW/2022Q3.txt")[0])

    assert speakers["Edward K. Aldag"].firm == "Medical Properties Trust, Inc."
    assert speakers["Edward K. Aldag"].role == "Founder, Chairman, President & CEO"
    assert speakers["Michael Muller"].role is None
    assert speakers["Omotayo Tejamude Okusanya"].firm == "Crédit Suisse AG, Research Division"


def test_capital_iq_participant_without_title_speaks(parse_corpus):
    document = parse_corpus("transcripts/MPW/2022Q3.txt")[0]
    question = next(p for p in document.paragraphs if document.text[p.start:p.end].startswith("I have 2 questions"))

    assert question.speaker == "Michael Muller"
    assert question.section == "Q&A"


def test_capital_iq_company_from_participants(parse_corpus):
    document = parse_corpus("transcripts/PLD/2022Q3.txt")[0]

    assert document.issuer.name == "Prologis, Inc."
    assert document.period_end == dt.date(2022, 9, 30)
    assert document.event_date is None


def test_capital_iq_call_date_from_text(parse_corpus):
    assert parse_corpus("transcripts/CCI/2022-10-20.txt")[0].event_date == dt.date(2022, 10, 20)


def test_capital_iq_disclaimer_boilerplate(parse_corpus):
    document = parse_corpus("transcripts/AMT/2022Q3.txt")[0]
    disclaimer = [p for p in document.paragraphs if p.section == "Disclaimer"]

    assert disclaimer
    assert all(p.boilerplate for p in disclaimer)


def test_maec_split_abbreviation_rejoined(parse_corpus):
    texts = paragraph_texts(parse_corpus("transcripts/CRUS/2018-05-02.txt")[0])

    assert any("4:00 p. m. Eastern." in text for text in texts)


def test_sentence_lines_issuer_from_folder(parse_corpus):
    document = parse_corpus("transcripts/ALB/2021Q4.txt")[0]

    assert document.issuer.ticker == "ALB"
    assert document.period_end == dt.date(2021, 12, 31)
    assert document.speakers == []
