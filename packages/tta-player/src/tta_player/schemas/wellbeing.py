"""Schemas of what a player tells the game about themselves: mood check-ins and journal entries.

A mood check-in is a score from 1 (very low) to 5 (very good), taken before or after a
session, with an optional note. A journal entry is what the player wrote in a journaling,
thought-record or gratitude exercise; the game answers it, and keeps it only when asked to.
Free text in either is checked by the safety engine, like a turn.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tta_player.schemas import examples
from tta_player.schemas._fields import RequestModel
from tta_player.schemas.turns import SafetyPublic

__all__ = [
    "MOOD_WORDS",
    "JournalAnswer",
    "JournalCreate",
    "JournalEntryList",
    "JournalEntryPublic",
    "JournalKind",
    "JournalPart",
    "MoodAnswer",
    "MoodCreate",
    "MoodList",
    "MoodMoment",
    "MoodPoint",
    "MoodPublic",
]

MoodMoment = Literal["before", "after", "other"]
JournalKind = Literal["journaling", "thought_record", "gratitude"]
# The words a client shows beside each score (the web and terminal clients use these).
MOOD_WORDS = {1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good"}


class MoodCreate(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.MOOD_NEW]})

    score: int = Field(ge=1, le=5, description="1 very low, 2 low, 3 okay, 4 good, 5 very good")
    moment: MoodMoment = Field(default="other", description="Before or after a session")
    session_id: str | None = Field(default=None, min_length=1, max_length=64)
    note: str | None = Field(default=None, max_length=1000)


class MoodPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.MOOD]})

    id: str
    score: int
    word: str
    moment: MoodMoment
    session_id: str | None = None
    note: str | None = None
    created_at: datetime


class MoodAnswer(BaseModel):
    """The check-in as saved, and whether the game gently offers support."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.MOOD_ANSWER]})

    mood: MoodPublic
    offer_support: bool = Field(
        description="A low mood (1-2), or lower after a session than before it"
    )
    reason: Literal["low", "worse"] | None = None
    message: str = Field(default="", description="What the game says about it, kindly")
    safety: SafetyPublic


class MoodList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [examples.MOOD]}]})

    items: list[MoodPublic]


class MoodPoint(BaseModel):
    """A check-in in a progress summary: the score, never the note."""

    at: datetime
    score: int
    moment: MoodMoment
    session_id: str | None = None


class JournalPart(RequestModel):
    label: str = Field(default="", max_length=200, description="The prompt this answers")
    text: str = Field(max_length=4000)


class JournalCreate(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.JOURNAL_NEW]})

    kind: JournalKind
    parts: list[JournalPart] = Field(min_length=1, max_length=6)
    keep: bool = Field(
        default=False, description="Keep the words (in your journal and export, deletable)"
    )
    session_id: str | None = Field(default=None, min_length=1, max_length=64)
    exercise_id: str | None = Field(default=None, max_length=100)
    title: str = Field(default="", max_length=200)


class JournalEntryPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.JOURNAL_ENTRY]})

    id: str
    kind: JournalKind
    title: str
    parts: list[JournalPart]
    session_id: str | None = None
    world_id: str | None = None
    exercise_id: str | None = None
    created_at: datetime


class JournalAnswer(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.JOURNAL_ANSWER]})

    reply: str = Field(description="The game's answer to what was written")
    kept: bool
    entry: JournalEntryPublic | None = Field(default=None, description="When kept")
    safety: SafetyPublic


class JournalEntryList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [examples.JOURNAL_ENTRY]}]})

    items: list[JournalEntryPublic]
