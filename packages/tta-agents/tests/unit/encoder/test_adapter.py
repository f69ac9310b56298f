"""The adapter file: low-rank updates merged into full deltas, heads, calibration, and a
clear error for anything else."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load_file
from tests_encoder_support import HIDDEN, write_adapter

from tta_agents.encoder import ModelFilesError
from tta_agents.encoder.adapter import load_adapter


def test_updates_are_b_times_a_times_the_scale(tmp_path: Path) -> None:
    path = write_adapter(tmp_path / "a.safetensors")
    raw = load_file(str(path))
    adapter = load_adapter(path)
    name = "encoder.layer.0.attention.self.query"
    expected = raw[f"lora.{name}.B"] @ raw[f"lora.{name}.A"] * 2.0
    np.testing.assert_allclose(adapter.updates[name], expected, rtol=1e-6)
    assert adapter.layers == 2
    assert adapter.base == "tiny"
    assert adapter.heads["safety"].labels == ("safe", "concern", "crisis")
    assert adapter.calibration["safety"]["crisis"] == 0.6


def test_head_probabilities_sum_to_one(tmp_path: Path) -> None:
    head = load_adapter(write_adapter(tmp_path / "a.safetensors")).heads["safety"]
    probs = head.probabilities(
        np.random.default_rng(0).standard_normal((4, HIDDEN)).astype(np.float32)
    )
    np.testing.assert_allclose(probs.sum(1), 1.0, rtol=1e-5)


def test_a_missing_adapter_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFilesError, match="adapter file is missing"):
        load_adapter(tmp_path / "nope.safetensors")


@pytest.mark.parametrize("content", [b"not a safetensors file", b""])
def test_a_damaged_adapter_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.safetensors"
    path.write_bytes(content)
    with pytest.raises(ModelFilesError, match="not a valid adapter"):
        load_adapter(path)


def test_an_adapter_of_another_format_is_refused(tmp_path: Path) -> None:
    path = write_adapter(tmp_path / "a.safetensors", fmt="something/9")
    with pytest.raises(ModelFilesError, match="format"):
        load_adapter(path)
