"""The per-session world state: small, JSON-serialisable, owned by the caller."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["WorldState"]


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
