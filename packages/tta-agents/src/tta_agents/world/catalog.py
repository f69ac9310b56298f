"""The worlds a player can choose from, with lookup tables for the world step."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tta_agents.errors import InvalidTurnError, UnknownWorldError, WorldDataError
from tta_agents.world.loader import SHIPPED_WORLDS_DIR, load_worlds_dir
from tta_agents.world.model import Exercise, Item, Location, Npc, WorldDefinition
from tta_agents.world.state import WorldState

__all__ = [
    "NPC_NAME_FLAG",
    "SPARE_NAMES",
    "Preferences",
    "World",
    "WorldCatalog",
    "WorldSummary",
    "compatibility",
    "get_world",
    "list_worlds",
    "shipped_catalog",
]

_INTENSITY_RANK = {"low": 0, "medium": 1, "high": 2}
NPC_NAME_FLAG = "npc_name:"  # WorldState.flags key prefix: npc id -> this session's name
# Given names a person of the world takes when the player's character already has theirs.
SPARE_NAMES = ("Rowan", "Juniper", "Linden", "Marlow", "Briar", "Sorrel", "Tamsin", "Ellery")


def _given_name(name: str) -> str:
    """The capitalised first word of a person's name ("Wren the gardener" -> "Wren"), or ""
    for names that start otherwise ("the Grandmother Oak")."""
    first = re.match(r"[^\W\d_]+", name)
    return first.group(0) if first and first.group(0)[0].isupper() else ""


_DIFFICULTY_RANK = {"gentle": 0, "moderate": 1, "challenging": 2}


class Preferences(BaseModel):
    """How a player wants to be supported: the therapeutic approach, intensity and themes."""

    model_config = ConfigDict(frozen=True)

    approach: str = "mindfulness"
    intensity: Literal["low", "medium", "high"] = "medium"
    themes: tuple[str, ...] = ()


class WorldSummary(BaseModel):
    """What a world catalog shows a player before they choose."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    description: str
    difficulty: str
    themes: tuple[str, ...]
    approaches: tuple[str, ...]
    locations: int
    exercises: tuple[str, ...]
    milestones: tuple[str, ...]


class World:
    """A loaded world with its lookup tables (built once, shared by every session)."""

    def __init__(self, definition: WorldDefinition) -> None:
        self.definition = definition
        self.id = definition.id
        self.locations: dict[str, Location] = {loc.id: loc for loc in definition.locations}
        self.items: dict[str, Item] = {item.id: item for item in definition.items}
        self.npcs: dict[str, Npc] = {npc.id: npc for npc in definition.npcs}
        self.exercises: dict[str, Exercise] = {ex.id: ex for ex in definition.exercises}
        self.home: dict[str, str] = {
            item: loc.id for loc in definition.locations for item in loc.items
        }
        self.summary = WorldSummary(
            id=definition.id,
            title=definition.title,
            description=definition.description,
            difficulty=definition.difficulty,
            themes=definition.themes,
            approaches=definition.approaches,
            locations=len(definition.locations),
            exercises=tuple(ex.title for ex in definition.exercises),
            milestones=tuple(ms.title for ms in definition.milestones),
        )

    def new_state(self, player_name: str | None = None) -> WorldState:
        """A session's start. With ``player_name`` (the player's character), a person of the
        world who shares one of its names goes by another in this session, so the story
        never has two of them."""
        return WorldState(
            world_id=self.id,
            location=self.definition.start,
            visited=[self.definition.start],
            flags=self._renames(player_name) if player_name else {},
        )

    def person(self, npc_id: str, state: WorldState) -> Npc:
        """A person of the world as this session knows them: under another name (and answering
        to it) when the player's character shares theirs."""
        npc = self.npcs[npc_id]
        renamed = state.flags.get(f"{NPC_NAME_FLAG}{npc_id}")
        if not isinstance(renamed, str):
            return npc
        old, new = _given_name(npc.name).casefold(), _given_name(renamed).casefold()
        aliases = tuple(new if alias.casefold() == old else alias for alias in npc.aliases)
        return npc.model_copy(update={"name": renamed, "aliases": aliases})

    def rename_text(self, text: str, state: WorldState) -> str:
        """``text`` as this session tells it: a renamed person's given name replaced wherever
        the world's words use it (dialogue, descriptions, an epilogue)."""
        for npc_id, npc in self.npcs.items():
            renamed = state.flags.get(f"{NPC_NAME_FLAG}{npc_id}")
            old = _given_name(npc.name)
            if isinstance(renamed, str) and old:
                text = re.sub(rf"\b{re.escape(old)}\b", _given_name(renamed), text)
        return text

    def _renames(self, player_name: str) -> dict[str, bool | int | str]:
        player = {word.casefold() for word in re.findall(r"[^\W\d_]+", player_name)}
        taken = player | {_given_name(n.name).casefold() for n in self.npcs.values()}
        spare = (name for name in SPARE_NAMES if name.casefold() not in taken)
        renames: dict[str, bool | int | str] = {}
        for npc in self.npcs.values():
            given = _given_name(npc.name)
            if given and given.casefold() in player:
                replacement = next(spare, None)
                if replacement is not None:
                    renames[f"{NPC_NAME_FLAG}{npc.id}"] = replacement + npc.name[len(given) :]
        return renames

    def items_at(self, state: WorldState, location: str) -> list[Item]:
        return self.items_placed(state.inventory, state.placed, location)

    def items_placed(
        self, inventory: list[str], placed: dict[str, str], location: str
    ) -> list[Item]:
        """Items lying at ``location`` given what is held and what has been moved."""
        return [
            item
            for item_id, item in self.items.items()
            if item_id not in inventory and placed.get(item_id, self.home.get(item_id)) == location
        ]


