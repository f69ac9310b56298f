"""What to do next: suggestions for the spot, and hints that say more each time they are asked."""

from __future__ import annotations

from dataclasses import dataclass

from tta_agents.world.catalog import World
from tta_agents.world.practice import COMMANDS
from tta_agents.world.state import Outcome, WorldState
from tta_agents.world.step import Step
from tta_agents.world.wording import in_sentence, label, route

__all__ = ["Goal", "hint", "next_goal", "suggest"]

_NUDGES = {
    "visit": "somewhere you have not been yet is worth a visit",
    "exercise": "a practice is waiting for you somewhere in this world",
    "talk": "someone here would be glad to talk with you",
    "take": "something worth carrying is lying about",
    "use": "something you have seen could be put to use",
}


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
            out.append(f"talk to {label(world.npcs[npc_id].name, world.npcs[npc_id].aliases)}")
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
                npc = world.npcs[npc_id]
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


def hint(step: Step) -> Outcome:
    """Asked once here: a nudge; twice: what and where; three times and more: the words."""
    here = step.location_id
    times = step.state.hints.get(here, 0) + 1
    step.updates["hints"] = {**step.state.hints, here: times}
    goal = next_goal(step.world, step.draft())
    if goal is None:
        return step.done("hint_done", step.facts())
    path = route(step.world, here, goal.where) if goal.where else []
    facts = step.facts(nudge=_NUDGES[goal.kind], what=goal.what, command=goal.command)
    if goal.where and goal.where != here and goal.kind != "visit":  # a visit names its place
        facts["where"] = in_sentence(step.world.locations[goal.where].title)
    if goal.where and goal.where != here:
        facts["route"] = ", then ".join(path or [])
    level = min(times, 3)
    if level == 3:
        step.suggestions = [f"go {path[0]}"] if path else [goal.command]
    return step.done(f"hint_{level}", facts)
