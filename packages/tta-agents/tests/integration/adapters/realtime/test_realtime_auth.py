"""Authentication over a real socket: every refusal closes with 1008 (or 1011) and a reason."""

from __future__ import annotations

import json
from typing import NamedTuple

import pytest
from websockets.asyncio.client import connect

from tta_agents.adapters.realtime.client import RealtimeClient
from tta_agents.realtime import ClientClosedError

from .conftest import ServerFactory
from .test_realtime_play import wait_closed


async def close_of(url: str, *, first: str | None = None, headers: dict[str, str] | None = None):
    async with connect(url, additional_headers=headers, proxy=None) as ws:
        if first is not None:
            await ws.send(first)
        return await wait_closed(ws)


async def welcome_of(url: str, *, first: str | None = None, headers: dict[str, str] | None = None):
    async with connect(url, additional_headers=headers, proxy=None) as ws:
        if first is not None:
            await ws.send(first)
        return json.loads(await ws.recv())


@pytest.mark.parametrize(
    ("query", "first", "headers"),
    [
        ("?token=token-alice", None, None),
        ("", None, {"Authorization": "Bearer token-alice"}),
        ("", '{"type": "auth", "token": "token-alice"}', None),
    ],
    ids=["query", "bearer-header", "auth-message"],
)
async def test_each_way_of_presenting_a_token_is_welcomed(
    realtime_server: ServerFactory, query: str, first: str | None, headers: dict[str, str] | None
) -> None:
    server = await realtime_server(heartbeat_interval=7.5)
    welcome = await welcome_of(server.ws(query), first=first, headers=headers)
    assert welcome["type"] == "welcome"
    assert welcome["heartbeat_interval"] == 7.5
    assert welcome["server_time"]
    assert welcome["event_id"] is None


class Refusal(NamedTuple):
    query: str
    first: str | None
    headers: dict[str, str] | None
    code: int
    reason_part: str
    label: str


AUTH_MESSAGE = '{"type": "auth", "token": "%s"}'
REFUSALS = {
    "bad-query-token": Refusal(
        "?token=nope", None, None, 1008, "invalid access token", "invalid_token"
    ),
    "bad-bearer": Refusal(
        "", None, {"Authorization": "Bearer nope"}, 1008, "invalid access token", "invalid_token"
    ),
    "basic-scheme": Refusal(
        "", None, {"Authorization": "Basic YWxpY2U6eA=="}, 1008, "Bearer", "no_token"
    ),
    "empty-token": Refusal("?token=", None, None, 1008, "empty access token", "no_token"),
    "input-before-auth": Refusal(
        "",
        '{"type": "input", "session_id": "alice-1", "text": "hi"}',
        None,
        1008,
        "auth",
        "no_token",
    ),
    "garbage-first": Refusal("", "{not json", None, 1008, "authentication required", "no_token"),
    "bad-auth-message": Refusal(
        "", AUTH_MESSAGE % "nope", None, 1008, "invalid access token", "invalid_token"
    ),
    "authenticator-crashes": Refusal(
        "?token=token-boom", None, None, 1011, "authentication unavailable", "error"
    ),
    "oversized-auth": Refusal("", AUTH_MESSAGE % ("x" * 600), None, 1009, "too big", "too_big"),
}


@pytest.mark.parametrize("case", REFUSALS.values(), ids=REFUSALS.keys())
async def test_refusals_close_with_the_right_code_and_a_reason(
    realtime_server: ServerFactory, case: Refusal
) -> None:
    server = await realtime_server(max_message_bytes=512)
    code, reason = await close_of(server.ws(case.query), first=case.first, headers=case.headers)
    assert code == case.code
    assert case.reason_part in reason
    assert server.sample("tta_realtime_auth_failures_total", reason=case.label) == 1
    assert server.endpoint.connections == 0


async def test_a_silent_client_is_refused_after_the_auth_timeout(
    realtime_server: ServerFactory,
) -> None:
    server = await realtime_server(auth_timeout=0.2)
    code, reason = await close_of(server.ws())
    assert code == 1008
    assert "auth message within 0.2 s" in reason
    assert server.sample("tta_realtime_auth_failures_total", reason="timeout") == 1


async def test_the_client_raises_a_typed_error_when_refused(realtime_server: ServerFactory) -> None:
    server = await realtime_server()
    client = RealtimeClient(server.ws(), "nope", max_retries=0)
    with pytest.raises(ClientClosedError) as caught:
        await client.connect()
    assert caught.value.code == 1008
    assert caught.value.reason == "invalid access token"
    await client.aclose()


@pytest.mark.parametrize("mode", ["header", "query", "message"])
async def test_the_client_authenticates_in_every_mode(
    realtime_server: ServerFactory, mode: str
) -> None:
    server = await realtime_server()
    async with RealtimeClient(server.ws(), "token-alice", auth=mode) as client:  # type: ignore[arg-type]
        assert client.welcome is not None
        assert server.endpoint.connections == 1
