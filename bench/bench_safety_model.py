"""The learned tier's cost: a realistic stream of checks, the model's load time and memory.

Figures (each beside a baseline from the same run):
- checks per CPU-second, rules and model, on a stream of 70% game commands (the understanding
  corpora's commands, each checked where it was typed, so the scene's words are known) and
  30% free text (the ordinary-play sample's talk, one line in ten a line of distress from the
  labelled corpora); baseline: the rules alone on the same stream. Target: >= 1,000.
- p99 CPU time per check on that stream (target <= 15 ms), and the wall-clock p99 beside it.
- wall seconds to load the encoder (verify the pinned files, read the weights, merge the
  adapter; target <= 1 s) and the resident memory it adds once loaded and used (target <=
  200 MiB), measured in a fresh interpreter against the same interpreter before loading.
Time is the checking thread's CPU time: the machines are shared.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.report import Figure
from tta_agents.safety import SafetyContext, SafetyEngine, SafetySettings
from tta_agents.world.catalog import shipped_catalog
from tta_agents.world.scene import scene_of

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "training" / "data"
COMMAND_KINDS = {"move", "look", "examine", "take", "drop", "use", "talk", "inventory", "exits",
                 "map", "help", "hint", "rest", "exercise", "save", "undo"}  # fmt: skip
STREAM = 3_000
BENCH = "safety"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def stream(seed: int = 11) -> list[tuple[str, SafetyContext]]:
    """70% commands with their scenes, 30% free text (one in ten distress)."""
    rng = random.Random(seed)
    catalog = shipped_catalog()
    commands = []
    for path in sorted((DATA / "intent").glob("*.jsonl")):
        for row in _rows(path):
            if row["accept"][0] in COMMAND_KINDS:
                world = catalog.world(row["world"])
                state = world.new_state().model_copy(update={"location": row["location"]})
                words = scene_of(world, state).vocabulary
                commands.append((row["text"], SafetyContext(game_words=words)))
    safety = [r for p in sorted((DATA / "safety").glob("*.jsonl")) for r in _rows(p) if "text" in r]
    talk = [
        r["text"]
        for r in safety
        if r.get("writer") == "r2-play" and r.get("kind") != "game_command"
    ]
    distress = [r["text"] for r in safety if r["label"] != "safe"]
    out = []
    for _ in range(STREAM):
        if rng.random() < 0.7:
            out.append(rng.choice(commands))
        else:
            text = rng.choice(distress) if rng.random() < 0.1 else rng.choice(talk)
            out.append((text, SafetyContext()))
    return out


def _costs(
    engine: SafetyEngine, lines: list[tuple[str, SafetyContext]]
) -> tuple[list[float], list[float]]:
    cpu, wall = [], []
    for text, context in lines:
        c0, w0 = time.thread_time(), time.perf_counter()
        engine.check(text, context)
        cpu.append((time.thread_time() - c0) * 1e3)
        wall.append((time.perf_counter() - w0) * 1e3)
    return cpu, wall


def _p99(values: list[float]) -> float:
    return sorted(values)[int(0.99 * (len(values) - 1))]


_LOAD = """
import gc, time
from tta_agents.encoder import SentenceEncoder
def resident():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
before = resident()
t0 = time.perf_counter()
encoder = SentenceEncoder.load()
seconds = time.perf_counter() - t0
encoder.read(["a first line warms the buffers"])
gc.collect()
print(seconds, resident() - before)
"""


def _load() -> tuple[float, float]:
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True
        )
        seconds, mib = (float(x) for x in out.stdout.split())
        runs.append((seconds, mib))
    runs.sort()
    return runs[1]


def run() -> list[Figure]:
    lines = stream()
    model = SafetyEngine(SafetySettings(reload_interval_s=3600))
    rules = SafetyEngine(SafetySettings(reload_interval_s=3600, model=False))
    _costs(model, lines[:200])  # warm: the first readings fill no cache the stream reuses
    model_cpu, model_wall = _costs(model, lines)
    rules_cpu, _ = _costs(rules, lines)
    rate, rules_rate = 1e3 / (sum(model_cpu) / len(lines)), 1e3 / (sum(rules_cpu) / len(lines))
    seconds, mib = _load()
    return [
        Figure(BENCH, "checks per CPU-second with the learned tier (70% commands, 30% free text)",
               rate, "checks/s", rules_rate, "the rules alone, same stream", "value >= 1000",
               rate >= 1000),
        Figure(BENCH, "p99 CPU time per check with the learned tier", _p99(model_cpu), "ms",
               _p99(rules_cpu), "the rules alone", "value <= 15", _p99(model_cpu) <= 15),
        Figure(BENCH, "p99 per check with the learned tier, wall clock (shared machine)",
               _p99(model_wall), "ms", _p99(model_cpu), "p99 CPU time"),
        Figure(BENCH, "encoder load (verify pins, read weights, merge adapter), wall", seconds,
               "s", None, "", "value <= 1", seconds <= 1),
        Figure(BENCH, "resident memory the encoder adds", mib, "MiB", None, "",
               "value <= 200", mib <= 200),
    ]  # fmt: skip
