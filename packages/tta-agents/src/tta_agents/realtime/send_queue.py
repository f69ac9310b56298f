"""One connection's bounded send queue, with the backpressure policy (no I/O).

When the queue is full, a non-essential event (turn progress, heartbeat) replaces a queued
one of the same type and session (coalesced) or is dropped; an essential event evicts the
oldest queued non-essential one, and if there is none the put reports ``OVERFLOW``: the
connection must close (1013) and the client resume, because silently losing narrative or
a safety notice is never acceptable.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from tta_agents.realtime.bus import Envelope
from tta_agents.realtime.protocol import ESSENTIAL_TYPES

__all__ = ["PutOutcome", "PutResult", "SendQueue"]


class PutOutcome(Enum):
    QUEUED = "queued"
    COALESCED = "coalesced"
    DROPPED = "dropped"
    OVERFLOW = "overflow"


@dataclass(frozen=True, slots=True)
class PutResult:
    outcome: PutOutcome
    victim: Envelope | None = None
    """The queued event removed to make room (or the new one itself when it was dropped)."""


_QUEUED = PutResult(PutOutcome.QUEUED)


def _is_essential(envelope: Envelope) -> bool:
    return envelope.type in ESSENTIAL_TYPES


class SendQueue:
    """``put`` never waits; ``get`` waits for an event. One consumer (the sender task).

    ``put`` runs once per connection for every event a session publishes, so the common case
    (room left) is a deque append and, if the sender is parked, resolving its one future;
    ``on_high_water`` hears only a new maximum depth, at most ``maxsize`` times.
    """

    def __init__(self, maxsize: int, on_high_water: Callable[[int], None] | None = None) -> None:
        self.maxsize = maxsize
        self.high_water = 0
        self._items: deque[Envelope] = deque()
        self._on_high_water = on_high_water
        self._getter: asyncio.Future[None] | None = None
        self._room: asyncio.Future[None] | None = None

    def __len__(self) -> int:
        return len(self._items)

    def put(self, envelope: Envelope) -> PutResult:
        if len(self._items) < self.maxsize:
            self._append(envelope)
            return _QUEUED
        if not _is_essential(envelope):
            for queued in self._items:
                if queued.type == envelope.type and queued.session_id == envelope.session_id:
                    self._items.remove(queued)
                    self._append(envelope)
                    return PutResult(PutOutcome.COALESCED, queued)
            return PutResult(PutOutcome.DROPPED, envelope)
        for queued in self._items:
            if not _is_essential(queued):
                self._items.remove(queued)
                self._append(envelope)
                return PutResult(PutOutcome.QUEUED, queued)
        return PutResult(PutOutcome.OVERFLOW)

    def _append(self, envelope: Envelope) -> None:
        items = self._items
        items.append(envelope)
        if len(items) > self.high_water:
            self.high_water = len(items)
            if self._on_high_water is not None:
                self._on_high_water(self.high_water)
        getter = self._getter
        if getter is not None:
            self._getter = None
            if not getter.done():  # a cancelled get left it behind
                getter.set_result(None)

    async def get(self) -> Envelope:
        while not self._items:
            if self._getter is None or self._getter.done():
                self._getter = asyncio.get_running_loop().create_future()
            await self._getter
        room = self._room
        if room is not None:
            self._room = None
            if not room.done():
                room.set_result(None)
        return self._items.popleft()

    async def wait_for_room(self) -> None:
        """Wait until a put would not need to evict anything (used to pace replays)."""
        while len(self._items) >= self.maxsize:
            if self._room is None or self._room.done():
                self._room = asyncio.get_running_loop().create_future()
            await self._room
