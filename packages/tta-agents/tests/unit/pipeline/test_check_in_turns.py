"""The check-in in play: the story pauses to ask, the next line is the answer, and the game
acts on it (crisis, back to the story, support, or on with what the player typed)."""

from __future__ import annotations

import uuid

import pytest

from tta_agents import AgentSettings, build_pipeline
from tta_agents.safety import SafetyEngine, SafetySettings
from tta_agents.testing import FakeEncoder

from ..conftest import Player

UNSURE = "i might just fade out one day"


@pytest.fixture(scope="module")
def engine() -> SafetyEngine:
    return SafetyEngine(SafetySettings(), encoder=FakeEncoder(unsure=("fade out",)))


@pytest.fixture
def player(engine: SafetyEngine) -> Player:
    pipeline = build_pipeline(AgentSettings(), checker=engine)
    return Player(pipeline, "anxiety_sanctuary", session_id=uuid.uuid4().hex)


async def test_an_unsure_line_pauses_the_story_to_ask(player: Player) -> None:
    turn = await player.say(UNSURE)
    assert turn.outcome == "check_in"
    assert turn.safety.action == "check_in"
    assert "ending your life" in turn.narrative
    assert "988" in turn.narrative
    assert turn.suggestions == ("Yes", "No", "I'm not sure")
    assert player.state.awaiting == "check_in"
    assert player.state.check_ins == 1
    assert player.state.turn == 0  # the world did not move


async def test_yes_is_a_crisis_and_the_question_is_closed(player: Player) -> None:
    await player.say(UNSURE)
    turn = await player.say("yes")
    assert turn.outcome == "crisis"
    assert "check_in_yes" in turn.safety.categories
    assert player.state.awaiting is None


async def test_no_goes_back_to_the_story_with_a_gentle_note(player: Player) -> None:
    await player.say(UNSURE)
    turn = await player.say("no, i'm okay")
    assert turn.outcome == "ok"
    assert "Thank you for telling me" in turn.narrative
    assert "Weathered planks" in turn.narrative  # the scene again
    assert player.state.awaiting is None
    after = await player.say("go north")
    assert "Keeper" in after.location.title


async def test_unsure_keeps_support_and_resources_close(player: Player) -> None:
    await player.say(UNSURE)
    turn = await player.say("i dont know")
    assert turn.safety.level == "concern"
    assert "hard to know" in turn.narrative
    assert "988" in turn.narrative
    assert player.state.awaiting is None


async def test_playing_on_plays_with_a_kind_note(player: Player) -> None:
    await player.say(UNSURE)
    turn = await player.say("go north")
    assert turn.outcome == "ok"
    assert "keep going" in turn.narrative
    assert "Keeper" in turn.location.title
    assert player.state.awaiting is None


async def test_the_third_unsure_line_in_a_session_is_a_crisis(player: Player) -> None:
    for _ in range(2):
        assert (await player.say(UNSURE)).outcome == "check_in"
        await player.say("no")
    turn = await player.say(UNSURE)
    assert turn.outcome == "crisis"
    assert "repeated_check_in" in turn.safety.categories
