"""The browser flow: refresh token in an HttpOnly cookie, refresh and sign-out need CSRF."""

from __future__ import annotations

import httpx
import pytest


@pytest.fixture
def database_url() -> None:
    """HTTP-layer tests: SQLite is enough (the repository suite runs on PostgreSQL too)."""
    return


SESSION = "/api/v1/auth/session"


async def _sign_in(client, api) -> httpx.Response:
    await api.sign_up("maple")
    response = await client.post(SESSION, json={"username": "maple", "password": api.password})
    assert response.status_code == 200
    return response


async def test_sign_in_sets_an_httponly_strict_refresh_cookie_and_a_csrf_cookie(client, api):
    response = await _sign_in(client, api)
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "csrf_token"}
    cookies = response.headers.get_list("set-cookie")
    refresh = next(c for c in cookies if c.startswith("tta_refresh="))
    csrf = next(c for c in cookies if c.startswith("tta_csrf="))
    assert "HttpOnly" in refresh
    assert "SameSite=strict" in refresh or "SameSite=Strict" in refresh
    assert "Path=/api/v1/auth/session" in refresh
    assert "Secure" not in refresh  # not in production
    assert "HttpOnly" not in csrf
    assert f"tta_csrf={body['csrf_token']}" in csrf
    me = await client.get(
        "/api/v1/players/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200


async def test_refresh_needs_the_csrf_header_and_rotates_the_cookie(client, api) -> None:
    response = await _sign_in(client, api)
    csrf = response.json()["csrf_token"]
    old_cookie = client.cookies.get("tta_refresh")
    refused = await client.post(f"{SESSION}/refresh")
    assert refused.status_code == 403
    wrong = await client.post(f"{SESSION}/refresh", headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    ok = await client.post(f"{SESSION}/refresh", headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200
    assert ok.json()["access_token"]
    assert client.cookies.get("tta_refresh") != old_cookie


async def test_sign_out_revokes_and_clears_the_cookies(client, api) -> None:
    response = await _sign_in(client, api)
    csrf = response.json()["csrf_token"]
    access = response.json()["access_token"]
    assert (await client.delete(SESSION)).status_code == 403
    out = await client.delete(SESSION, headers={"X-CSRF-Token": csrf})
    assert out.status_code == 204
    assert client.cookies.get("tta_refresh") is None
    me = await client.get("/api/v1/players/me", headers={"Authorization": f"Bearer {access}"})
    assert me.status_code == 401
    again = await client.post(f"{SESSION}/refresh", headers={"X-CSRF-Token": csrf})
    assert again.status_code == 401


async def test_refresh_without_a_cookie_is_unauthenticated(client) -> None:
    response = await client.post(f"{SESSION}/refresh", headers={"X-CSRF-Token": "x"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
