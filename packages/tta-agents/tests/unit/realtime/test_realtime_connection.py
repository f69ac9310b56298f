"""The engine over a fake transport: resume races, refusals and failures of injected parts."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import pytest

from tta_agents.realtime import (
    Connection,
    InProcessEventBus,
    RealtimeMetrics,
    RealtimeSettings,
    Replay,
    TransportClosedError,
    authenticate_connection,
)


class FakeTransport:
    """Frames in through ``inbox`` (``None`` = the peer leaves); frames out into ``sent``."""

    def __init__(self) -> None:
        self.inbox: asyncio.Queue[str | bytes | None] = asyncio.Queue()
        self.sent: list[dict[str, Any]] = []
        self.closed: tuple[int, str] | None = None

    async def receive(self) -> str | bytes:
        frame = await self.inbox.get()
        if frame is None:
            raise TransportClosedError("peer left")
        return frame

    async def send(self, text: str) -> None:
        self.sent.append(json.loads(text))

    async def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)

    def types(self) -> list[str]:
        return [event["type"] for event in self.sent]


class GatedBus(InProcessEventBus):
    """Replays wait at a gate, before or after reading the buffer, to force the races."""

    def __init__(self, read_first: bool) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.waiting = asyncio.Event()
        self.read_first = read_first

    async def replay(self, session_id: str, after_event_id: int) -> Replay:
        result = await super().replay(session_id, after_event_id) if self.read_first else None
        self.waiting.set()
        await self.gate.wait()
        return result or await super().replay(session_id, after_event_id)


class BrokenBus(InProcessEventBus):
    async def replay(self, session_id: str, after_event_id: int) -> Replay:
        raise ConnectionError("redis is down")


async def allow(principal: object, session_id: str) -> bool:
    return True


async def nothing(principal: object, session_id: str, text: str) -> None:
    return None


async def settle(transport: FakeTransport, count: int) -> None:
    for _ in range(200):
        if len(transport.sent) >= count:
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"expected {count} frames, got {transport.types()}")


def serve(transport: FakeTransport, bus: InProcessEventBus, authorize: Any = allow) -> Connection:
    return Connection(
        transport,
        "alice",
        bus=bus,
        authorize=authorize,
        on_input=nothing,
        settings=RealtimeSettings(heartbeat_interval=60),
        metrics=RealtimeMetrics(),
    )


@pytest.mark.parametrize("read_first", [True, False], ids=["live-after-read", "live-before-read"])
async def test_events_published_during_a_replay_arrive_once_in_order(read_first: bool) -> None:
    bus, transport = GatedBus(read_first), FakeTransport()
    for _ in range(3):
        await bus.turn_complete("s1")
    connection = serve(transport, bus)
    running = asyncio.create_task(connection.run())
    await transport.inbox.put('{"type": "resume", "session_id": "s1", "last_event_id": 1}')
    await bus.waiting.wait()
    await bus.turn_complete("s1")
    await bus.turn_complete("s1")
    bus.gate.set()
    await settle(transport, 6)
    await transport.inbox.put(None)
    await running
    ids = [event["event_id"] for event in transport.sent if event["event_id"] is not None]
    assert ids == [2, 3, 4, 5]
    assert connection.sessions == frozenset()
    assert transport.closed is None


async def test_a_failing_replay_closes_1011_so_the_client_retries() -> None:
    transport = FakeTransport()
    running = asyncio.create_task(serve(transport, BrokenBus()).run())
    await transport.inbox.put('{"type": "resume", "session_id": "s1", "last_event_id": 0}')
    await running
    assert transport.closed == (1011, "event bus unavailable")


async def test_an_authorize_that_raises_refuses_the_session() -> None:
    def broken(principal: object, session_id: str) -> bool:
        raise RuntimeError("database is down")

    transport = FakeTransport()
    running = asyncio.create_task(serve(transport, InProcessEventBus(), broken).run())
    await transport.inbox.put('{"type": "subscribe", "session_id": "s1"}')
    await settle(transport, 2)
    await transport.inbox.put(None)
    await running
    assert transport.sent[1]["code"] == "forbidden"


async def test_a_lost_bus_link_closes_1013_so_the_client_resumes() -> None:
    class LosingBus(InProcessEventBus):
        def subscribe(self, session_id, deliver, on_lost=None):
            unsubscribe = super().subscribe(session_id, deliver, on_lost)
            assert on_lost is not None
            asyncio.get_running_loop().call_soon(on_lost)
            return unsubscribe

    transport = FakeTransport()
    running = asyncio.create_task(serve(transport, LosingBus()).run())
    await transport.inbox.put('{"type": "subscribe", "session_id": "s1"}')
    await running
    assert transport.closed is not None
    assert transport.closed[0] == 1013


async def test_authentication_edge_cases_never_admit() -> None:
    settings, metrics = RealtimeSettings(auth_timeout=1), RealtimeMetrics()

    async def authenticate(token: str) -> str | None:
        return None if token == "ghost" else "alice"

    transport = FakeTransport()
    assert (
        await authenticate_connection(
            transport, "ghost", authenticate=authenticate, settings=settings, metrics=metrics
        )
        is None
    )
    assert transport.closed == (1008, "authentication refused")

    transport = FakeTransport()
    await transport.inbox.put(b'{"type": "auth", "token": "good"}')
    principal = await authenticate_connection(
        transport, None, authenticate=authenticate, settings=settings, metrics=metrics
    )
    assert principal == "alice"

    transport = FakeTransport()
    await transport.inbox.put(None)
    assert (
        await authenticate_connection(
            transport, None, authenticate=authenticate, settings=settings, metrics=metrics
        )
        is None
    )
    assert transport.closed is None


class GatedLatestBus(InProcessEventBus):
    def __init__(self, read_first: bool) -> None:
        super().__init__()
        self.gate, self.waiting, self.read_first = asyncio.Event(), asyncio.Event(), read_first

    async def latest_event_id(self, session_id: str) -> int:
        latest = await super().latest_event_id(session_id) if self.read_first else None
        self.waiting.set()
        await self.gate.wait()
        return latest if latest is not None else await super().latest_event_id(session_id)


@pytest.mark.parametrize("read_first", [True, False], ids=["live-after-read", "live-before-read"])
async def test_a_plain_subscribe_delivers_exactly_the_events_after_its_latest_id(
    read_first: bool,
) -> None:
    bus, transport = GatedLatestBus(read_first), FakeTransport()
    running = asyncio.create_task(serve(transport, bus).run())
    await transport.inbox.put('{"type": "subscribe", "session_id": "s1"}')
    await bus.waiting.wait()
    await bus.turn_complete("s1")
    await bus.turn_complete("s1")
    bus.gate.set()
    await settle(transport, 2)
    await bus.turn_complete("s1")
    await settle(transport, 3 if not read_first else 5)
    await transport.inbox.put(None)
    await running
    subscribed = next(event for event in transport.sent if event["type"] == "subscribed")
    ids = [event["event_id"] for event in transport.sent if event["event_id"] is not None]
    assert ids == list(range(subscribed["latest_event_id"] + 1, 4))


async def test_a_close_is_sent_even_when_a_bus_call_swallows_its_cancellation() -> None:
    """A link lost during a replay: the replay swallows the connection's cancellation (as
    redis-py can) and returns; the 1013 must still reach the client, promptly."""

    class SwallowingBus(InProcessEventBus):
        def __init__(self) -> None:
            super().__init__()
            self.replaying = asyncio.Event()
            self.lost: Any = None

        async def replay(self, session_id: str, after_event_id: int) -> Replay:
            on_lost = self.lost
            self.replaying.set()
            on_lost()
            with contextlib.suppress(asyncio.CancelledError):  # swallowed, as a driver may do
                await asyncio.sleep(0.5)
            return await super().replay(session_id, after_event_id)

        def subscribe(self, session_id, deliver, on_lost=None):
            assert on_lost is not None
            self.lost = on_lost
            return super().subscribe(session_id, deliver, on_lost)

    class ClosingTransport(FakeTransport):
        def __init__(self) -> None:
            super().__init__()
            self.closing = asyncio.Event()

        async def close(self, code: int, reason: str) -> None:
            await super().close(code, reason)
            self.closing.set()

    transport = ClosingTransport()
    running = asyncio.create_task(serve(transport, SwallowingBus()).run())
    await transport.inbox.put('{"type": "resume", "session_id": "s1", "last_event_id": 0}')
    async with asyncio.timeout(5):
        await transport.closing.wait()
    assert transport.closed is not None
    assert transport.closed[0] == 1013
    await transport.inbox.put(None)
    async with asyncio.timeout(5):
        await running
