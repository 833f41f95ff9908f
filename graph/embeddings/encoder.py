"""The forward pass of a BERT encoder in numpy, for inference only (no dropout, no gradients).

The layout follows the Hugging Face `BertModel` weights: word, position and token-type
embeddings summed and layer-normalized, then blocks of multi-head self-attention and a GELU
feed-forward layer, each followed by a residual sum and layer normalization (post-norm).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float32]

# Coefficients of the Abramowitz and Stegun approximation 7.1.26 of erf, with an absolute error
# below 1.5e-7 (Handbook of Mathematical Functions, 1964). Evaluated in float32 the error stays
# below 6e-7, which reproduces the exact-erf GELU of BERT without scipy.
_ERF_P = 0.3275911
_ERF_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


# erf(6) is 1 in float32. Clipping there keeps exp() from producing subnormal floats, which are
# several times slower to compute with on x86 and change nothing in the result.
_ERF_SATURATION = 6.0
# exp(-80) is still a normal float32 (the smallest is about 1.2e-38), and as a softmax weight it is
# below float32 resolution next to the weight 1 of the maximum, so clipping there changes no sum.
_SOFTMAX_FLOOR = -80.0


def erf(x: Array) -> Array:
    """Return the error function of `x`, elementwise, to within 6e-7 in float32."""
    sign = np.sign(x)
    magnitude = np.minimum(np.abs(x), _ERF_SATURATION)
    t = 1.0 / (1.0 + _ERF_P * magnitude)
    polynomial = t * (_ERF_A[0] + t * (_ERF_A[1] + t * (_ERF_A[2] + t * (_ERF_A[3] + t * _ERF_A[4]))))
    return (sign * (1.0 - polynomial * np.exp(-magnitude * magnitude))).astype(np.float32)


def gelu(x: Array) -> Array:
    """Return the exact GELU, x * Phi(x), that BERT's `hidden_act: gelu` names."""
    return (0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)


def layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    variance = np.square(x - mean).mean(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(variance + eps) * weight + bias).astype(np.float32)


def softmax(x: Array) -> Array:
    shifted = np.exp(np.maximum(x - x.max(axis=-1, keepdims=True), _SOFTMAX_FLOOR))
    return shifted / shifted.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class EncoderLayer:
    """The weights of one transformer block, with matrices stored transposed for `x @ W`."""

    qkv_weight: Array
    qkv_bias: Array
    attention_out_weight: Array
    attention_out_bias: Array
    attention_norm: tuple[Array, Array]
    intermediate_weight: Array
    intermediate_bias: Array
    output_weight: Array
    output_bias: Array
    output_norm: tuple[Array, Array]


class BertEncoder:
    """A BERT encoder whose `forward` returns the last hidden states of a padded batch."""

    def __init__(self, weights: dict[str, Array], config: dict[str, Any]) -> None:
        self.hidden_size = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        if self.hidden_size % self.heads:
            raise ValueError(f"hidden_size {self.hidden_size} is not a multiple of num_attention_heads {self.heads}")
        self.max_positions = int(config["max_position_embeddings"])
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""
        self.word_embeddings = weights[f"{prefix}embeddings.word_embeddings.weight"]
        self.position_embeddings = weights[f"{prefix}embeddings.position_embeddings.weight"]
        self.token_type_embedding = weights[f"{prefix}embeddings.token_type_embeddings.weight"][0]
        self.embedding_norm = (weights[f"{prefix}embeddings.LayerNorm.weight"],
                               weights[f"{prefix}embeddings.LayerNorm.bias"])
        self.layers = [_layer(weights, f"{prefix}encoder.layer.{i}.") for i in range(int(config["num_hidden_layers"]))]

    @classmethod
    def from_safetensors(cls, path: Path, config: dict[str, Any]) -> BertEncoder:
        from safetensors.numpy import load_file

        return cls({name: array.astype(np.float32, copy=False) for name, array in load_file(str(path)).items()},
                   config)

    def forward(self, input_ids: NDArray[np.int64], attention_mask: NDArray[np.int64]) -> Array:
        """Return hidden states of shape (batch, tokens, hidden_size); every input has token type 0."""
        tokens = input_ids.shape[1]
        if tokens > self.max_positions:
            raise ValueError(f"a batch of {tokens} tokens exceeds the {self.max_positions} positions of the model")
        x = self.word_embeddings[input_ids] + self.position_embeddings[:tokens] + self.token_type_embedding
        x = layer_norm(x, *self.embedding_norm, self.eps)
        # Padding gets a large negative score, so its softmax weight is below float32 resolution.
        mask_bias = ((1.0 - attention_mask[:, None, None, :]) * np.finfo(np.float32).min).astype(np.float32)
        for layer in self.layers:
            x = self._block(x, layer, mask_bias)
        return x

    def _block(self, x: Array, layer: EncoderLayer, mask_bias: Array) -> Array:
        attended = self._attention(x, layer, mask_bias)
        x = layer_norm(attended @ layer.attention_out_weight + layer.attention_out_bias + x,
                       *layer.attention_norm, self.eps)
        intermediate = gelu(x @ layer.intermediate_weight + layer.intermediate_bias)
        return layer_norm(intermediate @ layer.output_weight + layer.output_bias + x, *layer.output_norm, self.eps)

    def _attention(self, x: Array, layer: EncoderLayer, mask_bias: Array) -> Array:
        """Return the concatenated heads of scaled dot-product self-attention, before the output projection."""
        batch, tokens, _ = x.shape
        head_size = self.hidden_size // self.heads
        qkv = (x @ layer.qkv_weight + layer.qkv_bias).reshape(batch, tokens, 3, self.heads, head_size)
        # Axes become (q/k/v, batch, head, token, head_size).
        query, key, value = qkv.transpose(2, 0, 3, 1, 4)
        scores = query @ key.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head_size)) + mask_bias
        context = softmax(scores) @ value
        return context.transpose(0, 2, 1, 3).reshape(batch, tokens, self.hidden_size)


def _layer(weights: dict[str, Array], prefix: str) -> EncoderLayer:
    """Collect one block's weights; PyTorch stores a linear layer as (out, in), so each is transposed."""
    def linear(name: str) -> Array:
        return np.ascontiguousarray(weights[f"{prefix}{name}.weight"].T)

    def norm(name: str) -> tuple[Array, Array]:
        return weights[f"{prefix}{name}.LayerNorm.weight"], weights[f"{prefix}{name}.LayerNorm.bias"]

    projections = ("attention.self.query", "attention.self.key", "attention.self.value")
    return EncoderLayer(
        qkv_weight=np.concatenate([linear(name) for name in projections], axis=1),
        qkv_bias=np.concatenate([weights[f"{prefix}{name}.bias"] for name in projections]),
        attention_out_weight=linear("attention.output.dense"),
        attention_out_bias=weights[f"{prefix}attention.output.dense.bias"],
        attention_norm=norm("attention.output"),
        intermediate_weight=linear("intermediate.dense"),
        intermediate_bias=weights[f"{prefix}intermediate.dense.bias"],
        output_weight=linear("output.dense"),
        output_bias=weights[f"{prefix}output.dense.bias"],
        output_norm=norm("output"),
    )
