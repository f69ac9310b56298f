"""Properties of the I/O-free cores: the parser, the safety engine and the world model.

Whatever a player types, the parser yields an intent, the safety engine yields a level, and
no sequence of inputs leads the world model out of a valid state.
"""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tta_agents.intent import Intent, IntentKind, parse_intent
from tta_agents.pipeline.turn import MAX_INPUT_CHARS
from tta_agents.safety import default_checker
from tta_agents.safety.engine import SafetyEngine
from tta_agents.world import World, WorldState, apply_intent, list_worlds, shipped_catalog

LEVELS = {"safe", "concern", "crisis"}
WORLD_IDS = tuple(summary.id for summary in list_worlds())

# Every kind of text a client can send: any unicode (surrogates excluded: JSON cannot carry
# them), control characters, long repetitions, and words the parser and the rules know.
_WORDS = st.sampled_from(
    [
        "go",
        "north",
        "take",
        "the",
        "stone",
        "drop",
        "use",
        "talk",
        "to",
        "look",
        "at",
        "breathe",
        "i",
        "feel",
        "sad",
        "anxious",
        "want",
        "to",
        "die",
        "kill",
        "myself",
        "not",
        "never",
        "hurt",
        "help",
        "inventory",
        "reflect",
        "quit",
        "save",
        "😊",
        "ñ",
        "\u200b",
        "\x00",
        "\t",
        "\n",
        "\uff27\uff2f",  # fullwidth GO
        "İ",
        "ß",
        "\u0301",
        "..",
        "!!",
        "'",
        '"',
    ]
)
_SENTENCES = st.lists(_WORDS, max_size=40).map(" ".join)
_UNICODE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=500)
_CONTROL = st.text(st.characters(max_codepoint=0x1F), max_size=200)
_HUGE = st.tuples(_SENTENCES, st.integers(min_value=100, max_value=3000)).map(
    lambda pair: (pair[0] + " ") * pair[1]
)
ANY_TEXT = st.one_of(_UNICODE, _CONTROL, _SENTENCES)
# Long inputs stop at twice what a turn accepts (MAX_INPUT_CHARS) to keep this run short;
# the safety package's test_safety_long_input.py checks 100,000-character texts.
_LONG = st.tuples(_SENTENCES, st.integers(min_value=2, max_value=20)).map(
    lambda pair: ((pair[0] + " ") * pair[1])[: 2 * MAX_INPUT_CHARS]
)
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def checker() -> SafetyEngine:
    return default_checker()


@QUICK
@given(st.one_of(ANY_TEXT, _HUGE))
def test_the_parser_never_raises_and_always_yields_an_intent(text: str) -> None:
    intent = parse_intent(text)
    assert isinstance(intent, Intent)
    assert intent.kind in set(IntentKind)
    assert 0.0 <= intent.confidence <= 1.0


@QUICK
@given(ANY_TEXT)
def test_the_safety_engine_never_raises_and_always_returns_a_level(text: str) -> None:
    verdict = checker().check(text)
    assert verdict.level in LEVELS
    assert checker().check_output(text).level in LEVELS


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LONG)
def test_the_safety_engine_returns_a_level_for_long_inputs(text: str) -> None:
    assert checker().check(text).level in LEVELS


def _vocabulary(world: World) -> list[str]:
    """Commands that mean something in ``world``: its exits, items, people and exercises."""
    words: list[str] = ["look", "inventory", "reflect", "i feel anxious", "help", "rest"]
    for location in world.locations.values():
        words += [f"go {direction}" for direction in location.exits]
        words += [f"go to {location.title}", f"examine {location.title}"]
    for item in world.items.values():
        for name in (item.name, *item.aliases):
            words += [f"take {name}", f"drop {name}", f"use {name}", f"examine the {name}"]
    for npc in world.npcs.values():
        words += [f"talk to {npc.name}", f"examine {npc.name}", "talk"]
    words += [f"do the {ex.kind} exercise" for ex in world.exercises.values()]
    words += ["breathe", "ground myself", "journal", "stretch"]
    return words


def _assert_valid(world: World, state: WorldState) -> None:
    again = WorldState.model_validate_json(state.model_dump_json())
    assert again == state
    assert state.world_id == world.id
    assert state.location in world.locations
    assert all(item in world.items for item in state.inventory)
    assert len(set(state.inventory)) == len(state.inventory), "an item held twice"
    for item, where in state.placed.items():
        assert item in world.items
        assert where in world.locations
    assert all(item in world.items for item in state.used)
    assert set(state.visited) <= set(world.locations)
    assert state.location in state.visited
    assert set(state.rapport) <= set(world.npcs)
    assert set(state.exercises_done) <= set(world.exercises)
    milestones = {m.id for m in world.definition.milestones}
    assert set(state.milestones) <= milestones
    assert len(set(state.milestones)) == len(state.milestones)
    # an item is in exactly one place: held, or lying in one location
    for item in world.items:
        lying = [
            loc for loc in world.locations if item in {i.id for i in world.items_at(state, loc)}
        ]
        assert len(lying) + (item in state.inventory) <= 1, f"{item} in two places"
    assert len(state.model_dump_json()) < 16 * 1024


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(WORLD_IDS), st.data())
def test_no_sequence_of_inputs_reaches_an_invalid_world_state(
    world_id: str, data: st.DataObject
) -> None:
    world = shipped_catalog().world(world_id)
    state = world.new_state()
    _assert_valid(world, state)
    words = _vocabulary(world)
    suggestions: list[str] = []
    for _ in range(data.draw(st.integers(min_value=1, max_value=40), label="turns")):
        choices = [st.sampled_from(words), _SENTENCES]
        if suggestions:
            choices.insert(0, st.sampled_from(suggestions))
        text = data.draw(st.one_of(*choices), label="input")
        outcome = apply_intent(world, state, parse_intent(text))
        assert outcome.situation
        state = outcome.state
        _assert_valid(world, state)
        suggestions = outcome.suggestions
