"""The auth attack matrix: every forged, stale or misused token is refused, and another
player's ids on every route are a 404 (never a 403 that confirms they exist)."""

from __future__ import annotations

import base64
import json
import time

import pytest
from jose import jwt

pytestmark = pytest.mark.usefixtures("client")


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _claims(token: str) -> dict[str, object]:
    return jwt.get_unverified_claims(token)


async def _me(client, token: str) -> int:
    response = await client.get("/api/v1/players/me", headers={"Authorization": f"Bearer {token}"})
    if response.status_code == 401:
        assert response.headers["content-type"] == "application/problem+json"
    return response.status_code


async def test_forged_and_misused_access_tokens_are_refused(client, api, settings) -> None:
    secret = settings.jwt_secret.get_secret_value()
    await api.sign_up("maple")
    tokens = await api.login("maple")
    access, refresh = str(tokens["access_token"]), str(tokens["refresh_token"])
    claims = _claims(access)
    now = int(time.time())
    header, payload, signature = access.split(".")
    forged = {
        "expired": jwt.encode(
            {**claims, "iat": now - 3600, "exp": now - 60}, secret, algorithm="HS256"
        ),
        "no exp": jwt.encode(
            {k: v for k, v in claims.items() if k != "exp"}, secret, algorithm="HS256"
        ),
        "tampered payload": f"{header}.{_b64({**claims, 'sub': 'someone-else'})}.{signature}",
        "tampered signature": f"{header}.{payload}.{signature[::-1]}",
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.",
        "other secret": jwt.encode(
            claims, "another-secret-entirely-000000000000", algorithm="HS256"
        ),
        "HS512": jwt.encode(claims, secret, algorithm="HS512"),
        "refresh as access": refresh,
        "garbage": "not-a-token",
    }
    for name, token in forged.items():
        assert await _me(client, token) == 401, name
    assert await _me(client, access) == 200


async def test_signed_tokens_with_out_of_range_times_are_401_not_500(client, api, settings) -> None:
    secret = settings.jwt_secret.get_secret_value()
    await api.sign_up("maple")
    claims = _claims(str((await api.login("maple"))["access_token"]))
    for claim in ("exp", "iat"):
        for value in (10**20, 2**63, 1e300, [1], None):
            token = jwt.encode({**claims, claim: value}, secret, algorithm="HS256")
            assert await _me(client, token) == 401, (claim, value)
            refresh = await client.post("/api/v1/auth/refresh", json={"refresh_token": token})
            assert refresh.status_code == 401, (claim, value)


async def test_an_access_token_is_refused_at_refresh(client, api) -> None:
    await api.sign_up("maple")
    tokens = await api.login("maple")
    response = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": tokens["access_token"]}
    )
    assert response.status_code == 401


async def test_missing_or_non_bearer_credentials_are_refused(client) -> None:
    assert (await client.get("/api/v1/players/me")).status_code == 401
    basic = await client.get("/api/v1/players/me", headers={"Authorization": "Basic bWU6bWU="})
    assert basic.status_code == 401


async def test_a_token_of_a_deleted_player_stops_working(client, api) -> None:
    headers = await api.sign_up("maple")
    assert (await client.delete("/api/v1/players/me", headers=headers)).status_code == 204
    assert (await client.get("/api/v1/players/me", headers=headers)).status_code == 401


async def test_another_players_ids_are_not_found_on_every_route(client, api) -> None:
    owner = await api.sign_up("maple")
    session_id = await api.start_session(owner)
    character_id = (await client.get(f"/api/v1/sessions/{session_id}", headers=owner)).json()[
        "character_id"
    ]
    intruder = await api.sign_up("bramble")
    attempts = [
        ("GET", f"/api/v1/characters/{character_id}", None),
        ("PATCH", f"/api/v1/characters/{character_id}", {"name": "Thief"}),
        ("DELETE", f"/api/v1/characters/{character_id}", None),
        ("GET", f"/api/v1/worlds?character_id={character_id}", None),
        ("GET", f"/api/v1/worlds/mindfulness_garden?character_id={character_id}", None),
        ("GET", f"/api/v1/worlds/mindfulness_garden/compatibility/{character_id}", None),
        (
            "POST",
            "/api/v1/sessions",
            {"character_id": character_id, "world_id": "mindfulness_garden"},
        ),
        ("GET", f"/api/v1/sessions/{session_id}", None),
        ("POST", f"/api/v1/sessions/{session_id}/pause", None),
        ("POST", f"/api/v1/sessions/{session_id}/resume", None),
        ("POST", f"/api/v1/sessions/{session_id}/end", None),
        ("POST", f"/api/v1/sessions/{session_id}/turns", {"input": "look"}),
        ("GET", f"/api/v1/sessions/{session_id}/turns", None),
    ]
    for method, url, body in attempts:
        response = await client.request(method, url, json=body, headers=intruder)
        assert response.status_code == 404, (method, url, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    # and nothing of the owner's changed
    assert (await client.get(f"/api/v1/sessions/{session_id}", headers=owner)).json()[
        "status"
    ] == "active"
    assert (await client.get(f"/api/v1/characters/{character_id}", headers=owner)).json()[
        "name"
    ] == "Wren"


async def test_players_cannot_reach_safety_oversight(client, api) -> None:
    headers = await api.sign_up("maple")
    listed = await client.get("/api/v1/safety/events", headers=headers)
    assert listed.status_code == 403
    follow = await client.post("/api/v1/safety/events/whatever/follow-up", json={}, headers=headers)
    assert follow.status_code == 403
