"""Text and type rules of every request, on SQLite and PostgreSQL (which cannot store NUL).

What a clumsy or hostile client sends is a 422 ``invalid-input`` problem naming the field,
never a 500, and nothing of it is stored: NUL characters and lone surrogates anywhere (body,
path, query, WebSocket), text made only of invisible characters where text is required,
values of the wrong JSON type, bodies that are not JSON at all.
"""

from __future__ import annotations

import json
import logging

import httpx

from tta_agents.adapters.realtime.client import RealtimeClient
from tta_agents.realtime.protocol import ErrorEvent

NUL = "\x00"
INVISIBLE = ["\u200b\u200b", " \u2060\ufeff ", "\u3164", "\u200d\u200c\u200e", "\u2800 \u2800"]


def _invalid(response: httpx.Response, field: str | None = None) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "/problems/invalid-input"
    if field is not None:
        assert problem["detail"].startswith(field), problem["detail"]


async def _staff_event(client, api, promote) -> tuple[dict[str, str], str]:
    player = await api.sign_up("crisis-player")
    session_id = await api.start_session(player)
    await api.play(player, session_id, "I want to kill myself")
    await api.sign_up("dr-oak")
    await promote("dr-oak", "therapist")
    staff = {"Authorization": f"Bearer {(await api.login('dr-oak'))['access_token']}"}
    events = (await client.get("/api/v1/safety/events", headers=staff)).json()["items"]
    return staff, events[0]["id"]


async def test_nul_is_refused_in_every_text_field(client, api, promote) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    character_id = (await client.get(f"/api/v1/sessions/{session_id}", headers=headers)).json()[
        "character_id"
    ]
    staff, event_id = await _staff_event(client, api, promote)
    password = api.password
    attempts = [
        (
            "POST",
            "/api/v1/auth/register",
            None,
            "username",
            {"username": f"ma{NUL}ple", "email": "x@example.org", "password": password},
        ),
        (
            "POST",
            "/api/v1/auth/register",
            None,
            "password",
            {"username": "rowan", "email": "r@example.org", "password": f"{password}{NUL}"},
        ),
        (
            "POST",
            "/api/v1/auth/login",
            None,
            "username",
            {"username": f"ma{NUL}ple", "password": password},
        ),
        (
            "POST",
            "/api/v1/auth/session",
            None,
            "password",
            {"username": "maple", "password": f"x{NUL}"},
        ),
        ("POST", "/api/v1/auth/refresh", None, "refresh_token", {"refresh_token": f"a{NUL}b"}),
        ("PATCH", "/api/v1/players/me", headers, "display_name", {"display_name": f"a{NUL}b"}),
        (
            "POST",
            "/api/v1/characters",
            headers,
            "appearance",
            {"name": "Wren", "appearance": {"description": f"tall{NUL}"}},
        ),
        (
            "POST",
            "/api/v1/characters",
            headers,
            "background",
            {"name": "Wren", "background": {"traits": [f"kind{NUL}"]}},
        ),
        (
            "PATCH",
            f"/api/v1/characters/{character_id}",
            headers,
            "therapeutic_profile",
            {"therapeutic_profile": {"goals": [{"description": f"rest{NUL}"}]}},
        ),
        (
            "POST",
            "/api/v1/sessions",
            headers,
            "character_id",
            {"character_id": f"x{NUL}", "world_id": "mindfulness_garden"},
        ),
        (
            "POST",
            "/api/v1/sessions",
            headers,
            "customization",
            {"character_id": character_id, "world_id": "x", "customization": {f"p{NUL}": 1}},
        ),
        ("POST", f"/api/v1/sessions/{session_id}/turns", headers, "input", {"input": f"look{NUL}"}),
        (
            "POST",
            f"/api/v1/safety/events/{event_id}/follow-up",
            staff,
            "note",
            {"note": f"called{NUL}"},
        ),
    ]
    for method, path, auth, field, body in attempts:
        _invalid(await client.request(method, path, json=body, headers=auth), field)
    me = (await client.get("/api/v1/players/me", headers=headers)).json()
    assert me["display_name"] is None
    history = await client.get(f"/api/v1/sessions/{session_id}/turns", headers=headers)
    assert history.json()["items"] == []


