"""The world answers every intent kind well: scenery, ways, pause, undo, hints, small talk,
lines not followed, feelings in each world's terms, topics with memory, the ending, variety.

Intents are built directly (the input processor is tested on its own)."""

from __future__ import annotations

import pytest

from tta_agents.intent.model import FEELINGS, Intent, IntentKind
from tta_agents.narrative import TemplateNarrator
from tta_agents.testing.play import replay, scripted_intents, variety
from tta_agents.world import Outcome, Preferences, World, WorldState, apply_intent, shipped_catalog
from tta_agents.world.lint import lint_world

WORLDS = ["mindfulness_garden", "anxiety_sanctuary", "depression_recovery", "social_confidence",
          "trauma_healing"]  # fmt: skip


def world(world_id: str) -> World:
    return shipped_catalog().world(world_id)


def act(w: World, state: WorldState, kind: IntentKind, text: str = "", **fields: str) -> Outcome:
    intent = Intent(kind=kind, normalized_text=text or kind.value, confidence=0.9, **fields)
    return apply_intent(w, state, intent)


def say(outcome: Outcome, session: str = "s") -> str:
    return TemplateNarrator().render(outcome, session_id=session, preferences=Preferences()).text


def at(w: World, location: str) -> WorldState:
    return w.new_state().model_copy(update={"location": location, "visited": [location]})


@pytest.mark.parametrize("world_id", WORLDS)
def test_every_shipped_world_passes_the_lint(world_id: str) -> None:
    assert [str(p) for p in lint_world(world(world_id).definition)] == []


@pytest.mark.parametrize(
    ("place", "thing", "words"),
    [("jetty", "lighthouse", "white on the hill"), ("jetty", "the sea", "long, slow swells"),
     ("jetty", "water", "count the pebbles"), ("quiet_cove", "waves", "slides back out")],
)  # fmt: skip
def test_what_a_description_names_can_be_examined(place: str, thing: str, words: str) -> None:
    w = world("anxiety_sanctuary")
    outcome = act(w, at(w, place), IntentKind.EXAMINE, target=thing)
    assert outcome.situation == "examine_scenery"
    assert words in say(outcome)


def test_scenery_cannot_be_carried_and_people_are_not_things() -> None:
    w = world("anxiety_sanctuary")
    assert act(w, at(w, "jetty"), IntentKind.TAKE, target="lighthouse").situation == "take_scenery"
    assert act(w, at(w, "jetty"), IntentKind.TAKE, target="otto").situation == "take_person"


def test_looking_names_things_people_and_ways() -> None:
    w = world("anxiety_sanctuary")
    text = say(act(w, w.new_state(), IntentKind.LOOK))
    assert "smooth grey pebble" in text
    assert "Otto the ferryman" in text
    assert "north to the Keeper's Cottage" in text


def test_exits_and_map_say_the_ways_and_the_places_known() -> None:
    w = world("mindfulness_garden")
    exits = say(act(w, w.new_state(), IntentKind.EXITS))
    assert "east to the Stone Bench" in exits
    assert "north to the Herb Path" in exits
    state = act(w, w.new_state(), IntentKind.MOVE, direction="east").state
    text = say(act(w, state, IntentKind.MAP))
    assert "The Stone Bench (you are here)" in text
    assert "north to the Herb Path (not yet explored)" in text
    assert "The Koi Pond" not in text  # not known yet


def test_pause_is_honoured_at_once_kindly_and_pushes_nothing() -> None:
    w = world("trauma_healing")
    state = at(w, "clearing")
    outcome = act(w, state, IntentKind.PAUSE, "i need a break")
    assert outcome.situation == "pause"
    assert outcome.state.location == "clearing"
    assert outcome.suggestions == ["look around", "quit"]
    assert outcome.exercise is None
    assert outcome.progress == []
    text = say(outcome)
    assert "in charge of the pace" in text or "Everything waits" in text
    assert "notice" not in text.lower()  # no therapeutic question after a pause


