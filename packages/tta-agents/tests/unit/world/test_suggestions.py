"""Every suggestion the game offers, anywhere in any world, is input the game understands."""

import pytest

from tta_agents import parse_intent
from tta_agents.world import apply_intent, list_worlds, shipped_catalog
from tta_agents.world.engine import suggest

MISUNDERSTOOD = {"unknown", "not_found", "talk_missing", "move_blocked", "move_unknown"}


@pytest.mark.parametrize("world_id", sorted(w.id for w in list_worlds()))
def test_every_suggestion_everywhere_is_understood(world_id: str) -> None:
    world = shipped_catalog().world(world_id)
    for location in world.locations:
        state = world.new_state().model_copy(update={"location": location})
        suggestions = suggest(world, state)
        assert 2 <= len(suggestions) <= 4, location
        for line in suggestions:
            outcome = apply_intent(world, state, parse_intent(line))
            assert outcome.situation not in MISUNDERSTOOD, (location, line, outcome.situation)


@pytest.mark.parametrize("world_id", sorted(w.id for w in list_worlds()))
def test_every_location_is_reachable_from_the_start(world_id: str) -> None:
    world = shipped_catalog().world(world_id)
    seen, frontier = {world.definition.start}, [world.definition.start]
    while frontier:
        for dest in world.locations[frontier.pop()].exits.values():
            if dest not in seen:
                seen.add(dest)
                frontier.append(dest)
    assert seen == set(world.locations)
