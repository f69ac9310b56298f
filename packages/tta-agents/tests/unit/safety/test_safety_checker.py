"""What a player (and the turn pipeline) notices about the default checker."""

import pytest

from tta_agents.safety import (
    SafetyAction,
    SafetyChecker,
    SafetyContext,
    SafetyLevel,
    default_checker,
)


def test_the_default_checker_implements_the_checker_protocol_and_is_shared() -> None:
    assert isinstance(default_checker(), SafetyChecker)
    assert default_checker() is default_checker()


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "kms",
        "i'm going to end my life tonight",
        "i took too many pills",
        "go north. honestly i want to die. open the door",
    ],
)
def test_a_crisis_escalates_with_resources_and_a_supportive_message(text: str) -> None:
    verdict = default_checker().check(text, SafetyContext(locale="en-US"))
    assert verdict.level is SafetyLevel.CRISIS
    assert verdict.action is SafetyAction.ESCALATE
    assert any(r.phone == "988" for r in verdict.resources)
    assert verdict.message
    assert verdict.rules_version


@pytest.mark.parametrize(
    "text",
    [
        "I give up on this puzzle",
        "attack the goblin",
        "kill the dragon",
        "this boss is killing me",
        "I could murder a pizza",
        "I'm dying to know what's behind the door",
    ],
)
def test_play_is_left_alone(text: str) -> None:
    verdict = default_checker().check(text)
    assert verdict.level is SafetyLevel.SAFE
    assert verdict.action is SafetyAction.ALLOW
    assert verdict.resources == ()


def test_a_crisis_match_names_the_rule_and_the_span_the_player_typed() -> None:
    text = "go north. i really want to kill myself"
    verdict = default_checker().check(text)
    crisis = [m for m in verdict.matches if m.level is SafetyLevel.CRISIS]
    assert crisis
    assert text[crisis[0].start : crisis[0].end] == crisis[0].snippet
    assert "kill myself" in crisis[0].snippet
