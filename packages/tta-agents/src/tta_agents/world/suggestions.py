"""What is worth doing next here: suggestions for the spot, and the arc's next goal (pure
reads of a world and a state; hints and the turn's answer are built on them)."""

from __future__ import annotations

from dataclasses import dataclass

from tta_agents.world.catalog import World
from tta_agents.world.state import WorldState
from tta_agents.world.wording import COMMANDS, in_sentence, label

__all__ = ["Goal", "next_goal", "suggest"]


@dataclass(frozen=True, slots=True)
class Goal:
    """The next thing the world's arc asks for: what, where, and the words that do it."""

    kind: str  # visit, exercise, talk, take, use
    what: str
    where: str | None  # a location id; None when it is with the player
    command: str


def suggest(world: World, state: WorldState) -> list[str]:
    """Two to four next actions worth trying here, most useful first (each valid input)."""
    loc = world.locations[state.location]
    out: list[str] = []
    for ex_id in loc.exercises:
        if ex_id not in state.exercises_done:
            out.append(COMMANDS[world.exercises[ex_id].kind])
            break
    for npc_id in loc.npcs:
        if state.rapport.get(npc_id, 0) == 0:
            person = world.person(npc_id, state)
            out.append(f"talk to {label(person.name, person.aliases)}")
            break
    portable = [i for i in world.items_at(state, loc.id) if i.portable]
    if portable:
        out.append(f"take {label(portable[0].name, portable[0].aliases)}")
    unvisited = [d for d, dest in sorted(loc.exits.items()) if dest not in state.visited]
    out.extend(f"go {d}" for d in (unvisited or sorted(loc.exits))[:2])
    for filler in ("look around", "breathe", "check inventory"):
        if len(out) >= 2:
            break
        out.append(filler)
    return out[:4]


def _item_place(world: World, state: WorldState, item_id: str) -> str | None:
    if item_id in state.inventory:
        return None
    return state.placed.get(item_id, world.home.get(item_id))


def next_goal(world: World, state: WorldState) -> Goal | None:
    """The first unmet requirement of the first milestone not yet reached."""
    for ms in world.definition.milestones:
        if ms.id in state.milestones:
            continue
        req = ms.requires
        for loc_id in req.visited:
            if loc_id not in state.visited:
                title = world.locations[loc_id].title
                return Goal("visit", in_sentence(title), loc_id, f"go to {title.lower()}")
        for ex_id in req.exercises:
            if ex_id not in state.exercises_done:
                ex = world.exercises[ex_id]
                home = next(
                    (loc.id for loc in world.definition.locations if ex_id in loc.exercises), None
                )
                if home:
                    return Goal("exercise", ex.title, home, COMMANDS[ex.kind])
                item = next(i for i in world.items.values() if i.exercise == ex_id)
                command = f"use {label(item.name, item.aliases)}"
                return Goal("exercise", ex.title, _item_place(world, state, item.id), command)
        for npc_id in req.talked:
            if state.rapport.get(npc_id, 0) == 0:
                npc = world.person(npc_id, state)
                home = next(loc.id for loc in world.definition.locations if npc_id in loc.npcs)
                return Goal("talk", npc.name, home, f"talk to {label(npc.name, npc.aliases)}")
        for item_id in (*req.items, *req.used):
            kind = "take" if item_id in req.items else "use"
            done = item_id in (state.inventory if kind == "take" else state.used)
            if not done:
                item = world.items[item_id]
                where = _item_place(world, state, item_id)
                return Goal(kind, item.name, where, f"{kind} {label(item.name, item.aliases)}")
    return None
