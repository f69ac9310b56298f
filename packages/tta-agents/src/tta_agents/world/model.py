"""The shape of a world file, validated by pydantic when a world is loaded."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tta_agents.intent.model import FEELINGS

__all__ = [
    "Ending",
    "Exercise",
    "ExerciseKind",
    "Feeling",
    "Item",
    "Location",
    "Milestone",
    "Npc",
    "Requirement",
    "Scenery",
    "Topic",
    "Voice",
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


_Names = tuple[str, ...]


class Topic(_Strict):
    """Something a character can be asked about: the first line, then follow-ups."""

    names: _Names = Field(min_length=1, description="the words a player would ask about")
    lines: tuple[str, ...] = Field(min_length=1, description="answers in order; the last repeats")


class Npc(_Strict):
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    description: str = Field(min_length=1)
    dialogue: tuple[str, ...] = Field(min_length=1, description="lines in order of rapport")
    topics: tuple[Topic, ...] = ()


class Scenery(_Strict):
    """A thing a location's description names, with what a closer look shows."""

    names: _Names = Field(min_length=1, description="the words and synonyms a player would use")
    text: str = Field(min_length=1)
    leads: str | None = Field(
        default=None,
        description="the exit (a direction of this location) this thing is the way through: "
        "going into the woods or through the arch takes it",
    )


class Location(_Strict):
    id: str = Field(pattern=_ID)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    exits: dict[str, str] = Field(default_factory=dict)
    items: tuple[str, ...] = ()
    npcs: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    scenery: tuple[Scenery, ...] = ()
    practice: str = Field(
        default="",
        description="how any practice begins in this place, when its own is somewhere else",
    )


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


class Feeling(_Strict):
    """How this world answers a feeling the player names, and what it offers."""

    names: _Names = Field(min_length=1, description="feelings from tta_agents.intent.FEELINGS")
    lines: tuple[str, ...] = Field(min_length=1)
    offer: Literal["exercise", "grounding", "pause", "none"] = "none"
    exercise: ExerciseKind | None = Field(default=None, description="the kind offered")
    grounding: str = Field(default="", description="a grounding step told in this world")

    @model_validator(mode="after")
    def _known_feelings(self) -> Feeling:
        unknown = [n for n in self.names if n not in FEELINGS and n != "general"]
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not one of the feelings the game names")
        if self.offer == "exercise" and self.exercise is None:
            raise ValueError("an exercise offer names the exercise kind")
        if self.offer == "grounding" and not self.grounding:
            raise ValueError("a grounding offer gives the grounding step")
        return self


class Voice(_Strict):
    """Lines in the world's own voice for turns that are not about a thing in it."""

    pause: tuple[str, ...] = Field(min_length=1, description="the story stops, kindly")
    greeting: tuple[str, ...] = Field(min_length=1)
    thanks: tuple[str, ...] = Field(min_length=1)
    chat: tuple[str, ...] = Field(min_length=1, description="small talk with the game")
    unknown: tuple[str, ...] = Field(min_length=1, description="a line the game did not follow")


class Ending(_Strict):
    """Shown when the last milestone is reached: the world is complete."""

    title: str = Field(min_length=1)
    epilogue: str = Field(min_length=1)


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
    feelings: tuple[Feeling, ...] = ()
    voice: Voice | None = None
    ending: Ending | None = None

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
            leads = [scenery.leads for scenery in loc.scenery if scenery.leads]
            _known(f"locations.{loc.id}.scenery.leads", leads, set(loc.exits))
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
