"""Sentence-level reuse of the LLM extractor, against the local fake OpenAI server."""

from __future__ import annotations

import pytest
from document_builders import next_year, triples
from llm_fakes import completion, fact, user_text

from extractors.rules.text import split_sentences
from schemas.documents import Document

ISSUER = ("NVIDIA Corporation", "Company")
TSMC = "Taiwan Semiconductor Manufacturing Company Limited"
SUPPLY = f"We rely on {TSMC} to manufacture our wafers."
SALES = "Our products are sold worldwide through a network of partners."
GROWTH = "Demand for data center products grew strongly during the year."
MEMORY = "Samsung Electronics Co., Ltd. supplies memory for our data center products."
SUBSTRATES = "They also supply the substrates for our GPUs."
TSMC_FACT = fact("SUPPLIER_OF", (TSMC, "Company"), ISSUER, SUPPLY)
SAMSUNG_FACT = fact("SUPPLIER_OF", ("Samsung Electronics Co., Ltd.", "Company"), ISSUER, MEMORY)


def answer_by_sentence(request: dict) -> object:
    """Reply with the fact of each known sentence that the window contains."""
    text = user_text(request)
    facts = [TSMC_FACT] if SUPPLY in text else []
    return completion(facts + ([SAMSUNG_FACT] if MEMORY in text else []))


@pytest.fixture
def read_last_year(read_last_year, fake_openai):
    """Return the shared reader of last year's filing, with replies from `answer_by_sentence`."""
    fake_openai.responder = answer_by_sentence
    return read_last_year


def test_changed_paragraph_sends_new_sentence(fake_openai, read_last_year):
    extractor = read_last_year(f"{SUPPLY} {SALES} {GROWTH}")
    document = next_year(f"{SUPPLY} {SALES} {MEMORY}")

    assertions = extractor.extract(document)

    assert fake_openai.calls == 2
    assert user_text(fake_openai.requests[-1]) == f"<<<DOCUMENT\n{MEMORY}\nDOCUMENT>>>"
    assert triples(assertions) == {("SUPPLIER_OF", TSMC, ISSUER[0]),
                                   ("SUPPLIER_OF", "Samsung Electronics Co., Ltd.", ISSUER[0])}
    reused = next(a for a in assertions if a.subject.name == TSMC)
    assert document.text[reused.char_start:reused.char_end] == SUPPLY
    assert (reused.document_id, reused.valid_at) == ("doc-2025", document.valid_at)
    assert extractor.stats["doc-2025"].sentences_reused == 2


def test_back_reference_sends_previous_sentence(fake_openai, read_last_year):
    extractor = read_last_year(f"{SALES} {SUPPLY} {GROWTH}")

    assertions = extractor.extract(next_year(f"{SALES} {SUPPLY} {SUBSTRATES}"))

    assert user_text(fake_openai.requests[-1]) == f"<<<DOCUMENT\n{SUPPLY} {SUBSTRATES}\nDOCUMENT>>>"
    assert extractor.stats["doc-2025"].sentences_reused == 1
    assert [a.quote for a in assertions] == [SUPPLY]


def test_sentence_referring_back_resent(fake_openai, read_last_year):
    extractor = read_last_year(f"{SALES} {GROWTH} {SUBSTRATES}")

    extractor.extract(next_year(f"{SALES} {SUPPLY} {SUBSTRATES}"))

    assert user_text(fake_openai.requests[-1]) == f"<<<DOCUMENT\n{SUPPLY} {SUBSTRATES}\nDOCUMENT>>>"


def test_reused_quote_not_found_resent(fake_openai, read_last_year):
    extractor = read_last_year(f"{SUPPLY} {SALES}")

    # Upper case keeps the sentence's fingerprint, but the stored quote no longer matches the text.
    extractor.extract(next_year(f"{SUPPLY.upper()} {SALES} {MEMORY}"))

    assert user_text(fake_openai.requests[-1]) == f"<<<DOCUMENT\n{SUPPLY.upper()}\n\n{MEMORY}\nDOCUMENT>>>"
    assert extractor.stats["doc-2025"].sentences_reused == 1
    assert extractor.stats["doc-2025"].dropped["quote_not_found"] == 0


def test_quote_across_sentences_resent(fake_openai, read_last_year):
    head = "We depend on one foundry."
    tail = f"{TSMC} makes our wafers."
    both = f"{head} {tail}"
    fake_openai.responder = lambda request: completion(
        [fact("SUPPLIER_OF", (TSMC, "Company"), ISSUER, both)] if both in user_text(request) else [])
    extractor = read_last_year(f"{both} {SALES}")

    assertions = extractor.extract(next_year(f"{both} {SALES} {GROWTH}"))

    assert both in user_text(fake_openai.requests[-1])
    assert SALES not in user_text(fake_openai.requests[-1])
    assert [a.quote for a in assertions] == [both]


def test_nvidia_reuse_matches_full_pass(fake_openai, compare_with_full_pass):
    """On two real 10-Ks, reuse yields the same assertions as reading the whole second filing."""
    fake_openai.responder = lambda request: completion(sentence_facts(user_text(request)))

    result = compare_with_full_pass("filings/NVDA/10-K/2023-02-24/Nvidia.10-K.html",
                                    "filings/NVDA/10-K/2024-02-21/filing.htm")

    assert result.reuse_calls < result.full_calls
    assert result.reusing.stats[result.document.id].sentences_reused > 0
    assert len(result.full) > 5
    assert (spans_of_unique_quotes(result.with_reuse, result.document)
            == spans_of_unique_quotes(result.full, result.document))


def spans_of_unique_quotes(assertions: list, document: Document) -> list[tuple[int, int]]:
    """Return the spans of quotes that occur once in the document.

    A full pass places a quote that repeats within one window at its first occurrence, while reuse
    places it in its own sentence, so the spans of repeated quotes differ by design.
    """
    return sorted((a.char_start, a.char_end) for a in assertions if document.text.count(a.quote) == 1)


def sentence_facts(user_message: str) -> list[dict]:
    """Return a SUPPLIER_OF fact from "TSMC" for each sentence of the window that mentions supply."""
    window = user_message.removeprefix("<<<DOCUMENT\n").removesuffix("\nDOCUMENT>>>")
    facts = []
    for segment in window.split("\n\n"):
        for start, end in split_sentences(segment):
            if "suppl" in segment[start:end]:
                facts.append(fact("SUPPLIER_OF", ("TSMC", "Company"), ISSUER, segment[start:end]))
    return facts
