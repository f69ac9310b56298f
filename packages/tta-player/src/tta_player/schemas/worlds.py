"""Schemas of the world catalog, compatibility with a character, and customisation."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tta_player.schemas import examples
from tta_player.schemas._fields import RequestModel

__all__ = [
    "INTENSITY_OF_LEVEL",
    "Compatibility",
    "ExerciseGuide",
    "MilestoneRef",
    "WorldCustomization",
    "WorldPublic",
    "intensity_level",
]

# A player's intensity preference as a session's starting intensity, and back.
INTENSITY_OF_LEVEL = {"low": 0.2, "medium": 0.5, "high": 0.8}


def intensity_level(intensity: float) -> Literal["low", "medium", "high"]:
    """The framing level of a session intensity (0-1): thirds."""
    if intensity < 1 / 3:
        return "low"
    return "high" if intensity > 2 / 3 else "medium"


class ExerciseGuide(BaseModel):
    """An exercise of the world as a client guides it: its kind picks the panel shown."""

    id: str
    title: str
    kind: str = Field(description="breathing, grounding, visualization, stretching, journaling...")
    intro: str
    steps: list[str]
    closing: str


class MilestoneRef(BaseModel):
    id: str
    title: str


class WorldPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.WORLD]})

    id: str
    title: str
    description: str
    difficulty: str
    themes: list[str]
    approaches: list[str]
    locations: int
    exercises: list[str]
    milestones: list[str]
    compatibility: float | None = Field(
        default=None, description="0..1 for the character given as ?character_id="
    )
    exercise_guides: list[ExerciseGuide] = Field(
        default_factory=list, description="Each exercise's kind and steps, in `exercises` order"
    )
    milestone_refs: list[MilestoneRef] = Field(
        default_factory=list, description="Each milestone's id and title, in `milestones` order"
    )


class Compatibility(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMPATIBILITY]})

    world_id: str
    character_id: str
    score: float = Field(ge=0.0, le=1.0)
    compatible: bool = Field(description="score >= 0.5")
    recommended: bool = Field(description="score >= 0.6")


def _clamp(value: Any, low: float, high: float) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return min(high, max(low, value))
    return value


class WorldCustomization(RequestModel):
    """How a session's world is tuned. Numbers outside their range are clamped, not refused.

    ``intensity`` sets how far the narrative's therapeutic framing goes (thirds: low, medium,
    high); a session started without one takes the player's preferred intensity, and its
    ``session_minutes`` the player's preferred session length. ``pace`` and
    ``interaction`` are kept for clients; the template narrator does not read them yet.
    """

    intensity: float = 0.5
    pace: Literal["slow", "medium", "fast"] = "medium"
    interaction: Literal["minimal", "balanced", "frequent"] = "balanced"
    session_minutes: int = 30

    @field_validator("intensity", mode="before")
    @classmethod
    def _intensity(cls, value: Any) -> Any:
        return _clamp(value, 0.0, 1.0)

    @field_validator("session_minutes", mode="before")
    @classmethod
    def _minutes(cls, value: Any) -> Any:
        clamped = _clamp(value, 10, 120)
        return round(clamped) if isinstance(clamped, float) else clamped
