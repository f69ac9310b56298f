"""Resume after a forced disconnect, the replay horizon, and a client that reconnects by itself."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import connect

from tta_agents.adapters.realtime.client import RealtimeClient
from tta_agents.realtime import InProcessEventBus, NarrativeChunkEvent

from .conftest import ServerFactory
from .test_realtime_play import recv_json, recv_until
from .test_realtime_server_app import play_fake_turn


async def play_and_collect(url: str, session_id: str, text: str) -> list[dict[str, Any]]:
    async with connect(url, proxy=None) as ws:
        await recv_json(ws)
        await ws.send(json.dumps({"type": "input", "session_id": session_id, "text": text}))
        return await recv_until(ws, "turn_complete")


async def test_resume_after_a_forced_disconnect_delivers_exactly_the_missed_events(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    url = server.ws("?token=token-alice")
    async with connect(url, proxy=None) as ws:
        await recv_json(ws)
        await ws.send(json.dumps({"type": "input", "session_id": "alice-1", "text": "look"}))
        first_turn = await recv_until(ws, "turn_complete")
        seen = max(e["event_id"] for e in first_turn if e["event_id"])
        ws.transport.abort()  # the network drops: no close handshake
    await play_fake_turn(server.bus, "alice-1", "sit")  # played while the client is away
    await play_fake_turn(server.bus, "alice-1", "rest")
    async with connect(url, proxy=None) as ws:
        await recv_json(ws)
        await ws.send(
            json.dumps({"type": "resume", "session_id": "alice-1", "last_event_id": seen})
        )
        replayed = await recv_until(ws, "subscribed")
        await play_fake_turn(server.bus, "alice-1", "stand")
        live = await recv_until(ws, "turn_complete")
    assert seen == 6
    assert [e["event_id"] for e in replayed[:-1]] == list(range(7, 19))
    assert [e["text"] for e in replayed if e["type"] == "narrative_chunk"] == [
        "You sit.",
        "You rest.",
    ]
    assert replayed[-1]["latest_event_id"] == 18
    assert [e["event_id"] for e in live] == list(range(19, 25))


async def test_resume_from_zero_replays_the_whole_buffer_in_order(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    await play_fake_turn(server.bus, "alice-1", "look")
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        await recv_json(ws)
        await ws.send('{"type": "resume", "session_id": "alice-1", "last_event_id": 0}')
        replayed = await recv_until(ws, "subscribed")
    assert [e["event_id"] for e in replayed[:-1]] == [1, 2, 3, 4, 5, 6]


async def test_a_client_behind_the_replay_buffer_is_told_to_reload(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server(bus=InProcessEventBus(replay_buffer_size=4))
    for text in ("a", "b"):
        await play_fake_turn(server.bus, "alice-1", text)
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        await recv_json(ws)
        await ws.send('{"type": "resume", "session_id": "alice-1", "last_event_id": 2}')
        reload, subscribed = await recv_json(ws), await recv_json(ws)
        await server.bus.turn_complete("alice-1")
        live = await recv_json(ws)
    assert (reload["type"], reload["latest_event_id"]) == ("reload", 12)
    assert subscribed["type"] == "subscribed"
    assert live["event_id"] == 13


async def test_a_client_claiming_an_id_from_the_future_is_told_to_reload(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        await recv_json(ws)
        await ws.send('{"type": "resume", "session_id": "alice-9", "last_event_id": 40}')
        reload = await recv_json(ws)
    assert (reload["type"], reload["latest_event_id"]) == ("reload", 0)


async def test_the_client_reconnects_and_resumes_by_itself_without_gaps_or_duplicates(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server(heartbeat_interval=0.5)
    async with RealtimeClient(server.ws(), "token-alice", backoff=0.05) as client:
        await client.send_input("alice-1", "look")
        received = []
        while not received or received[-1].type != "turn_complete":
            event = await client.next_event(within=10)
            if event.event_id is not None:
                received.append(event)
        await server.endpoint.aclose("restarting")  # every connection dropped with 1001
        for index in range(30):
            await server.bus.publish("alice-1", NarrativeChunkEvent(text=f"line {index}"))
            await asyncio.sleep(0.005)
        await server.bus.turn_complete("alice-1")
        while received[-1].type != "turn_complete" or len(received) < 37:
            event = await client.next_event(within=10)
            if event.event_id is not None:
                received.append(event)
    assert client.reconnects >= 1
    assert [e.event_id for e in received] == list(range(1, 38))
    assert client.last_event_ids == {"alice-1": 37}


async def test_a_turn_started_before_a_disconnect_finishes_and_is_resumed(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    url = server.ws("?token=token-alice")
    async with connect(url, proxy=None) as ws:
        await recv_json(ws)
        await ws.send(json.dumps({"type": "input", "session_id": "alice-1", "text": "slow"}))
        assert (await recv_json(ws))["type"] == "subscribed"
    async with connect(url, proxy=None) as ws:
        await recv_json(ws)
        await ws.send('{"type": "resume", "session_id": "alice-1", "last_event_id": 0}')
        events = [e for e in await recv_until(ws, "turn_complete") if e["event_id"]]
    assert [e["event_id"] for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[-1]["turn_id"] == "turn-slow"
