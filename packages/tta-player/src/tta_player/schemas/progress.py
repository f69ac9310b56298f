"""Schemas of a player's progress: milestones, exercises, skills, streaks, time played."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tta_player.schemas import examples
from tta_player.schemas.wellbeing import MoodPoint

__all__ = [
    "DayPoint",
    "MilestonePublic",
    "ProgressSummary",
    "SharingPlayer",
    "SharingPlayerList",
    "SkillPublic",
    "WorldProgress",
]


class MilestonePublic(BaseModel):
    id: str
    title: str
    detail: str
    reached_at: datetime


class SkillPublic(BaseModel):
    id: str
    title: str
    times_practised: int


class DayPoint(BaseModel):
    date: date
    turns: int
    minutes: float
    mood: float | None = Field(
        default=None, description="The day's mean mood check-in (1-5), null without one"
    )


class WorldProgress(BaseModel):
    """How far the player has come in one world: its milestones, and whether it is complete
    (the last milestone reached and the ending shown)."""

    world_id: str
    title: str
    milestones_reached: int
    milestones_total: int
    completed: bool
    completed_at: datetime | None = None
    ending_title: str | None = None


class ProgressSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.PROGRESS]})

    milestones: list[MilestonePublic]
    exercises_completed: int
    skills: list[SkillPublic]
    streak_days: int
    time_played_minutes: float
    turns_total: int
    sessions_total: int
    series: list[DayPoint]
    worlds: list[WorldProgress] = Field(
        default_factory=list, description="Every world of the catalog, played or not"
    )
    moods: list[MoodPoint] = Field(
        default_factory=list,
        description="Mood check-ins in the series' days, oldest first (scores, never notes)",
    )


class SharingPlayer(BaseModel):
    """A player who lets therapists see their progress (privacy ``share_progress``)."""

    player_id: str
    username: str
    display_name: str | None


class SharingPlayerList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.SHARING_PLAYERS]})

    items: list[SharingPlayer]
