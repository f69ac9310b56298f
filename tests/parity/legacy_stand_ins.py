"""Legacy STAND-INS written for the tests: small fakes shaped like a legacy implementation.

They are NOT the legacy TTA and contain none of its code. They fit the seams' Protocols and
disagree with the new code in a few deliberate, documented ways, so the parity kit and the
shadow machinery have real differences to find:

- ``LegacyStandInSafetyChecker``: a keyword list, over-cautious on "give up" (the kind of
  false positive the legacy facts describe) and blind to "pills".
- ``LegacyStandInOrchestrator``: runs the new pipeline but routes its turns through the
  stand-in checker, so a crisis it sees differently changes the turn.
- ``LegacyStandInStack``: a stack whose services are always reported ``running``.

Each has a ``make_*`` factory usable as ``TTA_LEGACY_<COMPONENT>=legacy_stand_ins:make_...``.
"""

from __future__ import annotations

from typing import Any

from tta_agents.pipeline.events import EventSink
from tta_agents.pipeline.factory import build_pipeline
from tta_agents.pipeline.turn import TurnRequest, TurnResult
from tta_agents.safety.verdict import SafetyAction, SafetyContext, SafetyLevel, Verdict

__all__ = [
    "LegacyStandInOrchestrator",
    "LegacyStandInSafetyChecker",
    "LegacyStandInStack",
    "make_orchestrator",
    "make_safety_checker",
    "make_stack",
]

_CRISIS_WORDS = ("kill myself", "give up", "end it all", "suicide")
_CONCERN_WORDS = ("sad", "panic", "hopeless")


class LegacyStandInSafetyChecker:
    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        lowered = text.lower()
        if any(word in lowered for word in _CRISIS_WORDS):
            return Verdict(level=SafetyLevel.CRISIS, action=SafetyAction.ESCALATE)
        if any(word in lowered for word in _CONCERN_WORDS):
            return Verdict(level=SafetyLevel.CONCERN, action=SafetyAction.SUPPORT)
        return Verdict(level=SafetyLevel.SAFE, action=SafetyAction.ALLOW)

    def check_output(self, text: str, context: SafetyContext | None = None) -> Verdict:
        return self.check(text, context)


class LegacyStandInOrchestrator:
    def __init__(self) -> None:
        self.checker = LegacyStandInSafetyChecker()
        self._pipeline = build_pipeline(checker=self.checker)

    async def run_turn(self, request: TurnRequest, sink: EventSink | None = None) -> TurnResult:
        return await self._pipeline.run_turn(request, sink)

    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        return self.checker.check(text, context)

    def check_output(self, text: str, context: SafetyContext | None = None) -> Verdict:
        return self.checker.check_output(text, context)


class LegacyStandInStack:
    def __init__(self, services: tuple[str, ...] = ("api", "redis")) -> None:
        self.services = services

    def up(self, services: list[str] | None = None) -> list[dict[str, Any]]:
        return self.status()

    def down(self) -> None:
        return None

    def status(self) -> list[dict[str, Any]]:
        return [{"service": name, "state": "running"} for name in self.services]


def make_safety_checker() -> LegacyStandInSafetyChecker:
    return LegacyStandInSafetyChecker()


def make_orchestrator() -> LegacyStandInOrchestrator:
    return LegacyStandInOrchestrator()


def make_stack() -> LegacyStandInStack:
    return LegacyStandInStack()
