"""A tiny BERT checkpoint (random weights, real tensor names) and a word-level tokenizer, so the
encoder's code runs in unit tests without the real model files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from tokenizers.pre_tokenizers import Whitespace

HIDDEN, INTER, LAYERS, HEADS, VOCAB, POSITIONS = 16, 32, 2, 4, 40, 24
WORDS = [
    "[PAD]", "[UNK]", "i", "want", "to", "go", "north", "look", "at", "the", "lighthouse",
    "feel", "so", "empty", "die", "and", "then", "open", "door", "bye",
]  # fmt: skip


def tiny_tensors(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def w(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    t = {
        "embeddings.word_embeddings.weight": w(VOCAB, HIDDEN),
        "embeddings.position_embeddings.weight": w(POSITIONS, HIDDEN),
        "embeddings.token_type_embeddings.weight": w(2, HIDDEN),
        "embeddings.LayerNorm.weight": 1 + w(HIDDEN),
        "embeddings.LayerNorm.bias": w(HIDDEN),
    }
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for name in ("query", "key", "value"):
            t[f"{p}attention.self.{name}.weight"] = w(HIDDEN, HIDDEN)
            t[f"{p}attention.self.{name}.bias"] = w(HIDDEN)
        t[f"{p}attention.output.dense.weight"] = w(HIDDEN, HIDDEN)
        t[f"{p}attention.output.dense.bias"] = w(HIDDEN)
        t[f"{p}attention.output.LayerNorm.weight"] = 1 + w(HIDDEN)
        t[f"{p}attention.output.LayerNorm.bias"] = w(HIDDEN)
        t[f"{p}intermediate.dense.weight"] = w(INTER, HIDDEN)
        t[f"{p}intermediate.dense.bias"] = w(INTER)
        t[f"{p}output.dense.weight"] = w(HIDDEN, INTER)
        t[f"{p}output.dense.bias"] = w(HIDDEN)
        t[f"{p}output.LayerNorm.weight"] = 1 + w(HIDDEN)
        t[f"{p}output.LayerNorm.bias"] = w(HIDDEN)
    return t


def tiny_tokenizer() -> Tokenizer:
    tokenizer = Tokenizer(WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    return tokenizer


def write_adapter(path: Path, *, rank: int = 2, base: str = "tiny", seed: int = 1,
                  calibration: dict | None = None, fmt: str = "tta-adapter/1") -> Path:  # fmt: skip
    rng = np.random.default_rng(seed)
    tensors: dict[str, np.ndarray] = {}
    for i in range(LAYERS):
        for name, (out, inp) in {
            "attention.self.query": (HIDDEN, HIDDEN),
            "intermediate.dense": (INTER, HIDDEN),
        }.items():
            tensors[f"lora.encoder.layer.{i}.{name}.A"] = rng.standard_normal((rank, inp)).astype(
                np.float32
            )
            tensors[f"lora.encoder.layer.{i}.{name}.B"] = rng.standard_normal((out, rank)).astype(
                np.float32
            )
    tensors["head.safety.weight"] = rng.standard_normal((3, HIDDEN)).astype(np.float32)
    tensors["head.safety.bias"] = np.zeros(3, np.float32)
    tensors["head.intent.weight"] = rng.standard_normal((2, HIDDEN)).astype(np.float32)
    tensors["head.intent.bias"] = np.zeros(2, np.float32)
    meta = {
        "format": fmt,
        "base": base,
        "layers": str(LAYERS),
        "scale": "2.0",
        "labels": json.dumps({"safety": ["safe", "concern", "crisis"], "intent": ["move", "look"]}),
        "calibration": json.dumps(
            calibration or {"safety": {"flag": 0.5, "check_in": 0.3, "crisis": 0.6}}
        ),
        "version": "test",
    }
    save_file(tensors, str(path), metadata=meta)
    return path
