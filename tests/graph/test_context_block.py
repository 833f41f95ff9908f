"""The RAG context block: contents, order, ranking, token budget and as-of."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from neo4j import Driver

from graph.context import MAX_TOKENS, MIN_TOKENS, build_context, estimate_tokens, rank_key
from graph.context.models import ContextParagraph
from graph.loader import Neo4jLoader
from query_builders import ACME_ID, ACME_SOLE, GALLIUM_CONTROLS_ID, WIDGETS_ID, make_document

pytestmark = pytest.mark.neo4j


def test_context_header_names_entity(supply_driver: Driver) -> None:
    text = build_context(supply_driver, "WDGT").to_text()

    assert text.splitlines()[0] == (f"Entity: Widgets Inc (id {WIDGETS_ID}, kind Company, ticker WDGT); "
                                    "as of current graph")


def test_context_fact_carries_citation(supply_driver: Driver) -> None:
    context = build_context(supply_driver, "WDGT")
    acme = next(fact for fact in context.facts if fact.other.id == ACME_ID)

    assert acme.hop.evidence.document == "0000000001-24-000010"
    assert acme.hop.evidence.stated_for == "2023-12-31"
    assert acme.confidence == pytest.approx(0.8)
    assert acme.mentions == 3
    assert acme.hop.status == "active"
    assert f'source 0000000001-24-000010: "{ACME_SOLE}"' in context.to_text()


def test_context_groups_by_relation_and_direction(supply_driver: Driver) -> None:
    text = build_context(supply_driver, "WDGT").to_text()

    assert "SUPPLIER_OF (incoming):" in text
    assert "SUPPLIER_OF (outgoing):" in text
    assert "TESTIFIED_AGAINST (incoming):" in text
    assert text.count("SUPPLIER_OF (incoming):") == 1


def test_context_second_order_after_first(supply_driver: Driver) -> None:
    context = build_context(supply_driver, "WDGT")
    text = context.to_text()

    assert [(f.via.id if f.via else None, f.other.id) for f in context.second_order] == [(ACME_ID, GALLIUM_CONTROLS_ID)]
    assert text.index("Facts:") < text.index("Second-order facts via Acme Metals Corp (SUPPLIER_OF):")
    assert text.index("Second-order facts") < text.index("Source paragraphs:")


def test_context_linked_paragraphs_first(supply_driver: Driver) -> None:
    note = make_document("note-2023", ["Acme Metals opened a plant in Ohio."], issuer=None, form=None,
                         filed_at=dt.date(2023, 1, 5))
    Neo4jLoader(supply_driver).load_documents([note])

    paragraphs = build_context(supply_driver, "ACME").paragraphs
    linked = [p.linked for p in paragraphs]

    assert linked[0] is True
    assert linked == sorted(linked, reverse=True)
    assert [p.id for p in paragraphs if not p.linked] == ["note-2023#p0"]


def test_context_facts_in_rank_order(supply_driver: Driver) -> None:
    facts = build_context(supply_driver, "WDGT").facts

    assert facts == sorted(facts, key=rank_key)
    assert facts[0].other.id == ACME_ID


@pytest.mark.parametrize("max_tokens", [MIN_TOKENS, 120, 300, 600, 1500])
def test_context_fits_token_budget(supply_driver: Driver, max_tokens: int) -> None:
    text = build_context(supply_driver, "WDGT", max_tokens=max_tokens).to_text()

    assert estimate_tokens(text) <= max_tokens


def test_context_small_budget_keeps_top_fact(supply_driver: Driver) -> None:
    context = build_context(supply_driver, "WDGT", max_tokens=120)

    assert [fact.other.id for fact in context.facts] == [ACME_ID]
    assert context.omitted > 0


def test_context_large_budget_omits_nothing(supply_driver: Driver) -> None:
    assert build_context(supply_driver, "WDGT", max_tokens=MAX_TOKENS).omitted == 0


def test_context_as_of_hides_later_facts(supply_driver: Driver) -> None:
    context = build_context(supply_driver, "WDGT", as_of="2022-06-30")

    assert sorted(fact.other.id for fact in context.facts) == [ACME_ID, "org:oldco", "person:jane-smith"]
    assert context.second_order == []
    assert all(fact.hop.evidence.filed_at == "2022-02-15" for fact in context.facts)


def test_context_as_of_hides_later_paragraphs(supply_driver: Driver) -> None:
    context = build_context(supply_driver, "WDGT", as_of="2022-06-30")

    assert {p.document for p in context.paragraphs} == {"0000000001-22-000010"}
    assert "as of 2022-06-30" in context.to_text()


def test_context_dict_keeps_ids(supply_driver: Driver) -> None:
    data = build_context(supply_driver, "WDGT").to_dict()
    first = data["facts"][0]

    assert data["entity"]["id"] == WIDGETS_ID
    assert first["other"]["id"] == ACME_ID
    assert first["hop"]["evidence"]["assertion_id"]
    assert first["paragraph_id"] == "0000000001-24-000010#p0"
    assert data["paragraphs"][0]["id"]


def test_context_unknown_entity_raises(supply_driver: Driver) -> None:
    with pytest.raises(ValueError, match="'Nobody Corp'"):
        build_context(supply_driver, "Nobody Corp")


@pytest.mark.parametrize("max_tokens", [0, MIN_TOKENS - 1, MAX_TOKENS + 1, True])
def test_context_budget_out_of_range(supply_driver: Driver, max_tokens: int) -> None:
    with pytest.raises(ValueError, match="max_tokens must be an integer"):
        build_context(supply_driver, "WDGT", max_tokens=max_tokens)


def test_context_keeps_room_for_paragraphs(supply_driver: Driver) -> None:
    full = build_context(supply_driver, "WDGT", max_tokens=MAX_TOKENS)
    facts_only = estimate_tokens(dataclasses.replace(full, paragraphs=[]).to_text())
    # A budget that the facts alone fill exactly still leaves PARAGRAPH_SHARE of it for paragraphs.
    context = build_context(supply_driver, "WDGT", max_tokens=facts_only)

    assert full.paragraphs
    assert context.paragraphs
    assert len(context.facts) + len(context.second_order) < len(full.facts) + len(full.second_order)
    assert estimate_tokens(context.to_text()) <= facts_only


def test_context_text_counts_left_out_items(supply_driver: Driver) -> None:
    context = build_context(supply_driver, "WDGT", max_tokens=120)

    assert context.to_text().splitlines()[-1] == (
        f"({context.omitted} lower-ranked facts and paragraphs left out to fit 120 tokens)")


def test_context_skips_heading_paragraphs(supply_driver: Driver) -> None:
    note = make_document("note-2023", ["Acme Metals", "Acme Metals Corp and its Subsidiaries",
                                       "Acme Metals opened a plant in Ohio."], issuer=None,
                         form=None, filed_at=dt.date(2023, 1, 5))
    Neo4jLoader(supply_driver).load_documents([note])

    paragraphs = build_context(supply_driver, "ACME").paragraphs

    assert [p.id for p in paragraphs if not p.linked] == ["note-2023#p2"]


@pytest.mark.parametrize(("filed_at", "expected"), [
    ("2025-02-26", "- [0001045810-25-000001, Item 7, filed 2025-02-26] Revenue grew."),
    (None, "- [0001045810-25-000001, Item 7] Revenue grew."),
])
def test_paragraph_line_names_filing_date(filed_at: str | None, expected: str) -> None:
    paragraph = ContextParagraph(id="p1", document="0001045810-25-000001", filed_at=filed_at, section="Item 7",
                                 text="Revenue grew.", linked=True, score=1.0)

    assert paragraph.line() == expected
