"""A circuit breaker per external provider: closed, open, half-open.

Consecutive failures open it; any success closes it and resets the count (the old code
never reset it). After ``reset_after`` seconds open, one trial call is let through.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

from tta_agents.errors import CircuitOpenError

__all__ = ["BreakerState", "CircuitBreaker"]


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        *,
        threshold: int = 5,
        reset_after: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[str, BreakerState], None] | None = None,
    ) -> None:
        self.name = name
        self.threshold = threshold
        self.reset_after = reset_after
        self._clock = clock
        self._on_change = on_change
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial_running = False

    @property
    def failures(self) -> int:
        return self._failures

    @property
    def state(self) -> BreakerState:
        if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self.reset_after:
            self._set(BreakerState.HALF_OPEN)
        return self._state

    def _set(self, state: BreakerState) -> None:
        if state is not self._state:
            self._state = state
            if self._on_change:
                self._on_change(self.name, state)

    def before_call(self) -> None:
        """Raise ``CircuitOpenError`` unless a call may go ahead now."""
        state = self.state
        if state is BreakerState.OPEN:
            raise CircuitOpenError(self.name, "circuit open")
        if state is BreakerState.HALF_OPEN:
            if self._trial_running:
                raise CircuitOpenError(self.name, "circuit half-open, a trial call is running")
            self._trial_running = True

    def record_success(self) -> None:
        self._failures = 0
        self._trial_running = False
        self._set(BreakerState.CLOSED)

    def record_failure(self) -> None:
        self._failures += 1
        self._trial_running = False
        if self._state is BreakerState.HALF_OPEN or self._failures >= self.threshold:
            self._opened_at = self._clock()
            self._set(BreakerState.OPEN)
