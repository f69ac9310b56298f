"""The Redis bus: two server processes, atomic ids, resume from the stream, pub/sub loss."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from redis.asyncio.client import PubSub
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tta_agents.adapters.realtime import RedisEventBus
from tta_agents.adapters.realtime.client import RealtimeClient
from tta_agents.realtime import EventBusError, NarrativeChunkEvent
from tta_agents.realtime.bus import Envelope

from .conftest import ServerFactory
from .test_realtime_play import recv_json, recv_until
from .test_realtime_server_app import play_fake_turn

SERVER_APP = Path(__file__).with_name("test_realtime_server_app.py")
BODY_TIMEOUT = 60  # a hang fails in a minute instead of at pytest's 300 s


@pytest.fixture
def clean_prefix(redis_url: str, redis_prefix: str) -> Iterator[str]:
    yield redis_prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{redis_prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


@contextlib.contextmanager
def server_process(redis_url: str, prefix: str) -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, str(SERVER_APP), "--redis-url", redis_url, "--prefix", prefix],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("PORT "), f"server did not start: {line!r}"
        yield f"ws://127.0.0.1:{int(line.split()[1])}/ws/play"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
async def bus(redis_url: str, clean_prefix: str) -> AsyncIterator[RedisEventBus]:
    async with RedisEventBus(redis_url, prefix=clean_prefix, replay_buffer_size=4) as started:
        yield started  # type: ignore[misc]


def kill_pubsub_link(redis_url: str, name: str) -> None:
    """Drop the bus's pub/sub connection from the server side (``CLIENT KILL``)."""
    admin = redis.Redis.from_url(redis_url)
    for entry in admin.client_list():
        if entry.get("name") == name and int(entry.get("sub", 0)) > 0:
            admin.client_kill_filter(_id=entry["id"])
    admin.close()


async def test_a_turn_on_one_process_reaches_a_client_of_another_exactly_once(
    redis_url: str, clean_prefix: str
) -> None:
    with (
        server_process(redis_url, clean_prefix) as url_a,
        server_process(redis_url, clean_prefix) as url_b,
    ):
        async with (
            connect(f"{url_a}?token=token-alice", proxy=None) as player,
            connect(f"{url_b}?token=token-alice", proxy=None) as watcher,
        ):
            await recv_json(player)
            await recv_json(watcher)
            await watcher.send('{"type": "subscribe", "session_id": "alice-1"}')
            assert (await recv_json(watcher))["type"] == "subscribed"
            await player.send(json.dumps({"type": "input", "session_id": "alice-1", "text": "sad"}))
            played = await recv_until(player, "turn_complete")
            watched = await recv_until(watcher, "turn_complete")
            await watcher.send('{"type": "ping"}')
            after: list[dict[str, Any]] = []
            while not after or after[-1]["type"] != "pong":
                after.append(await recv_json(watcher))
    played_events = [e for e in played if e["event_id"] is not None]
    assert watched == played_events
    assert [e["event_id"] for e in watched] == [1, 2, 3, 4, 5, 6, 7]
    safety = next(e for e in watched if e["type"] == "safety")
    assert safety["level"] == "concern"
    assert safety["resources"][0]["sms"] == "741741"
    assert safety["categories"] == ["low_mood"]
    assert [e for e in after if e["event_id"] is not None] == []


async def test_two_buses_never_allocate_the_same_id_and_deliver_each_event_once(
    redis_url: str, clean_prefix: str
) -> None:
    async with (
        asyncio.timeout(BODY_TIMEOUT),
        RedisEventBus(redis_url, prefix=clean_prefix) as first,
        RedisEventBus(redis_url, prefix=clean_prefix) as second,
    ):
        seen: list[Envelope] = []
        first.subscribe("alice-1", seen.append)
        await asyncio.gather(
            *(
                bus.publish("alice-1", NarrativeChunkEvent(text=f"{name} {index}"))
                for index in range(40)
                for bus, name in ((first, "a"), (second, "b"))
            )
        )
        for _ in range(200):
            if len(seen) >= 80:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)
    assert [e.event_id for e in seen] == list(range(1, 81))
    assert len({e.event.text for e in seen if isinstance(e.event, NarrativeChunkEvent)}) == 80


