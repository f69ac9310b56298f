"""The learned tier: what the sentence encoder reads in a line, beside the rules.

The rules are precise and explainable; the model reads what they were never written for.
A line is read whole and, when the session's recent lines were worrying, together with them
(a farewell after low mood); the stronger of those readings decides the band. Its sentences
and clauses are read too (a crisis may be one clause of game talk), but a part alone can
only raise the line to a crisis, and only when it reads as one with more certainty than the
whole line needs: measured on round 2, letting any part decide as the whole does cost more
false alarms than it found crises (AUC 0.87 against 0.92 for the whole line). Thresholds
come with the trained adapter: they were set on held-out ordinary play text, so that the
model bothers few players who are just playing (see the model card beside the adapter).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tta_agents.encoder import Encoder, Reading

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


_NEVER = 2.0  # a threshold no probability reaches (adapters calibrated before it existed)


@dataclass(frozen=True)
class Thresholds:
    flag: float  # 1 - p(safe) at or above: the line is not safe
    check_in: float  # p(crisis) at or above, among flagged lines: ask the player
    crisis: float  # p(crisis) at or above, among flagged lines: crisis
    part: float  # p(crisis) at or above in one sentence or clause: crisis
    ask: float  # p(crisis) at or above in a line below ``flag``: ask the player all the same

    @classmethod
    def from_calibration(cls, calibration: dict[str, Any]) -> Thresholds:
        return cls(
            flag=float(calibration["flag"]),
            check_in=float(calibration["check_in"]),
            crisis=float(calibration["crisis"]),
            part=float(calibration.get("part", 1.0)),
            ask=float(calibration.get("ask", _NEVER)),
        )


@dataclass(frozen=True)
class ModelReading:
    band: Band
    crisis: float  # p(crisis) of the reading that decided
    flagged: float  # 1 - p(safe) of the reading that decided
    segment: str  # the text that decided the band (the line, a part of it, or a window)
    in_context: bool = False  # the decision came from reading the recent lines together
    category: str | None = None  # the kind of trouble the model reads, when it is sure
    # When one part of the line raised it: the reading of the whole (or of the context) it
    # overrode, which stands if the rules read that part as play (see ``decide``).
    overrode: ModelReading | None = None


_SURE_CATEGORY = 0.5


class LearnedTier:
    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.thresholds = Thresholds.from_calibration(encoder.calibration["safety"])

    def _category(self, reading: Reading) -> str | None:
        labels = self.encoder.category_labels
        if not labels or not reading.category:
            return None
        best = max(range(len(labels)), key=lambda i: reading.category[i])
        sure = reading.category[best] >= _SURE_CATEGORY
        return labels[best] if sure and labels[best] != "none" else None

    def band(self, crisis: float, flagged: float) -> Band:
        t = self.thresholds
        if flagged < t.flag:
            # Not flagged, yet read as a crisis far more than ordinary play ever is: ask.
            return "check_in" if crisis >= t.ask else "safe"
        if crisis >= t.crisis:
            return "crisis"
        if crisis >= t.check_in:
            return "check_in"
        return "concern"

    def read(self, text: str, recent: Sequence[tuple[str, Band]] = ()) -> ModelReading:
        """The model's reading of ``text``; ``recent`` are the session's last worrying lines
        with their bands. Read together with them, the line counts only when the whole is
        more worrying than those lines were already: context raises what a line adds to
        them ("bye then" after low mood), never repeats their alarm on every later line."""
        parts = segments(text)
        if not parts:
            return ModelReading("safe", 0.0, 0.0, "")
        whole = parts[0]
        before = max((_ORDER[band] for _, band in recent[-2:]), default=-1)
        context = window([*(line for line, _ in recent[-2:]), whole]) if recent else None
        texts = [*parts, context] if context else parts
        readings = dict(zip(texts, self.encoder.read(texts), strict=True))
        best: ModelReading | None = None
        for segment in (whole, context):
            if segment is None:
                continue
            reading = readings[segment]
            band = self.band(reading.crisis, reading.flagged)
            if segment is context and _ORDER[band] <= before:
                continue
            candidate = ModelReading(
                band,
                reading.crisis,
                reading.flagged,
                segment,
                in_context=segment is context,
                category=self._category(reading),
            )
            if best is None or (_ORDER[band], reading.crisis) > (_ORDER[best.band], best.crisis):
                best = candidate
        assert best is not None  # noqa: S101 - the whole line was read
        if best.band != "crisis":
            for part in parts[1:]:
                reading = readings[part]
                if reading.crisis >= self.thresholds.part:
                    category = self._category(reading)
                    return ModelReading(
                        "crisis",
                        reading.crisis,
                        reading.flagged,
                        part,
                        category=category,
                        overrode=best,
                    )
        return best


_ORDER: dict[Band, int] = {"safe": 0, "concern": 1, "check_in": 2, "crisis": 3}
