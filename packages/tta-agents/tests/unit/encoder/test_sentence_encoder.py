"""``SentenceEncoder`` over a tiny model: one reading per text, in order, each text computed
once (the safety check and the input processor of a turn share it), cache bounded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests_encoder_support import HEADS, tiny_tensors, tiny_tokenizer, write_adapter

from tta_agents.encoder import EncoderSettings, ModelFilesError, SentenceEncoder
from tta_agents.encoder.adapter import load_adapter
from tta_agents.encoder.minilm import MiniLM


class CountingModel(MiniLM):
    def __init__(self, base: MiniLM) -> None:
        self.__dict__.update(base.__dict__)
        self.rows = 0

    def pooled(self, texts: list[list[int]]) -> np.ndarray:
        self.rows += len(texts)
        self.largest_pass = max(getattr(self, "largest_pass", 0), sum(map(len, texts)))
        return super().pooled(texts)


@pytest.fixture
def encoder(tmp_path: Path) -> SentenceEncoder:
    adapter = load_adapter(write_adapter(tmp_path / "a.safetensors"))
    model = CountingModel(MiniLM.from_tensors(tiny_tensors(), heads=HEADS, updates=adapter.updates))
    return SentenceEncoder(model, tiny_tokenizer(), adapter, cache_size=3)


def test_readings_come_in_order_with_probabilities_and_unit_vectors(encoder) -> None:
    texts = ["i want to go north", "look at the lighthouse", "i feel so empty"]
    readings = encoder.read(texts)
    assert len(readings) == 3
    for reading in readings:
        assert sum(reading.safety) == pytest.approx(1.0, abs=1e-5)
        assert sum(reading.intent) == pytest.approx(1.0, abs=1e-5)
        assert float(np.linalg.norm(reading.vector)) == pytest.approx(1.0, abs=1e-5)
        assert reading.flagged == pytest.approx(1 - reading.safety[0])
        assert reading.crisis == reading.safety[2]
    assert encoder.intent_labels == ("move", "look")
    assert readings[0].vector.tolist() != readings[1].vector.tolist()


def test_each_text_is_computed_once(encoder) -> None:
    model = encoder._model
    first = encoder.read(["open the door", "open the door", "bye"])
    assert model.rows == 2  # the repeated text is read once
    again = encoder.read(["bye"])
    assert model.rows == 2  # and remembered
    assert again[0] is first[2]


def test_the_memory_is_bounded(encoder) -> None:
    model = encoder._model
    encoder.read(["go north", "look", "bye", "open the door"])  # 4 texts, room for 3
    model.rows = 0
    encoder.read(["go north"])
    assert model.rows == 1


def test_a_batch_reads_like_single_texts(encoder, tmp_path: Path) -> None:
    batched = encoder.read(["i want to go north", "bye"])
    adapter = load_adapter(write_adapter(tmp_path / "b.safetensors"))
    fresh = SentenceEncoder(
        MiniLM.from_tensors(tiny_tensors(), heads=HEADS, updates=adapter.updates),
        tiny_tokenizer(), adapter, cache_size=0,
    )  # fmt: skip
    alone = fresh.read(["bye"])[0]
    np.testing.assert_allclose(batched[1].safety, alone.safety, rtol=1e-4, atol=1e-6)


def test_many_long_texts_are_read_in_passes_of_bounded_size(encoder) -> None:
    texts = [" ".join(["north", "look", "bye", "open", f"door{n}"] * 4) for n in range(40)]
    readings = encoder.read(texts)  # 800 tokens in all
    assert len(readings) == 40
    assert encoder._model.largest_pass <= 512  # attention memory stays bounded


def test_loading_without_the_model_files_says_why(tmp_path: Path) -> None:
    with pytest.raises(ModelFilesError) as caught:
        SentenceEncoder.load(EncoderSettings(dir=tmp_path))
    assert "model.safetensors is missing" in str(caught.value)
    assert "make model" in str(caught.value)


def test_a_preload_that_fails_is_raised_to_whoever_waits_and_retried(tmp_path: Path) -> None:
    from tta_agents.encoder import preload_encoder, shared_encoder

    settings = EncoderSettings(dir=tmp_path / "nothing-here")
    preload_encoder(settings)
    with pytest.raises(ModelFilesError):
        shared_encoder(settings)
    with pytest.raises(ModelFilesError):  # tried again, still missing: still a clear error
        shared_encoder(settings)
