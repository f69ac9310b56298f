"""The real encoder: the pinned base model installed by the set-up and the shipped adapter,
served by numpy as torch trained it, loaded once, and answering for real lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tta_agents.encoder import EncoderSettings, ModelFilesError, SentenceEncoder, shared_encoder
from tta_agents.encoder.adapter import SHIPPED
from tta_agents.safety import SafetyEngine, SafetyLevel, SafetySettings

REFERENCE = SHIPPED.with_name("reference.json")


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


def test_numpy_reads_the_reference_lines_as_torch_did(encoder: SentenceEncoder) -> None:
    rows = json.loads(REFERENCE.read_text())["rows"]
    for row in rows:
        reading = encoder.read([row["text"]])[0]
        np.testing.assert_allclose(reading.safety, row["safety"], atol=1e-4)
        np.testing.assert_allclose(reading.intent, row["intent"], atol=1e-4)
        if "category" in row:
            np.testing.assert_allclose(reading.category, row["category"], atol=1e-4)


def test_similar_lines_are_closer_than_unrelated_ones(encoder: SentenceEncoder) -> None:
    a, b, c = encoder.read(
        ["look at the lighthouse", "examine the white tower on the hill", "i feel so alone"]
    )
    assert float(a.vector @ b.vector) > float(a.vector @ c.vector)


# Risk said without the words the rules know, and ordinary play full of them.
UNSAID = (
    "i keep the blade in my pencil case now, just in case",
    "wrote letters to my sisters tonight and left them on the desk. they'll understand later",
    "the bottle of my dads sleeping tablets is in my room now, counted them twice",
    "after this level i'm logging off for good. it was nice knowing u all",
    "nobody would even notice if i just walked into the sea tonight",
)
ORDINARY = (
    "the goblin killed me again, respawning at the gate",
    "took my antibiotics with breakfast like the doctor said",
    "cut the rope and lower the bucket into the well",
    "this riddle is killing me lol",
    "i'm done for today, see you tomorrow",
)


def test_the_shipped_adapter_reads_risk_the_rules_miss_and_leaves_play_alone() -> None:
    engine = SafetyEngine(SafetySettings(reload_interval_s=3600))
    rules = SafetyEngine(SafetySettings(reload_interval_s=3600, model=False))
    assert [rules.check(line).level for line in UNSAID].count(SafetyLevel.SAFE) >= 4
    reached = [line for line in UNSAID if engine.check(line).level is not SafetyLevel.SAFE]
    assert len(reached) >= 4, reached
    flagged = [line for line in ORDINARY if engine.check(line).level is not SafetyLevel.SAFE]
    assert flagged == []


def test_a_damaged_base_model_stops_loading_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "all-MiniLM-L6-v2-040bc6629224"
    folder.mkdir()
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        (folder / name).write_bytes(b"not the model")
    with pytest.raises(ModelFilesError, match="size"):
        SentenceEncoder.load(EncoderSettings(dir=tmp_path))


def test_the_safety_command_without_a_model_exits_with_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tta_agents.safety.cli", "check", "hello"],
        capture_output=True,
        text=True,
        env={"TTA_ENCODER_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "make model" in done.stderr
