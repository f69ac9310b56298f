"""What the world step decided: the situation to narrate and the new state."""

from __future__ import annotations

from dataclasses import dataclass, field

from tta_agents.pipeline.events import ProgressSignal
from tta_agents.world.model import Exercise
from tta_agents.world.state import WorldState

__all__ = ["Outcome"]


@dataclass(slots=True)
class Outcome:
    """``situation`` names a narrative template family; ``facts`` fill its blanks."""

    situation: str
    state: WorldState
    facts: dict[str, str] = field(default_factory=dict)
    progress: list[ProgressSignal] = field(default_factory=list)
    exercise: Exercise | None = None
    suggestions: list[str] = field(default_factory=list)
