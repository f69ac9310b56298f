"""After a check-in question, the next line is also read as the answer: yes is a crisis, no
returns to play with a gentle note, unsure keeps support close, and repeated ambiguity raises
the level. Whatever the answer says besides is judged as usual."""

from __future__ import annotations

import pytest

from tta_agents.safety import (
    InMemoryRecorder,
    SafetyAction,
    SafetyContext,
    SafetyEngine,
    SafetyLevel,
    SafetySettings,
)
from tta_agents.safety.check_in import read_answer
from tta_agents.testing import FakeEncoder

ASKED = SafetyContext(session_id="s-1", awaiting_check_in=True, check_ins=1)


@pytest.fixture(scope="module")
def recorder() -> InMemoryRecorder:
    return InMemoryRecorder()


@pytest.fixture(scope="module")
def engine(recorder: InMemoryRecorder) -> SafetyEngine:
    return SafetyEngine(SafetySettings(), encoder=FakeEncoder(), recorder=recorder)


@pytest.mark.parametrize("text", ["yes", "Yeah...", "i am", "honestly yes, i have been"])
def test_yes_is_a_crisis_with_resources_and_a_stored_event(
    engine: SafetyEngine, recorder: InMemoryRecorder, text: str
) -> None:
    verdict = engine.check(text, ASKED)
    assert (verdict.level, verdict.action) == (SafetyLevel.CRISIS, SafetyAction.ESCALATE)
    assert "check_in_yes" in verdict.categories
    assert verdict.resources
    assert recorder.events[-1].level is SafetyLevel.CRISIS


@pytest.mark.parametrize("text", ["no", "nah im fine", "not really", "No, I'm okay."])
def test_no_returns_to_play_with_a_gentle_note(engine: SafetyEngine, text: str) -> None:
    verdict = engine.check(text, ASKED)
    assert (verdict.level, verdict.action) == (SafetyLevel.SAFE, SafetyAction.ALLOW)
    assert verdict.categories == ("check_in_no",)
    assert "Get help now" in verdict.message
    assert not verdict.resources


@pytest.mark.parametrize("text", ["i don't know", "maybe", "kinda", "not sure tbh"])
def test_unsure_keeps_support_close(engine: SafetyEngine, text: str) -> None:
    verdict = engine.check(text, ASKED)
    assert (verdict.level, verdict.action) == (SafetyLevel.CONCERN, SafetyAction.SUPPORT)
    assert "check_in_unsure" in verdict.categories
    assert verdict.resources


def test_unsure_again_after_repeated_check_ins_is_a_crisis(engine: SafetyEngine) -> None:
    again = ASKED.model_copy(update={"check_ins": 2})
    verdict = engine.check("i don't know", again)
    assert verdict.level is SafetyLevel.CRISIS
    assert "repeated_check_in" in verdict.categories


def test_a_new_unsure_line_after_repeated_check_ins_is_a_crisis(engine: SafetyEngine) -> None:
    context = SafetyContext(session_id="s-2", check_ins=2)
    verdict = engine.check("i might just not be here soon", context)
    assert verdict.level is SafetyLevel.CRISIS
    assert "repeated_check_in" in verdict.categories


def test_playing_on_without_answering_is_noted_kindly(engine: SafetyEngine) -> None:
    verdict = engine.check("go north", ASKED)
    assert (verdict.level, verdict.action) == (SafetyLevel.SAFE, SafetyAction.ALLOW)
    assert verdict.categories == ("check_in_unanswered",)
    assert verdict.message


def test_an_answer_that_is_itself_a_crisis_is_one(engine: SafetyEngine) -> None:
    verdict = engine.check("no. i want to kill myself", ASKED)
    assert verdict.level is SafetyLevel.CRISIS


def test_a_check_in_is_stored_for_follow_up(
    engine: SafetyEngine, recorder: InMemoryRecorder
) -> None:
    verdict = engine.check("i might just not be here soon", SafetyContext(session_id="s-3"))
    assert verdict.action is SafetyAction.CHECK_IN
    assert recorder.events[-1].action is SafetyAction.CHECK_IN


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yes", "yes"), ("Y", "yes"), ("i have no idea", "unsure"), ("sometimes", "unsure"),
        ("i do not", "no"), ("jk", "no"), ("go north", "other"), ("", "other"),
        ("i was thinking about the lighthouse and the boats and the gulls all day long", "other"),
    ],
)  # fmt: skip
def test_reading_answers(text: str, answer: str) -> None:
    assert read_answer(text) == answer
