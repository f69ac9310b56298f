"""Moving, looking and handling things: the actions about places, scenery and items."""

from __future__ import annotations

from tta_agents.world.model import Location, Scenery
from tta_agents.world.people import talk
from tta_agents.world.practice import practise
from tta_agents.world.state import Outcome
from tta_agents.world.step import Step, resolve
from tta_agents.world.wording import in_sentence, join_words, route

__all__ = [
    "drop",
    "examine",
    "exits",
    "inventory",
    "look",
    "map_of",
    "move",
    "take",
    "undo",
    "use",
]


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + (dot.strip() or "")


def _place_named(step: Step, phrase: str, ids: list[str]) -> str | None:
    locs = step.world.locations
    return resolve(phrase, ((i, locs[i].title, locs[i].aliases) for i in ids))


def move(step: Step) -> Outcome:
    loc = step.location
    direction = step.intent.direction
    if direction is None and step.intent.target == "back":
        direction = _way_back(step)
    elif direction is None and step.intent.target:
        phrase = step.intent.target
        dest = _place_named(step, phrase, list(loc.exits.values()))
        direction = next((d for d, to in loc.exits.items() if to == dest), None)
        direction = direction or (phrase if phrase in loc.exits else None)
        if direction is None:
            return _towards(step, phrase)
    if direction is None:
        return step.done("move_where", step.facts())
    if direction not in loc.exits:
        return step.done("move_blocked", step.facts(direction=direction))
    dest = loc.exits[direction]
    step.updates["location"] = dest
    first = dest not in step.state.visited
    if first:
        step.updates["visited"] = [*step.state.visited, dest]
    return step.done("arrive_new" if first else "arrive_again", step.facts(direction=direction))


def _way_back(step: Step) -> str | None:
    """The exit to the place the player last came from (the undo point knows it), or the only
    way out; None (asked which way) when neither says."""
    exits = step.location.exits
    point = step.state.undo
    came_from = point.location if point is not None else None
    way = next((d for d, to in exits.items() if to == came_from != step.location_id), None)
    if way is None and len(exits) == 1:
        way = next(iter(exits))
    return way


def _towards(step: Step, phrase: str) -> Outcome:
    """A place further away: say the way there (the player walks it a step at a time)."""
    dest = _place_named(step, phrase, [i for i in step.world.locations if i != step.location_id])
    path = route(step.world, step.location_id, dest) if dest else None
    if dest is None or not path:
        if dest == step.location_id or _place_named(step, phrase, [step.location_id]):
            return step.done("move_here", step.facts())
        return step.done("move_unknown", step.facts(target=phrase))
    title = in_sentence(step.world.locations[dest].title)
    step.suggestions = [f"go {path[0]}"]
    return step.done("move_route", step.facts(place=title, route=", then ".join(path)))


def look(step: Step) -> Outcome:
    return step.done("look", step.facts())


def exits(step: Step) -> Outcome:
    if not step.location.exits:
        return step.done("exits_none", step.facts())
    return step.done("exits", step.facts())


def map_of(step: Step) -> Outcome:
    """The places known (visited) and the ways between them, as sentences."""
    world, known = step.world, step.visited
    lines = []
    for loc_id in known:
        loc = world.locations[loc_id]
        here = " (you are here)" if loc_id == step.location_id else ""
        roads = [
            f"{d} to {in_sentence(world.locations[to].title)}"
            + ("" if to in known else " (not yet explored)")
            for d, to in sorted(loc.exits.items())
        ]
        lines.append(f"{loc.title}{here}: {join_words(roads) or 'no way on'}.")
    unknown = len(world.locations) - len(known)
    return step.done(
        "map", step.facts(places=" ".join(lines), unexplored=str(unknown) if unknown else "")
    )


def _item_in_scope(step: Step, held_only: bool = False) -> str | None:
    ids = step.inventory
    if not held_only:
        ids += [
            i.id for i in step.world.items_placed(step.inventory, step.placed, step.location_id)
        ]
    items = step.world.items
    return resolve(step.intent.target or "", ((i, items[i].name, items[i].aliases) for i in ids))


def _npc_here(step: Step) -> str | None:
    people = (step.world.person(n, step.state) for n in step.location.npcs)
    return resolve(step.intent.target or "", ((p.id, p.name, p.aliases) for p in people))


def scenery_here(loc: Location, phrase: str) -> Scenery | None:
    found = resolve(phrase, ((f"s{n}", s.names[0], s.names[1:]) for n, s in enumerate(loc.scenery)))
    return loc.scenery[int(found[1:])] if found else None