def test_undo_takes_back_the_last_move_or_item_but_never_progress_or_talk() -> None:
    w = world("mindfulness_garden")
    state = act(w, w.new_state(), IntentKind.TAKE, target="lantern").state
    state = act(w, state, IntentKind.MOVE, direction="east").state
    state = act(w, state, IntentKind.TALK, target="wren").state
    state = act(w, state, IntentKind.EXERCISE, exercise="breathing").state
    assert state.milestones == ["first_breath"]
    undone = act(w, state, IntentKind.UNDO)
    assert undone.situation == "undo"
    assert undone.state.location == "willow_gate"  # the move is taken back
    assert undone.state.inventory == ["paper_lantern"]
    assert undone.state.exercises_done == ["garden_breath"]  # progress is kept
    assert undone.state.milestones == ["first_breath"]
    assert undone.state.rapport == {"wren": 1}  # what was said stays said
    again = act(w, undone.state, IntentKind.UNDO)
    assert again.situation == "undo_nothing"
    assert again.state.location == "willow_gate"


def test_undo_with_nothing_to_take_back() -> None:
    w = world("mindfulness_garden")
    assert act(w, w.new_state(), IntentKind.UNDO).situation == "undo_nothing"


def test_hints_say_more_each_time_at_the_same_place() -> None:
    w = world("mindfulness_garden")
    state, situations, texts = w.new_state(), [], []
    outcome = act(w, state, IntentKind.LOOK)
    for _ in range(4):
        outcome = act(w, state, IntentKind.HINT)
        state = outcome.state
        situations.append(outcome.situation)
        texts.append(say(outcome))
    assert situations == ["hint_1", "hint_2", "hint_3", "hint_3"]
    assert "Breathing with the fig tree" in texts[1] or "breathing with the fig" in texts[1].lower()
    assert "east" in texts[2]
    assert "breathe" in texts[2]
    assert outcome.suggestions == ["go east"]
    moved = act(w, state, IntentKind.MOVE, direction="east").state
    assert act(w, moved, IntentKind.HINT).situation == "hint_1"  # a new place starts gently


def test_chat_is_answered_warmly_in_the_world_voice() -> None:
    w = world("anxiety_sanctuary")
    voice = w.definition.voice
    assert voice is not None
    thanks = act(w, w.new_state(), IntentKind.CHAT, "thank you so much")
    hello = act(w, w.new_state(), IntentKind.CHAT, "hi there how are you")
    other = act(w, w.new_state(), IntentKind.CHAT, "nice weather today")
    assert say(thanks) in voice.thanks
    assert say(hello) in voice.greeting
    assert say(other) in voice.chat


def test_a_line_not_followed_gets_the_world_voice_and_ideas_for_the_spot() -> None:
    w = world("anxiety_sanctuary")
    outcome = act(w, w.new_state(), IntentKind.UNKNOWN, "purple monkey dishwasher")
    assert 2 <= len(outcome.suggestions) <= 3
    text = say(outcome)
    assert any(line in text for line in w.definition.voice.unknown)  # type: ignore[union-attr]
    assert "talk to ferryman" in text


@pytest.mark.parametrize(
    ("world_id", "place", "emotion", "words", "first_suggestion"),
    [("trauma_healing", "forest_edge", "flashback", "you are safe enough", "try grounding"),
     ("trauma_healing", "forest_edge", "triggered", "feet into the ground", "try grounding"),
     ("social_confidence", "market_square", "judged", "isn't a fact", "journal"),
     ("social_confidence", "market_square", "embarrassed", "saucer", "journal"),
     ("social_confidence", "market_square", "left_out", "lantern", "visualize"),
     ("depression_recovery", "stone_cottage", "no_energy", "counts as a step", "stretch"),
     ("depression_recovery", "stone_cottage", "pointless", "low mood talking", "journal"),
     ("anxiety_sanctuary", "jetty", "racing_heart", "pace of the light", "breathe"),
     ("anxiety_sanctuary", "jetty", "what_if", "and then what would I do", "journal"),
     ("mindfulness_garden", "willow_gate", "restless", "ripples", "visualize")],
)  # fmt: skip
def test_feelings_are_answered_in_the_world_terms_with_an_offer(
    world_id: str, place: str, emotion: str, words: str, first_suggestion: str
) -> None:
    w = world(world_id)
    outcome = act(w, at(w, place), IntentKind.REFLECT, emotion=emotion)
    assert outcome.situation == "feeling"
    assert words in say(outcome)
    assert outcome.suggestions[0] == first_suggestion


@pytest.mark.parametrize("world_id", WORLDS)
def test_every_feeling_the_game_names_has_an_answer_in_every_world(world_id: str) -> None:
    w = world(world_id)
    for emotion in sorted(FEELINGS):
        outcome = act(w, w.new_state(), IntentKind.REFLECT, emotion=emotion)
        assert outcome.situation == "feeling", emotion
        assert say(outcome)


