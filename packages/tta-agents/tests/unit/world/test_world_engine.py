"""World transitions, item handling, NPC rapport, milestones (the WBA, without the pipeline)."""

import pytest

from tta_agents import parse_intent
from tta_agents.world import World, WorldState, apply_intent, shipped_catalog
from tta_agents.world.engine import suggest


@pytest.fixture
def garden() -> World:
    return shipped_catalog().world("mindfulness_garden")


def play(world: World, *lines: str) -> tuple[WorldState, list[str]]:
    state = world.new_state()
    situations = []
    for line in lines:
        outcome = apply_intent(world, state, parse_intent(line))
        state = outcome.state
        situations.append(outcome.situation)
    return state, situations


def test_moving_follows_exits_and_records_visits(garden: World) -> None:
    state, situations = play(garden, "north", "south", "go west", "walk to the bench", "go")
    assert situations == ["arrive_new", "arrive_again", "move_blocked", "arrive_new", "move_where"]
    assert state.location == "stone_bench"
    assert state.visited == ["willow_gate", "herb_path", "stone_bench"]
    assert state.turn == 5


def test_moving_towards_a_place_further_away_gives_the_way_there(garden: World) -> None:
    outcome = apply_intent(garden, garden.new_state(), parse_intent("go to the moon bridge"))
    assert outcome.situation == "move_route"
    assert outcome.facts["route"] == "north, then north, then north"
    assert outcome.suggestions == ["go north"]
    assert outcome.state.location == "willow_gate"
    _, situations = play(garden, "go to atlantis", "go to the gate")
    assert situations == ["move_unknown", "move_here"]


def test_the_input_state_is_never_modified(garden: World) -> None:
    state = garden.new_state()
    before = state.model_dump()
    apply_intent(garden, state, parse_intent("take lantern"))
    assert state.model_dump() == before


def test_items_move_between_places_and_the_inventory(garden: World) -> None:
    state, situations = play(
        garden, "take lantern", "take lantern", "i", "n", "drop lantern", "drop lantern"
    )
    assert situations == ["take", "take_have", "inventory", "arrive_new", "drop", "drop_missing"]
    assert state.inventory == []
    assert state.placed == {"paper_lantern": "herb_path"}
    assert [i.id for i in garden.items_at(state, "herb_path")] == [
        "paper_lantern",
        "sprig_of_lavender",
    ]
    state, situations = play(garden, "take", "drop", "use", "take the moon", "i")
    assert situations == ["take_what", "drop_what", "use_what", "not_found", "inventory_empty"]


def test_take_all_picks_up_everything_portable_here_and_says_what(garden: World) -> None:
    here = [i.id for i in garden.items_at(garden.new_state(), "willow_gate") if i.portable]
    assert here, "the gate has something to carry"
    outcome = apply_intent(garden, garden.new_state(), parse_intent("get all"))
    assert outcome.situation == "take_all"
    assert outcome.state.inventory == here
    assert all(garden.items[i].name in outcome.facts["items"] for i in here)
    again = apply_intent(garden, outcome.state, parse_intent("take everything"))
    assert again.situation == "take_all_none"
    assert again.state.inventory == here


def test_fixed_items_can_be_used_but_not_taken(garden: World) -> None:
    state, situations = play(garden, "e", "n", "w", "n", "n", "n", "take bell", "ring bell")
    assert situations[-2:] == ["take_fixed", "use"]
    assert state.used == ["meadow_bell"]


def test_talking_builds_rapport_and_moves_through_the_dialogue(garden: World) -> None:
    state = garden.new_state().model_copy(update={"location": "stone_bench"})
    lines = []
    for _ in range(4):
        outcome = apply_intent(garden, state, parse_intent("talk to the gardner"))
        state = outcome.state
        lines.append(outcome.facts["line"])
        if len(lines) == 3:
            break
    assert state.rapport == {"wren": 3}
    assert lines[0] != lines[1] != lines[2]
    outcome = apply_intent(garden, state, parse_intent("talk to the gardener"))
    assert outcome.situation == "talk_more"  # the dialogue is done: she offers topics instead
    assert "garden" in outcome.facts["topics"]
    _, situations = play(garden, "talk to wren", "talk")
    assert situations == ["talk_missing", "talk_nobody"]


