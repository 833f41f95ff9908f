"""The extractor as a whole: profile, spans, boilerplate and reference lookup."""

from __future__ import annotations

from pathlib import Path

import pytest
from document_builders import make_document

from extractors.rules import find_reference_dir, rules_version

SUPPLY_TEXT = "We purchase memory from SK Hynix Inc., Micron Technology, Inc., and Samsung."


def test_profile_names_rules_model_and_version(rules_extractor):
    profile = rules_extractor.profile

    assert profile.extractor == "rules"
    assert profile.model is not None and profile.model.startswith("en_core_web_sm")
    assert profile.version == rules_version()


def test_quote_matches_span_in_document(rules_extractor):
    text = "Item 1. Business\n\nOverview of the year.\n\n" + SUPPLY_TEXT
    document = make_document(text)

    assertions = rules_extractor.extract(document)

    assert assertions
    for assertion in assertions:
        assert document.text[assertion.char_start:assertion.char_end] == assertion.quote
        assert assertion.paragraph_id == "doc#p2"
        assert assertion.valid_at == document.valid_at


def test_boilerplate_paragraph_is_skipped(rules_extractor):
    document = make_document(SUPPLY_TEXT, boilerplate=frozenset({0}))

    assert rules_extractor.extract(document) == []


def test_assertions_carry_ids_and_profile(rules_extractor):
    (first, *_) = rules_extractor.extract(make_document(SUPPLY_TEXT))

    assert first.id.startswith("a:")
    assert first.prompt_version == rules_extractor.profile.version


def test_reference_dir_from_environment(monkeypatch, tmp_path: Path):
    (tmp_path / "company_tickers.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(tmp_path))

    assert find_reference_dir() == tmp_path


def test_reference_dir_missing_names_variable(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(tmp_path))

    with pytest.raises(ValueError, match="FINGRAPH_REFERENCE"):
        find_reference_dir()
