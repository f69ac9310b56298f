"""One authenticated connection: read loop, send loop and heartbeat loop around a send queue.

Framework-agnostic: it talks to a ``Transport``. Reading never waits on sending and the bus
never waits on either: events go through this connection's own bounded ``SendQueue``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from tta_agents.realtime.bus import Envelope, EventBus, Unsubscribe
from tta_agents.realtime.errors import ProtocolError, TransportClosedError
from tta_agents.realtime.handshake import close_reason
from tta_agents.realtime.metrics import RealtimeMetrics
from tta_agents.realtime.protocol import (
    ErrorEvent,
    HeartbeatEvent,
    InputMessage,
    PingMessage,
    PongEvent,
    PongMessage,
    ReloadEvent,
    ResumeMessage,
    ServerEvent,
    SubscribedEvent,
    SubscribeMessage,
    UnsubscribeMessage,
    WelcomeEvent,
    parse_client_message,
)
from tta_agents.realtime.send_queue import PutOutcome, SendQueue
from tta_agents.realtime.settings import RealtimeSettings
from tta_agents.realtime.transport import Authorize, CloseCode, OnInput, Transport, maybe_await

__all__ = ["Connection"]

log = logging.getLogger(__name__)
_LOOP_STOP_S = 0.2  # how long a connection's loops get to honour their cancellation


@dataclass(eq=False, slots=True)
class _Subscription:
    """One session's live feed into a connection's queue.

    ``deliver`` is what the bus calls for every subscriber of a published event: it holds
    live events back while the replay is going out and skips any id already forwarded.
    """

    enqueue: Callable[[Envelope], None]
    unsubscribe: Unsubscribe = lambda: None
    last_event_id: int = 0
    replaying: bool = True
    pending: list[Envelope] = field(default_factory=list)

    def deliver(self, envelope: Envelope) -> None:
        if self.replaying:
            self.pending.append(envelope)
        else:
            self.forward(envelope)

    def forward(self, envelope: Envelope) -> None:
        if envelope.event_id > self.last_event_id:
            self.last_event_id = envelope.event_id
            self.enqueue(envelope)


class Connection:
    """Serve one authenticated client until it leaves or must be closed."""

    def __init__(
        self,
        transport: Transport,
        principal: object,
        *,
        bus: EventBus,
        authorize: Authorize,
        on_input: OnInput,
        settings: RealtimeSettings,
        metrics: RealtimeMetrics,
    ) -> None:
        self.id = uuid.uuid4().hex
        self.principal = principal
        self._transport = transport
        self._bus = bus
        self._authorize = authorize
        self._on_input = on_input
        self._settings = settings
        self._metrics = metrics
        self._queue = SendQueue(settings.send_queue_size, metrics.observe_queue_depth)
        self._subscriptions: dict[str, _Subscription] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._close: tuple[CloseCode, str] | None = None
        self._closing = asyncio.Event()
        loop = asyncio.get_running_loop()
        self._last_received = self._last_activity = loop.time()

    @property
    def sessions(self) -> frozenset[str]:
        return frozenset(self._subscriptions)

    def request_close(self, code: CloseCode, reason: str) -> None:
        """Close soon, from any task (the first reason wins)."""
        if self._close is None:
            self._close = (code, reason)
        self._closing.set()

    async def run(self) -> None:
        self._metrics.connections.inc()
        self._enqueue(
            Envelope.of(
                WelcomeEvent(
                    connection_id=self.id, heartbeat_interval=self._settings.heartbeat_interval
                )
            )
        )
        loops = [
            asyncio.create_task(self._read_loop()),
            asyncio.create_task(self._send_loop()),
            asyncio.create_task(self._heartbeat_loop()),
            asyncio.create_task(self._closing.wait()),
        ]
        try:
            await asyncio.wait(loops, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in loops:
                task.cancel()
            # A loop can swallow its cancellation (redis-py has, inside a replay) and go back
            # to waiting for a frame: wait for the loops briefly, close the transport (which
            # ends any read still waiting), then wait for the rest.
            _, stuck = await asyncio.wait(loops, timeout=_LOOP_STOP_S)
            for subscription in self._subscriptions.values():
                subscription.unsubscribe()
            self._subscriptions.clear()
            self._metrics.connections.dec()
            if self._close is not None:
                code, reason = self._close
                self._metrics.closes.labels(code=str(int(code))).inc()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._settings.close_timeout):
                        await self._transport.close(int(code), close_reason(reason))
            if stuck:
                log.warning("connection %s: %d loop(s) ignored cancellation", self.id, len(stuck))
                await asyncio.wait(stuck, timeout=self._settings.close_timeout)
            for task in loops:  # their outcome is known; nothing is left unretrieved
                if task.done() and not task.cancelled():
                    task.exception()
        # A turn already started finishes (and is saved) even if its player left: the
        # client resumes and gets its events from the replay buffer.
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # sending ---------------------------------------------------------------------------

    def _enqueue(self, envelope: Envelope) -> None:
        result = self._queue.put(envelope)
        victim = result.victim
        if result.outcome is PutOutcome.OVERFLOW:
            self.request_close(CloseCode.TRY_AGAIN_LATER, "send queue full: reconnect and resume")
        elif result.outcome is PutOutcome.COALESCED and victim is not None:
            self._metrics.events_coalesced.labels(type=victim.type).inc()
        elif victim is not None:
            self._metrics.events_dropped.labels(type=victim.type).inc()

    def _send_local(self, event: ServerEvent) -> None:
        self._enqueue(Envelope.of(event))

    async def _send_loop(self) -> None:
        try:
            while True:
                envelope = await self._queue.get()
                await self._transport.send(envelope.text)
                self._metrics.sent(envelope.type)
        except TransportClosedError:
            return

    async def _heartbeat_loop(self) -> None:
        loop = asyncio.get_running_loop()
        interval = self._settings.heartbeat_interval
        idle = self._settings.idle_timeout
        next_beat = loop.time() + interval
        while True:
            now = loop.time()
            dead_at = self._last_received + 2 * interval
            idle_at = self._last_activity + idle if idle is not None else math.inf
            if now >= dead_at:
                self.request_close(CloseCode.GOING_AWAY, "heartbeat timeout: silent two intervals")
                return
            if now >= idle_at:
                self.request_close(CloseCode.GOING_AWAY, "idle timeout")
                return
            if now >= next_beat:
                self._send_local(HeartbeatEvent())
                next_beat = now + interval
            await asyncio.sleep(min(next_beat, dead_at, idle_at) - now)

    # receiving -------------------------------------------------------------------------

    async def _read_loop(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                frame = await self._transport.receive()
                self._last_received = loop.time()
                size = len(frame) if isinstance(frame, bytes) else len(frame.encode())
                if size > self._settings.max_message_bytes:
                    self.request_close(
                        CloseCode.MESSAGE_TOO_BIG,
                        f"message of {size} bytes exceeds the limit of "
                        f"{self._settings.max_message_bytes}",
                    )
                    return
                if isinstance(frame, bytes):
                    self._send_local(
                        ErrorEvent(code="binary_unsupported", message="send JSON text frames")
                    )
                    continue
                await self._handle(frame)
        except TransportClosedError:
            return

    async def _handle(self, frame: str) -> None:
        try:
            message = parse_client_message(frame)
        except ProtocolError as exc:
            self._send_local(ErrorEvent(code=exc.code, message=exc.message))
            return
        match message:
            case PingMessage():
                self._send_local(PongEvent())
                return
            case PongMessage():
                return
        self._last_activity = asyncio.get_running_loop().time()
        match message:
            case InputMessage():
                await self._input(message)
            case SubscribeMessage():
                if await self._allowed(message.session_id):
                    await self._subscribe(message.session_id, None)
            case ResumeMessage():
                if await self._allowed(message.session_id):
                    await self._subscribe(message.session_id, message.last_event_id)
            case UnsubscribeMessage():
                subscription = self._subscriptions.pop(message.session_id, None)
                if subscription is not None:
                    subscription.unsubscribe()
                self._send_local(SubscribedEvent(session_id=message.session_id, subscribed=False))
            case _:
                self._send_local(
                    ErrorEvent(code="already_authenticated", message="auth is only accepted first")
                )

    async def _allowed(self, session_id: str) -> bool:
        try:
            allowed = bool(await maybe_await(self._authorize(self.principal, session_id)))
        except Exception:
            log.exception("authorize raised; refusing session %s", session_id)
            allowed = False
        if not allowed:
            self._send_local(
                ErrorEvent(
                    session_id=session_id,
                    code="forbidden",
                    message="you may only play and watch your own sessions",
                )
            )
        return allowed

    async def _input(self, message: InputMessage) -> None:
        if not await self._allowed(message.session_id):
            return
        if message.session_id not in self._subscriptions:
            await self._subscribe(message.session_id, None)
        task = asyncio.create_task(self._run_input(message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run_input(self, message: InputMessage) -> None:
        try:
            await maybe_await(self._on_input(self.principal, message.session_id, message.text))
        except ProtocolError as exc:  # the application refused this input: tell this client
            self._send_local(
                ErrorEvent(session_id=message.session_id, code=exc.code, message=exc.message)
            )
        except Exception:
            log.exception("on_input failed for session %s", message.session_id)
            self._send_local(
                ErrorEvent(
                    session_id=message.session_id,
                    code="input_failed",
                    message="the turn could not be processed; try again",
                )
            )

    # subscriptions and resume ----------------------------------------------------------

    async def _subscribe(self, session_id: str, resume_after: int | None) -> None:
        old = self._subscriptions.pop(session_id, None)
        if old is not None:
            old.unsubscribe()
        subscription = _Subscription(self._enqueue)
        # Subscribe before reading the replay buffer so nothing published meanwhile is lost;
        # live events wait in ``pending`` until the replay is out, then duplicates are skipped.
        subscription.unsubscribe = self._bus.subscribe(
            session_id,
            subscription.deliver,
            on_lost=lambda: self.request_close(
                CloseCode.TRY_AGAIN_LATER, "event bus connection lost: reconnect and resume"
            ),
        )
        self._subscriptions[session_id] = subscription
        try:
            if resume_after is None:
                # "subscribed" promises the events after ``latest``; live ones that raced
                # the read and are not above it were published before the subscription.
                latest = await self._bus.latest_event_id(session_id)
                subscription.last_event_id = latest
            else:
                replay = await self._bus.replay(session_id, resume_after)
                latest = replay.latest_event_id
                if replay.complete:
                    subscription.last_event_id = resume_after
                    for envelope in replay.events:
                        await self._queue.wait_for_room()
                        subscription.forward(envelope)
                else:
                    subscription.last_event_id = latest
                    self._send_local(
                        ReloadEvent(
                            session_id=session_id,
                            reason="the events you missed are no longer buffered",
                            latest_event_id=latest,
                        )
                    )
        except Exception:
            log.exception("replay failed for session %s", session_id)
            self.request_close(CloseCode.INTERNAL_ERROR, "event bus unavailable")
            return
        self._send_local(SubscribedEvent(session_id=session_id, latest_event_id=latest))
        subscription.replaying = False
        pending, subscription.pending = subscription.pending, []
        for envelope in pending:
            subscription.forward(envelope)