def test_an_exercise_offer_says_where_it_is_when_it_is_elsewhere() -> None:
    w = world("anxiety_sanctuary")
    text = say(act(w, at(w, "jetty"), IntentKind.REFLECT, emotion="anxious"))
    assert "breathing with the lighthouse is at the Lamp Room (north, then north, then up)" in text


def test_topics_have_follow_ups_and_people_remember_what_was_said() -> None:
    w = world("anxiety_sanctuary")
    state = at(w, "keepers_cottage")
    situations, lines = [], []
    for _ in range(3):
        outcome = act(w, state, IntentKind.TALK, target="maren", topic="the jar")
        state = outcome.state
        situations.append(outcome.situation)
        lines.append(outcome.facts.get("line"))
    assert situations == ["talk_topic", "talk_topic_more", "talk_topic_done"]
    assert lines[0] != lines[1]
    assert lines[2] is None
    assert state.asked == {"maren/jar": 3}
    outcome = act(w, state, IntentKind.TALK, target="maren", topic="quantum physics")
    assert outcome.situation == "talk_topic_unknown"
    # a lone person here: "ask about the kettle" is a topic, not a person
    outcome = act(w, state, IntentKind.TALK, target="kettle")
    assert outcome.situation == "talk_topic"
    assert outcome.suggestions[0].startswith("ask keeper about")


def test_after_the_greetings_a_person_offers_topics_then_remembers_them() -> None:
    w = world("anxiety_sanctuary")
    state = at(w, "jetty")
    for _ in range(len(w.npcs["otto"].dialogue)):
        state = act(w, state, IntentKind.TALK, target="otto").state
    outcome = act(w, state, IntentKind.TALK, target="otto")
    assert outcome.situation == "talk_more"
    for topic in w.npcs["otto"].topics:
        state = act(w, state, IntentKind.TALK, target="otto", topic=topic.names[0]).state
    outcome = act(w, state, IntentKind.TALK, target="otto")
    assert outcome.situation == "talk_done"
    assert "ferry" in outcome.facts["remembered"] or "worry" in outcome.facts["remembered"]


@pytest.mark.parametrize("world_id", WORLDS)
def test_every_person_has_at_least_four_topics(world_id: str) -> None:
    assert all(len(npc.topics) >= 4 for npc in world(world_id).npcs.values())


def test_the_last_milestone_shows_the_ending_once_and_records_completion() -> None:
    w = world("mindfulness_garden")
    done = [m.id for m in w.definition.milestones[:-1]]
    state = at(w, "quiet_meadow").model_copy(
        update={"milestones": done, "visited": ["quiet_meadow"], "inventory": ["linen_journal"]}
    )
    outcome = act(w, state, IntentKind.USE, target="journal")
    assert outcome.state.completed
    completion = [p for p in outcome.progress if p.type == "completion"]
    assert [(p.id, p.title) for p in completion] == [("mindfulness_garden", "The whole garden")]
    assert "You walk differently now" in say(outcome)
    later = act(w, outcome.state, IntentKind.LOOK)
    assert not [p for p in later.progress if p.type == "completion"]
    assert "You walk differently now" not in say(later)


@pytest.mark.parametrize("world_id", WORLDS)
def test_replies_vary_over_a_long_play(world_id: str) -> None:
    w = world(world_id)
    replies = replay(w, scripted_intents(w, 100))
    assert variety(replies).distinct_replies >= 0.9
    assert variety(replies[:30]).most_repeated_count <= 3


@pytest.mark.parametrize("world_id", WORLDS)
def test_every_intent_kind_gets_an_answer_everywhere(world_id: str) -> None:
    w = world(world_id)
    for loc_id in w.locations:
        for kind in IntentKind:
            text = say(act(w, at(w, loc_id), kind, target="something odd"))
            assert text, (loc_id, kind)
            assert "{" not in text, (loc_id, kind)


def test_going_back_returns_the_way_the_player_came() -> None:
    w = world("mindfulness_garden")
    state = act(w, w.new_state(), IntentKind.MOVE, direction="north").state  # to the herb path
    back = act(w, state, IntentKind.MOVE, "go back", target="back")
    assert back.situation in ("arrive_new", "arrive_again")
    assert back.state.location == "willow_gate"
    # Nothing says where the player came from, and there is more than one way: ask.
    asked = act(w, at(w, "herb_path"), IntentKind.MOVE, "go back", target="back")
    assert asked.situation == "move_where"
    assert asked.state.location == "herb_path"
