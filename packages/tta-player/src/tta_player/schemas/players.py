"""Schemas of a player: profile, therapeutic preferences, privacy settings, export."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from tta_player.schemas import examples
from tta_player.schemas._fields import RequestModel, VisibleText, left_out, refuse_nulls

__all__ = [
    "APPROACHES",
    "PlayerExport",
    "PlayerPublic",
    "PlayerUpdate",
    "PrivacySettings",
    "Role",
    "TherapeuticPreferences",
]

Role = Literal["player", "therapist", "admin"]
Approach = Literal[
    "cbt",
    "mindfulness",
    "narrative_therapy",
    "act",
    "dbt",
    "solution_focused",
    "humanistic",
    "psychodynamic",
    "gestalt",
    "expressive_therapy",
]
APPROACHES: tuple[str, ...] = Approach.__args__  # type: ignore[attr-defined]
LOCALE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


class TherapeuticPreferences(RequestModel):
    intensity: Literal["low", "medium", "high"] = "medium"
    approaches: list[Approach] = Field(default_factory=lambda: ["mindfulness"], max_length=5)
    session_minutes: int = Field(default=30, ge=10, le=120)


class PrivacySettings(RequestModel):
    data_retention_days: int = Field(default=365, ge=30, le=2555)
    share_progress: bool = Field(
        default=False, description="Let therapists see progress (never the text of turns)"
    )
    store_safety_text: bool = Field(
        default=False,
        description="Keep the words of a crisis turn with its safety event for follow-up",
    )
    share_not_understood: bool = Field(
        default=False,
        description="Let world authors see, counted with everyone else's and never with your "
        "name, the lines the game did not understand",
    )


class PlayerPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.PLAYER]})

    id: str
    username: str
    email: str
    role: Role
    display_name: str | None
    locale: str
    preferences: TherapeuticPreferences
    privacy: PrivacySettings
    created_at: datetime


class PlayerUpdate(RequestModel):
    """Only the fields sent change. ``display_name: null`` clears the name; the others may be
    left out but not set to null (the schema does not offer null for them)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"locale": "en-GB", "preferences": {"intensity": "low"}}]},
    )

    display_name: VisibleText | None = Field(default=None, min_length=1, max_length=80)
    locale: str | SkipJsonSchema[None] = left_out(max_length=35, pattern=LOCALE_PATTERN)
    preferences: TherapeuticPreferences | SkipJsonSchema[None] = left_out()
    privacy: PrivacySettings | SkipJsonSchema[None] = left_out()

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: object) -> object:
        return refuse_nulls(data, ("locale", "preferences", "privacy"))


class PlayerExport(BaseModel):
    """Everything kept about a player, for the player."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PLAYER_EXPORT]})

    exported_at: datetime
    player: PlayerPublic
    characters: list[dict[str, Any]]
    sessions: list[dict[str, Any]]
    turns: list[dict[str, Any]]
    progress: list[dict[str, Any]]
    safety_events: list[dict[str, Any]]
    sign_ins: list[dict[str, Any]] = Field(
        default_factory=list, description="Login history: when, and when and why it ended"
    )
    moods: list[dict[str, Any]] = Field(
        default_factory=list, description="Mood check-ins, notes included"
    )
    journal: list[dict[str, Any]] = Field(
        default_factory=list, description="Journal entries the player chose to keep"
    )
