"""The event bus: stamps session events with ids, keeps a replay buffer and fans them out.

``EventBus`` is the interface; ``InProcessEventBus`` (here) is the embedded default and
``RedisEventBus`` (``redis_bus``) shares events between processes. Subscribers are plain
synchronous callbacks that must not block (connections put the event in their own bounded
queue), so a slow client can never slow the publisher or anyone else.
"""

from __future__ import annotations

import itertools
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from tta_agents.pipeline.events import PipelineEvent
from tta_agents.realtime.protocol import (
    ErrorEvent,
    ServerEvent,
    TurnCompleteEvent,
    TurnIntent,
    from_pipeline_event,
    parse_server_event,
    utcnow,
)

__all__ = [
    "Deliver",
    "Envelope",
    "EventBus",
    "InProcessEventBus",
    "Replay",
    "SessionSink",
    "Unsubscribe",
]


@dataclass(frozen=True, slots=True)
class Envelope:
    """A stamped event and its JSON text, serialised once however many clients receive it.

    ``type``, ``session_id`` and ``event_id`` are copied out of the event once, here: every
    connection's delivery path reads them, and a fan-out runs that path per subscriber.
    """

    event: ServerEvent
    text: str
    type: str = field(init=False)
    session_id: str | None = field(init=False)
    event_id: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", self.event.type)
        object.__setattr__(self, "session_id", self.event.session_id)
        object.__setattr__(self, "event_id", self.event.event_id or 0)

    @classmethod
    def of(cls, event: ServerEvent) -> Envelope:
        return cls(event, event.model_dump_json())


@dataclass(frozen=True, slots=True)
class Replay:
    """What a session holds after ``after_event_id``.

    ``complete`` is False when the buffer no longer holds every missed event (or the client
    claims an id the session never reached): the client must reload the session state.
    """

    events: list[Envelope]
    latest_event_id: int
    complete: bool


Deliver = Callable[[Envelope], None]
Unsubscribe = Callable[[], None]


class EventBus(ABC):
    """Publish session events; subscribe to them live; replay what a client missed."""

    @abstractmethod
    async def publish(self, session_id: str, event: ServerEvent) -> Envelope:
        """Stamp ``event`` with the session's next ``event_id``, keep it for replay, fan it out."""

    @abstractmethod
    def subscribe(
        self, session_id: str, deliver: Deliver, on_lost: Callable[[], None] | None = None
    ) -> Unsubscribe:
        """Call ``deliver`` for every event published to the session from now on.

        ``on_lost`` is called if the bus can no longer guarantee live delivery (its link to
        other processes broke); the subscriber should make its client resume.
        """

    @abstractmethod
    async def replay(self, session_id: str, after_event_id: int) -> Replay:
        """The session's events with ids above ``after_event_id``, in order."""

    async def latest_event_id(self, session_id: str) -> int:
        return (await self.replay(session_id, 2**62)).latest_event_id

    async def start(self) -> None:
        """Connect whatever the bus needs (nothing in process)."""
        return

    async def aclose(self) -> None:
        """Release connections and tasks."""
        return

    def sink(self, session_id: str) -> SessionSink:
        """An ``EventSink`` for the turn pipeline that publishes to this session."""
        return SessionSink(self, session_id)

    async def publish_pipeline_event(self, session_id: str, event: PipelineEvent) -> Envelope:
        return await self.publish(session_id, from_pipeline_event(event))

    async def turn_complete(
        self,
        session_id: str,
        turn_id: str | None = None,
        *,
        intent: TurnIntent | None = None,
        understood: bool = True,
    ) -> Envelope:
        """End a turn: clients stop waiting for more of it."""
        return await self.publish(
            session_id, TurnCompleteEvent(turn_id=turn_id, intent=intent, understood=understood)
        )

    async def error(self, session_id: str, code: str, message: str) -> Envelope:
        """Tell the session's clients a turn failed (``code`` is machine-readable)."""
        return await self.publish(session_id, ErrorEvent(code=code, message=message))

    async def __aenter__(self) -> EventBus:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


@dataclass(frozen=True, slots=True)
class SessionSink:
    """The pipeline's ``EventSink`` for one session (``await sink.emit(event)``)."""

    bus: EventBus
    session_id: str

    async def emit(self, event: PipelineEvent) -> None:
        await self.bus.publish_pipeline_event(self.session_id, event)


@dataclass
class _Session:
    # (event_id, JSON text): atomic values the garbage collector stops scanning, however
    # many events a long-lived process keeps for resume (envelopes hold pydantic models).
    buffer: deque[tuple[int, str]]
    next_id: int = 1
    subscribers: dict[int, Deliver] = field(default_factory=dict)
    last_used: float = 0.0


class InProcessEventBus(EventBus):
    """The embedded bus: one process, a bounded ``deque`` per session as the replay buffer.

    A session nobody watches and nobody has published to for ``replay_ttl_seconds`` is
    forgotten (the Redis bus's keys expire the same way), so a process that serves many
    sessions over days holds buffers only for the recent ones.
    """

    def __init__(
        self,
        replay_buffer_size: int = 1000,
        *,
        replay_ttl_seconds: float = 86_400.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._size = replay_buffer_size
        self._ttl = replay_ttl_seconds
        self._clock = clock
        self._sessions: dict[str, _Session] = {}  # least recently used first
        self._tokens = itertools.count()

    def _session(self, session_id: str) -> _Session:
        now = self._clock()
        session = self._sessions.pop(session_id, None)
        if session is None:
            session = _Session(deque(maxlen=self._size))
        session.last_used = now
        self._sessions[session_id] = session  # now the most recently used
        self._forget_idle(now)
        return session

    def _forget_idle(self, now: float) -> None:
        sessions = self._sessions
        while sessions:
            oldest_id = next(iter(sessions))
            oldest = sessions[oldest_id]
            if now - oldest.last_used <= self._ttl:
                return
            del sessions[oldest_id]
            if oldest.subscribers:  # watched: kept, and counted as used now
                oldest.last_used = now
                sessions[oldest_id] = oldest

    def sessions_held(self) -> int:
        """How many sessions have a replay buffer in this process."""
        return len(self._sessions)

    async def publish(self, session_id: str, event: ServerEvent) -> Envelope:
        session = self._session(session_id)
        stamped = event.model_copy(
            update={"event_id": session.next_id, "session_id": session_id, "timestamp": utcnow()}
        )
        session.next_id += 1
        envelope = Envelope.of(stamped)
        session.buffer.append((envelope.event_id, envelope.text))
        for deliver in list(session.subscribers.values()):
            deliver(envelope)
        return envelope

    def subscribe(
        self, session_id: str, deliver: Deliver, on_lost: Callable[[], None] | None = None
    ) -> Unsubscribe:
        subscribers = self._session(session_id).subscribers
        token = next(self._tokens)
        subscribers[token] = deliver
        return lambda: subscribers.pop(token, None) and None

    async def replay(self, session_id: str, after_event_id: int) -> Replay:
        session = self._sessions.get(session_id)
        if session is None:
            return Replay([], 0, after_event_id == 0)
        latest = session.next_id - 1
        missed = [
            Envelope(parse_server_event(text), text)
            for event_id, text in session.buffer
            if event_id > after_event_id
        ]
        complete = after_event_id <= latest and len(missed) == latest - after_event_id
        return Replay(missed, latest, complete)
