"""The Redis event bus: events published by one process reach subscribers in every process.

Per session a counter allocates ``event_id`` (``INCR``) and a stream keeps the replay buffer
(``XADD ... MAXLEN``); one Lua script does both and the ``PUBLISH``, so ids never collide
between processes and every process sees a session's events in id order. Payloads travel as
the complete JSON event, so every field survives the hop. Each event is delivered once:
only through pub/sub, also to the publishing process. If the pub/sub connection drops,
subscribers are told (``on_lost``) so their clients reconnect and resume from the stream;
those who subscribed during the outage (a client resuming then) are told once the link is
back, since events published in the outage reached no one live.
Every key and the channel start with ``prefix``.

``aclose`` never waits on the listener for long: redis-py can swallow the cancellation of a
blocked pub/sub read (seen under load after a reconnect), so closing also shuts the pub/sub
connection, which ends any read, and the wait for the listener is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Callable

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from tta_agents.realtime.bus import Deliver, Envelope, EventBus, Replay, Unsubscribe
from tta_agents.realtime.errors import EventBusError
from tta_agents.realtime.protocol import ServerEvent, parse_server_event, utcnow

__all__ = ["RedisEventBus"]

log = logging.getLogger(__name__)

# KEYS: sequence, stream, channel. ARGV: event JSON without event_id, buffer size, ttl seconds.
_PUBLISH = """
local id = redis.call('INCR', KEYS[1])
local payload = '{"event_id":' .. id .. ',' .. string.sub(ARGV[1], 2)
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], id .. '-1', 'e', payload)
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('PUBLISH', KEYS[3], payload)
return payload
"""


class RedisEventBus(EventBus):
    """``await bus.start()`` before use and ``await bus.aclose()`` after."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "tta:",
        replay_buffer_size: int = 1000,
        ttl_seconds: int = 86_400,
        reconnect_delay: float = 0.5,
        client_name: str | None = None,
        close_timeout: float = 5.0,
        command_timeout: float = 5.0,
    ) -> None:
        self._url = url
        self._client_name = client_name
        self._prefix = f"{prefix}realtime:"
        self._channel = f"{self._prefix}events"
        self._size = replay_buffer_size
        self._ttl = ttl_seconds
        self._reconnect_delay = reconnect_delay
        self._close_timeout = close_timeout
        # A command that gets no answer (a connection the server dropped without the client
        # noticing) fails after this long instead of holding up a resume or a turn.
        self._command_timeout = command_timeout
        self._redis: Redis | None = None
        self._listener: asyncio.Task[None] | None = None
        self._pubsub: PubSub | None = None
        self._closed = False
        self._listening = asyncio.Event()
        self._subscribers: dict[str, dict[int, tuple[Deliver, Callable[[], None] | None]]] = {}
        self._tokens = itertools.count()

    def _keys(self, session_id: str) -> tuple[str, str]:
        base = f"{self._prefix}session:{session_id}"
        return f"{base}:seq", f"{base}:events"

    @property
    def redis(self) -> Redis:
        if self._redis is None:
            raise RuntimeError("RedisEventBus used before start()")
        return self._redis

    async def start(self) -> None:
        self._redis = Redis.from_url(self._url, client_name=self._client_name)
        try:
            await self._redis.ping()
        except (RedisError, OSError) as exc:
            await self._redis.aclose()
            self._redis = None
            raise EventBusError(f"cannot reach Redis for the event bus: {exc}") from exc
        self._script = self._redis.register_script(_PUBLISH)
        self._listener = asyncio.create_task(self._listen())
        async with asyncio.timeout(10):
            await self._listening.wait()

    async def aclose(self) -> None:
        self._closed = True
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.cancel()
            await asyncio.wait({listener}, timeout=self._close_timeout)
            if not listener.done():
                # The cancellation was swallowed by a blocked read: closing the pub/sub
                # connection ends that read and the loop sees ``_closed``.
                await self._close_pubsub()
                await asyncio.wait({listener}, timeout=self._close_timeout)
            if listener.done():
                with contextlib.suppress(asyncio.CancelledError):
                    listener.result()
            else:
                log.warning("event bus listener did not stop within %ss", self._close_timeout)
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    async def publish(self, session_id: str, event: ServerEvent) -> Envelope:
        body = event.model_copy(
            update={"session_id": session_id, "timestamp": utcnow()}
        ).model_dump_json(exclude={"event_id"})
        seq, stream = self._keys(session_id)
        try:
            async with asyncio.timeout(self._command_timeout):
                payload = await self._script(
                    keys=[seq, stream, self._channel], args=[body, self._size, self._ttl]
                )
        except (RedisError, TimeoutError) as exc:
            raise EventBusError(f"could not publish to session {session_id}: {_why(exc)}") from exc
        text = payload.decode() if isinstance(payload, bytes) else str(payload)
        return Envelope(parse_server_event(text), text)

    def subscribe(
        self, session_id: str, deliver: Deliver, on_lost: Callable[[], None] | None = None
    ) -> Unsubscribe:
        subscribers = self._subscribers.setdefault(session_id, {})
        token = next(self._tokens)
        subscribers[token] = (deliver, on_lost)

        def unsubscribe() -> None:
            subscribers.pop(token, None)
            if not subscribers and self._subscribers.get(session_id) is subscribers:
                del self._subscribers[session_id]

        return unsubscribe

    async def replay(self, session_id: str, after_event_id: int) -> Replay:
        seq, stream = self._keys(session_id)
        try:
            async with (
                asyncio.timeout(self._command_timeout),
                self.redis.pipeline(transaction=True) as pipe,
            ):
                pipe.get(seq)
                pipe.xrange(stream, min=f"{after_event_id + 1}-0", max="+")
                raw_latest, entries = await pipe.execute()
        except (RedisError, TimeoutError) as exc:
            raise EventBusError(f"could not replay session {session_id}: {_why(exc)}") from exc
        latest = int(raw_latest or 0)
        events = [
            Envelope(parse_server_event(fields[b"e"]), fields[b"e"].decode())
            for _, fields in entries
        ]
        complete = after_event_id <= latest and len(events) == latest - after_event_id
        return Replay(events, latest, complete)

    async def latest_event_id(self, session_id: str) -> int:
        try:
            async with asyncio.timeout(self._command_timeout):
                return int(await self.redis.get(self._keys(session_id)[0]) or 0)
        except (RedisError, TimeoutError) as exc:
            raise EventBusError(f"could not read session {session_id}: {_why(exc)}") from exc

    async def _close_pubsub(self) -> None:
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            with contextlib.suppress(RedisError, OSError):
                await pubsub.aclose()

    async def _listen(self) -> None:
        reconnecting = False
        while not self._closed:
            self._pubsub = pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self._channel)
                self._listening.set()
                if reconnecting:
                    # Whoever subscribed while the link was down replayed the stream but
                    # missed what was published before this point: they must resume too.
                    self._lost()
                reconnecting = True
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        self._dispatch(message["data"])
            except (RedisError, OSError) as exc:
                if self._closed:
                    return
                log.warning("event bus pub/sub connection lost (%s); reconnecting", exc)
                self._lost()
            finally:
                await self._close_pubsub()
            await asyncio.sleep(self._reconnect_delay)

    def _dispatch(self, data: bytes) -> None:
        text = data.decode()
        try:
            envelope = Envelope(parse_server_event(text), text)
        except ValueError:
            log.warning("ignoring a malformed event on %s", self._channel)
            return
        session_id = envelope.event.session_id
        for deliver, _ in list(self._subscribers.get(session_id or "", {}).values()):
            deliver(envelope)

    def _lost(self) -> None:
        for subscribers in list(self._subscribers.values()):
            for _, on_lost in list(subscribers.values()):
                if on_lost is not None:
                    on_lost()


def _why(exc: BaseException) -> str:
    return str(exc) or exc.__class__.__name__
