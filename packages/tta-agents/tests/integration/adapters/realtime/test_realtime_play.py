"""Playing over a real socket: a turn's events, bad messages, limits, heartbeats, idle, shutdown."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from .conftest import ServerFactory


async def recv_json(ws: ClientConnection) -> dict[str, Any]:
    async with asyncio.timeout(10):
        return json.loads(await ws.recv())


async def recv_until(ws: ClientConnection, kind: str) -> list[dict[str, Any]]:
    """Events up to and including the first of type ``kind`` (heartbeats skipped)."""
    seen = []
    while True:
        event = await recv_json(ws)
        if event["type"] == "heartbeat":
            continue
        seen.append(event)
        if event["type"] == kind:
            return seen


async def wait_closed(ws: ClientConnection) -> tuple[int | None, str]:
    """Read until the server closes; the close code and reason."""
    try:
        async with asyncio.timeout(10):
            while True:
                await ws.recv()
    except ConnectionClosed:
        return ws.close_code, ws.close_reason or ""


async def test_input_streams_a_turn_of_typed_events_with_rising_ids(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        assert (await recv_json(ws))["type"] == "welcome"
        await ws.send(json.dumps({"type": "input", "session_id": "alice-1", "text": "look"}))
        events = await recv_until(ws, "turn_complete")
    types = [e["type"] for e in events]
    assert types == [
        "subscribed",
        "turn_progress",
        "narrative_chunk",
        "narrative_complete",
        "turn_progress",
        "choices",
        "turn_complete",
    ]
    session_events = [e for e in events if e["event_id"] is not None]
    assert [e["event_id"] for e in session_events] == [1, 2, 3, 4, 5, 6]
    assert all(e["session_id"] == "alice-1" and e["timestamp"] for e in session_events)
    assert events[2]["text"] == "You look."
    assert events[-1]["turn_id"] == "turn-look"
    assert server.inputs == [("alice", "alice-1", "look")]
    assert server.sample("tta_realtime_events_sent_total", type="narrative_chunk") == 1
    assert server.sample("tta_realtime_connections") == 1


async def test_a_player_cannot_play_or_watch_someone_elses_session(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        await recv_json(ws)
        for kind in ("input", "subscribe", "resume"):
            message = {"type": kind, "session_id": "bob-1", "text": "x", "last_event_id": 0}
            allowed = {"input": {"type", "session_id", "text"}}.get(kind, {"type", "session_id"})
            if kind == "resume":
                allowed = {"type", "session_id", "last_event_id"}
            await ws.send(json.dumps({k: v for k, v in message.items() if k in allowed}))
            error = await recv_json(ws)
            assert error["type"] == "error"
            assert error["code"] == "forbidden"
        await ws.send('{"type": "ping"}')
        assert (await recv_json(ws))["type"] == "pong"
    assert server.inputs == []


async def test_bad_messages_get_error_events_and_the_connection_lives_on(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        await recv_json(ws)
        for frame, code in [
            ("{oops", "invalid_json"),
            ('{"type": "teleport"}', "unknown_type"),
            ('{"type": "input", "session_id": "alice-1"}', "invalid_message"),
            ('{"type": "auth", "token": "token-alice"}', "already_authenticated"),
            (b"\x00\x01", "binary_unsupported"),
        ]:
            await ws.send(frame)
            error = await recv_json(ws)
            assert (error["type"], error["code"]) == ("error", code)
        await ws.send(json.dumps({"type": "input", "session_id": "alice-1", "text": "wave"}))
        assert (await recv_until(ws, "turn_complete"))[-1]["type"] == "turn_complete"


async def test_a_failing_turn_reports_an_error_event_without_details(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        await recv_json(ws)
        await ws.send(json.dumps({"type": "input", "session_id": "alice-1", "text": "fail"}))
        error = (await recv_until(ws, "error"))[-1]
    assert error["code"] == "input_failed"
    assert "pipeline broke" not in error["message"]


async def test_an_input_the_application_refuses_is_answered_to_its_sender_alone(
    realtime_server: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server = await realtime_server()
    async with (
        connect(server.ws("?token=token-alice"), proxy=None) as ws,
        connect(server.ws("?token=token-alice"), proxy=None) as watcher,
    ):
        await recv_json(ws)
        await recv_json(watcher)
        await watcher.send('{"type": "subscribe", "session_id": "alice-1"}')
        assert (await recv_json(watcher))["type"] == "subscribed"
        await ws.send(json.dumps({"type": "input", "session_id": "alice-1", "text": "  "}))
        error = (await recv_until(ws, "error"))[-1]
        assert (error["code"], error["event_id"]) == ("invalid_input", None)
        assert error["message"] == "input: type something to play"
        await watcher.send('{"type": "ping"}')
        assert (await recv_json(watcher))["type"] == "pong"  # the watcher heard nothing of it
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        await recv_json(ws)
        await ws.send('{"type": "resume", "session_id": "alice-1", "last_event_id": 0}')
        assert [e["type"] for e in await recv_until(ws, "subscribed")] == ["subscribed"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_subscribe_and_unsubscribe_control_what_a_connection_receives(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        await recv_json(ws)
        await ws.send('{"type": "subscribe", "session_id": "alice-2"}')
        subscribed = await recv_json(ws)
        assert (subscribed["type"], subscribed["latest_event_id"]) == ("subscribed", 0)
        await server.bus.turn_complete("alice-2")
        assert (await recv_json(ws))["event_id"] == 1
        await ws.send('{"type": "unsubscribe", "session_id": "alice-2"}')
        assert (await recv_json(ws))["subscribed"] is False
        await server.bus.turn_complete("alice-2")
        await ws.send('{"type": "ping"}')
        assert (await recv_json(ws))["type"] == "pong"


async def test_an_oversized_message_closes_1009_with_a_reason(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server(max_message_bytes=1024)
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        await recv_json(ws)
        text = "x" * 2000
        await ws.send(json.dumps({"type": "input", "session_id": "alice-1", "text": text}))
        code, reason = await wait_closed(ws)
    assert code == 1009
    assert "exceeds the limit of 1024" in (reason or "")
    assert server.inputs == []


async def test_a_silent_client_is_dropped_within_two_heartbeat_intervals(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server(heartbeat_interval=0.2)
    async with connect(server.ws("?token=token-alice"), proxy=None, ping_interval=None) as ws:
        await recv_json(ws)
        assert (await recv_json(ws))["type"] == "heartbeat"
        code, reason = await wait_closed(ws)
    assert code == 1001
    assert "heartbeat" in (reason or "")
    for _ in range(100):
        if server.endpoint.connections == 0:
            break
        await asyncio.sleep(0.02)
    assert server.endpoint.connections == 0
    assert server.sample("tta_realtime_connections") == 0


async def test_a_client_that_pings_but_never_plays_hits_the_idle_limit(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server(heartbeat_interval=0.1, idle_timeout=0.5)
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:

        async def keep_pinging() -> None:
            while True:
                await ws.send('{"type": "ping"}')
                await asyncio.sleep(0.03)

        pinger = asyncio.create_task(keep_pinging())
        code, reason = await wait_closed(ws)
        pinger.cancel()
        await asyncio.gather(pinger, return_exceptions=True)
    assert (code, reason) == (1001, "idle timeout")


async def test_shutdown_closes_every_connection_with_1001(realtime_server: ServerFactory) -> None:
    server = await realtime_server()
    async with connect(server.ws("?token=token-alice"), proxy=None) as ws:
        await recv_json(ws)
        await server.endpoint.aclose()
        code, reason = await wait_closed(ws)
    assert (code, reason) == (1001, "server shutting down")