def examine(step: Step) -> Outcome:
    phrase = step.intent.target or ""
    item_id = _item_in_scope(step)
    if item_id:
        item = step.world.items[item_id]
        return step.done("examine_item", step.facts(item=item.name, detail=item.description))
    npc_id = _npc_here(step)
    if npc_id:
        npc = step.world.person(npc_id, step.state)
        return step.done("examine_npc", step.facts(npc=npc.name, detail=npc.description))
    loc = step.location
    wanted = phrase.lower()
    named = next((s for s in loc.scenery if wanted in (n.lower() for n in s.names)), None)
    names = {loc.id.replace("_", " "), loc.title.lower(), *(a.lower() for a in loc.aliases)}
    if not named and (not phrase or wanted in names or f"the {wanted}" in names):
        return look(step)
    scenery = named or scenery_here(loc, phrase)
    if scenery:
        return step.done("examine_scenery", step.facts(thing=scenery.names[0], detail=scenery.text))
    if _place_named(step, phrase, [loc.id]):
        return look(step)
    direction = phrase if phrase in loc.exits else None
    dest = (
        loc.exits[direction] if direction else _place_named(step, phrase, list(loc.exits.values()))
    )
    if dest:
        direction = direction or next(d for d, to in loc.exits.items() if to == dest)
        there = step.world.locations[dest]
        detail = _first_sentence(there.description) if dest in step.visited else ""
        return step.done(
            "examine_way",
            step.facts(direction=direction, place=in_sentence(there.title), detail=detail),
        )
    return step.done("not_found", step.facts(target=phrase or "that"))


def _not_carryable(step: Step) -> Outcome | None:
    """Scenery or a person named in take/use: say what can be done with it instead."""
    scenery = scenery_here(step.location, step.intent.target or "")
    if scenery:
        return step.done("take_scenery", step.facts(thing=scenery.names[0], detail=scenery.text))
    npc_id = _npc_here(step)
    if npc_id:
        return step.done("take_person", step.facts(npc=step.world.person(npc_id, step.state).name))
    return None


_EVERYTHING = frozenset(
    {"all", "everything", "it all", "all of it", "all items", "all the items", "all the things",
     "everything here", "all here", "all of them", "them all"}
)  # fmt: skip


def _take_all(step: Step) -> Outcome:
    """Every portable thing here the player does not carry yet, in the order it lies."""
    here = step.world.items_placed(step.inventory, step.placed, step.location_id)
    taken = [item for item in here if item.portable and item.id not in step.inventory]
    if not taken:
        return step.done("take_all_none", step.facts())
    step.updates["inventory"] = [*step.inventory, *(item.id for item in taken)]
    step.updates["placed"] = {
        k: v for k, v in step.placed.items() if k not in step.updates["inventory"]
    }
    return step.done("take_all", step.facts(items=join_words([item.name for item in taken])))


def take(step: Step) -> Outcome:
    if not step.intent.target:
        return step.done("take_what", step.facts())
    if step.intent.target in _EVERYTHING:
        return _take_all(step)
    held = _item_in_scope(step, held_only=True)
    if held:
        return step.done("take_have", step.facts(item=step.world.items[held].name))
    item_id = _item_in_scope(step)
    if not item_id:
        return _not_carryable(step) or step.done("not_found", step.facts(target=step.intent.target))
    item = step.world.items[item_id]
    if not item.portable:
        return step.done("take_fixed", step.facts(item=item.name))
    step.updates["inventory"] = [*step.inventory, item_id]
    placed = step.placed
    placed.pop(item_id, None)
    step.updates["placed"] = placed
    return step.done("take", step.facts(item=item.name, detail=item.description))


def drop(step: Step) -> Outcome:
    if not step.intent.target:
        return step.done("drop_what", step.facts())
    item_id = _item_in_scope(step, held_only=True)
    if not item_id:
        return step.done("drop_missing", step.facts(target=step.intent.target))
    step.updates["inventory"] = [i for i in step.inventory if i != item_id]
    step.updates["placed"] = {**step.placed, item_id: step.location_id}
    return step.done("drop", step.facts(item=step.world.items[item_id].name))


def use(step: Step) -> Outcome:
    if not step.intent.target:
        return step.done("use_what", step.facts())
    item_id = _item_in_scope(step)
    if not item_id and _npc_here(step):
        return talk(step)  # "hug the grandmother oak": they answer
    if not item_id:
        scenery = scenery_here(step.location, step.intent.target)
        if scenery:
            return step.done(
                "examine_scenery", step.facts(thing=scenery.names[0], detail=scenery.text)
            )
        return step.done("not_found", step.facts(target=step.intent.target))
    item = step.world.items[item_id]
    if item_id not in step.state.used:
        step.updates["used"] = [*step.state.used, item_id]
    if item.exercise:
        return practise(step, step.world.exercises[item.exercise], item.use_text)
    return step.done("use", step.facts(item=item.name, detail=item.use_text or item.description))


def inventory(step: Step) -> Outcome:
    names = [step.world.items[i].name for i in step.inventory]
    if not names:
        return step.done("inventory_empty", step.facts())
    return step.done("inventory", step.facts(inventory=join_words(names)))


def undo(step: Step) -> Outcome:
    """Take back the last change to where the player is and what lies where (one step).

    Progress, conversations and anything the safety layer keeps are never taken back.
    """
    point = step.state.undo
    step.keeps_undo_point = True
    if point is None:
        return step.done("undo_nothing", step.facts())
    step.updates.update(
        location=point.location, inventory=list(point.inventory), placed=dict(point.placed)
    )
    step.updates["undo"] = None
    return step.done("undo", step.facts())
