"""A BERT encoder (MiniLM geometry) forward pass in numpy: token ids in, mean-pooled vectors out.

Pure numpy, no I/O: ``MiniLM.from_tensors`` takes the checkpoint's tensors (``safetensors``
names) and, optionally, an adapter's low-rank updates, merged into the weights once. The
attention's three projections are fused into one matrix and every weight is stored
transposed and contiguous, so a layer is four matrix products. GELU is the tanh form (the
adapter is trained with the same form, so training and serving compute the same function).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

__all__ = ["Layer", "MiniLM"]

Array = np.ndarray
_SQRT_2_OVER_PI = np.float32(0.7978845608028654)
_GELU_CUBIC = np.float32(0.044715)


@dataclass(frozen=True)
class Layer:
    qkv: Array  # (hidden, 3*hidden)
    qkv_bias: Array
    out: Array  # (hidden, hidden)
    out_bias: Array
    norm1: tuple[Array, Array]
    up: Array  # (hidden, intermediate)
    up_bias: Array
    down: Array  # (intermediate, hidden)
    down_bias: Array
    norm2: tuple[Array, Array]


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(-1, keepdims=True)
    x = x - mean
    var = np.einsum("...i,...i->...", x, x)[..., None] / x.shape[-1]
    x *= 1.0 / np.sqrt(var + eps)
    x *= weight
    x += bias
    return x


def _gelu_inplace(h: Array) -> Array:
    t = h * h
    t *= h
    t *= _GELU_CUBIC
    t += h
    t *= _SQRT_2_OVER_PI
    np.tanh(t, out=t)
    t += 1.0
    t *= 0.5
    h *= t
    return h


class MiniLM:
    """The encoder's weights and its forward pass (thread-safe: nothing is mutated)."""

    def __init__(
        self,
        *,
        word: Array,
        position: Array,
        token_type: Array,
        norm: tuple[Array, Array],
        layers: list[Layer],
        heads: int,
        eps: float = 1e-12,
    ) -> None:
        self.word = word
        self.position = position
        self.token_type = token_type
        self.norm = norm
        self.layers = layers
        self.heads = heads
        self.eps = eps
        self.hidden = word.shape[1]
        self.max_tokens = position.shape[0]

    @classmethod
    def from_tensors(
        cls,
        tensors: Mapping[str, Array],
        *,
        heads: int,
        layers: int | None = None,
        updates: Mapping[str, Array] | None = None,
    ) -> MiniLM:
        """Build from checkpoint tensors; ``updates`` maps a linear's name (e.g.
        ``encoder.layer.0.attention.self.query``) to a full-size delta added to its weight,
        or a LayerNorm's ``<name>.weight``/``<name>.bias`` to a replacement."""
        updates = updates or {}

        def t(name: str) -> Array:
            value = updates.get(name, tensors[name])
            return np.ascontiguousarray(value, dtype=np.float32)

        def linear(name: str) -> Array:
            weight = tensors[f"{name}.weight"].astype(np.float32)
            delta = updates.get(name)
            if delta is not None:
                weight = weight + delta
            return weight

        count = layers if layers is not None else _count_layers(tensors)
        built: list[Layer] = []
        for i in range(count):
            p = f"encoder.layer.{i}."
            q, k, v = (linear(f"{p}attention.self.{n}") for n in ("query", "key", "value"))
            built.append(
                Layer(
                    qkv=np.ascontiguousarray(np.concatenate([q, k, v]).T),
                    qkv_bias=np.concatenate(
                        [t(f"{p}attention.self.{n}.bias") for n in ("query", "key", "value")]
                    ),
                    out=np.ascontiguousarray(linear(f"{p}attention.output.dense").T),
                    out_bias=t(f"{p}attention.output.dense.bias"),
                    norm1=(
                        t(f"{p}attention.output.LayerNorm.weight"),
                        t(f"{p}attention.output.LayerNorm.bias"),
                    ),
                    up=np.ascontiguousarray(linear(f"{p}intermediate.dense").T),
                    up_bias=t(f"{p}intermediate.dense.bias"),
                    down=np.ascontiguousarray(linear(f"{p}output.dense").T),
                    down_bias=t(f"{p}output.dense.bias"),
                    norm2=(t(f"{p}output.LayerNorm.weight"), t(f"{p}output.LayerNorm.bias")),
                )
            )
        return cls(
            word=t("embeddings.word_embeddings.weight"),
            position=t("embeddings.position_embeddings.weight"),
            token_type=t("embeddings.token_type_embeddings.weight")[0].copy(),
            norm=(t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias")),
            layers=built,
            heads=heads,
        )

    def pooled(self, texts: list[list[int]]) -> Array:
        """Mean of the last layer per text, the texts' tokens packed into one sequence.

        Padding a batch to its longest text would make every clause read beside its whole
        line cost as much as the line (measured: a line with six parts, 203 padded tokens
        for 80 real ones, took twice as long); packed, each token is computed once and attends only
        to the tokens of its own text (its positions start again at 0), so every text reads
        exactly as it would alone, in one pass of matrix products.
        """
        lengths = np.array([len(t) for t in texts])
        ids = np.concatenate([np.asarray(t, dtype=np.int64) for t in texts])
        owner = np.repeat(np.arange(len(texts)), lengths)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        positions = np.arange(len(ids)) - np.repeat(starts, lengths)
        x = self.word[ids] + self.position[positions] + self.token_type
        x = _layer_norm(x, *self.norm, self.eps)
        blocked = np.where(owner[:, None] == owner[None, :], 0.0, -1e9).astype(np.float32)
        # Token rows stay one 2-D matrix (tokens, hidden): numpy multiplies a 3-D stack
        # matrix by matrix, one small product per text, at half the speed of a single one.
        x = self._layers(x, blocked[None, None])
        sums = np.add.reduceat(x, starts, axis=0)
        return sums / lengths[:, None].astype(np.float32)

    def _layers(self, x: Array, blocked: Array) -> Array:
        """The encoder layers over token rows ``x`` (tokens, hidden); ``blocked`` is added to
        the attention scores (0 where a token may attend, -1e9 where not)."""
        width = self.hidden // self.heads
        tokens = x.shape[0]
        scale = np.float32(1.0 / np.sqrt(width))
        for layer in self.layers:
            qkv = x @ layer.qkv
            qkv += layer.qkv_bias
            qkv = qkv.reshape(1, tokens, 3, self.heads, width)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            scores = q @ k
            scores *= scale
            scores += blocked
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(0, 2, 1, 3).reshape(-1, self.hidden)
            h = attended @ layer.out
            h += layer.out_bias
            h += x
            x = _layer_norm(h, *layer.norm1, self.eps)
            up = x @ layer.up
            up += layer.up_bias
            down = _gelu_inplace(up) @ layer.down
            down += layer.down_bias
            down += x
            x = _layer_norm(down, *layer.norm2, self.eps)
        return x


def _count_layers(tensors: Mapping[str, Array]) -> int:
    return len({name.split(".")[2] for name in tensors if name.startswith("encoder.layer.")})
