"""A stalled client (never reading) must not slow anyone else; its queue overflow closes 1013."""

from __future__ import annotations

import asyncio
import json
import socket

from websockets.asyncio.client import ClientConnection, connect

from tta_agents.adapters.realtime.client import RealtimeClient
from tta_agents.realtime import NarrativeChunkEvent, TurnProgressEvent

from .conftest import RunningServer, ServerFactory

BIG = "x" * 65_536


async def stalled_client(server: RunningServer, session_id: str) -> ClientConnection:
    """A subscribed client with a tiny receive buffer that then never reads again."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", int(server.url.split(":")[2].split("/")[0])))
    ws = await connect(
        server.ws("?token=token-alice"), sock=sock, proxy=None, max_queue=1, compression=None
    )
    await ws.recv()
    await ws.send(json.dumps({"type": "subscribe", "session_id": session_id}))
    assert json.loads(await ws.recv())["type"] == "subscribed"
    return ws


async def wait_for(predicate, what: str) -> None:
    for _ in range(500):
        if predicate():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def test_a_stalled_client_does_not_slow_a_second_one_and_is_closed_1013(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server(send_queue_size=8, close_timeout=0.3)
    stalled = await stalled_client(server, "alice-1")
    async with RealtimeClient(server.ws(), "token-alice") as reader:
        await reader.subscribe("alice-1")
        while (await reader.next_event(within=10)).type != "subscribed":
            pass
        for _ in range(200):  # ~13 MB: far more than socket buffers and the queue can hold
            await server.bus.publish("alice-1", NarrativeChunkEvent(text=BIG))
            await asyncio.sleep(0)  # a turn streams over time; the reader keeps up
        await server.bus.turn_complete("alice-1")
        got = []
        while not got or got[-1].type != "turn_complete":
            event = await reader.next_event(within=20)
            if event.event_id is not None:
                got.append(event)
        assert [e.event_id for e in got] == list(range(1, 202))
        await wait_for(
            lambda: server.sample("tta_realtime_closes_total", code="1013") == 1, "a 1013 close"
        )
        await wait_for(lambda: server.endpoint.connections == 1, "the stalled one to go")
    stalled.transport.abort()
    assert server.sample("tta_realtime_send_queue_high_water_events") == 8


async def test_progress_is_coalesced_under_backpressure_without_closing(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server(send_queue_size=4)
    stalled = await stalled_client(server, "alice-1")
    await server.bus.publish("alice-1", NarrativeChunkEvent(text=BIG * 8))  # fill the buffers
    for index in range(300):
        await server.bus.publish("alice-1", TurnProgressEvent(step=f"s{index}", phase="started"))
    await wait_for(
        lambda: server.sample("tta_realtime_events_coalesced_total", type="turn_progress") > 0,
        "coalescing",
    )
    assert server.endpoint.connections == 1
    assert server.sample("tta_realtime_closes_total", code="1013") == 0
    stalled.transport.abort()
