"""Reuse of sentences that changed only in their numbers, against the local fake OpenAI server.

The research and development sentences are from NVIDIA's 10-Ks for fiscal 2024 and 2025. The
sales sentences are made up, because those filings name no customer with a share of revenue.
"""

from __future__ import annotations

import pytest
from document_builders import make_document, next_year
from llm_fakes import completion, fact, user_text

from extractors.llm.reuse import (find_entry, merge_entries, number_masked_key, numbers_of, numbers_unchanged,
                                   sentence_segments)
from extractors.llm.tokens import EstimatedTokenCounter
from extractors.llm.windows import Segment
from extractors.rules.text import split_sentences
from schemas.documents import Document

ISSUER = ("NVIDIA Corporation", "Company")
DELL = ("Dell Technologies Inc.", "Company")
SUPPLY = "We rely on Taiwan Semiconductor Manufacturing Company Limited to manufacture our wafers."
SALES = "Our products are sold worldwide through a network of partners."
GROWTH = "Demand for data center products grew strongly during the year."
MEMORY = "Samsung Electronics Co., Ltd. supplies memory for our data center products."
RESEARCH_2024 = ("We have invested over $45.3 billion in research and development since our inception, "
                 "yielding inventions that are essential to modern computing.")
RESEARCH_2025 = ("We have invested over $58.2 billion in research and development since our inception, "
                 "yielding inventions that are essential to modern computing.")
DELL_QUOTE = "Sales to Dell Technologies Inc."


def dell_sales(share: int, year: int) -> str:
    return f"{DELL_QUOTE} accounted for {share}% of our revenue in fiscal year {year}."


def dell_fact(share: int, quote: str = DELL_QUOTE) -> dict:
    return fact("SUPPLIER_OF", ISSUER, DELL, quote, revenue_share=share / 100)


def answer_dell_sales(request: dict) -> object:
    """Reply with a Dell fact for each sales sentence in the window, its quote without the number."""
    text = user_text(request)
    return completion([dell_fact(share) for share in range(1, 100) if f"for {share}% of our revenue" in text])


def document_text(user_message: str) -> str:
    return user_message.removeprefix("<<<DOCUMENT\n").removesuffix("\nDOCUMENT>>>")


@pytest.fixture
def read_last_year(read_last_year, fake_openai):
    """Return the shared reader of last year's filing, with replies from `answer_dell_sales`."""
    fake_openai.responder = answer_dell_sales
    return read_last_year


def test_number_change_reuses_sentence(fake_openai, read_last_year):
    extractor = read_last_year(f"{SUPPLY} {RESEARCH_2024} {SALES}")

    extractor.extract(next_year(f"{SUPPLY} {RESEARCH_2025} {MEMORY}"))

    assert document_text(user_text(fake_openai.requests[-1])) == MEMORY
    assert extractor.stats["doc-2025"].sentences_reused == 2


def test_number_change_regrounds_fact(fake_openai, read_last_year):
    extractor = read_last_year(f"{SALES} {dell_sales(11, 2024)}")
    document = next_year(f"{SALES} {dell_sales(11, 2025)} {MEMORY}")

    assertions = extractor.extract(document)

    assert document_text(user_text(fake_openai.requests[-1])) == MEMORY
    assert len(assertions) == 1
    reused = assertions[0]
    assert reused.document_id == "doc-2025"
    assert document.text[reused.char_start:reused.char_end] == DELL_QUOTE
    assert reused.attributes["revenue_share"] == pytest.approx(0.11)


def test_number_in_attribute_blocks_reuse(fake_openai, read_last_year):
    extractor = read_last_year(f"{SALES} {dell_sales(11, 2024)}")

    assertions = extractor.extract(next_year(f"{SALES} {dell_sales(12, 2025)} {MEMORY}"))

    assert dell_sales(12, 2025) in user_text(fake_openai.requests[-1])
    assert [a.attributes["revenue_share"] for a in assertions] == [pytest.approx(0.12)]


