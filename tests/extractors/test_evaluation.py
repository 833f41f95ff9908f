"""Scoring against gold: exact counts on hand-made facts, document building and the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.evaluation import evaluate, load_gold, parse_gold_passage, passage_document, render_table
from extractors.scoring import Fact, FactEntity, attributes_agree, match_facts
from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import Document, DocumentKind
from schemas.entities import EntityKind, EntityRef

NVIDIA = FactEntity("NVIDIA Corporation", "Company", cik="0001045810")
TSMC = FactEntity("Taiwan Semiconductor Manufacturing Company Limited", "Company", cik="0001046179", aliases=("TSMC",))


def supplier(subject: FactEntity, object_: FactEntity = NVIDIA, **attributes) -> Fact:
    return Fact("SUPPLIER_OF", subject, object_, attributes)


def test_alias_name_matches_strictly():
    result = match_facts([supplier(TSMC)], [supplier(FactEntity("TSMC", "Company"))])

    assert len(result.strict_pairs) == 1


def test_different_ciks_never_match():
    wrong = FactEntity("Taiwan Semiconductor Manufacturing Company Limited", "Company", cik="0000000001")

    result = match_facts([supplier(TSMC)], [supplier(wrong)])

    assert not result.strict_pairs
    assert not result.lenient_pairs


def test_organization_counts_as_company():
    predicted = FactEntity("TSMC", "Organization")

    assert match_facts([supplier(TSMC)], [supplier(predicted)]).strict_pairs


def test_direction_matters():
    result = match_facts([supplier(TSMC)], [Fact("SUPPLIER_OF", NVIDIA, TSMC)])

    assert not result.strict_pairs


def test_contained_name_matches_only_leniently():
    gold = supplier(FactEntity("Samsung Electronics Co., Ltd.", "Company"))
    predicted = supplier(FactEntity("Samsung", "Company"))

    result = match_facts([gold], [predicted])

    assert (len(result.strict_pairs), len(result.lenient_pairs)) == (0, 1)


def test_factor_sharing_a_word_matches_leniently():
    gold = Fact("EXPOSED_TO", NVIDIA, FactEntity("copper prices", "Factor", factor_kind="commodity"))
    predicted = Fact("EXPOSED_TO", NVIDIA, FactEntity("copper", "Factor", factor_kind="commodity"))

    result = match_facts([gold], [predicted])

    assert len(result.lenient_pairs) == 1


def test_duplicate_predictions_count_once():
    predictions = [supplier(FactEntity("TSMC", "Company")), supplier(FactEntity("tsmc", "Company"))]

    result = match_facts([supplier(TSMC)], predictions)

    assert len(result.predicted) == 1
    assert len(result.strict_pairs) == 1


def test_matching_is_one_to_one():
    gold = [supplier(TSMC)]
    predictions = [supplier(FactEntity("TSMC", "Company")), supplier(FactEntity("Taiwan Semiconductor", "Company"))]

    result = match_facts(gold, predictions)

    assert len(result.strict_pairs) + len(result.lenient_pairs) == 1


def test_attributes_agree_on_contained_text():
    assert attributes_agree({"role": "Chief Financial Officer"}, {"role": "Executive Vice President and Chief Financial Officer"})
    assert not attributes_agree({"direction": "adverse"}, {"direction": "uncertain"})
    assert not attributes_agree({"current": False}, {})


class FixedExtractor:
    """Returns prepared assertions for each passage id."""

    def __init__(self, by_document: dict[str, list[tuple[str, EntityRef, EntityRef]]]) -> None:
        self._by_document = by_document

    @property
    def profile(self) -> ExtractionProfile:
        return ExtractionProfile(extractor="fixed", version="1")

    def extract(self, document: Document) -> list[Assertion]:
        return [
            Assertion(
                type=relation, subject=subject, object=object_, quote=document.text[:10], char_start=0, char_end=10,
                document_id=document.id, extractor="fixed", prompt_version="1",
            )
            for relation, subject, object_ in self._by_document.get(document.id, [])
        ]


def gold_passage(passage_id: str, triples: list[dict]) -> dict:
    return {
        "id": passage_id,
        "kind": "10-K",
        "issuer": {"name": "NVIDIA Corporation", "cik": "0001045810", "ticker": "NVDA"},
        "date": "2025-01-26",
        "section": "Item 1",
        "text": "We utilize foundries, such as TSMC, and we purchase memory from Micron.",
        "triples": triples,
    }


def gold_triple(subject: str) -> dict:
    return {
        "relation": "SUPPLIER_OF",
        "subject": {"name": subject, "kind": "Company"},
        "object": {"name": "NVIDIA Corporation", "kind": "Company", "cik": "0001045810"},
        "attributes": {},
    }


def test_evaluate_counts_exactly():
    passages = [
        parse_gold_passage(gold_passage("a", [gold_triple("TSMC"), gold_triple("Micron")])),
        parse_gold_passage(gold_passage("b", [])),
    ]
    nvidia = EntityRef(name="NVIDIA Corporation", kind=EntityKind.COMPANY, cik="0001045810")
    extractor = FixedExtractor({
        "a": [("SUPPLIER_OF", EntityRef(name="TSMC", kind=EntityKind.COMPANY), nvidia)],
        "b": [("SUPPLIER_OF", EntityRef(name="Intel", kind=EntityKind.COMPANY), nvidia)],
    })

    result = evaluate(extractor, passages)

    assert result["passages"] == 2
    assert result["overall"]["strict"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert result["by_relation"]["SUPPLIER_OF"]["lenient"]["tp"] == 1
    assert result["attribute_agreement"] == 1.0


def test_render_table_has_row_per_relation_and_overall():
    passages = [parse_gold_passage(gold_passage("a", [gold_triple("TSMC")]))]

    lines = render_table(evaluate(FixedExtractor({}), passages))

    assert lines[-2].startswith("overall")
    assert any(line.startswith("SUPPLIER_OF") for line in lines)


def test_testimony_passage_document_has_witness_and_committees():
    raw = {
        "id": "t", "kind": "testimony", "issuer": {"name": "Mark Zuckerberg", "cik": None, "ticker": None},
        "affiliation": "Facebook", "committee": ["Senate Judiciary Committee", "Senate Commerce Committee"],
        "date": "2018-04-10", "section": "Opening statement", "text": "Chairman Grassley, members of the committee.",
    }

    document = passage_document(raw)

    assert document.kind == DocumentKind.TESTIMONY
    assert [s.name for s in document.speakers if s.is_witness] == ["Mark Zuckerberg"]
    assert document.issuer is not None and document.issuer.name == "Facebook"
    assert document.committee == "Senate Judiciary Committee; Senate Commerce Committee"
    assert str(document.valid_at) == "2018-04-10"


def test_filing_passage_document_takes_form_and_period():
    document = passage_document(gold_passage("f", []))

    assert (document.kind, document.form) == (DocumentKind.FILING, "10-K")
    assert str(document.period_end) == "2025-01-26"
    assert document.sections[0].name == "Item 1"


def test_unknown_kind_is_rejected():
    raw = gold_passage("x", []) | {"kind": "press release"}

    with pytest.raises(ValueError, match="unknown kind"):
        passage_document(raw)


def test_dev_gold_loads(corpus: Path):
    passages = load_gold(corpus.parent / "gold" / "dev")

    assert len(passages) >= 38
    assert all(p.document.text for p in passages)
