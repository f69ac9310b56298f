"""Sign-in failures tell nobody which usernames exist, and cost whoever makes them.

Failures are counted per username whether or not an account has it, so a locked account and
a name nobody registered answer alike, in status, problem, detail and Retry-After. Every
failure also counts against the address it came from, so locking names out also locks out
the one doing it. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tta_player.db.engine import open_database
from tta_player.db.models import LoginFailure
from tta_player.services.retention import purge_expired

from ..conftest import make_settings

WRONG = "wrong-guess-7"  # pragma: allowlist secret


@pytest.fixture
def settings(tmp_path, database_url):
    return make_settings(tmp_path, database_url=database_url, lockout_threshold=3)


async def _answers(client, username: str, attempts: int) -> list[tuple[int, str, str, int]]:
    answers = []
    for _ in range(attempts):
        response = await client.post(
            "/api/v1/auth/login", json={"username": username, "password": WRONG}
        )
        body = response.json()
        retry = int(response.headers.get("retry-after", "0"))
        answers.append((response.status_code, body["type"], body["detail"], retry))
    return answers


async def test_a_locked_account_and_an_unknown_name_answer_alike(client, api, settings) -> None:
    await api.sign_up("maple")
    known, unknown = await asyncio.gather(
        _answers(client, "maple", 5), _answers(client, "no-such-player", 5)
    )
    assert [a[:3] for a in known] == [a[:3] for a in unknown]
    assert all(abs(k[3] - u[3]) <= 1 for k, u in zip(known, unknown, strict=True))
    assert [a[0] for a in known] == [401, 401, 429, 429, 429]
    assert known[2][1] == "/problems/account-locked"
    # the owner waits like anyone else: the lock is on the name, not on a password
    right = await client.post(
        "/api/v1/auth/login", json={"username": "maple", "password": api.password}
    )
    assert right.status_code == 429


async def test_the_lock_on_an_unknown_name_survives_a_restart(settings, open_client) -> None:
    async with open_client(settings) as client:
        assert [a[0] for a in await _answers(client, "ghost", 3)] == [401, 401, 429]
    async with open_client(settings) as restarted:
        assert [a[0] for a in await _answers(restarted, "Ghost", 1)] == [429]


async def test_a_successful_sign_in_clears_the_count(client, api) -> None:
    await api.sign_up("maple")
    assert [a[0] for a in await _answers(client, "maple", 2)] == [401, 401]
    await api.login("maple")
    assert [a[0] for a in await _answers(client, "maple", 2)] == [401, 401]


async def test_failures_count_against_the_address_too(tmp_path, database_url, open_client) -> None:
    """Whoever locks names out by guessing is locked out too: from their address every
    sign-in is refused once its failures are used up, whatever the name."""
    settings = make_settings(
        tmp_path,
        database_url=database_url,
        rate_limits_enabled=True,
        login_rate_limit="100/minute",
        login_username_rate_limit="100/minute",
        login_failure_rate_limit="4/hour",
    )
    async with open_client(settings) as client:
        from ..conftest import Api

        api = Api(client)
        await api.sign_up("maple")
        for name in ("aspen", "birch", "cedar", "maple"):
            assert [a[0] for a in await _answers(client, name, 1)] == [401]
        refused = await client.post(
            "/api/v1/auth/login", json={"username": "maple", "password": api.password}
        )
        assert refused.status_code == 429
        assert refused.json()["type"] == "/problems/rate-limited"
        assert int(refused.headers["retry-after"]) >= 1


async def test_counts_of_names_quiet_for_a_day_are_forgotten(client, settings) -> None:
    assert [a[0] for a in await _answers(client, "ghost", 2)] == [401, 401]
    assert [a[0] for a in await _answers(client, "locked", 3)] == [401, 401, 429]
    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        await purge_expired(database, now=datetime.now(UTC) + timedelta(hours=2))
        assert await _names(database) == {"ghost", "locked"}  # not quiet long enough yet
        await purge_expired(database, now=datetime.now(UTC) + timedelta(days=2))
        assert await _names(database) == set()
    finally:
        await database.close()
    assert [a[0] for a in await _answers(client, "ghost", 2)] == [401, 401]  # counted anew


async def _names(database) -> set[str]:
    async with database.sessions() as db:
        return set(await db.scalars(select(LoginFailure.username_key)))
