"""Schemas of a game session: one character playing one world."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tta_player.schemas import examples
from tta_player.schemas._fields import RequestModel
from tta_player.schemas.wellbeing import MoodPublic

__all__ = [
    "SessionCreate",
    "SessionList",
    "SessionPublic",
    "SessionStatus",
    "SessionSummary",
    "SummaryItem",
]

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


class SummaryItem(BaseModel):
    id: str
    title: str
    detail: str = ""


class SessionSummary(BaseModel):
    """A journey at a glance: how long, what was practised and reached, mood before and after."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.SESSION_SUMMARY]})

    session_id: str
    character_id: str
    world_id: str
    status: SessionStatus
    turns: int
    minutes_played: float
    started_at: datetime
    last_activity_at: datetime
    ended_at: datetime | None = None
    exercises: list[SummaryItem] = Field(description="Exercises done, in order (repeats kept)")
    skills: list[SummaryItem] = Field(description="Skills practised, each once")
    milestones: list[SummaryItem] = Field(description="Milestones first reached in this journey")
    mood_before: MoodPublic | None = Field(default=None, description="The first check-in before")
    mood_after: MoodPublic | None = Field(default=None, description="The last check-in after")
