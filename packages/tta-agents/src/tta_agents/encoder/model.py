"""``SentenceEncoder``: the one contextual model in the process, shared by safety and intent.

One forward pass per text gives everything both consumers need: the safety head's
probabilities, the intent head's probabilities and a unit-length sentence vector for
similarity. Readings of recently seen texts are kept (bounded LRU), so the safety check and
the input processor of one turn pay for a line once. Loading verifies every file against its
pin and fails with the reason (``ModelFilesError``); there is no fallback to a weaker model.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
from safetensors import safe_open
from threadpoolctl import threadpool_limits
from tokenizers import Tokenizer

from tta_agents.encoder.adapter import Adapter, Head, load_adapter
from tta_agents.encoder.errors import ModelFilesError
from tta_agents.encoder.files import BASE, default_model_dir, verified_files
from tta_agents.encoder.minilm import MiniLM
from tta_agents.encoder.settings import EncoderSettings

__all__ = ["Encoder", "Reading", "SentenceEncoder"]

_HEADS = 12


class _Tensors(Mapping[str, np.ndarray]):
    """The checkpoint's tensors, read from the open file when asked for."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self._names = tuple(handle.keys())

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._names:
            raise KeyError(name)
        return self._handle.get_tensor(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@dataclass(frozen=True)
class Reading:
    """What the model reads in one text."""

    safety: tuple[float, float, float]  # probabilities of safe, concern, crisis
    intent: tuple[float, ...]  # probabilities over ``Encoder.intent_labels``
    vector: np.ndarray  # unit length, for similarity between texts
    category: tuple[float, ...] = ()  # probabilities over ``Encoder.category_labels``

    @property
    def crisis(self) -> float:
        return self.safety[2]

    @property
    def flagged(self) -> float:
        """Probability that the text is not safe (concern or crisis)."""
        return 1.0 - self.safety[0]


@runtime_checkable
class Encoder(Protocol):
    """What the safety engine and the input processor need from a sentence model."""

    intent_labels: tuple[str, ...]
    category_labels: tuple[str, ...]
    calibration: dict[str, Any]

    def read(self, texts: Sequence[str]) -> list[Reading]:
        """One reading per text, in order."""
        ...


class SentenceEncoder:
    """all-MiniLM-L6-v2 with the trained adapter merged in, as numpy. Thread-safe."""

    def __init__(
        self,
        model: MiniLM,
        tokenizer: Tokenizer,
        adapter: Adapter,
        *,
        cache_size: int = 4096,
        load_seconds: float = 0.0,
    ) -> None:
        self._model = model
        self._tokenizer = tokenizer
        self._safety: Head = adapter.heads["safety"]
        self._intent: Head | None = adapter.heads.get("intent")
        self._category: Head | None = adapter.heads.get("category")
        self.intent_labels: tuple[str, ...] = self._intent.labels if self._intent else ()
        self.category_labels: tuple[str, ...] = self._category.labels if self._category else ()
        self.calibration: dict[str, Any] = adapter.calibration
        self.version = adapter.version
        self.load_seconds = load_seconds
        self._cache: OrderedDict[str, Reading] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @classmethod
    def load(cls, settings: EncoderSettings | None = None) -> SentenceEncoder:
        """Verify and load the base model and the adapter; ``ModelFilesError`` says why not."""
        settings = settings or EncoderSettings()
        started = time.perf_counter()
        # One BLAS thread: these products are small, and extra BLAS threads spin while they
        # wait, costing about five times the CPU per line (13 ms single-threaded against 66 ms
        # with OpenBLAS's default on two cores) for little gain in latency.
        threadpool_limits(limits=1, user_api="blas")
        files = verified_files(settings.dir or default_model_dir())
        adapter = load_adapter(settings.adapter)
        if adapter.base != BASE.folder:
            raise ModelFilesError(
                str(settings.adapter or "shipped adapter"),
                f"trained on base {adapter.base!r}, not the installed {BASE.folder!r}",
            )
        try:
            with safe_open(str(files["model.safetensors"]), framework="numpy") as handle:
                # Tensor by tensor, straight into the served layout: never two copies at once.
                model = MiniLM.from_tensors(
                    _Tensors(handle), heads=_HEADS, layers=adapter.layers, updates=adapter.updates
                )
            tokenizer = Tokenizer.from_file(str(files["tokenizer.json"]))
        except Exception as exc:  # safetensors and tokenizers raise their own or plain Exception
            raise ModelFilesError(str(files["model.safetensors"]), f"unreadable: {exc}") from exc
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=settings.max_tokens)
        return cls(
            model,
            tokenizer,
            adapter,
            cache_size=settings.cache_size,
            load_seconds=time.perf_counter() - started,
        )

    def read(self, texts: Sequence[str]) -> list[Reading]:
        found: dict[str, Reading] = {}
        with self._lock:
            for text in texts:
                hit = self._cache.get(text)
                if hit is not None:
                    self._cache.move_to_end(text)
                    found[text] = hit
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            fresh = self._forward(missing)
            found.update(fresh)
            if self._cache_size:
                with self._lock:
                    self._cache.update(fresh)
                    while len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
        return [found[text] for text in texts]

    def _forward(self, texts: list[str]) -> dict[str, Reading]:
        # Packed, not padded: a line's clauses are read beside the whole line at the cost of
        # their own tokens (see ``MiniLM.pooled``), at most _PACK tokens a pass, so attention
        # (tokens x tokens per head) stays small however many parts a long line has.
        encoded = [self._tokenizer.encode(text).ids for text in texts]
        pooled = np.concatenate([self._model.pooled(pack) for pack in _packs(encoded)])
        safety = self._safety.probabilities(pooled)
        none = np.zeros((len(texts), 0))
        intent = self._intent.probabilities(pooled) if self._intent else none
        category = self._category.probabilities(pooled) if self._category else none
        vectors = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return {
            text: Reading(
                safety=(float(safety[i, 0]), float(safety[i, 1]), float(safety[i, 2])),
                intent=tuple(float(p) for p in intent[i]),
                vector=vectors[i],
                category=tuple(float(p) for p in category[i]),
            )
            for i, text in enumerate(texts)
        }


_PACK = 512  # tokens a pass at most: 12 heads x 512 x 512 float32 scores are 12 MiB


def _packs(encoded: list[list[int]]) -> list[list[list[int]]]:
    """Texts in order, in packs of at most ``_PACK`` tokens (a longer text alone)."""
    packs: list[list[list[int]]] = []
    size = 0
    for ids in encoded:
        if packs and size + len(ids) <= _PACK:
            packs[-1].append(ids)
            size += len(ids)
        else:
            packs.append([ids])
            size = len(ids)
    return packs
