"""Schemas of a game session: one character playing one world."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tta_player.schemas import examples
from tta_player.schemas._fields import RequestModel

__all__ = ["SessionCreate", "SessionList", "SessionPublic", "SessionStatus"]

SessionStatus = Literal["active", "paused", "completed"]


class SessionCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"character_id": "9b1d...", "world_id": "mindfulness_garden"}]
        },
    )

    character_id: str = Field(min_length=1, max_length=64)
    world_id: str = Field(min_length=1, max_length=64)
    customization: dict[str, Any] = Field(
        default_factory=dict,
        description="World parameters (intensity, pace...); out-of-range values are clamped",
    )


class SessionPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.SESSION]})

    session_id: str
    character_id: str
    world_id: str
    status: SessionStatus
    turn_count: int
    minutes_played: float
    customization: dict[str, Any]
    intro: str | None = Field(default=None, description="The world's opening narrative")
    created_at: datetime
    last_activity_at: datetime
    ended_at: datetime | None = None


class SessionList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [examples.SESSION]}]})

    items: list[SessionPublic]
