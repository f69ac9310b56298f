"""The shape of a world file, validated by pydantic when a world is loaded."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Exercise",
    "ExerciseKind",
    "Item",
    "Location",
    "Milestone",
    "Npc",
    "Requirement",
    "WorldDefinition",
]

ExerciseKind = Literal[
    "breathing", "grounding", "journaling", "visualization", "stretching", "gratitude"
]
_ID = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Item(_Strict):
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    description: str = Field(min_length=1)
    portable: bool = True
    use_text: str = ""
    exercise: str | None = Field(default=None, description="exercise started by using it")


class Npc(_Strict):
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    description: str = Field(min_length=1)
    dialogue: tuple[str, ...] = Field(min_length=1, description="lines in order of rapport")


class Location(_Strict):
    id: str = Field(pattern=_ID)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    exits: dict[str, str] = Field(default_factory=dict)
    items: tuple[str, ...] = ()
    npcs: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


class Exercise(_Strict):
    id: str = Field(pattern=_ID)
    title: str = Field(min_length=1)
    kind: ExerciseKind
    intro: str = Field(min_length=1)
    steps: tuple[str, ...] = Field(min_length=1)
    closing: str = Field(min_length=1)
    skill: str = Field(min_length=1)


class Requirement(_Strict):
    """Everything listed must be true for a milestone to be reached."""

    visited: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    talked: tuple[str, ...] = ()
    used: tuple[str, ...] = ()


class Milestone(_Strict):
    id: str = Field(pattern=_ID)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    requires: Requirement


class WorldDefinition(_Strict):
    id: str = Field(pattern=_ID)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    difficulty: Literal["gentle", "moderate", "challenging"]
    themes: tuple[str, ...] = Field(min_length=1)
    approaches: tuple[str, ...] = Field(min_length=1)
    start: str
    locations: tuple[Location, ...] = Field(min_length=1)
    items: tuple[Item, ...] = ()
    npcs: tuple[Npc, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    milestones: tuple[Milestone, ...] = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> WorldDefinition:
        locations = {loc.id for loc in self.locations}
        items = {item.id for item in self.items}
        npcs = {npc.id for npc in self.npcs}
        exercises = {ex.id for ex in self.exercises}
        if self.start not in locations:
            raise ValueError(f"start {self.start!r} is not a location id")
        for loc in self.locations:
            _known(f"locations.{loc.id}.exits", loc.exits.values(), locations)
            _known(f"locations.{loc.id}.items", loc.items, items)
            _known(f"locations.{loc.id}.npcs", loc.npcs, npcs)
            _known(f"locations.{loc.id}.exercises", loc.exercises, exercises)
        for item in self.items:
            if item.exercise:
                _known(f"items.{item.id}.exercise", [item.exercise], exercises)
        for ms in self.milestones:
            where = f"milestones.{ms.id}.requires"
            _known(f"{where}.visited", ms.requires.visited, locations)
            _known(f"{where}.exercises", ms.requires.exercises, exercises)
            _known(f"{where}.items", ms.requires.items, items)
            _known(f"{where}.used", ms.requires.used, items)
            _known(f"{where}.talked", ms.requires.talked, npcs)
        return self


def _known(where: str, refs: object, known: set[str]) -> None:
    for ref in refs:  # type: ignore[attr-defined]
        if ref not in known:
            raise ValueError(f"{where}: {ref!r} is not defined in this world")
