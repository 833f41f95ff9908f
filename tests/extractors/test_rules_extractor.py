"""The extractor as a whole: profile, spans, boilerplate and reference lookup."""

from __future__ import annotations

from pathlib import Path

import pytest
from document_builders import make_document

from extractors.rules import find_reference_dir, rules_version
from extractors.rules.reference import find_ticker_file
from extractors.sec_reference import configured_ticker_file

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


def test_ticker_file_from_folder_setting(monkeypatch, tmp_path: Path):
    ticker_file = tmp_path / "company_tickers.json"
    ticker_file.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(tmp_path))

    assert find_ticker_file() == ticker_file


def test_ticker_file_from_file_setting(monkeypatch, tmp_path: Path):
    ticker_file = tmp_path / "tickers-2025.json"
    ticker_file.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(ticker_file))

    assert find_ticker_file() == ticker_file
    assert find_reference_dir() == tmp_path


def test_ticker_file_unset_setting_is_none(monkeypatch):
    monkeypatch.delenv("FINGRAPH_REFERENCE", raising=False)

    assert configured_ticker_file() is None


def test_ticker_file_missing_names_value(monkeypatch, tmp_path: Path):
    missing = tmp_path / "nosuch.json"
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(missing))

    with pytest.raises(ValueError) as error:
        find_ticker_file()

    message = str(error.value)
    assert f"FINGRAPH_REFERENCE={missing}" in message
    assert "company_tickers.json or to the folder that contains it" in message


def test_ticker_file_missing_ignores_default(monkeypatch, tmp_path: Path):
    """A wrong setting is an error even when the default copy exists beside the repository."""
    repo_root = tmp_path / "repo"
    default = tmp_path / "shared" / "corpus" / "reference" / "company_tickers.json"
    default.parent.mkdir(parents=True)
    default.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("FINGRAPH_REFERENCE", str(tmp_path / "nosuch.json"))

    with pytest.raises(ValueError, match="FINGRAPH_REFERENCE"):
        find_ticker_file(repo_root)

    monkeypatch.delenv("FINGRAPH_REFERENCE")
    assert find_ticker_file(repo_root) == default
