"""Register, login, refresh rotation, logout and persisted lockout, through HTTP."""

from __future__ import annotations

PROBLEM = "application/problem+json"


async def test_register_creates_a_player_whose_role_the_client_cannot_choose(client, api) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "username": "maple",
            "email": "Maple@Example.org",
            "password": api.password,
            "role": "admin",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["role"] == "player"
    assert body["email"] == "maple@example.org"
    assert "password" not in response.text
    assert "hash" not in response.text


async def test_the_same_username_or_email_cannot_register_twice(client, api) -> None:
    await api.sign_up("maple")
    again = await client.post(
        "/api/v1/auth/register",
        json={"username": "MAPLE", "email": "other@example.org", "password": api.password},
    )
    assert again.status_code == 409
    assert again.headers["content-type"] == PROBLEM
    email = await client.post(
        "/api/v1/auth/register",
        json={"username": "other", "email": "maple@example.org", "password": api.password},
    )
    assert email.status_code == 409


async def test_a_weak_password_is_refused_without_echoing_it(client) -> None:
    for weak in ["short1!", "password123", "aaaaaaaaaaaa", "maple-is-me-99", "abcde123"]:
        response = await client.post(
            "/api/v1/auth/register",
            json={"username": "maple", "email": "m@example.org", "password": weak},
        )
        assert response.status_code == 422, weak
        assert response.headers["content-type"] == PROBLEM
        assert weak not in response.text
    assert "too common or easy to guess" in response.json()["detail"]  # abcde123, kindly


async def test_login_gives_a_bearer_pair_with_a_short_lived_access_token(client, api) -> None:
    await api.sign_up("maple")
    tokens = await api.login("maple")
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 15 * 60
    me = await client.get(
        "/api/v1/players/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.json()["username"] == "maple"


async def test_wrong_password_and_unknown_user_get_the_same_answer(client, api) -> None:
    await api.sign_up("maple")
    wrong = await client.post(
        "/api/v1/auth/login",
        json={"username": "maple", "password": "not-the-password"},  # pragma: allowlist secret
    )
    unknown = await client.post(
        "/api/v1/auth/login",
        json={"username": "nobody", "password": "not-the-password"},  # pragma: allowlist secret
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.headers["www-authenticate"] == "Bearer"


async def test_refresh_rotates_and_the_old_refresh_token_stops_working(client, api) -> None:
    await api.sign_up("maple")
    first = await api.login("maple")
    rotated = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert rotated.status_code == 200
    assert rotated.json()["refresh_token"] != first["refresh_token"]
    replay = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert replay.status_code == 401


async def test_reusing_a_refresh_token_revokes_the_whole_login(client, api) -> None:
    await api.sign_up("maple")
    first = await api.login("maple")
    second = (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    ).json()
    await client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    # the thief's replay revoked the family: the legitimate newer tokens stop working too
    newer = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}
    )
    assert newer.status_code == 401
    me = await client.get(
        "/api/v1/players/me", headers={"Authorization": f"Bearer {second['access_token']}"}
    )
    assert me.status_code == 401


async def test_logout_revokes_that_logins_tokens_but_not_another_login(client, api) -> None:
    await api.sign_up("maple")
    phone = await api.login("maple")
    laptop = await api.login("maple")
    phone_auth = {"Authorization": f"Bearer {phone['access_token']}"}
    out = await client.post("/api/v1/auth/logout", headers=phone_auth)
    assert out.status_code == 204
    assert (await client.get("/api/v1/players/me", headers=phone_auth)).status_code == 401
    refresh = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": phone["refresh_token"]}
    )
    assert refresh.status_code == 401
    laptop_auth = {"Authorization": f"Bearer {laptop['access_token']}"}
    assert (await client.get("/api/v1/players/me", headers=laptop_auth)).status_code == 200


async def test_repeated_failures_lock_the_account_and_the_lock_survives_a_restart(
    client, api, settings, open_client
) -> None:
    await api.sign_up("maple")
    statuses = []
    for _ in range(settings.lockout_threshold):
        response = await client.post(
            "/api/v1/auth/login",
            json={"username": "maple", "password": "wrong-guess-1"},  # pragma: allowlist secret
        )
        statuses.append(response.status_code)
    assert statuses[:-1] == [401] * (settings.lockout_threshold - 1)
    assert statuses[-1] == 429
    async with open_client(settings) as restarted:
        locked = await restarted.post(
            "/api/v1/auth/login", json={"username": "maple", "password": api.password}
        )
    assert locked.status_code == 429
    assert locked.headers["content-type"] == PROBLEM
    assert locked.json()["type"] == "/problems/account-locked"
    assert 1 <= int(locked.headers["retry-after"]) <= settings.lockout_base_seconds + 1


async def test_wrong_guesses_sent_at_once_all_count_toward_the_lock(client, api, settings) -> None:
    """Parallel guesses cannot slip past the lockout by racing each other's counts."""
    import asyncio

    await api.sign_up("aspen")
    guesses = await asyncio.gather(
        *(
            client.post(
                "/api/v1/auth/login",
                json={"username": "aspen", "password": f"wrong-guess-{n}"},
            )
            for n in range(settings.lockout_threshold)
        )
    )
    assert sorted(g.status_code for g in guesses) == [401] * (settings.lockout_threshold - 1) + [
        429
    ]
    right = await client.post(
        "/api/v1/auth/login", json={"username": "aspen", "password": api.password}
    )
    assert right.status_code == 429


async def test_each_failure_after_the_lock_doubles_it(tmp_path, database_url) -> None:
    import asyncio

    from ..conftest import Api, make_app, make_settings, running

    settings = make_settings(
        tmp_path, database_url=database_url, lockout_threshold=2, lockout_base_seconds=1
    )
    async with running(make_app(settings)) as client:
        api = Api(client)
        await api.sign_up("rowan")
        wrong = {"username": "rowan", "password": "wrong-guess-9"}  # pragma: allowlist secret
        assert (await client.post("/api/v1/auth/login", json=wrong)).status_code == 401
        waits = []
        for _ in range(2):
            answer = await client.post("/api/v1/auth/login", json=wrong)
            assert answer.status_code == 429
            waits.append(int(answer.headers["retry-after"]))
            await asyncio.sleep(waits[-1])
    assert waits == [2, 3]  # 1 s, then 2 s, each rounded up by a second