async def test_the_stream_replays_and_knows_when_it_is_too_short(bus: RedisEventBus) -> None:
    for index in range(6):
        await bus.publish("alice-1", NarrativeChunkEvent(text=str(index)))
    replay = await bus.replay("alice-1", 3)
    assert (replay.complete, replay.latest_event_id) == (True, 6)
    assert [e.event_id for e in replay.events] == [4, 5, 6]
    assert [e.event.text for e in replay.events] == ["3", "4", "5"]  # type: ignore[union-attr]
    assert not (await bus.replay("alice-1", 1)).complete  # ids 2..6 but only 3..6 kept
    assert not (await bus.replay("alice-1", 9)).complete
    assert (await bus.replay("alice-1", 6)).complete
    assert (await bus.replay("alice-7", 0)).complete
    assert await bus.latest_event_id("alice-1") == 6


async def test_resume_through_a_server_on_the_redis_bus(
    realtime_server: ServerFactory, bus: RedisEventBus
) -> None:
    server = await realtime_server(bus=bus)
    await play_fake_turn(bus, "alice-1", "look")  # ids 1..6; the buffer keeps 3..6
    async with (
        asyncio.timeout(BODY_TIMEOUT),
        connect(server.ws("?token=token-alice"), proxy=None) as ws,
    ):
        await recv_json(ws)
        await ws.send('{"type": "resume", "session_id": "alice-1", "last_event_id": 3}')
        replayed = await recv_until(ws, "subscribed")
        await ws.send('{"type": "resume", "session_id": "alice-1", "last_event_id": 1}')
        reload = await recv_json(ws)
    assert [e["event_id"] for e in replayed[:-1]] == [4, 5, 6]
    assert (reload["type"], reload["latest_event_id"]) == ("reload", 6)


async def test_losing_the_pubsub_link_makes_clients_resume_without_losing_events(
    realtime_server: ServerFactory, redis_url: str, clean_prefix: str
) -> None:
    name = f"tta-test-{uuid.uuid4().hex[:8]}"
    got = []
    async with asyncio.timeout(BODY_TIMEOUT):
        async with RedisEventBus(
            redis_url, prefix=clean_prefix, client_name=name, reconnect_delay=0.05
        ) as bus:
            server = await realtime_server(bus=bus)
            async with RealtimeClient(server.ws(), "token-alice", backoff=0.05) as client:
                await client.subscribe("alice-1")
                while (await client.next_event(within=10)).type != "subscribed":
                    pass
                kill_pubsub_link(redis_url, name)
                await bus.publish("alice-1", NarrativeChunkEvent(text="after the loss"))
                await bus.turn_complete("alice-1")
                while not got or got[-1].type != "turn_complete":
                    event = await client.next_event(within=10)
                    if event.event_id is not None:
                        got.append(event)
    assert client.reconnects >= 1
    assert [e.event_id for e in got] == [1, 2]
    assert server.sample("tta_realtime_closes_total", code="1013") >= 1


def pubsub_listening(redis_url: str, name: str) -> bool:
    admin = redis.Redis.from_url(redis_url)
    try:
        return any(e.get("name") == name and int(e.get("sub", 0)) > 0 for e in admin.client_list())
    finally:
        admin.close()


async def follow(
    url: str, last_event_id: int, until: int, subscribed: asyncio.Event | None = None
) -> list[dict[str, Any]]:
    """Resume alice-1 after ``last_event_id`` like a client would: on a 1013 close,
    reconnect and resume again. Every event frame is kept (duplicates too), up to the
    event ``until`` or a reload."""
    seen: list[dict[str, Any]] = []
    while True:
        async with connect(url, proxy=None) as ws:
            await recv_json(ws)
            resume = {"type": "resume", "session_id": "alice-1", "last_event_id": last_event_id}
            await ws.send(json.dumps(resume))
            with contextlib.suppress(ConnectionClosed):
                async for frame in ws:
                    event = json.loads(frame)
                    if event["type"] == "subscribed" and subscribed is not None:
                        subscribed.set()
                    if event["type"] == "reload":
                        return [*seen, event]
                    if event.get("event_id") is not None:
                        seen.append(event)
                        last_event_id = event["event_id"]
                        if last_event_id >= until:
                            return seen
        assert ws.close_code == 1013, (ws.close_code, ws.close_reason)