class WorldCatalog:
    """Worlds by id (later definitions with the same id replace earlier ones): what a caller
    asks before and around turns, whichever pipeline runs them."""

    def __init__(self, definitions: Iterable[WorldDefinition]) -> None:
        self._worlds = {d.id: World(d) for d in definitions}

    @classmethod
    def from_dirs(cls, *folders: Path) -> WorldCatalog:
        definitions: list[WorldDefinition] = []
        for folder in folders:
            definitions.extend(load_worlds_dir(folder))
        if not definitions:
            raise WorldDataError(", ".join(map(str, folders)), "(folder)", "holds no world files")
        return cls(definitions)

    def list(self) -> list[WorldSummary]:
        return [w.summary for w in self._worlds.values()]

    def world(self, world_id: str) -> World:
        try:
            return self._worlds[world_id]
        except KeyError:
            raise UnknownWorldError(world_id) from None

    def get(self, world_id: str) -> WorldSummary:
        return self.world(world_id).summary

    def new_state(self, world_id: str, player_name: str | None = None) -> WorldState:
        """The state of a session that starts now in ``world_id`` (``player_name``: see
        ``World.new_state``)."""
        return self.world(world_id).new_state(player_name)

    def intro(self, world_id: str) -> str:
        """The opening narrative of a world (shown when a session starts)."""
        world = self.world(world_id)
        start = world.locations[world.definition.start]
        return f"{world.definition.intro} {start.description}"

    def resume(self, world_id: str, state: WorldState | None) -> tuple[World, WorldState]:
        """The world a turn plays in and its state (a new one for ``None``);
        ``InvalidTurnError`` when the state belongs to another world or place."""
        world = self.world(world_id)
        state = state or world.new_state()
        if state.world_id != world.id:
            raise InvalidTurnError(f"state belongs to world {state.world_id!r}, not {world.id!r}")
        if state.location not in world.locations:
            raise InvalidTurnError(f"state location {state.location!r} is not in {world.id!r}")
        return world, state


@lru_cache(maxsize=1)
def shipped_catalog() -> WorldCatalog:
    """The five worlds shipped in the package (loaded on first use, then shared)."""
    return WorldCatalog.from_dirs(SHIPPED_WORLDS_DIR)


def list_worlds(catalog: WorldCatalog | None = None) -> list[WorldSummary]:
    return (catalog or shipped_catalog()).list()


def get_world(world_id: str, catalog: WorldCatalog | None = None) -> WorldSummary:
    """The summary of one world; ``UnknownWorldError`` (a ``LookupError``) if there is none."""
    return (catalog or shipped_catalog()).get(world_id)


def compatibility(world: WorldSummary, preferences: Preferences) -> float:
    """How well a world suits someone's preferences, from 0.0 (poorly) to 1.0 (very well).

    Four tenths for the therapeutic approach, four for the themes they care about, two for
    how the world's difficulty fits the intensity they asked for.
    """
    approach = 1.0 if preferences.approach.lower() in world.approaches else 0.0
    wanted = {t.lower() for t in preferences.themes}
    themes = len(wanted & set(world.themes)) / len(wanted) if wanted else 0.5
    distance = abs(
        _INTENSITY_RANK[preferences.intensity] - _DIFFICULTY_RANK.get(world.difficulty, 1)
    )
    fit = 1.0 - distance / 2
    return round(0.4 * approach + 0.4 * themes + 0.2 * fit, 3)
