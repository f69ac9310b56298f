"""``/ws/play`` on a real server: the same turns as REST, streamed, with the same auth rules."""

from __future__ import annotations

import httpx
import pytest

from tta_agents.adapters.realtime.client import RealtimeClient
from tta_agents.realtime import ClientClosedError, TurnCompleteEvent


@pytest.fixture
def database_url() -> None:
    """HTTP-layer tests: SQLite is enough (the repository suite runs on PostgreSQL too)."""
    return


async def _player(http: httpx.AsyncClient, api, name: str) -> tuple[dict[str, str], str]:
    api.client = http
    headers = await api.sign_up(name)
    return headers, await api.start_session(headers)


async def test_a_turn_over_the_socket_streams_events_and_is_saved(live_server, api):
    async with httpx.AsyncClient(base_url=live_server) as http:
        headers, session_id = await _player(http, api, "maple")
        token = headers["Authorization"].removeprefix("Bearer ")
        ws_url = live_server.replace("http", "ws") + "/ws/play"
        async with RealtimeClient(ws_url, token, max_retries=0) as client:
            await client.send_input(session_id, "Hello! (look around)")
            kinds = []
            while True:
                event = await client.next_event(within=20)
                kinds.append(event.type)
                if event.type in ("turn_complete", "error"):
                    break
        assert kinds[-1] == "turn_complete"
        assert "narrative_complete" in kinds
        history = (await http.get(f"/api/v1/sessions/{session_id}/turns", headers=headers)).json()[
            "items"
        ]
        assert [t["input"] for t in history] == ["Hello! (look around)"]
        # the socket's turn_complete says what was understood, as the REST answer does
        assert isinstance(event, TurnCompleteEvent)
        assert event.intent is not None
        assert event.intent.kind == history[0]["intent"]["kind"]
        assert event.understood is history[0]["understood"]


async def test_the_socket_refuses_bad_tokens_and_other_players_sessions(live_server, api):
    async with httpx.AsyncClient(base_url=live_server) as http:
        _owner, session_id = await _player(http, api, "maple")
        intruder, _ = await _player(http, api, "bramble")
        ws_url = live_server.replace("http", "ws") + "/ws/play"
        with pytest.raises(ClientClosedError):
            async with RealtimeClient(ws_url, "forged.token.value", max_retries=0):
                pass
        token = intruder["Authorization"].removeprefix("Bearer ")
        async with RealtimeClient(ws_url, token, max_retries=0) as client:
            await client.send_input(session_id, "look")
            event = await client.next_event(within=20)
            while event.type not in ("error", "turn_complete"):
                event = await client.next_event(within=20)
            assert event.type == "error"
        history = await http.get(f"/api/v1/sessions/{session_id}/turns", headers=_owner)
        assert history.json()["items"] == []


async def test_a_rest_turn_reaches_a_socket_watching_the_session_and_logout_ends_play(
    live_server, api
):
    async with httpx.AsyncClient(base_url=live_server) as http:
        headers, session_id = await _player(http, api, "maple")
        token = headers["Authorization"].removeprefix("Bearer ")
        ws_url = live_server.replace("http", "ws") + "/ws/play"
        async with RealtimeClient(ws_url, token, max_retries=0) as client:
            await client.subscribe(session_id)
            event = await client.next_event(within=20)
            while event.type != "subscribed":
                event = await client.next_event(within=20)
            played = await http.post(
                f"/api/v1/sessions/{session_id}/turns", json={"input": "look"}, headers=headers
            )
            assert played.status_code == 200
            seen = []
            while not seen or seen[-1] != "turn_complete":
                seen.append((await client.next_event(within=20)).type)
            assert "narrative_complete" in seen

            assert (await http.post("/api/v1/auth/logout", headers=headers)).status_code == 204
            await client.send_input(session_id, "look again")
            event = await client.next_event(within=20)
            while event.type not in ("error", "turn_complete"):
                event = await client.next_event(within=20)
            assert event.type == "error"