async def test_nul_in_an_address_is_refused(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    for path in (
        "/api/v1/sessions/ab%00cd",
        f"/api/v1/sessions/{session_id}/turns?cursor=%00",
        "/api/v1/worlds?character_id=%00",
        "/api/v1/characters/%00",
        "/api/v1/worlds/mindfulness_garden%00",
    ):
        _invalid(await client.get(path, headers=headers))


async def test_lone_surrogates_are_refused(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    for path, body, field in (
        (f"/api/v1/sessions/{session_id}/turns", b'{"input": "look \\ud800"}', "input"),
        (
            "/api/v1/characters",
            b'{"name": "Wren", "background": {"backstory": "\\udfff"}}',
            "background",
        ),
        ("/api/v1/auth/login", b'{"username": "\\ud83d", "password": "x"}', "username"),
    ):
        response = await client.post(
            path, content=body, headers={**headers, "content-type": "application/json"}
        )
        _invalid(response, field)


async def test_text_of_only_invisible_characters_counts_as_empty(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    for blank in INVISIBLE:
        turn = await client.post(
            f"/api/v1/sessions/{session_id}/turns", json={"input": blank}, headers=headers
        )
        _invalid(turn, "input")
        assert "invisible" in turn.json()["detail"]
        for body, field in (({"display_name": blank}, "display_name"),):
            _invalid(await client.patch("/api/v1/players/me", json=body, headers=headers), field)
        for body, field in (
            ({"name": blank}, "name"),
            ({"name": "Wren", "background": {"traits": [blank]}}, "background"),
            (
                {"name": "Wren", "therapeutic_profile": {"goals": [{"description": blank}]}},
                "therapeutic_profile",
            ),
        ):
            _invalid(await client.post("/api/v1/characters", json=body, headers=headers), field)
    game = (await client.get(f"/api/v1/sessions/{session_id}", headers=headers)).json()
    assert game["turn_count"] == 0
    # Visible text around invisible characters is still text.
    assert (await api.play(headers, session_id, "\u200blook\u200b"))["input"] == "\u200blook\u200b"


async def test_values_of_the_wrong_type_are_refused_not_coerced(client, api) -> None:
    headers = await api.sign_up("maple")
    for body, field in (
        ({"name": "Wren", "therapeutic_profile": {"readiness": False}}, "therapeutic_profile"),
        ({"name": "Wren", "therapeutic_profile": {"readiness": "0.5"}}, "therapeutic_profile"),
        (
            {
                "name": "Wren",
                "therapeutic_profile": {"goals": [{"description": "rest", "progress": True}]},
            },
            "therapeutic_profile",
        ),
    ):
        _invalid(await client.post("/api/v1/characters", json=body, headers=headers), field)
    for privacy in (
        {"store_safety_text": "yes"},
        {"store_safety_text": 1},
        {"share_progress": "false"},
        {"data_retention_days": 90.0},
    ):
        response = await client.patch(
            "/api/v1/players/me", json={"privacy": privacy}, headers=headers
        )
        _invalid(response, "privacy")
    me = (await client.get("/api/v1/players/me", headers=headers)).json()
    assert me["privacy"]["store_safety_text"] is False
    created = await client.post(
        "/api/v1/characters",
        json={"name": "Wren", "therapeutic_profile": {"readiness": 1}},
        headers=headers,
    )
    assert created.status_code == 201  # an integer is a number
    assert created.json()["therapeutic_profile"]["readiness"] == 1.0


async def test_a_body_that_is_not_json_is_the_same_422_as_malformed_json(client, api) -> None:
    headers = {**(await api.sign_up("maple")), "content-type": "application/json"}
    for body in (
        b"{bad",
        b'{"name": "\xff\xfe"}',  # not UTF-8
        b"[" * 1000 + b"]" * 1000,  # nested too deep for the parser
        b'{"name": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    ):
        response = await client.post("/api/v1/characters", content=body, headers=headers)
        _invalid(response, "body")
        assert response.json()["errors"][0]["type"] == "json_invalid"
        assert response.json()["errors"][0]["loc"][0] == "body"


async def test_a_wrong_method_names_every_allowed_one(client) -> None:
    for method, path, allowed in (
        ("PUT", "/api/v1/players/me", {"GET", "PATCH", "DELETE"}),
        ("PUT", "/api/v1/characters", {"GET", "POST"}),
        ("POST", "/api/v1/characters/abc", {"GET", "PATCH", "DELETE"}),
        ("DELETE", "/api/v1/sessions", {"GET", "POST"}),
        ("PUT", "/api/v1/sessions/abc/turns", {"GET", "POST"}),
        ("GET", "/api/v1/auth/session", {"POST", "DELETE"}),
    ):
        response = await client.request(method, path)
        assert response.status_code == 405, (method, path)
        assert response.headers["content-type"] == "application/problem+json"
        named = {m.strip() for m in response.headers["allow"].split(",")}
        assert named == allowed, (method, path, named)


async def test_the_socket_refuses_bad_input_like_rest_and_never_replays_it(
    live_server, api, caplog
) -> None:
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as http:
        api.client = http
        headers = await api.sign_up("maple")
        session_id = await api.start_session(headers)
        ws_url = live_server.replace("http", "ws") + "/ws/play"
        token = headers["Authorization"].removeprefix("Bearer ")
        refused = ["x" * 15_000, "   ", *INVISIBLE[:2], f"look{NUL}"]
        caplog.set_level(logging.INFO)
        async with RealtimeClient(ws_url, token, max_retries=0) as socket:
            await socket.subscribe(session_id)
            while (await socket.next_event(within=20)).type != "subscribed":
                pass
            for text in refused:
                rest = await http.post(
                    f"/api/v1/sessions/{session_id}/turns", json={"input": text}, headers=headers
                )
                _invalid(rest, "input")
                await socket.send_input(session_id, text)
                event = await socket.next_event(within=20)
                assert isinstance(event, ErrorEvent), event
                assert (event.code, event.message) == ("invalid_input", rest.json()["detail"])
                assert event.event_id is None  # about this client's message: never replayed
            # Text that is not Unicode at all is refused by the protocol itself, as REST
            # refuses it, and is not replayed either.
            await socket.send_input(session_id, "look \ud800")
            event = await socket.next_event(within=20)
            assert isinstance(event, ErrorEvent), event
            assert (event.code, event.event_id) == ("invalid_message", None)
            await socket.send_input(session_id, "look")
            while (event := await socket.next_event(within=20)).type != "turn_complete":
                assert event.type != "error", event
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert errors == []
        async with RealtimeClient(ws_url, token, max_retries=0) as socket:
            await socket.send({"type": "resume", "session_id": session_id, "last_event_id": 0})
            replayed = []
            while (event := await socket.next_event(within=20)).type != "subscribed":
                replayed.append(event)
        assert replayed
        assert all(e.type != "error" for e in replayed)
        assert json.dumps([e.model_dump(mode="json") for e in replayed]).count("invalid") == 0
