"""Paragraph embeddings in Neo4j: the vector index, stored vectors, and the context's fused search."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from neo4j import Driver

from graph.connection import Neo4jSettings
from graph.context import build_context
from graph.embeddings.model import SentenceEmbedder
from graph.embeddings.store import MIN_WORDS, VECTOR_INDEX, create_vector_index, embed_paragraphs, vector_index_dimensions
from graph.schema import init_schema
from pipelines.cli import cli
from pipelines.loading import load_run
from query_builders import PROFILE, make_document, make_resolver
from schemas.errors import GraphLoadError

pytestmark = pytest.mark.neo4j

# Related to Acme's facts (a supplier exposed to export controls on gallium) without sharing a word
# with its names or the vector query built from its facts.
PARAPHRASE = "New licensing rules restrict overseas shipments of a rare element that chip substrate makers depend on."
UNRELATED = (
    "The cafeteria now serves vegetarian soup on Fridays.",
    "Our headquarters lease in Denver was renewed for ten years.",
    "The board approved a quarterly dividend of ten cents per share.",
)
NAMED = "Acme Metals raised its prices twice this year."
NOTE_ID = "note-2023-09"


@pytest.fixture
def vector_driver(supply_driver: Driver, embedder: SentenceEmbedder) -> Driver:
    """The supply graph with a note of unlinked paragraphs, every paragraph embedded."""
    note = make_document(NOTE_ID, [PARAPHRASE, *UNRELATED, NAMED], issuer=None, form=None,
                         filed_at=dt.date(2023, 9, 1))
    load_run(supply_driver, [note], [], make_resolver(), PROFILE)
    embed_paragraphs(supply_driver, embedder)
    return supply_driver


def paragraph_of(sentence_number: int) -> str:
    return f"{NOTE_ID}#p{sentence_number}"


def test_schema_creates_vector_index(graph_driver: Driver, embedder: SentenceEmbedder) -> None:
    init_schema(graph_driver)

    records, _, _ = graph_driver.execute_query(
        "SHOW VECTOR INDEXES YIELD name, labelsOrTypes, properties, options WHERE name = $name "
        "RETURN labelsOrTypes, properties, options.indexConfig AS config", name=VECTOR_INDEX)

    assert records[0]["labelsOrTypes"] == ["Paragraph"]
    assert records[0]["properties"] == ["embedding"]
    assert records[0]["config"]["vector.dimensions"] == 384
    assert records[0]["config"]["vector.similarity_function"] == "COSINE"


def test_vector_index_other_dimensions_raises(graph_driver: Driver, embedder: SentenceEmbedder) -> None:
    init_schema(graph_driver)

    with pytest.raises(GraphLoadError, match="has 384 dimensions but the embedding model has 512"):
        create_vector_index(graph_driver, 512)


def test_load_run_reports_embedding_pages(graph_driver: Driver, embedder: SentenceEmbedder) -> None:
    note = make_document(NOTE_ID, [PARAPHRASE, UNRELATED[0]], issuer=None, form=None, filed_at=dt.date(2023, 9, 1))
    lines: list[str] = []

    load_run(graph_driver, [note], [], make_resolver(), PROFILE, report=lines.append)

    assert lines[0] == "writing documents: 1, with 2 paragraphs"
    assert lines[1].startswith("embedding the paragraphs that lack a vector")
    assert "FINGRAPH_EMBED_ON_LOAD=0 skips it" in lines[1]
    assert lines[2].startswith("  2 of at most 2 paragraphs (")
    assert lines[3] == "writing assertions and their entities: 0 assertions"


def test_load_run_stores_embeddings(graph_driver: Driver, embedder: SentenceEmbedder) -> None:
    note = make_document(NOTE_ID, [PARAPHRASE, UNRELATED[0]], issuer=None, form=None, filed_at=dt.date(2023, 9, 1))

    embedded = load_run(graph_driver, [note], [], make_resolver(), PROFILE)
    again = load_run(graph_driver, [note], [], make_resolver(), PROFILE)
    records, _, _ = graph_driver.execute_query(
        "MATCH (p:Paragraph) RETURN p.id AS id, size(p.embedding) AS size, p.embedding_model AS model, "
        "p.embedding_fingerprint = p.fingerprint AS current ORDER BY id")

    assert embedded == 2
    assert again == 0
    assert [r["id"] for r in records] == [paragraph_of(0), paragraph_of(1)]
    assert {r["size"] for r in records} == {384}
    assert {r["model"] for r in records} == {embedder.name}
    assert all(r["current"] for r in records)


def test_embeddings_match_encoder(graph_driver: Driver, embedder: SentenceEmbedder) -> None:
    note = make_document(NOTE_ID, [PARAPHRASE], issuer=None, form=None, filed_at=dt.date(2023, 9, 1))

    load_run(graph_driver, [note], [], make_resolver(), PROFILE)
    records, _, _ = graph_driver.execute_query("MATCH (p:Paragraph) RETURN p.embedding AS embedding")

    assert records[0]["embedding"] == pytest.approx(embedder.embed([PARAPHRASE])[0].tolist(), abs=1e-7)


def test_embed_skips_current_paragraphs(graph_driver: Driver, embedder: SentenceEmbedder) -> None:
    note = make_document(NOTE_ID, [PARAPHRASE, UNRELATED[0]], issuer=None, form=None, filed_at=dt.date(2023, 9, 1))
    load_run(graph_driver, [note], [], make_resolver(), PROFILE)

    assert embed_paragraphs(graph_driver, embedder) == 0
    assert embed_paragraphs(graph_driver, embedder, recompute=True) == 2


def test_embed_redoes_changed_paragraph(graph_driver: Driver, embedder: SentenceEmbedder) -> None:
    load_run(graph_driver, [make_document(NOTE_ID, [PARAPHRASE], issuer=None, form=None)], [], make_resolver(),
             PROFILE)

    load_run(graph_driver, [make_document(NOTE_ID, [UNRELATED[0]], issuer=None, form=None)], [], make_resolver(),
             PROFILE)
    records, _, _ = graph_driver.execute_query("MATCH (p:Paragraph) RETURN p.embedding AS embedding")

    assert records[0]["embedding"] == pytest.approx(embedder.embed([UNRELATED[0]])[0].tolist(), abs=1e-7)


def test_vector_search_finds_paraphrase(vector_driver: Driver, embedder: SentenceEmbedder) -> None:
    context = build_context(vector_driver, "ACME", max_tokens=5000)
    found = {p.id: p for p in context.paragraphs}
    paraphrase = found[paragraph_of(0)]

    assert context.retrieval == "both"
    assert paraphrase.fulltext_rank is None
    assert paraphrase.vector_rank is not None
    assert all(paraphrase.vector_rank < found[paragraph_of(n)].vector_rank for n in (1, 2, 3))
    assert found[paragraph_of(4)].fulltext_rank is not None


def test_fused_paragraphs_after_linked(vector_driver: Driver, embedder: SentenceEmbedder) -> None:
    paragraphs = build_context(vector_driver, "ACME", max_tokens=5000).paragraphs
    unlinked = [p for p in paragraphs if not p.linked]

    assert paragraphs[0].linked is True
    assert [p.linked for p in paragraphs] == sorted((p.linked for p in paragraphs), reverse=True)
    assert [p.score for p in unlinked] == sorted((p.score for p in unlinked), reverse=True)
    # Found by both searches, the named paragraph outranks every paragraph found by one.
    assert unlinked[0].id == paragraph_of(4)
    assert unlinked[0].vector_rank is not None


def test_vector_search_respects_as_of(vector_driver: Driver, embedder: SentenceEmbedder) -> None:
    context = build_context(vector_driver, "ACME", as_of="2023-06-30", max_tokens=5000)

    assert context.retrieval == "both"
    assert all(p.filed_at is not None and p.filed_at <= "2023-06-30" for p in context.paragraphs)
    assert not any(p.document == NOTE_ID for p in context.paragraphs)


def test_context_without_model_uses_fulltext(vector_driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINGRAPH_EMBEDDING_MODEL", "none")

    context = build_context(vector_driver, "ACME", max_tokens=5000)
    ids = [p.id for p in context.paragraphs]

    assert context.retrieval == "fulltext"
    assert paragraph_of(0) not in ids
    assert paragraph_of(4) in ids
    assert all(p.vector_rank is None for p in context.paragraphs)


def test_context_without_index_uses_fulltext(vector_driver: Driver, embedder: SentenceEmbedder) -> None:
    vector_driver.execute_query(f"DROP INDEX {VECTOR_INDEX}")
    try:
        context = build_context(vector_driver, "ACME", max_tokens=5000)
    finally:
        init_schema(vector_driver)

    assert context.retrieval == "fulltext"
    assert vector_index_dimensions(vector_driver) == 384


def test_context_json_names_retrieval(neo4j_server: Neo4jSettings, vector_driver: Driver) -> None:
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}

    result = CliRunner().invoke(cli, ["context", "ACME", "--max-tokens", "5000", "--json"], env=env)
    data = json.loads(result.output)
    paraphrase = next(p for p in data["paragraphs"] if p["id"] == paragraph_of(0))

    assert result.exit_code == 0, result.output
    assert data["retrieval"] == "both"
    assert paraphrase["vector_rank"] is not None
    assert paraphrase["fulltext_rank"] is None


def test_embed_command_fills_missing(neo4j_server: Neo4jSettings, supply_driver: Driver,
                                     embedder: SentenceEmbedder) -> None:
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}
    records, _, _ = supply_driver.execute_query(
        "MATCH (p:Paragraph) WHERE NOT p.boilerplate AND size(split(trim(p.text), ' ')) >= $words "
        "RETURN count(p) AS n", words=MIN_WORDS)

    first = CliRunner().invoke(cli, ["embed"], env=env)
    again = CliRunner().invoke(cli, ["embed"], env=env)

    assert first.exit_code == 0, first.output
    assert f"{records[0]['n']} paragraphs to embed" in first.output
    assert f"  {records[0]['n']} of {records[0]['n']} paragraphs (" in first.output
    assert f"embedded {records[0]['n']} paragraphs" in first.output
    assert "embedded 0 paragraphs" in again.output


def test_embed_command_without_model_fails(neo4j_server: Neo4jSettings) -> None:
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": neo4j_server.password}

    result = CliRunner().invoke(cli, ["embed"], env=env)

    assert result.exit_code == 1
    assert "no embedding model is available" in result.output


class CountingEmbedder:
    """The real model, counting the texts it encodes."""

    def __init__(self, model: SentenceEmbedder) -> None:
        self.model = model
        self.name = model.name
        self.dimensions = model.dimensions
        self.encoded: list[str] = []

    def embed(self, texts: list[str]):
        self.encoded.extend(texts)
        return self.model.embed(texts)


def test_unchanged_paragraph_takes_last_years_vector(graph_driver: Driver, embedder: SentenceEmbedder,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINGRAPH_EMBEDDING_MODEL", "none")
    counting = CountingEmbedder(embedder)
    last_year = make_document("note-2023", [PARAPHRASE, UNRELATED[0]], issuer=None, form=None,
                              filed_at=dt.date(2023, 9, 1))
    this_year = make_document("note-2024", [PARAPHRASE, UNRELATED[1], UNRELATED[1]], issuer=None, form=None,
                              filed_at=dt.date(2024, 9, 1))
    load_run(graph_driver, [last_year], [], make_resolver(), PROFILE)
    load_run(graph_driver, [this_year], [], make_resolver(), PROFILE)

    first = embed_paragraphs(graph_driver, counting, ["note-2023#p0", "note-2023#p1"])
    second = embed_paragraphs(graph_driver, counting, ["note-2024#p0", "note-2024#p1", "note-2024#p2"])
    records, _, _ = graph_driver.execute_query(
        "MATCH (a:Paragraph {id: 'note-2023#p0'}), (b:Paragraph {id: 'note-2024#p0'}) "
        "RETURN a.embedding = b.embedding AS same, b.embedding_fingerprint = b.fingerprint AS current")

    assert (first, second) == (2, 3)
    # The repeated paraphrase is copied, and the sentence used twice this year is encoded once.
    assert counting.encoded == [PARAPHRASE, UNRELATED[0], UNRELATED[1]]
    assert records[0]["same"] and records[0]["current"]


def test_headings_and_boilerplate_get_no_vector(graph_driver: Driver, embedder: SentenceEmbedder) -> None:
    note = make_document(NOTE_ID, ["Risk Factors", PARAPHRASE, UNRELATED[0]], issuer=None, form=None,
                         filed_at=dt.date(2023, 9, 1))
    note.paragraphs[2].boilerplate = True

    embedded = load_run(graph_driver, [note], [], make_resolver(), PROFILE)
    records, _, _ = graph_driver.execute_query(
        "MATCH (p:Paragraph) RETURN p.id AS id, p.embedding IS NOT NULL AS embedded ORDER BY id")

    assert embedded == 1
    assert [(r["id"], r["embedded"]) for r in records] == [
        (paragraph_of(0), False), (paragraph_of(1), True), (paragraph_of(2), False)]


def test_load_skips_embeddings_when_turned_off(graph_driver: Driver, embedder: SentenceEmbedder,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINGRAPH_EMBED_ON_LOAD", "0")
    note = make_document(NOTE_ID, [PARAPHRASE], issuer=None, form=None, filed_at=dt.date(2023, 9, 1))

    embedded = load_run(graph_driver, [note], [], make_resolver(), PROFILE)
    later = embed_paragraphs(graph_driver, embedder)

    assert (embedded, later) == (0, 1)


def test_context_before_embed_uses_fulltext(supply_driver: Driver, embedder: SentenceEmbedder) -> None:
    init_schema(supply_driver)

    context = build_context(supply_driver, "ACME", max_tokens=5000, embedder=embedder)

    assert vector_index_dimensions(supply_driver) == 384
    assert context.retrieval == "fulltext"