async def test_a_client_resuming_while_the_pubsub_link_is_down_gets_exactly_what_it_missed(
    realtime_server: ServerFactory, redis_url: str, clean_prefix: str
) -> None:
    # Publishing still works while the bus's pub/sub connection is gone (CLIENT KILL of
    # that connection only); the bus waits ``reconnect_delay`` before it subscribes again,
    # and a client resumes inside that window, then events are published in it.
    name = f"tta-test-{uuid.uuid4().hex[:8]}"
    async with (
        asyncio.timeout(BODY_TIMEOUT),
        RedisEventBus(
            redis_url,
            prefix=clean_prefix,
            client_name=name,
            replay_buffer_size=4,
            reconnect_delay=3.0,
        ) as bus,
    ):
        server = await realtime_server(bus=bus)
        url = server.ws("?token=token-alice")
        await bus.publish("alice-1", NarrativeChunkEvent(text="1"))
        async with connect(url, proxy=None) as before:
            await recv_json(before)
            await before.send('{"type": "subscribe", "session_id": "alice-1"}')
            await recv_until(before, "subscribed")
            kill_pubsub_link(redis_url, name)
            async with asyncio.timeout(10):
                await before.wait_closed()
        assert before.close_code == 1013  # the bus noticed the loss
        subscribed = asyncio.Event()
        during = asyncio.create_task(follow(url, 1, until=5, subscribed=subscribed))
        async with asyncio.timeout(10):
            await subscribed.wait()
        await bus.publish("alice-1", NarrativeChunkEvent(text="2"))
        await bus.publish("alice-1", NarrativeChunkEvent(text="3"))
        assert not pubsub_listening(redis_url, name), "the outage ended too soon to test"
        for _ in range(200):  # the bus subscribes again after reconnect_delay
            if pubsub_listening(redis_url, name):
                break
            await asyncio.sleep(0.05)
        await bus.publish("alice-1", NarrativeChunkEvent(text="4"))
        await bus.turn_complete("alice-1")
        missed = await during
        after = await follow(url, 3, until=5)
        too_old = await follow(url, 0, until=5)  # the buffer keeps 2..5, not 1
    assert [e["event_id"] for e in missed] == [2, 3, 4, 5]
    assert [e.get("text") for e in missed] == ["2", "3", "4", None]
    assert [e["event_id"] for e in after] == [4, 5]
    assert [(e["type"], e["latest_event_id"]) for e in too_old] == [("reload", 5)]


async def test_closing_the_bus_returns_even_if_the_listener_swallows_its_cancellation(
    redis_url: str, clean_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # redis-py can lose the cancellation of a blocked pub/sub read (seen under load after a
    # reconnect); this listen() always does, so only closing the connection can stop it.
    async def stubborn_listen(self: PubSub) -> AsyncIterator[dict[str, Any]]:
        while self.subscribed:
            try:
                response = await self.parse_response(block=True)
            except asyncio.CancelledError:
                continue
            message = await self.handle_message(response)
            if message is not None:
                yield message

    monkeypatch.setattr(PubSub, "listen", stubborn_listen)
    name = f"tta-test-{uuid.uuid4().hex[:8]}"
    async with asyncio.timeout(BODY_TIMEOUT):
        bus = RedisEventBus(redis_url, prefix=clean_prefix, client_name=name, close_timeout=0.5)
        await bus.start()
        seen: list[Envelope] = []
        delivered = asyncio.Event()

        def deliver(envelope: Envelope) -> None:
            seen.append(envelope)
            delivered.set()

        bus.subscribe("alice-1", deliver)
        await bus.publish("alice-1", NarrativeChunkEvent(text="before closing"))
        await delivered.wait()
        async with asyncio.timeout(10):
            await bus.aclose()
    assert [e.event_id for e in seen] == [1]


async def test_an_unreachable_redis_is_a_typed_error_at_start() -> None:
    bus = RedisEventBus("redis://127.0.0.1:9/0")
    with pytest.raises(EventBusError, match="cannot reach Redis"):
        await bus.start()
    with pytest.raises(RuntimeError, match="before start"):
        await bus.latest_event_id("alice-1")
    await bus.aclose()


async def test_a_redis_that_stops_answering_fails_bus_calls_after_the_command_timeout(
    redis_url: str, clean_prefix: str
) -> None:
    """A resume or a turn is never held up by a Redis that takes the command and says nothing
    (here the server is paused with CLIENT PAUSE): the call fails as EventBusError."""
    admin = redis.Redis.from_url(redis_url)
    async with RedisEventBus(redis_url, prefix=clean_prefix, command_timeout=0.5) as bus:
        await bus.turn_complete("paused-1")
        admin.execute_command("CLIENT", "PAUSE", "3000", "ALL")
        try:
            loop = asyncio.get_running_loop()
            started = loop.time()
            with pytest.raises(EventBusError, match=r"TimeoutError|timed out"):
                await bus.replay("paused-1", 0)
            with pytest.raises(EventBusError):
                await bus.latest_event_id("paused-1")
            with pytest.raises(EventBusError):
                await bus.turn_complete("paused-1")
            assert loop.time() - started < 2.5
        finally:
            admin.execute_command("CLIENT", "UNPAUSE")
            admin.close()
        assert (await bus.replay("paused-1", 0)).latest_event_id >= 1
