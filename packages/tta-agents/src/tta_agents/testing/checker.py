"""A small keyword safety checker, for tests that must not depend on the real rules."""

from __future__ import annotations

from tta_agents.safety.verdict import (
    CrisisResource,
    SafetyAction,
    SafetyContext,
    SafetyLevel,
    Verdict,
)

__all__ = ["KeywordChecker"]

_LIFELINE = CrisisResource(
    name="988 Suicide & Crisis Lifeline", phone="988", sms="988", url="https://988lifeline.org"
)
_TEXT_LINE = CrisisResource(name="Crisis Text Line", sms="741741", sms_body="HOME")


class KeywordChecker:
    """Crisis, concern and blocked-output verdicts from fixed phrases (case-insensitive)."""

    def __init__(
        self,
        *,
        crisis: tuple[str, ...] = ("end my life", "kill myself"),
        concern: tuple[str, ...] = ("hopeless",),
        blocked_output: tuple[str, ...] = ("gore",),
        blocked_input: tuple[str, ...] = (),
    ) -> None:
        self.crisis = crisis
        self.concern = concern
        self.blocked_output = blocked_output
        self.blocked_input = blocked_input
        self.calls = 0

    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        self.calls += 1
        lowered = text.lower()
        if any(p in lowered for p in self.crisis):
            return Verdict(
                level=SafetyLevel.CRISIS,
                action=SafetyAction.ESCALATE,
                categories=("suicidal_ideation",),
                resources=(_LIFELINE, _TEXT_LINE),
                message="I'm so glad you said something. You deserve support right now.",
            )
        if any(p in lowered for p in self.blocked_input):
            return Verdict(level=SafetyLevel.CONCERN, action=SafetyAction.BLOCK)
        if any(p in lowered for p in self.concern):
            return Verdict(
                level=SafetyLevel.CONCERN,
                action=SafetyAction.SUPPORT,
                categories=("low_mood",),
                message="That sounds heavy. Go gently with yourself.",
            )
        return Verdict(level=SafetyLevel.SAFE, action=SafetyAction.ALLOW)

    def check_output(self, text: str, context: SafetyContext | None = None) -> Verdict:
        self.calls += 1
        if any(p in text.lower() for p in self.blocked_output):
            return Verdict(level=SafetyLevel.CONCERN, action=SafetyAction.BLOCK)
        return Verdict(level=SafetyLevel.SAFE, action=SafetyAction.ALLOW)
