"""The numpy forward pass computes a BERT encoder: checked against a plain reference written
head by head and token by token, and for the properties a sentence encoder must have."""

from __future__ import annotations

import math

import numpy as np
from tests_encoder_support import HEADS, HIDDEN, LAYERS

from tta_agents.encoder.minilm import MiniLM


def _ln(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean()
    sd = math.sqrt(((x - mu) ** 2).mean() + 1e-12)
    return (x - mu) / sd * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def reference(t: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """One text, no batching, no fused matrices: the textbook computation."""
    width = HIDDEN // HEADS
    words, places = (
        t["embeddings.word_embeddings.weight"],
        t["embeddings.position_embeddings.weight"],
    )
    x = np.stack([
        _ln(words[tok] + places[i] + t["embeddings.token_type_embeddings.weight"][0],
            t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
        for i, tok in enumerate(ids)
    ])  # fmt: skip
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."

        def lin(name: str, v: np.ndarray, p: str = p) -> np.ndarray:
            return v @ t[f"{p}{name}.weight"].T + t[f"{p}{name}.bias"]

        q, k, v = (lin(f"attention.self.{n}", x) for n in ("query", "key", "value"))
        heads = []
        for h in range(HEADS):
            sl = slice(h * width, (h + 1) * width)
            scores = q[:, sl] @ k[:, sl].T / math.sqrt(width)
            weights = np.exp(scores - scores.max(1, keepdims=True))
            weights /= weights.sum(1, keepdims=True)
            heads.append(weights @ v[:, sl])
        attended = lin("attention.output.dense", np.concatenate(heads, axis=1))
        x = np.stack(
            [
                _ln(
                    r,
                    t[f"{p}attention.output.LayerNorm.weight"],
                    t[f"{p}attention.output.LayerNorm.bias"],
                )
                for r in attended + x
            ]
        )
        out = lin("output.dense", _gelu(lin("intermediate.dense", x))) + x
        x = np.stack(
            [_ln(r, t[f"{p}output.LayerNorm.weight"], t[f"{p}output.LayerNorm.bias"]) for r in out]
        )
    return x.mean(0)


def test_the_forward_pass_matches_the_textbook_computation(tensors) -> None:
    model = MiniLM.from_tensors(tensors, heads=HEADS)
    ids = [2, 3, 4, 5, 6]
    got = model.pooled([ids])[0]
    np.testing.assert_allclose(got, reference(tensors, ids), rtol=1e-4, atol=1e-5)


def test_texts_read_together_read_as_each_alone(tensors) -> None:
    model = MiniLM.from_tensors(tensors, heads=HEADS)
    short, long = [7, 8, 9, 10], [2, 3, 4, 5, 6, 15, 16, 17]
    together = model.pooled([long, short, long[:3]])
    np.testing.assert_allclose(together[0], model.pooled([long])[0], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(together[1], model.pooled([short])[0], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(together[2], reference(tensors, long[:3]), rtol=1e-4, atol=1e-5)


def test_a_low_rank_update_changes_exactly_its_layer(tensors) -> None:
    name = "encoder.layer.1.intermediate.dense"
    delta = np.full(tensors[f"{name}.weight"].shape, 0.05, np.float32)
    plain = MiniLM.from_tensors(tensors, heads=HEADS)
    updated = MiniLM.from_tensors(tensors, heads=HEADS, updates={name: delta})
    np.testing.assert_allclose(updated.layers[0].up, plain.layers[0].up)
    np.testing.assert_allclose(updated.layers[1].up, (tensors[f"{name}.weight"] + delta).T)
    merged = {**tensors, f"{name}.weight": tensors[f"{name}.weight"] + delta}
    ids = [2, 11, 12, 13]
    got = updated.pooled([ids])[0]
    np.testing.assert_allclose(got, reference(merged, ids), rtol=1e-4, atol=1e-5)


def test_fewer_layers_can_be_served(tensors) -> None:
    one = MiniLM.from_tensors(tensors, heads=HEADS, layers=1)
    assert len(one.layers) == 1
    assert len(MiniLM.from_tensors(tensors, heads=HEADS).layers) == LAYERS
