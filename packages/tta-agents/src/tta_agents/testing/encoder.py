"""``FakeEncoder``: a sentence encoder for tests, with readings you choose, no model files.

Phrases map to readings: a text containing a ``crisis`` phrase reads as a likely crisis, a
``concern`` phrase as distress, an ``unsure`` phrase sits in the check-in band, and anything
else reads as safe. Intent readings come from ``intents`` (phrase -> kind). Vectors are
hashed bags of words, so texts that share words are similar. ``batches`` records what was
read, batch by batch, so a test can see the encoder was asked once per line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from tta_agents.encoder import Reading

__all__ = ["FakeEncoder"]

_DIM = 64
CALIBRATION: dict[str, Any] = {
    "safety": {"flag": 0.5, "check_in": 0.35, "crisis": 0.6, "part": 0.85}
}


def _vector(text: str) -> np.ndarray:
    vector = np.zeros(_DIM, dtype=np.float32)
    for word in text.lower().split():
        digest = hashlib.blake2b(word.strip(".,!?").encode(), digest_size=4).digest()
        vector[int.from_bytes(digest, "little") % _DIM] += 1.0
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


class FakeEncoder:
    def __init__(
        self,
        *,
        crisis: Iterable[str] = ("want to die", "kill myself", "end it all"),
        concern: Iterable[str] = ("so anxious", "so empty", "panic"),
        unsure: Iterable[str] = ("disappear", "not be here"),
        intents: Mapping[str, str] | None = None,
        intent_labels: Sequence[str] = (),
        calibration: Mapping[str, Any] | None = None,
    ) -> None:
        self.crisis = tuple(p.lower() for p in crisis)
        self.concern = tuple(p.lower() for p in concern)
        self.unsure = tuple(p.lower() for p in unsure)
        self.intents = {k.lower(): v for k, v in (intents or {}).items()}
        self.intent_labels = tuple(intent_labels) or tuple(dict.fromkeys(self.intents.values()))
        self.category_labels: tuple[str, ...] = ()
        self.calibration: dict[str, Any] = dict(calibration or CALIBRATION)
        self.batches: list[list[str]] = []

    def _safety(self, text: str) -> tuple[float, float, float]:
        lowered = text.lower()
        if any(p in lowered for p in self.crisis):
            return (0.02, 0.08, 0.90)
        if any(p in lowered for p in self.unsure):
            return (0.10, 0.50, 0.40)
        if any(p in lowered for p in self.concern):
            return (0.10, 0.80, 0.10)
        return (0.97, 0.02, 0.01)

    def _intent(self, text: str) -> tuple[float, ...]:
        lowered = text.lower()
        kind = next((k for phrase, k in self.intents.items() if phrase in lowered), None)
        if kind is None or not self.intent_labels:
            return tuple(1.0 / max(len(self.intent_labels), 1) for _ in self.intent_labels)
        rest = 0.1 / max(len(self.intent_labels) - 1, 1)
        return tuple(0.9 if label == kind else rest for label in self.intent_labels)

    def read(self, texts: Sequence[str]) -> list[Reading]:
        self.batches.append(list(texts))
        return [Reading(self._safety(t), self._intent(t), _vector(t)) for t in texts]
