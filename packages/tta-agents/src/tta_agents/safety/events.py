"""Safety events: crisis verdicts offered to recorders for human follow-up.

The engine calls every recorder's ``record`` with a ``SafetyEvent`` for each crisis verdict
on player input. A recorder must be quick (queue slow work); one that raises is logged and
counted, and never changes the verdict. The player's text is kept only when the settings
allow it (``record_text``).
"""

from __future__ import annotations

from collections import deque
from datetime import datetime
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from tta_agents.safety.verdict import SafetyAction, SafetyLevel

__all__ = ["InMemoryRecorder", "SafetyEvent", "SafetyEventRecorder"]


class SafetyEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    occurred_at: datetime
    level: SafetyLevel
    action: SafetyAction
    categories: tuple[str, ...]
    rule_ids: tuple[str, ...]
    rules_version: str
    session_id: str | None = None
    player_id: str | None = None
    locale: str = "en-US"
    session_escalated: bool = False
    text: str | None = None


@runtime_checkable
class SafetyEventRecorder(Protocol):
    def record(self, event: SafetyEvent) -> None: ...


class InMemoryRecorder:
    """Keeps the most recent events in memory (for tests, the CLI and single-process play)."""

    def __init__(self, limit: int = 1000) -> None:
        self._events: deque[SafetyEvent] = deque(maxlen=limit)

    def record(self, event: SafetyEvent) -> None:
        self._events.append(event)

    @property
    def events(self) -> tuple[SafetyEvent, ...]:
        return tuple(self._events)
