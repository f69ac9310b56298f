"""Safety engine throughput, and how its cost grows with the number of rules.

Figures (medians of repeated runs, each beside a baseline measured in the same run):
- checks per CPU-second (one core) with the default pack on realistic 40-300 character player lines
  (mostly game talk, one in ten a line of distress from the labelled corpus); the baseline
  is tokenising the same lines, the floor any checker pays. Target: >= 20,000 checks/s.
- microseconds per line with the default pack plus 1,000 and 10,000 synthetic rules,
  against the default pack plus 100 synthetic rules. Target: 10,000 no more than 2x of 100.
- CPU milliseconds to check one 100,000-character text (a 10,000-character text of the same
  lines, ten times), against ten times the cost of the 10,000-character text. Target: ratio
  <= 1.5 (linear in the length; before the fix it was quadratic).
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

from bench.report import Figure, median_of
from tta_agents.safety import SafetyEngine, SafetySettings
from tta_agents.safety.analysis import analyze
from tta_agents.safety.loader import DEFAULT_PACK
from tta_agents.safety.matcher import RuleSet, compile_packs
from tta_agents.safety.pack import PackFile, RuleSpec, load_pack

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "packages" / "tta-agents" / "tests" / "data" / "safety_corpus.jsonl"
LINES = 2_000
RUNS = 5

GAME = [
    "I walk north through the misty forest and look for the old well.",
    "open the wooden chest with the brass key",
    "read the scroll inside and take the lantern",
    "I feel calm here by the lake, can I sit on the bench for a while?",
    "attack the goblin with my sword, then drink the healing potion",
    "what does the inscription on the stone say?",
    "ask the merchant about the path to the mountain village",
    "I'd like to try the breathing exercise the gardener mentioned",
    "this puzzle is killing me lol, give me a hint",
    "light the candle and look at the painting above the fireplace",
    "go back to the garden and water the flowers",
    "talk to the owl. what does it know about the tower?",
    "I pick up the smooth stone and put it in my bag",
    "let's follow the river until we find the bridge",
    "I'm a bit tired, is there an inn where I can rest?",
]


def _lines(seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    distress = [json.loads(line)["text"] for line in CORPUS.read_text().splitlines()]
    out: list[str] = []
    while len(out) < LINES:
        parts = [rng.choice(GAME) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.1:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(distress))
        line = " ".join(parts)[:300]
        if len(line) >= 40:
            out.append(line)
    return out


def _synthetic(count: int, seed: int) -> PackFile:
    rng = random.Random(seed)
    syllables = ["zor", "bel", "quin", "tav", "mur", "dex", "lo", "ka", "vish", "pra", "nel", "ur"]
    vocabulary = ["".join(rng.choices(syllables, k=3)) for _ in range(5_000)]
    game_words = sorted({w.lower() for line in GAME for w in re.findall(r"[a-z]+", line.lower())})
    rules = []
    for n in range(count):
        words = rng.sample(vocabulary, 3)
        if rng.random() < 0.3:  # some synthetic rules also mention everyday words
            words[rng.randrange(1, 3)] = rng.choice(game_words)
        rules.append(
            RuleSpec(
                id=f"synthetic.{n}",
                category="synthetic",
                level="concern",
                patterns=(f"{words[0]} (?:{words[1]}|{words[2]}) \\w+",),
            )
        )
    return PackFile(version="synthetic", rules=tuple(rules))


def _rules_with(count: int) -> RuleSet:
    default, raw = load_pack(DEFAULT_PACK)
    return compile_packs([("default", default, raw), ("synthetic", _synthetic(count, count), b"")])


def _per_line_us(action: Callable[[str], object], lines: list[str]) -> float:
    """CPU microseconds per line on this thread (the target is per core, and the machines
    are shared: wall time would measure the neighbours)."""

    def once() -> float:
        start = time.thread_time()
        for line in lines:
            action(line)
        return (time.thread_time() - start) / len(lines) * 1e6

    once()  # warm the caches, as a long-running server has them
    return median_of(RUNS, once)


def run() -> list[Figure]:
    lines = _lines()
    engine = SafetyEngine(SafetySettings())
    tokenize = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[.!?;,:\n\"]").findall
    check_us = _per_line_us(engine.check, lines)
    floor_us = _per_line_us(tokenize, lines)
    figures = [
        Figure(
            benchmark="safety",
            name="checks per CPU-second, default pack, 40-300 char lines",
            value=1e6 / check_us,
            unit="checks/s",
            baseline=1e6 / floor_us,
            baseline_name="tokenising the same lines",
            target="value >= 20000",
            met=1e6 / check_us >= 20_000,
        )
    ]
    costs = {}
    for count in (100, 1_000, 10_000):
        rules = _rules_with(count)
        costs[count] = _per_line_us(lambda line, r=rules: analyze(r, line, "input"), lines)
    for count in (1_000, 10_000):
        figures.append(
            Figure(
                benchmark="safety",
                name=f"us per line, default pack + {count:,} synthetic rules",
                value=costs[count],
                unit="us",
                baseline=costs[100],
                baseline_name="default pack + 100 synthetic rules",
                target="ratio <= 2.0",
                met=costs[count] <= 2 * costs[100],
            )
        )
    figures.append(_long_text_figure(engine, lines))
    return figures


def _long_text_figure(engine: SafetyEngine, lines: list[str]) -> Figure:
    # The long text repeats the short one, so both wake the same rules (each woken rule
    # reads the whole text once): the ratio shows how the cost grows with length alone.
    short = " ".join(lines)[:9_999] + " "
    long = short * 10

    def cost_ms(text: str) -> float:
        def once() -> float:
            start = time.thread_time()
            engine.check(text)
            return (time.thread_time() - start) * 1e3

        return median_of(RUNS, once)

    long_ms, short_ms = cost_ms(long), cost_ms(short)
    return Figure(
        benchmark="safety",
        name="ms to check one 100,000-character text",
        value=long_ms,
        unit="ms",
        baseline=10 * short_ms,
        baseline_name="10 x a 10,000-character text",
        target="ratio <= 1.5",
        met=long_ms <= 1.5 * 10 * short_ms,
    )
