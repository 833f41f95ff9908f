"""Every document of the corpus parses, and every parsed document keeps the offset contract."""

from __future__ import annotations

import csv
import re

import pytest
from builders import paragraph_texts

from tests.conftest import CORPUS

pytestmark = pytest.mark.corpus


def manifest_paths() -> list[str]:
    manifest = CORPUS / "MANIFEST.csv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8") as handle:
        return [row["path"] for row in csv.DictReader(handle) if not row["path"].startswith("reference/")]


@pytest.mark.parametrize("relative", manifest_paths())
def test_corpus_file_parses(parse_corpus, relative):
    documents = parse_corpus(relative)

    assert documents
    for document in documents:
        assert document.text.strip()
        assert document.paragraphs
        assert len(document.sha256) == 64
        assert document.kind.value in ("filing", "earnings_call", "testimony")


@pytest.mark.parametrize("relative", manifest_paths())
def test_corpus_offsets_hold(parse_corpus, relative):
    for document in parse_corpus(relative):
        for index, paragraph in enumerate(document.paragraphs):
            assert paragraph.id == f"{document.id}/p{index:05d}"
            assert 0 <= paragraph.start < paragraph.end <= len(document.text)
            assert document.text[paragraph.start:paragraph.end].strip()
        for earlier, later in zip(document.paragraphs, document.paragraphs[1:]):
            assert earlier.end <= later.start
        for section in document.sections:
            assert 0 <= section.start < section.end <= len(document.text)


@pytest.mark.parametrize("relative", manifest_paths())
def test_corpus_text_has_no_markup(parse_corpus, relative):
    for document in parse_corpus(relative):
        assert "<PAGE>" not in document.text
        assert "<ix:" not in document.text.lower()
        assert "\ue001" not in document.text
        assert not re.search(r"^begin 6[0-7][0-7] ", document.text, re.MULTILINE)


@pytest.mark.parametrize("relative", manifest_paths())
def test_corpus_no_bare_page_numbers(parse_corpus, relative):
    for document in parse_corpus(relative):
        bare = [text for text in paragraph_texts(document) if re.fullmatch(r"-?\s*\d{1,3}\s*-?", text)]
        assert bare == []
