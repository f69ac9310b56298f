"""A checker that asks: ``check_in`` for marker phrases, everything else from a real checker.

The safety engine answers ``check_in`` (level concern) when it is unsure whether a player is
at risk: the story pauses and the game asks them directly. Until the engine says so for the
lines a test needs, this wrapper says so for its marker phrases and hands every other line
(and all generated text) to the checker it wraps, so the rest of the game behaves as it will.
"""

from __future__ import annotations

from tta_agents.safety.verdict import (
    CrisisResource,
    SafetyAction,
    SafetyChecker,
    SafetyContext,
    SafetyLevel,
    Verdict,
)

__all__ = ["CHECK_IN_MARKERS", "CHECK_IN_QUESTION", "CheckInChecker"]

CHECK_IN_MARKERS = ("i don't know how much longer i can do this",)
CHECK_IN_QUESTION = (
    "Before we go on, I'd like to ask you something directly, because I care how you are. "
    "Are you thinking about ending your life, or about hurting yourself?"
)
_RESOURCES = (
    CrisisResource(
        name="988 Suicide & Crisis Lifeline",
        description="Call or text, free and confidential.",
        phone="988",
        sms="988",
    ),
    CrisisResource(name="Crisis Text Line", sms="741741", sms_body="HOME"),
)


class CheckInChecker:
    """``check_in`` when the text holds a marker phrase (case-insensitive); else ``inner``."""

    def __init__(
        self,
        inner: SafetyChecker,
        *,
        markers: tuple[str, ...] = CHECK_IN_MARKERS,
        question: str = CHECK_IN_QUESTION,
        resources: tuple[CrisisResource, ...] = _RESOURCES,
    ) -> None:
        self.inner = inner
        self.markers = tuple(m.lower() for m in markers)
        self.question = question
        self.resources = resources

    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        normalised = " ".join(text.lower().replace("\u2019", "'").split())
        if any(marker in normalised for marker in self.markers):
            return Verdict(
                level=SafetyLevel.CONCERN,
                action=SafetyAction.CHECK_IN,
                categories=("uncertain_risk",),
                resources=self.resources,
                message=self.question,
            )
        return self.inner.check(text, context)

    def check_output(self, text: str, context: SafetyContext | None = None) -> Verdict:
        return self.inner.check_output(text, context)
