"""The template narrator: warm, varied prose chosen reproducibly per session and turn."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tta_agents.world.catalog import Preferences
from tta_agents.world.state import Outcome
from tta_agents.yaml_data import load_yaml

__all__ = ["Narration", "PhraseBook", "TemplateNarrator", "pick"]

PHRASES_FILE = Path(__file__).resolve().parent / "phrases.yaml"
FRAME_EVERY = 3
_BLANK = re.compile(r"{(\w+)}")
_SPACES = re.compile(r"\s+")
_OPTIONAL = re.compile(r"\[\[(.*?)\]\]")


@dataclass(frozen=True, slots=True)
class Narration:
    text: str
    suggestions: tuple[str, ...]
    provider: str = "template"


@dataclass(frozen=True, slots=True)
class _Segment:
    template: str
    blanks: tuple[str, ...]
    optional: bool


def _compile(variant: str) -> tuple[_Segment, ...]:
    """Split a variant into plain segments and optional ``[[...]]`` segments."""
    segments = []
    for index, part in enumerate(_OPTIONAL.split(variant)):
        if part:
            segments.append(_Segment(part, tuple(_BLANK.findall(part)), optional=index % 2 == 1))
    return tuple(segments)


class PhraseBook:
    """The templates of ``phrases.yaml``, compiled once."""

    def __init__(self, raw: dict) -> None:
        self.situations: dict[str, tuple[tuple[_Segment, ...], ...]] = {
            name: tuple(_compile(v) for v in variants)
            for name, variants in raw["situations"].items()
        }
        self.framing: dict[str, dict[str, tuple[str, ...]]] = {
            approach: {level: tuple(lines) for level, lines in levels.items()}
            for approach, levels in raw["framing"].items()
        }
        self.framed = frozenset(raw["framed_situations"])

    @classmethod
    def from_file(cls, path: Path = PHRASES_FILE) -> PhraseBook:
        return cls(load_yaml(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _shipped_phrases() -> PhraseBook:
    return PhraseBook.from_file()


def pick(count: int, session_id: str, turn: int, salt: str) -> int:
    """A variant index that is the same for the same session, turn and situation."""
    return zlib.crc32(f"{session_id}:{turn}:{salt}".encode()) % count


def _fill(segments: tuple[_Segment, ...], facts: dict[str, str]) -> str:
    out = []
    for seg in segments:
        if seg.optional and any(not facts.get(b) for b in seg.blanks):
            continue
        out.append(_BLANK.sub(lambda m: facts.get(m.group(1), ""), seg.template))
    text = _SPACES.sub(" ", "".join(out)).strip()
    text = text.replace(" .", ".").replace(" ,", ",")
    return text[:1].upper() + text[1:]


class TemplateNarrator:
    """Renders an ``Outcome`` as narrative without any model: the default and the fallback."""

    def __init__(self, phrases: PhraseBook | None = None) -> None:
        self.phrases = phrases or _shipped_phrases()

    def situation_text(
        self, situation: str, facts: dict[str, str], seed: tuple[str, int], told: int = 0
    ) -> str:
        """One variant, filled in. With ``told`` (how often the session has had this situation,
        this time included) the variants come in turn, so none repeats before all were used."""
        variants = self.phrases.situations.get(situation) or self.phrases.situations["unknown"]
        if told:
            index = (pick(len(variants), seed[0], 0, situation) + told - 1) % len(variants)
        else:
            index = pick(len(variants), seed[0], seed[1], situation)
        return _fill(variants[index], facts)

    def framing(self, preferences: Preferences, seed: tuple[str, int], framed: int = 1) -> str:
        levels = self.phrases.framing.get(preferences.approach.lower())
        levels = levels or self.phrases.framing["general"]
        lines = levels.get(preferences.intensity) or levels["medium"]
        start = pick(len(lines), seed[0], 0, "framing")
        return lines[(start + (framed - 1) // FRAME_EVERY) % len(lines)]

    def render(self, outcome: Outcome, *, session_id: str, preferences: Preferences) -> Narration:
        seed = (session_id, outcome.state.turn)
        situation = outcome.situation
        told = outcome.state.told
        if situation == "reflect" and not outcome.facts.get("emotion"):
            situation = "reflect_plain"
        parts = [self.situation_text(situation, outcome.facts, seed, told.get(situation, 0))]
        if situation in self.phrases.framed:
            # A therapeutic question after every exercise or feeling soon reads as a refrain:
            # the first framed turn of a session gets one, then every FRAME_EVERY-th.
            framed = sum(told.get(s, 0) for s in self.phrases.framed)
            if framed % FRAME_EVERY == 1 or FRAME_EVERY == 1:
                parts.append(self.framing(preferences, seed, framed))
        if outcome.facts.get("milestones"):
            parts.append(self.situation_text("milestone", outcome.facts, seed))
        if outcome.facts.get("epilogue"):
            parts.append(self.situation_text("ending", outcome.facts, seed))
        return Narration(text=" ".join(parts), suggestions=tuple(outcome.suggestions))

    def safe_replacement(self, outcome: Outcome, *, session_id: str) -> Narration:
        """Narrative with no generated or echoed text, for when the output check blocks."""
        seed = (session_id, outcome.state.turn)
        text = self.situation_text("blocked_output", outcome.facts, seed)
        return Narration(text=text, suggestions=tuple(outcome.suggestions))
