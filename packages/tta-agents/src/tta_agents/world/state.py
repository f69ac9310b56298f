"""The per-session world state (small, JSON-serialisable, owned by the caller) and the
``Outcome`` of one world step: the new state and the situation to narrate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tta_agents.pipeline.events import ProgressSignal
from tta_agents.world.model import Exercise

__all__ = ["Outcome", "UndoPoint", "WorldState"]


class UndoPoint(BaseModel):
    """Where things stood before the last turn that moved the player or an item."""

    model_config = ConfigDict(extra="forbid")

    turn: int
    location: str
    inventory: list[str] = Field(default_factory=list)
    placed: dict[str, str] = Field(default_factory=dict)


class WorldState(BaseModel):
    """Where the player is and what has changed since the world's start.

    Items are stored as changes from the world file (``placed``: item id -> location id for
    items dropped somewhere new), so the state stays well under 16 KiB serialised.
    """

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    world_id: str
    location: str
    turn: int = 0
    inventory: list[str] = Field(default_factory=list)
    placed: dict[str, str] = Field(default_factory=dict)
    visited: list[str] = Field(default_factory=list)
    rapport: dict[str, int] = Field(default_factory=dict)
    exercises_done: list[str] = Field(default_factory=list)
    used: list[str] = Field(default_factory=list)
    milestones: list[str] = Field(default_factory=list)
    flags: dict[str, bool | int | str] = Field(default_factory=dict)
    awaiting: Literal["check_in"] | None = Field(
        default=None, description="The story is paused for an answer (the safety check-in)"
    )
    check_ins: int = Field(default=0, ge=0, description="Check-ins asked in this session")
    asked: dict[str, int] = Field(
        default_factory=dict, description="npc_id/topic -> times asked (what was said)"
    )
    hints: dict[str, int] = Field(default_factory=dict, description="location -> hints given")
    told: dict[str, int] = Field(
        default_factory=dict, description="situation -> times narrated (varies the wording)"
    )
    completed: bool = Field(default=False, description="the world's ending has been shown")
    undo: UndoPoint | None = Field(
        default=None, description="the world before the last change, for one undo"
    )


@dataclass(slots=True)
class Outcome:
    """``situation`` names a narrative template family; ``facts`` fill its blanks."""

    situation: str
    state: WorldState
    facts: dict[str, str] = field(default_factory=dict)
    progress: list[ProgressSignal] = field(default_factory=list)
    exercise: Exercise | None = None
    suggestions: list[str] = field(default_factory=list)
