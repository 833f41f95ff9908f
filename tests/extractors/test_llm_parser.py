"""Mapping the model's facts to assertions: entity references, orientation, anonymised parties, quotes."""

from __future__ import annotations

from document_builders import make_document, triples
from llm_fakes import fact

from extractors.llm.parser import FactParser
from extractors.llm.tokens import EstimatedTokenCounter
from extractors.llm.windows import document_segments
from extractors.rules.context import build_context
from extractors.rules.reference import CompanyIndex
from schemas.assertions import ExtractionProfile
from schemas.documents import DocumentKind

PROFILE = ExtractionProfile(extractor="llm", model="gpt-4o-mini", version="test")
OFFICER = "Jensen Huang, our President and Chief Executive Officer, founded the company."


def _parse(document, *facts):
    context = build_context(document, CompanyIndex())
    segments = tuple(document_segments(document, context, EstimatedTokenCounter(), 3000))
    return FactParser(context, PROFILE).parse(list(facts), segments)


def test_swapped_officer_is_flipped():
    document = make_document(OFFICER)
    result = _parse(document, fact("OFFICER_OF", ("NVIDIA", "Company"), ("Jensen Huang", "Person"), OFFICER))

    assert triples([a for _, a in result.located]) == {("OFFICER_OF", "Jensen Huang", "NVIDIA Corporation")}
    assert result.flipped == 1


def test_factor_as_subject_is_flipped():
    quote = "Export controls on our products to China could harm our results."
    document = make_document(quote)
    exposure = fact("EXPOSED_TO", ("export controls", "Factor"), ("we", "Company"), quote)

    result = _parse(document, exposure)

    assert triples([a for _, a in result.located]) == {("EXPOSED_TO", "NVIDIA Corporation", "export controls")}


def test_both_directions_fit_kept_as_given():
    quote = "Dell Technologies accounted for 11% of our revenue."
    document = make_document(quote)
    backwards = fact("SUPPLIER_OF", ("Dell Technologies", "Company"), ("NVIDIA", "Company"), quote)

    result = _parse(document, backwards)

    assert triples([a for _, a in result.located]) == {("SUPPLIER_OF", "Dell Technologies", "NVIDIA Corporation")}
    assert result.flipped == 0


def test_impossible_kinds_dropped():
    document = make_document(OFFICER)
    result = _parse(document, fact("COMPETES_WITH", ("Jensen Huang", "Person"), ("NVIDIA", "GovernmentBody"), OFFICER))

    assert result.located == []
    assert result.dropped["kinds_do_not_fit"] == 1


def test_anonymised_customer_dropped():
    quote = "Sales to Customer A accounted for 19% of total revenue."
    document = make_document(quote)
    result = _parse(document, fact("SUPPLIER_OF", ("we", "Company"), ("Customer A", "Company"), quote),
                    fact("SUPPLIER_OF", ("we", "Company"), ("a large cloud service provider", "Company"), quote))

    assert result.located == []
    assert result.dropped["anonymous_party"] == 2


def test_unknown_relation_dropped():
    document = make_document(OFFICER)
    unknown = fact("OFFICER_OF", ("Jensen Huang", "Person"), ("NVIDIA", "Company"), OFFICER) | {"relation": "FOUNDED"}

    result = _parse(document, unknown)

    assert result.dropped["unknown_relation"] == 1


def test_quote_with_other_spacing_found():
    document = make_document("Jensen Huang,  our President\nand Chief Executive Officer, founded the company.")
    officer = fact("OFFICER_OF", ("Jensen Huang", "Person"), ("NVIDIA", "Company"), OFFICER)

    result = _parse(document, officer)

    assert result.located[0][1].char_end == len(document.text)


def test_witness_and_committee_resolved():
    statement = "I testify before the Subcommittee today about the safety of children online."
    document = make_document(statement, DocumentKind.TESTIMONY, issuer=None, witness="Jane Roe",
                             committee="Subcommittee on Privacy", speakers=("Jane Roe",))
    testified = fact("TESTIFIED_BEFORE", ("I", "Person"), ("the Subcommittee", "GovernmentBody"), statement)

    result = _parse(document, testified)

    assert triples([a for _, a in result.located]) == {("TESTIFIED_BEFORE", "Jane Roe", "Subcommittee on Privacy")}


def test_testimony_relation_in_filing_dropped():
    document = make_document(OFFICER)
    result = _parse(document, fact("TESTIFIED_BEFORE", ("Jensen Huang", "Person"), ("Congress", "GovernmentBody"), OFFICER))

    assert result.dropped["testimony_relation_outside_testimony"] == 1
