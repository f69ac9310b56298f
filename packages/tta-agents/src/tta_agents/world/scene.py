"""The scene the input processor reads a line against: what is nameable where the player is.

Built from a world and a session's state: the items here and in hand, the people here, each
exit with the names of the place it leads to, this place itself, its exercises, and any
authored scenery (the things its description names). Keys are names the world step resolves.
"""

from __future__ import annotations

import weakref
from functools import lru_cache

from tta_agents.intent.scene import Scene, Thing
from tta_agents.world.catalog import World
from tta_agents.world.state import WorldState

__all__ = ["scene_of"]

# Per loaded world (dropped with it), per place: its unchanging things and their words.
_PLACES: weakref.WeakKeyDictionary[World, dict[str, tuple[tuple[Thing, ...], frozenset[str]]]] = (
    weakref.WeakKeyDictionary()
)


@lru_cache(maxsize=8192)
def _names(*groups: object) -> tuple[str, ...]:
    out: list[str] = []
    for group in groups:
        for name in group if isinstance(group, (list, tuple)) else (group,):
            label = str(name).lower().strip()
            if label and label not in out:
                out.append(label)
                if label.startswith(("the ", "a ", "an ")):
                    out.append(label.split(" ", 1)[1])
    return tuple(out)


_PLAIN = frozenset(
    {"with", "that", "this", "from", "into", "their", "there", "they", "have", "been", "your",
     "while", "when", "what", "about", "like", "just", "some", "them", "then", "over", "each"}
)  # fmt: skip


@lru_cache(maxsize=1024)
def _looks(description: str) -> frozenset[str]:
    words = (w.strip(".,;:!?\"'()").lower() for w in description.split())
    return frozenset(w for w in words if len(w) > 3 and w not in _PLAIN)


def _place_things(world: World, location_id: str) -> tuple[tuple[Thing, ...], frozenset[str]]:
    """What never changes at a place (its ways on, itself, its exercises and scenery) and the
    words of their names: built once per place of a loaded world, not on every turn."""
    per_world = _PLACES.setdefault(world, {})
    built = per_world.get(location_id)
    if built is not None:
        return built
    loc = world.locations[location_id]
    things: list[Thing] = []
    for direction, dest_id in sorted(loc.exits.items()):
        dest = world.locations[dest_id]
        ways = [s.names for s in loc.scenery if s.leads == direction]  # "into the woods"
        things.append(
            Thing(
                "exit",
                direction,
                _names(direction, dest.title, dest.aliases, dest_id.replace("_", " "), *ways),
            )
        )
    things.append(
        Thing("place", loc.title.lower(), _names(loc.title, loc.aliases, loc.id.replace("_", " ")))
    )
    for ex_id in loc.exercises:
        exercise = world.exercises[ex_id]
        things.append(Thing("exercise", exercise.kind, _names(exercise.title, exercise.kind)))
    for scenery in loc.scenery:
        things.append(Thing("scenery", scenery.names[0].lower(), _names(scenery.names)))
    built = (tuple(things), _words(things))
    per_world[location_id] = built
    return built


def _words(things: list[Thing]) -> frozenset[str]:
    return frozenset(w for t in things for name in t.names for w in name.split())


def scene_of(world: World, state: WorldState) -> Scene:
    loc = world.locations[state.location]
    things: list[Thing] = []
    for item_id in state.inventory:
        item = world.items[item_id]
        things.append(
            Thing(
                "held",
                item.name.lower(),
                _names(item.name, item.aliases, item_id.replace("_", " ")),
            )
        )
    for item in world.items_at(state, loc.id):
        things.append(
            Thing(
                "item",
                item.name.lower(),
                _names(item.name, item.aliases, item.id.replace("_", " ")),
            )
        )
    for npc_id in loc.npcs:
        npc = world.person(npc_id, state)
        things.append(
            Thing(
                "npc",
                npc.name.lower(),
                _names(npc.name, npc.aliases, npc_id.replace("_", " ")),
                looks=_looks(npc.description),
            )
        )
        for topic in npc.topics:
            things.append(
                Thing("topic", topic.names[0].lower(), _names(topic.names), owner=npc.name.lower())
            )
    place, place_words = _place_things(world, loc.id)
    return Scene(
        world_id=world.id,
        location=loc.id,
        things=(*things, *place),
        directions=tuple(sorted(loc.exits)),
        vocabulary=place_words | _words(things),
    )
