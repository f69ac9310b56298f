"""Schemas of a turn: what the player typed and what the game answered."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tta_agents.safety import CrisisResource
from tta_player.schemas import examples
from tta_player.schemas._fields import RequestModel, VisibleText

__all__ = [
    "IntentPublic",
    "ItemRef",
    "PlaceRef",
    "ProgressItem",
    "SafetyPublic",
    "TurnCreate",
    "TurnPage",
    "TurnPublic",
]


class TurnCreate(RequestModel):
    """Ordinary punctuation is welcome (``Hello!``, ``(look around)``); the input must show
    something (not only spaces or invisible characters) and is at most 2000 characters. The
    WebSocket's input is held to this same model (``TurnService.play``)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"input": "Hello! I look around."}]})

    input: VisibleText = Field(min_length=1, max_length=2000)


class SafetyPublic(BaseModel):
    level: Literal["safe", "concern", "crisis"]
    action: Literal["allow", "support", "check_in", "escalate", "block"]
    resources: list[CrisisResource] = Field(default_factory=list)
    message: str = ""


class ProgressItem(BaseModel):
    type: Literal["milestone", "exercise", "skill", "completion"] = Field(
        description="completion: the world was completed; id is the world, title its ending"
    )
    id: str
    title: str
    detail: str = ""


class IntentPublic(BaseModel):
    """What the game took the line to mean."""

    kind: str = Field(
        description="move, look, examine, take, drop, use, talk, inventory, help, hint, exits, "
        "map, rest, exercise, reflect, pause, undo, chat, quit, save or unknown"
    )
    target: str | None = Field(
        default=None,
        description="what it was about: the thing, person, place, direction, topic, exercise "
        "or feeling named",
    )
    confidence: float = Field(ge=0, le=1)


class PlaceRef(BaseModel):
    id: str
    title: str


class ItemRef(BaseModel):
    id: str
    name: str


class TurnPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.TURN]})

    turn_id: str
    session_id: str
    number: int
    input: str
    narrative: str
    safety: SafetyPublic
    suggestions: list[str] = Field(default_factory=list)
    location: PlaceRef | None = None
    inventory: list[ItemRef] = Field(default_factory=list)
    progress: list[ProgressItem] = Field(default_factory=list)
    served_by: Literal["new", "legacy"] = Field(
        default="new",
        description="The implementation that served this turn (TTA_FLAG_AGENT_ORCHESTRATION)",
    )
    intent: IntentPublic | None = Field(
        default=None, description="Null for a crisis or check-in turn (no game step ran)"
    )
    understood: bool = Field(
        default=True,
        description="False when the game could not tell what the line meant (intent unknown)",
    )
    created_at: datetime


class TurnPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [examples.TURN], "next_cursor": "MTI"}]}
    )

    items: list[TurnPublic]
    next_cursor: str | None = Field(
        default=None, description="Pass as ?cursor= for the next (older) page; null at the end"
    )