def test_examining_things_people_and_places(garden: World) -> None:
    _, situations = play(garden, "examine lantern", "look at the gate", "x unicorn", "e", "x wren")
    assert situations == [
        "examine_item",
        "examine_scenery",
        "not_found",
        "arrive_new",
        "examine_npc",
    ]
    _, situations = play(garden, "look at the willow gate", "read the sign", "x north")
    assert situations == ["look", "examine_scenery", "examine_way"]


def test_exercises_are_found_here_or_told_in_this_place(garden: World) -> None:
    state, situations = play(garden, "e", "breathe", "practice", "try stretching", "journal")
    assert situations == [
        "arrive_new", "exercise", "exercise", "practice_stretching", "practice_journaling",
    ]  # fmt: skip
    assert state.exercises_done == ["garden_breath"]
    outcome = apply_intent(garden, state, parse_intent("try grounding"))
    assert outcome.situation == "practice_grounding"  # a short one here, and where the full one is
    assert outcome.facts["setting"] == garden.locations["stone_bench"].practice
    assert outcome.facts["full"] == "five senses on the herb path"
    assert outcome.facts["full_route"] == "north, then west"
    assert outcome.exercise is None
    assert outcome.progress == []


def test_milestones_are_reached_once(garden: World) -> None:
    state, _ = play(garden, "e", "breathe")
    assert state.milestones == ["first_breath"]
    outcome = apply_intent(garden, state, parse_intent("breathe"))
    assert [p.type for p in outcome.progress] == ["exercise", "skill"]
    assert outcome.state.milestones == ["first_breath"]


def test_help_rest_quit_and_save_are_narrated_situations(garden: World) -> None:
    _, situations = play(garden, "help", "rest", "save", "quit", "zzzz")
    assert situations == ["help", "rest", "save", "quit", "unknown"]


def _meet_the_gardener(world: World, state: WorldState) -> list[dict[str, str]]:
    facts = []
    for line in ("go east", "look", "talk to the gardener", "examine rowan"):
        outcome = apply_intent(world, state, parse_intent(line))
        state = outcome.state
        facts.append(outcome.facts)
    return facts


def test_a_person_of_the_world_who_shares_the_players_name_goes_by_another(garden: World) -> None:
    state = garden.new_state(player_name="Wren Alder")
    look, talk, examine = _meet_the_gardener(garden, state)[1:]
    assert look["npcs_here"] == "Rowan the gardener"
    assert talk["npc"] == "Rowan the gardener"
    assert examine["npc"] == "Rowan the gardener"  # the new name is one to call them by
    assert "Wren" not in str([look, talk, examine])
    suggestions = suggest(garden, apply_intent(garden, state, parse_intent("go east")).state)
    assert "talk to gardener" in suggestions


def test_names_are_kept_when_nobody_shares_them(garden: World) -> None:
    assert garden.new_state(player_name="Ada").flags == {}
    assert garden.new_state().flags == {}
    look = _meet_the_gardener(garden, garden.new_state(player_name="Sol"))[1]
    assert look["npcs_here"] == "Wren the gardener"
    # Only given names count: "the Grandmother Oak" is no one's namesake.
    forest = shipped_catalog().world("trauma_healing")
    assert list(forest.new_state(player_name="The Oak").flags) == []
    assert list(forest.new_state(player_name="Sol").flags) == ["npc_name:sol"]


def test_the_worlds_own_words_call_the_renamed_person_by_the_new_name(garden: World) -> None:
    state = garden.new_state(player_name="Wren Alder")
    assert garden.definition.ending is not None
    epilogue = garden.rename_text(garden.definition.ending.epilogue, state)
    assert "Rowan looks up" in epilogue
    assert "Wren" not in epilogue
    assert garden.rename_text("Wren smiles.", garden.new_state()) == "Wren smiles."


def test_asking_for_any_exercise_where_none_is_set_gives_a_short_one_here(garden: World) -> None:
    # the willow gate has no exercise; the nearest is on the stone bench, one step east
    outcome = apply_intent(garden, garden.new_state(), parse_intent("practice"))
    assert outcome.situation.startswith("practice_")
    assert outcome.facts["setting"] == garden.locations["willow_gate"].practice
    assert outcome.facts["full_route"] == "east"
    assert outcome.state.exercises_done == []


def test_a_gesture_to_someone_here_is_answered_by_them() -> None:
    forest = shipped_catalog().world("trauma_healing")
    state = forest.new_state().model_copy(update={"location": "old_oak"})
    outcome = apply_intent(forest, state, parse_intent("hug the grandmother oak"))
    assert outcome.situation.startswith("talk")