def test_number_in_quote_blocks_reuse(fake_openai, read_last_year):
    old, new = dell_sales(11, 2024), dell_sales(12, 2025)
    quoted = {old: dell_fact(11, "accounted for 11% of our revenue")}
    fake_openai.responder = lambda request: completion(
        [value for sentence, value in quoted.items() if sentence in user_text(request)])
    extractor = read_last_year(f"{SALES} {old}")

    extractor.extract(next_year(f"{SALES} {new} {MEMORY}"))

    assert new in user_text(fake_openai.requests[-1])
    assert extractor.stats["doc-2025"].dropped["quote_not_found"] == 0


def test_pronoun_sends_number_changed_sentence(fake_openai, read_last_year):
    resale = "They also resell our workstations in Europe."
    extractor = read_last_year(f"{SALES} {dell_sales(11, 2024)} {GROWTH}")

    extractor.extract(next_year(f"{SALES} {dell_sales(11, 2025)} {resale}"))

    assert document_text(user_text(fake_openai.requests[-1])) == f"{dell_sales(11, 2025)} {resale}"


def test_number_changed_pronoun_sentence_sent(fake_openai, read_last_year):
    share = "They accounted for 11% of our revenue in fiscal year {}."
    extractor = read_last_year(f"{SALES} {GROWTH} {share.format(2024)}")

    extractor.extract(next_year(f"{SALES} {MEMORY} {share.format(2025)}"))

    assert document_text(user_text(fake_openai.requests[-1])) == f"{MEMORY} {share.format(2025)}"


def test_masked_key_ignores_numbers_only():
    assert number_masked_key(RESEARCH_2024) == number_masked_key(RESEARCH_2025)
    assert number_masked_key(dell_sales(9, 2023)) == number_masked_key(dell_sales(12, 2025))
    assert number_masked_key(RESEARCH_2024) != number_masked_key(RESEARCH_2024.replace("over", "about"))


MELLANOX = "We completed the acquisition of Mellanox in fiscal year {}, compared with none in fiscal year {}."


@pytest.mark.parametrize(("value", "old", "new", "expected"), [
    (0.11, dell_sales(11, 2024), dell_sales(11, 2025), True),
    (0.11, dell_sales(11, 2024), dell_sales(12, 2025), False),
    ("$1,500 million", "The price was $1,500 million in 2023.", "The price was $1500 million in 2024.", True),
    ("$1.5 billion", "The price was $1.5 billion in 2023.", "The price was $15 billion in 2023.", False),
    ("fiscal year 2021", MELLANOX.format(2021, 2020), MELLANOX.format(2022, 2021), False),
    ("fiscal year 2021", MELLANOX.format(2021, 2020), MELLANOX.format(2021, 2019), True),
])
def test_numbers_unchanged_by_attribute(value, old, new, expected):
    stored = fact("ACQUIRED", ISSUER, ("Mellanox Technologies, Ltd.", "Company"), "acquisition of Mellanox")
    stored["attributes"] = {"announced": value}

    assert numbers_unchanged([stored], numbers_of(old), new) is expected


def test_numbers_unchanged_ignores_entity_ids():
    stored = dell_fact(11)
    stored["subject"] = {"name": ISSUER[0], "kind": ISSUER[1], "id": "cik:0001045810", "cik": "0001045810"}
    stored["attributes"] = {"revenue_share": 0.11}

    assert numbers_unchanged([stored], ["11", "2024"], dell_sales(11, 2025))


def test_numbers_unchanged_checks_quote():
    stored = dell_fact(11, quote="accounted for 11% of our revenue")
    stored["attributes"] = {}

    assert numbers_unchanged([stored], ["11", "2024"], dell_sales(11, 2025))
    assert not numbers_unchanged([stored], ["11", "2024"], dell_sales(12, 2025))


def test_numbers_unchanged_checks_names():
    stored = fact("SUPPLIER_OF", ("Series 2024 Notes trustee", "Company"), ISSUER, "the trustee")

    assert not numbers_unchanged([stored], ["2024"], "We appointed the trustee of our Series 2025 Notes.")


def test_ambiguous_masked_key_dropped():
    key = number_masked_key(dell_sales(11, 2024))
    with_fact = {"document_id": "doc", "facts": [dell_fact(11)], "numbers": ["11", "2024"]}
    entries: dict = {}

    merge_entries(entries, {"fingerprint-a": with_fact, key: with_fact})
    merge_entries(entries, {key: {**with_fact, "facts": []}})

    assert entries[key] is None
    assert entries["fingerprint-a"] == with_fact


