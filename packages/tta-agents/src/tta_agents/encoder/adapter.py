"""The trained part shipped beside the base model: low-rank updates, task heads, calibration.

File format (``safetensors``): ``lora.<linear>.A`` (rank x in) and ``lora.<linear>.B``
(out x rank) per adapted linear layer, optional ``norm.<layernorm>.weight|bias``
replacements, and ``head.<task>.weight|bias`` per task head; the metadata holds
``format`` (``tta-adapter/1``), ``base`` (the base model folder it was trained on),
``layers``, ``scale`` (LoRA alpha / rank), ``labels`` and ``calibration`` (JSON).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from safetensors import SafetensorError, safe_open
from safetensors.numpy import load_file

from tta_agents.encoder.errors import ADAPTER_FIX, ModelFilesError

__all__ = ["FORMAT", "Adapter", "Head", "LowRankUpdates", "load_adapter"]

FORMAT = "tta-adapter/1"
SHIPPED = Path(__file__).with_name("data") / "adapter.safetensors"


@dataclass(frozen=True)
class Head:
    """A linear task head on the pooled sentence vector, with its class labels."""

    weight: np.ndarray  # (classes, hidden)
    bias: np.ndarray
    labels: tuple[str, ...]

    def probabilities(self, pooled: np.ndarray) -> np.ndarray:
        logits = pooled @ self.weight.T + self.bias
        logits -= logits.max(-1, keepdims=True)
        np.exp(logits, out=logits)
        return logits / logits.sum(-1, keepdims=True)


class LowRankUpdates(Mapping[str, np.ndarray]):
    """Full-size weight deltas ``B @ A * scale``, computed when asked for (one at a time, so
    loading never holds every delta at once), and LayerNorm replacements."""

    def __init__(
        self,
        pairs: dict[str, tuple[np.ndarray, np.ndarray]],
        scale: float,
        norms: dict[str, np.ndarray],
    ) -> None:
        self._pairs = pairs
        self._scale = np.float32(scale)
        self._norms = norms

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self._norms:
            return self._norms[name]
        a, b = self._pairs[name]
        return (b @ a).astype(np.float32) * self._scale

    def __iter__(self) -> Iterator[str]:
        yield from self._pairs
        yield from self._norms

    def __len__(self) -> int:
        return len(self._pairs) + len(self._norms)


@dataclass(frozen=True)
class Adapter:
    base: str
    layers: int
    updates: LowRankUpdates
    heads: dict[str, Head]
    calibration: dict[str, Any] = field(default_factory=dict)
    version: str = ""


def load_adapter(path: Path | None = None) -> Adapter:
    """Read an adapter file (the shipped one by default) into merged-ready updates."""
    path = path or SHIPPED
    if not path.is_file():
        raise ModelFilesError(str(path), "the adapter file is missing", ADAPTER_FIX)
    try:
        with safe_open(str(path), framework="numpy") as handle:
            meta: dict[str, str] = handle.metadata() or {}
        tensors = load_file(str(path))
        if meta.get("format") != FORMAT:
            raise ValueError(f"format {meta.get('format')!r}, expected {FORMAT!r}")
        labels: dict[str, list[str]] = json.loads(meta["labels"])
        pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        norms: dict[str, np.ndarray] = {}
        for name in tensors:
            if name.startswith("lora.") and name.endswith(".A"):
                linear = name[len("lora.") : -len(".A")]
                pairs[linear] = (tensors[name], tensors[f"lora.{linear}.B"])
            elif name.startswith("norm."):
                norms[name[len("norm.") :]] = tensors[name].astype(np.float32)
        updates = LowRankUpdates(pairs, float(meta["scale"]), norms)
        heads = {
            task: Head(
                weight=tensors[f"head.{task}.weight"].astype(np.float32),
                bias=tensors[f"head.{task}.bias"].astype(np.float32),
                labels=tuple(names),
            )
            for task, names in labels.items()
        }
        return Adapter(
            base=meta["base"],
            layers=int(meta["layers"]),
            updates=updates,
            heads=heads,
            calibration=json.loads(meta.get("calibration", "{}")),
            version=meta.get("version", ""),
        )
    except (SafetensorError, KeyError, ValueError, OSError) as exc:
        raise ModelFilesError(str(path), f"not a valid adapter ({exc})", ADAPTER_FIX) from exc
