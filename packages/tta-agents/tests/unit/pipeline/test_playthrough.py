"""A scripted playthrough of every shipped world, from the start to all of its milestones."""

import pytest

from tta_agents import AgentPipeline, list_worlds

from ..conftest import Player

SCRIPTS: dict[str, list[str]] = {
    "mindfulness_garden": [
        "look",
        "take the lantern",
        "e",
        "speak with the gardener",
        "breathe",
        "n",
        "pick up the journal",
        "w",
        "try grounding",
        "n",
        "talk to keeper",
        "n",
        "n",
        "ring the bell",
        "use journal",
    ],
    "anxiety_sanctuary": [
        "talk to otto",
        "take pebble",
        "n",
        "talk to the keeper",
        "use the worry jar",
        "n",
        "up",
        "breathe",
        "down",
        "s",
        "s",
        "e",
        "ground",
        "n",
        "n",
        "take sea glass",
        "visualize",
    ],
    "depression_recovery": [
        "stretch",
        "take notebook",
        "go out",
        "use notebook",
        "e",
        "e",
        "talk to hal",
        "take roll",
        "w",
        "w",
        "w",
        "practice gratitude",
        "up",
        "imagine",
    ],
    "social_confidence": [
        "breathe",
        "n",
        "talk to rosa",
        "w",
        "use diary",
        "e",
        "e",
        "talk to mei",
        "n",
        "visualize",
        "s",
        "w",
        "n",
        "n",
        "take taper",
        "use taper",
    ],
    "trauma_healing": [
        "take acorn",
        "n",
        "talk to the ranger",
        "n",
        "ground",
        "n",
        "imagine",
        "e",
        "use box",
        "w",
        "take journal",
        "use journal",
        "up",
    ],
}


def test_every_shipped_world_has_a_script() -> None:
    assert {w.id for w in list_worlds()} == set(SCRIPTS)


@pytest.mark.parametrize("world_id", sorted(SCRIPTS))
async def test_a_scripted_playthrough_reaches_every_milestone(
    pipeline: AgentPipeline, world_id: str
) -> None:
    player = Player(pipeline, world_id)
    for line in SCRIPTS[world_id]:
        result = await player.say(line)
        assert result.outcome == "ok", line
        assert result.intent is not None, line
        assert result.intent.kind != "unknown", line
        assert 2 <= len(result.suggestions) <= 4, line
        assert result.narrative, line
    world = pipeline.catalog.world(world_id)
    expected = sorted(m.id for m in world.definition.milestones)
    assert sorted(player.state.milestones) == expected
    reached = [p.id for r in player.results for p in r.progress if p.type == "milestone"]
    assert sorted(reached) == expected, "each milestone is signalled exactly once"
    assert len(player.state.model_dump_json().encode()) < 16 * 1024


@pytest.mark.parametrize("world_id", sorted(SCRIPTS))
def test_every_world_has_the_promised_content(pipeline: AgentPipeline, world_id: str) -> None:
    world = pipeline.catalog.world(world_id).definition
    assert len(world.locations) >= 8
    assert len(world.exercises) >= 3
    assert len(world.milestones) >= 3
    assert world.items
    assert world.npcs
    assert all(len(npc.dialogue) >= 2 for npc in world.npcs)
