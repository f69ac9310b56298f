"""Schemas of a character. Only ``name`` is needed to start playing."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from tta_player.schemas import examples
from tta_player.schemas._fields import RequestModel, VisibleText, left_out, refuse_nulls

__all__ = [
    "Appearance",
    "Background",
    "CharacterCreate",
    "CharacterPublic",
    "CharacterUpdate",
    "Goal",
    "TherapeuticProfile",
]

# A name: letters, with spaces, hyphens and apostrophes between them (runs of spaces become
# one); at least two letters. The schema's pattern is the expression the validator uses.
NAME_PATTERN = r"^\s*[^\W\d_](?:[\s'\u2019-]*[^\W\d_])+\s*$"
_NAME = re.compile(NAME_PATTERN)


def _character_name(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(
            "a name has letters, spaces, hyphens and apostrophes only, "
            "and begins and ends with a letter"
        )
    return " ".join(value.split())


CharacterName = Annotated[
    str,
    Field(min_length=2, max_length=50, json_schema_extra={"pattern": NAME_PATTERN}),
    AfterValidator(_character_name),
]
Short = Annotated[VisibleText, Field(min_length=1, max_length=100)]


class Appearance(RequestModel):
    age_range: Literal["child", "teen", "adult", "elder"] = "adult"
    description: str = Field(default="", max_length=1000)
    features: list[Short] = Field(default_factory=list, max_length=10)


class Background(RequestModel):
    backstory: str = Field(default="", max_length=2000)
    traits: list[Short] = Field(default_factory=list, max_length=20)
    values: list[Short] = Field(default_factory=list, max_length=15)
    fears: list[Short] = Field(default_factory=list, max_length=15)
    life_goals: list[Short] = Field(default_factory=list, max_length=15)


class Goal(RequestModel):
    description: VisibleText = Field(min_length=1, max_length=200)
    progress: int = Field(default=0, ge=0, le=100)


class TherapeuticProfile(RequestModel):
    concerns: list[Short] = Field(default_factory=list, max_length=15)
    goals: list[Goal] = Field(default_factory=list, max_length=10)
    readiness: float = Field(default=0.5, ge=0.0, le=1.0)


class CharacterCreate(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Wren"}]})

    name: CharacterName
    appearance: Appearance = Field(default_factory=Appearance)
    background: Background = Field(default_factory=Background)
    therapeutic_profile: TherapeuticProfile = Field(default_factory=TherapeuticProfile)


class CharacterUpdate(RequestModel):
    """Only the fields sent change; a field may be left out, never set to null (the schema
    does not offer null)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CHARACTER_UPDATE]})

    name: CharacterName | SkipJsonSchema[None] = left_out()
    appearance: Appearance | SkipJsonSchema[None] = left_out()
    background: Background | SkipJsonSchema[None] = left_out()
    therapeutic_profile: TherapeuticProfile | SkipJsonSchema[None] = left_out()

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
