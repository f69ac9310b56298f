"""Turns older than the player's retention period are deleted; recent ones stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from tta_player.db.engine import open_database
from tta_player.db.models import Turn
from tta_player.services.retention import purge_expired


async def test_the_retention_period_of_each_player_is_enforced(client, api, settings) -> None:
    short = await api.sign_up("maple")
    await client.patch(
        "/api/v1/players/me", json={"privacy": {"data_retention_days": 30}}, headers=short
    )
    long = await api.sign_up("birch")  # keeps the default, 365 days
    sessions = {}
    for name, headers in (("maple", short), ("birch", long)):
        sessions[name] = await api.start_session(headers)
        await api.play(headers, sessions[name], "look")
        await api.play(headers, sessions[name], "listen")

    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        async with database.sessions() as db:
            await db.execute(
                update(Turn)
                .where(Turn.number == 1)
                .values(created_at=datetime.now(UTC) - timedelta(days=40))
            )
            await db.commit()
        assert await purge_expired(database) == 1
        assert await purge_expired(database) == 0
    finally:
        await database.close()

    maple = (await client.get(f"/api/v1/sessions/{sessions['maple']}/turns", headers=short)).json()
    birch = (await client.get(f"/api/v1/sessions/{sessions['birch']}/turns", headers=long)).json()
    assert [t["input"] for t in maple["items"]] == ["listen"]
    assert [t["input"] for t in birch["items"]] == ["listen", "look"]


async def test_progress_older_than_the_retention_period_is_deleted_too(
    client, api, settings
) -> None:
    """What a player did and when (exercises, skills, milestones) is their data as well."""
    from tta_player.db.models import ProgressEvent

    headers = await api.sign_up("linden")
    await client.patch(
        "/api/v1/players/me", json={"privacy": {"data_retention_days": 30}}, headers=headers
    )
    session_id = await api.start_session(headers)
    await api.play(headers, session_id, "east")  # the fig tree, where its breathing practice is
    await api.play(headers, session_id, "breathe")
    before = (await client.get("/api/v1/players/me/progress", headers=headers)).json()
    assert before["exercises_completed"] == 1

    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        async with database.sessions() as db:
            await db.execute(
                update(ProgressEvent).values(created_at=datetime.now(UTC) - timedelta(days=40))
            )
            await db.commit()
        await purge_expired(database)
    finally:
        await database.close()
    after = (await client.get("/api/v1/players/me/progress", headers=headers)).json()
    assert after["exercises_completed"] == 0
    assert after["skills"] == []
