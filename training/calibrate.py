"""Set the learned tier's thresholds on ordinary play text and write them into the adapter.

    python -m training.calibrate --play training/data/safety/r2-play.jsonl [--adapter FILE]

Runs the served (numpy) encoder over every line as the safety engine reads it (whole,
sentences, clauses; the strongest reading counts) and sets each threshold so that at most a
given share of ordinary play reaches it. Thresholds are never set on the positives.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

from training.data import is_calibration, safety_examples
from tta_agents.encoder import EncoderSettings, SentenceEncoder
from tta_agents.encoder.adapter import SHIPPED
from tta_agents.safety.learned import segments

FLOOR = {"check_in": 0.2, "crisis": 0.5, "part": 0.9, "ask": 0.5}  # never below, whatever play says
# Shares of ordinary play lines each band may reach. A check-in asks, kindly, a question
# clinicians ask routinely, and missing a crisis is the worst outcome: every flagged line the
# model gives at least a 20% chance of a crisis is asked (the floor), so check-ins are bounded
# by the flag rate; the model alone may call at most 0.1% of play lines a crisis. A line below
# the flag threshold whose p(crisis) is still high for play ("the easy way out looks very
# tempting tonight": p(not safe) 0.78, p(crisis) 0.77) is asked too, at most 0.2% of play.
RATES = {"flag": 0.01, "check_in": 0.01, "crisis": 0.001, "part": 0.001, "ask": 0.002}


def readings(encoder: SentenceEncoder, text: str) -> tuple[float, float, float]:
    """(whole line flagged, whole line p(crisis), strongest part's p(crisis)), as served."""
    parts = segments(text)
    found = encoder.read(parts)
    strongest_part = max((r.crisis for r in found[1:]), default=0.0)
    return found[0].flagged, found[0].crisis, strongest_part


def _at_most(values: np.ndarray, share: float, total: int) -> float:
    """The lowest threshold that at most ``share`` of ``total`` lines reach among ``values``
    (a line reaches it when its value is strictly above)."""
    allowed = int(share * total)
    ranked = np.sort(values)[::-1]
    return float(ranked[allowed]) if allowed < len(ranked) else 0.0


def thresholds(scores: np.ndarray, rates: dict[str, float]) -> dict:
    """Thresholds from play lines' (flagged, p(crisis), strongest part's p(crisis)). A
    check-in or a crisis is only ever given to a flagged line, so their thresholds count the
    play lines that would be flagged *and* reach them."""
    total = len(scores)
    flag = float(np.quantile(scores[:, 0], 1 - rates["flag"]))
    flagged = scores[scores[:, 0] >= flag]
    return {
        "flag": flag,
        "check_in": max(FLOOR["check_in"], _at_most(flagged[:, 1], rates["check_in"], total)),
        "crisis": max(FLOOR["crisis"], _at_most(flagged[:, 1], rates["crisis"], total)),
        "part": max(FLOOR["part"], _at_most(scores[:, 2], rates["part"], total)),
        "ask": max(FLOOR["ask"], _at_most(scores[scores[:, 0] < flag][:, 1], rates["ask"], total)),
        "rates": rates,
        "play_lines": total,
    }


def calibrate_adapter(adapter: Path, lines: list[str], rates: dict[str, float] = RATES) -> dict:
    """Set the safety thresholds of ``adapter`` on ``lines`` of ordinary play; rewrite it."""
    encoder = SentenceEncoder.load(EncoderSettings(adapter=adapter, cache_size=0))
    scores = np.array([readings(encoder, t) for t in lines])
    safety = thresholds(scores, rates)
    with safe_open(str(adapter), framework="numpy") as handle:
        meta = dict(handle.metadata() or {})
    calibration = json.loads(meta.get("calibration") or "{}")
    calibration["safety"] = safety
    meta["calibration"] = json.dumps(calibration, sort_keys=True)
    save_file(load_file(str(adapter)), str(adapter), metadata=meta)
    return safety


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.calibrate")
    p.add_argument("--play", type=Path, action="append", default=[], help="play lines (JSONL)")
    p.add_argument("--adapter", type=Path, default=SHIPPED)
    for name, rate in RATES.items():
        p.add_argument(f"--{name.replace('_', '-')}-rate", type=float, default=rate)
    a = p.parse_args(argv)
    lines = [json.loads(x)["text"] for f in a.play for x in f.read_text().splitlines() if x.strip()]
    if not lines:  # the held-out share of the ordinary-play sample, as training keeps it out
        lines = [e.text for e in safety_examples() if is_calibration(e)]
    rates = {name: getattr(a, f"{name}_rate") for name in RATES}
    print(json.dumps(calibrate_adapter(a.adapter, lines, rates), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
