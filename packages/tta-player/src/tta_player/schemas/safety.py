"""Schemas of safety oversight: crisis events and their follow-up by therapists."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tta_player.schemas import examples
from tta_player.schemas._fields import RequestModel

__all__ = ["FollowUp", "SafetyEventList", "SafetyEventPublic"]


class SafetyEventPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.SAFETY_EVENT]})

    id: str
    player_id: str
    session_id: str | None
    turn_id: str | None
    level: str
    rule_ids: list[str]
    categories: list[str]
    text: str | None = None
    status: Literal["open", "followed_up"]
    created_at: datetime
    followed_up_at: datetime | None = None
    followed_up_by: str | None = None
    note: str | None = None


class SafetyEventList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [examples.SAFETY_EVENT]}]})

    items: list[SafetyEventPublic]


class FollowUp(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"note": "Called; player is safe."}]})

    note: str = Field(default="", max_length=2000)
