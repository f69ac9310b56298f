"""Per-route rate limits: 429 problem+json with Retry-After, in memory and in Redis."""

from __future__ import annotations

import pytest

from ..conftest import make_settings


@pytest.fixture
def settings(tmp_path):
    return make_settings(
        tmp_path,
        rate_limits_enabled=True,
        login_rate_limit="3/minute",
        login_username_rate_limit="2/minute",
        register_rate_limit="2/minute",
        turn_rate_limit="2/minute",
    )


async def test_login_is_limited_per_username_and_per_ip(client, api) -> None:
    await client.post(
        "/api/v1/auth/register",
        json={"username": "maple", "email": "m@example.org", "password": api.password},
    )
    body = {"username": "maple", "password": "wrong-guess-1"}  # pragma: allowlist secret
    statuses = [(await client.post("/api/v1/auth/login", json=body)).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    limited = await client.post("/api/v1/auth/login", json={**body, "username": "other"})
    assert limited.status_code == 429  # the IP's 3/minute is used up as well
    assert limited.headers["content-type"] == "application/problem+json"
    assert 1 <= int(limited.headers["retry-after"]) <= 60


async def test_register_is_limited_per_username_whatever_the_ip(tmp_path) -> None:
    """Probing one name (is it taken?) from many addresses is slowed down too."""
    from ..conftest import make_app, running

    settings = make_settings(
        tmp_path,
        rate_limits_enabled=True,
        register_rate_limit="100/minute",
        register_username_rate_limit="3/hour",
    )
    password = "Tide-pool-73"  # pragma: allowlist secret
    body = {"username": "Birch", "email": "b@example.org", "password": password}
    async with running(make_app(settings)) as client:
        statuses = []
        for n in range(4):
            answer = await client.post(
                "/api/v1/auth/register",
                json={**body, "username": "birch" if n % 2 else "Birch"},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            )
            statuses.append(answer.status_code)
        other = await client.post(
            "/api/v1/auth/register", json={**body, "username": "alder", "email": "a@example.org"}
        )
    assert statuses == [201, 409, 409, 429]
    assert other.status_code == 201


async def test_register_is_limited_per_ip(client, api) -> None:
    await api.sign_up("maple")
    await api.sign_up("birch")
    third = await client.post(
        "/api/v1/auth/register",
        json={"username": "cedar", "email": "c@example.org", "password": api.password},
    )
    assert third.status_code == 429
    assert third.json()["type"] == "/problems/rate-limited"


async def test_turns_are_limited_per_player(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    url = f"/api/v1/sessions/{session_id}/turns"
    statuses = [
        (await client.post(url, json={"input": "look"}, headers=headers)).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    history = (await client.get(url, headers=headers)).json()["items"]
    assert len(history) == 2  # the refused turn was not played


async def test_limits_are_shared_through_redis(tmp_path, redis_url, redis_prefix, open_client):
    settings = make_settings(
        tmp_path,
        rate_limits_enabled=True,
        redis_url=redis_url,
        redis_prefix=redis_prefix,
        login_rate_limit="2/minute",
    )
    body = {"username": "nobody", "password": "wrong-guess-1"}  # pragma: allowlist secret
    async with open_client(settings) as first:
        assert (await first.post("/api/v1/auth/login", json=body)).status_code == 401
    async with open_client(settings) as second:  # another process would see the same count
        assert (await second.post("/api/v1/auth/login", json=body)).status_code == 401
        assert (await second.post("/api/v1/auth/login", json=body)).status_code == 429
        ready = (await second.get("/readyz")).json()
        assert ready["redis"] == "ok"


async def test_the_turn_limit_also_holds_over_the_websocket(live_server, api) -> None:
    import httpx

    from tta_agents.adapters.realtime.client import RealtimeClient

    async with httpx.AsyncClient(base_url=live_server) as http:
        api.client = http
        headers = await api.sign_up("maple")
        session_id = await api.start_session(headers)
        token = headers["Authorization"].removeprefix("Bearer ")
        ws_url = live_server.replace("http", "ws") + "/ws/play"
        outcomes = []
        async with RealtimeClient(ws_url, token, max_retries=0) as client:
            for text in ("look", "listen", "smell"):
                await client.send_input(session_id, text)
                event = await client.next_event(within=20)
                while event.type not in ("error", "turn_complete"):
                    event = await client.next_event(within=20)
                outcomes.append(event.type)
        assert outcomes == ["turn_complete", "turn_complete", "error"]
