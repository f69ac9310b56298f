"""The client's own behaviour: refusals, giving up, token callables, subscribe and resume."""

from __future__ import annotations

import pytest

from tta_agents.adapters.realtime.client import RealtimeClient
from tta_agents.realtime import ClientClosedError, TurnCompleteEvent

from .conftest import ServerFactory


async def test_connecting_to_nothing_raises_a_typed_error() -> None:
    client = RealtimeClient("ws://127.0.0.1:9/ws/play", "token-alice", open_timeout=2)
    with pytest.raises(ClientClosedError, match="cannot connect"):
        await client.connect()
    with pytest.raises(ClientClosedError):
        await client.send_input("alice-1", "look")
    await client.aclose()


async def test_a_client_out_of_retries_ends_its_event_stream(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    async with RealtimeClient(server.ws(), "token-alice", max_retries=0) as client:
        await server.endpoint.aclose()
        events = [event async for event in client.events()]
        assert all(event.type != "turn_complete" for event in events)
        with pytest.raises(ClientClosedError):
            await client.next_event(within=5)
        with pytest.raises(ClientClosedError):
            await client.subscribe("alice-1")


async def test_a_token_callable_is_asked_on_every_connect(realtime_server: ServerFactory) -> None:
    server = await realtime_server()
    asked = []

    async def token() -> str:
        asked.append(1)
        return "token-alice"

    async with RealtimeClient(server.ws(), token, backoff=0.01) as client:
        await server.endpoint.aclose()
        await client.subscribe("alice-1")
        assert (await client.next_event(within=10)).type in {"subscribed", "welcome"}
    assert len(asked) >= 2


async def test_subscribe_resumes_from_what_the_client_has_seen_and_unsubscribe_stops(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server()
    async with RealtimeClient(server.ws(), "token-alice") as client:
        await client.subscribe("alice-1")
        assert (await client.next_event(within=10)).type == "subscribed"
        await server.bus.turn_complete("alice-1")
        assert isinstance(await client.next_event(within=10), TurnCompleteEvent)
        await client.unsubscribe("alice-1")
        assert (await client.next_event(within=10)).type == "subscribed"
        await server.bus.turn_complete("alice-1")
        await server.bus.turn_complete("alice-1")
        await client.subscribe("alice-1")  # resumes after event 1: gets 2 and 3
        ids = []
        while len(ids) < 2:
            event = await client.next_event(within=10)
            if event.event_id is not None:
                ids.append(event.event_id)
    assert ids == [2, 3]


async def test_a_server_silent_for_two_heartbeats_is_left_and_the_client_reconnects() -> None:
    """A server that welcomes, then sends nothing (not even heartbeats) is taken for dead:
    the client drops it after two of the intervals it announced and connects again."""
    import asyncio

    from websockets.asyncio.server import ServerConnection, serve

    from tta_agents.realtime.protocol import WelcomeEvent

    welcomed = 0
    third_connection = asyncio.Event()

    async def silent(ws: ServerConnection) -> None:
        nonlocal welcomed
        welcomed += 1
        if welcomed == 3:
            third_connection.set()
        await ws.send(
            WelcomeEvent(connection_id=f"c{welcomed}", heartbeat_interval=0.2).model_dump_json()
        )
        await ws.wait_closed()  # sends nothing more, not even heartbeats

    async with serve(silent, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        async with RealtimeClient(f"ws://127.0.0.1:{port}/ws/play", "t", backoff=0.01) as client:
            async with asyncio.timeout(10):
                await third_connection.wait()
            assert client.reconnects >= 2
