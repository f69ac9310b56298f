"""Schemas of a character. Only ``name`` is needed to start playing."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from tta_player.schemas import examples
from tta_player.schemas._fields import refuse_nulls

__all__ = [
    "Appearance",
    "Background",
    "CharacterCreate",
    "CharacterPublic",
    "CharacterUpdate",
    "Goal",
    "TherapeuticProfile",
]

_NAME = re.compile("[^\\W\\d_](?:[^\\W\\d_]|[ '\u2019-])*")


def _character_name(value: str) -> str:
    name = " ".join(value.split())
    if not 2 <= len(name) <= 50:
        raise ValueError("a name has 2 to 50 characters")
    if not _NAME.fullmatch(name) or name[-1] in " -'\u2019":
        raise ValueError("a name has letters, spaces, hyphens and apostrophes only")
    return name


CharacterName = Annotated[str, Field(max_length=200), AfterValidator(_character_name)]
Short = Annotated[str, Field(min_length=1, max_length=100)]


class Appearance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    age_range: Literal["child", "teen", "adult", "elder"] = "adult"
    description: str = Field(default="", max_length=1000)
    features: list[Short] = Field(default_factory=list, max_length=10)


class Background(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backstory: str = Field(default="", max_length=2000)
    traits: list[Short] = Field(default_factory=list, max_length=20)
    values: list[Short] = Field(default_factory=list, max_length=15)
    fears: list[Short] = Field(default_factory=list, max_length=15)
    life_goals: list[Short] = Field(default_factory=list, max_length=15)


class Goal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=200)
    progress: int = Field(default=0, ge=0, le=100)


class TherapeuticProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    concerns: list[Short] = Field(default_factory=list, max_length=15)
    goals: list[Goal] = Field(default_factory=list, max_length=10)
    readiness: float = Field(default=0.5, ge=0.0, le=1.0)


class CharacterCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "Wren"}]})

    name: CharacterName
    appearance: Appearance = Field(default_factory=Appearance)
    background: Background = Field(default_factory=Background)
    therapeutic_profile: TherapeuticProfile = Field(default_factory=TherapeuticProfile)


class CharacterUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [examples.CHARACTER_UPDATE]}
    )

    name: CharacterName | None = None
    appearance: Appearance | None = None
    background: Background | None = None
    therapeutic_profile: TherapeuticProfile | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: object) -> object:
        return refuse_nulls(data, ("name", "appearance", "background", "therapeutic_profile"))


class CharacterPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.CHARACTER]})

    id: str
    name: str
    appearance: Appearance
    background: Background
    therapeutic_profile: TherapeuticProfile
    created_at: datetime
    updated_at: datetime
