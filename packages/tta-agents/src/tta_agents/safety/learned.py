"""The learned tier: what the sentence encoder reads in a line, beside the rules.

The rules are precise and explainable; the model reads what they were never written for.
A line is read whole, sentence by sentence and clause by clause (a crisis may be one clause
of game talk), and, when the session's recent lines were worrying, together with them (a
farewell after low mood). The strongest reading decides. Thresholds come with the trained
adapter: they were set on held-out ordinary play text, so that the model bothers few players
who are just playing (see the model card beside the adapter).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tta_agents.encoder import Encoder

__all__ = ["Band", "LearnedTier", "ModelReading", "segments"]

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+|\s+[-\u2013\u2014]\s+")
_CLAUSE = re.compile(r",\s+|\s+(?:but|and then|then|so|because|cause|cuz)\s+", re.IGNORECASE)
_MAX_SEGMENTS = 48
_MIN_CLAUSE_WORDS = 3

Band = str  # "safe" | "concern" | "check_in" | "crisis"


def segments(text: str) -> list[str]:
    """The whole text, its sentences and its clauses (of three words or more), each once."""
    whole = " ".join(text.split())
    if not whole:
        return []
    found = [whole]
    for part in _SENTENCE.split(whole):
        sentence = part.strip()
        if not sentence:
            continue
        found.append(sentence)
        clauses = [c.strip() for c in _CLAUSE.split(sentence) if c and c.strip()]
        if len(clauses) > 1:
            found.extend(c for c in clauses if len(c.split()) >= _MIN_CLAUSE_WORDS)
    return list(dict.fromkeys(found))[:_MAX_SEGMENTS]


def window(lines: Sequence[str]) -> str:
    """Several lines of one session read as one text (as the adapter was trained to)."""
    return " ".join(line if line.rstrip()[-1:] in ".!?" else f"{line.rstrip()}." for line in lines)


@dataclass(frozen=True)
class Thresholds:
    flag: float  # 1 - p(safe) at or above: the line is not safe
    check_in: float  # p(crisis) at or above, among flagged lines: ask the player
    crisis: float  # p(crisis) at or above, among flagged lines: crisis

    @classmethod
    def from_calibration(cls, calibration: dict[str, Any]) -> Thresholds:
        return cls(
            flag=float(calibration["flag"]),
            check_in=float(calibration["check_in"]),
            crisis=float(calibration["crisis"]),
        )


@dataclass(frozen=True)
class ModelReading:
    band: Band
    crisis: float  # highest p(crisis) over the segments read
    flagged: float  # highest 1 - p(safe) over the segments read
    segment: str  # the segment that decided the band
    in_context: bool = False  # the decision came from reading the recent lines together


class LearnedTier:
    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.thresholds = Thresholds.from_calibration(encoder.calibration["safety"])

    def band(self, crisis: float, flagged: float) -> Band:
        t = self.thresholds
        if flagged < t.flag:
            return "safe"
        if crisis >= t.crisis:
            return "crisis"
        if crisis >= t.check_in:
            return "check_in"
        return "concern"

    def read(self, text: str, recent: Sequence[str] = ()) -> ModelReading:
        parts = segments(text)
        if not parts:
            return ModelReading("safe", 0.0, 0.0, "")
        context = window([*recent[-2:], parts[0]]) if recent else None
        texts = [*parts, context] if context else parts
        readings = self.encoder.read(texts)
        best: ModelReading | None = None
        order = {"safe": 0, "concern": 1, "check_in": 2, "crisis": 3}
        for segment, reading in zip(texts, readings, strict=True):
            band = self.band(reading.crisis, reading.flagged)
            candidate = ModelReading(
                band, reading.crisis, reading.flagged, segment, in_context=segment is context
            )
            if best is None or (order[band], reading.crisis) > (order[best.band], best.crisis):
                best = candidate
        assert best is not None  # noqa: S101 - parts is not empty
        return best