def test_masked_key_with_other_numbers_dropped():
    key = number_masked_key(dell_sales(11, 2024))
    with_fact = {"document_id": "doc", "facts": [dell_fact(11)], "numbers": ["11", "2024"]}
    entries: dict = {key: with_fact}

    merge_entries(entries, {key: {**with_fact, "numbers": ["11", "2023"]}})

    assert entries[key] is None


def test_masked_key_without_facts_kept():
    key = number_masked_key(RESEARCH_2024)
    without = {"document_id": "doc", "facts": [], "numbers": ["45.3"]}
    entries: dict = {key: without}

    merge_entries(entries, {key: {**without, "numbers": ["58.2"]}})

    assert entries[key] == without


def test_find_entry_prefers_fingerprint():
    document = make_document(dell_sales(12, 2025))
    segment = masked_segment(document)
    exact = {"document_id": "old", "facts": []}
    masked = {"document_id": "old", "facts": [dell_fact(11)], "numbers": ["11", "2024"]}
    index = {number_masked_key(dell_sales(12, 2025)): masked}

    assert find_entry(index.get, document, segment) is None
    index[segment.fingerprint] = exact
    assert find_entry(index.get, document, segment) is exact


def masked_segment(document: Document) -> Segment:
    """Return the first sentence of the document's first paragraph as a segment."""
    paragraph = document.paragraphs[0]
    whole = Segment(paragraph.id, None, paragraph.start, paragraph.end, "", 0)
    return sentence_segments(document, whole, EstimatedTokenCounter())[0]


def test_nvidia_number_reuse_matches_full_pass(fake_openai, compare_with_full_pass):
    """On two real 10-Ks, facts that carry a sentence's first number are the same with reuse as without."""
    fake_openai.responder = lambda request: completion(number_facts(user_text(request)))

    result = compare_with_full_pass("filings/NVDA/10-K/2024-02-21/filing.htm",
                                    "filings/NVDA/10-K/2025-02-26/nvda-10-k-2025-02-26.html")

    assert result.reuse_calls < result.full_calls
    assert len(result.full) > 50
    assert (facts_of_unique_quotes(result.with_reuse, result.document)
            == facts_of_unique_quotes(result.full, result.document))


def facts_of_unique_quotes(assertions: list, document: Document) -> list[tuple[int, int, str]]:
    """Return the span and magnitude of each fact whose quote occurs once in the document."""
    return sorted((a.char_start, a.char_end, a.attributes["magnitude"]) for a in assertions
                  if document.text.count(a.quote) == 1)


def number_facts(user_message: str) -> list[dict]:
    """Return an EXPOSED_TO fact for each sentence with a number, quoting its first four words.

    The magnitude is the sentence's first number, so that a fact reused from a sentence whose
    number changed would show last year's magnitude.
    """
    facts = []
    for segment in document_text(user_message).split("\n\n"):
        for start, end in split_sentences(segment):
            sentence = segment[start:end]
            words = sentence.split()
            numbers = [word for word in words if any(char.isdigit() for char in word)]
            if len(words) >= 6 and numbers:
                facts.append(fact("EXPOSED_TO", ISSUER, ("Interest rates", "Factor"), " ".join(words[:4]),
                                  factor_kind="macro", direction="uncertain", magnitude=numbers[0]))
    return facts


def test_comma_outside_thousands_kept():
    new = "Sales to Dell Technologies Inc. accounted for 1,5% of our revenue in fiscal year 2024."

    assert numbers_of("$2,500,000.75 and 1,5 and 12,34") == ["2500000.75", "1,5", "12,34"]
    assert not numbers_unchanged([dell_fact(15)], numbers_of(dell_sales(15, 2024)), new)


def test_share_changed_beside_same_amount():
    old = "Sales to Dell Technologies Inc. accounted for 12% of our revenue, and we paid a dividend of $0.12 per share."
    new = old.replace("12%", "13%")

    assert number_masked_key(old) == number_masked_key(new)
    assert not numbers_unchanged([dell_fact(12)], numbers_of(old), new)
