"""The shipped check-in fake asks for its marker phrases and is the real checker otherwise."""

from tta_agents.safety.verdict import SafetyAction, SafetyLevel
from tta_agents.testing import CHECK_IN_QUESTION, CheckInChecker, KeywordChecker


def test_a_marker_phrase_is_a_check_in_with_the_question_and_resources() -> None:
    checker = CheckInChecker(KeywordChecker())
    verdict = checker.check("Honestly, I don\u2019t know how much   longer I can do this.")
    assert (verdict.level, verdict.action) == (SafetyLevel.CONCERN, SafetyAction.CHECK_IN)
    assert verdict.message == CHECK_IN_QUESTION
    assert next(r.name for r in verdict.resources) == "988 Suicide & Crisis Lifeline"


def test_every_other_line_and_all_output_is_the_inner_checkers() -> None:
    inner = KeywordChecker(blocked_output=("gore",))
    checker = CheckInChecker(inner, markers=("blue door",))
    assert checker.check("I want to end my life").level is SafetyLevel.CRISIS
    assert checker.check("look around").action is SafetyAction.ALLOW
    assert checker.check("open the blue door").action is SafetyAction.CHECK_IN
    assert checker.check_output("gore everywhere").action is SafetyAction.BLOCK
    assert inner.calls == 3
