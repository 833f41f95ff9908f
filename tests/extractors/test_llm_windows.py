"""Windows of the LLM extractor: token budget, boilerplate and long paragraphs."""

from __future__ import annotations

from document_builders import make_document

from extractors.llm.tokens import EstimatedTokenCounter
from extractors.llm.windows import document_segments, pack_windows
from extractors.rules.context import build_context
from extractors.rules.reference import CompanyIndex

SENTENCE = "Our data center revenue grew strongly as customers built out accelerated computing."


def _segments(document, max_tokens=3000):
    context = build_context(document, CompanyIndex())
    return document_segments(document, context, EstimatedTokenCounter(), max_tokens)


def test_windows_stay_under_budget():
    document = make_document("\n\n".join([SENTENCE] * 10))
    windows = pack_windows("doc", _segments(document), 50)

    assert len(windows) == 5
    assert all(sum(s.tokens for s in w.segments) <= 50 for w in windows)


def test_long_paragraph_cut_at_sentences():
    document = make_document(" ".join([SENTENCE] * 6))
    segments = _segments(document, max_tokens=50)

    assert len(segments) == 3
    assert all(document.text[s.start:s.end].rstrip().endswith(".") for s in segments)


def test_headings_and_boilerplate_skipped():
    document = make_document(f"Risk Factors\n\nForward-looking statements involve risk and uncertainty.\n\n{SENTENCE}",
                             boilerplate=frozenset({1}))

    assert [s.paragraph_id for s in _segments(document)] == ["doc#p2"]


def test_estimate_rounds_up():
    assert EstimatedTokenCounter().count("abcde") == 2
