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


def _is_essential(envelope: Envelope) -> bool:
    return envelope.type in ESSENTIAL_TYPES


class SendQueue:
    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: deque[Envelope] = deque()
        self._ready = asyncio.Event()
        self._room = asyncio.Event()
        self.high_water = 0

    def __len__(self) -> int:
        return len(self._items)

    def put(self, envelope: Envelope) -> PutResult:
        if len(self._items) < self.maxsize:
            return self._append(envelope, PutResult(PutOutcome.QUEUED))
        if not _is_essential(envelope):
            for queued in self._items:
                if (
                    queued.type == envelope.type
                    and queued.event.session_id == envelope.event.session_id
                ):
                    self._items.remove(queued)
                    return self._append(envelope, PutResult(PutOutcome.COALESCED, queued))
            return PutResult(PutOutcome.DROPPED, envelope)
        for queued in self._items:
            if not _is_essential(queued):
                self._items.remove(queued)
                return self._append(envelope, PutResult(PutOutcome.QUEUED, queued))
        return PutResult(PutOutcome.OVERFLOW)

    def _append(self, envelope: Envelope, result: PutResult) -> PutResult:
        self._items.append(envelope)
        self.high_water = max(self.high_water, len(self._items))
        self._ready.set()
        return result

    async def get(self) -> Envelope:
        while not self._items:
            self._ready.clear()
            await self._ready.wait()
        self._room.set()
        return self._items.popleft()

    async def wait_for_room(self) -> None:
        """Wait until a put would not need to evict anything (used to pace replays)."""
        while len(self._items) >= self.maxsize:
            self._room.clear()
            await self._room.wait()
