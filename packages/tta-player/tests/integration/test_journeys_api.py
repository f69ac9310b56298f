"""Journeys as a player manages them, on SQLite and PostgreSQL: a summary at the end, deleting
one, and a journey left behind (tab closed, no pause) never blocking another world."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from tta_player.db.engine import open_database
from tta_player.db.models import GameSession
from tta_player.services.journeys import pause_idle_sessions

SESSIONS = "/api/v1/sessions"


async def _age(settings, session_id: str, minutes: float) -> None:
    """Make a session look untouched for ``minutes``."""
    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        async with database.sessions() as db:
            await db.execute(
                update(GameSession)
                .where(GameSession.id == session_id)
                .values(last_activity_at=datetime.now(UTC) - timedelta(minutes=minutes))
            )
            await db.commit()
    finally:
        await database.close()


async def _new_session(client, headers, character_id: str, world_id: str):
    return await client.post(
        SESSIONS, json={"character_id": character_id, "world_id": world_id}, headers=headers
    )


async def test_a_summary_tells_the_journey_at_a_glance(client, api) -> None:
    headers = await api.sign_up("lupin")
    session_id = await api.start_session(headers)
    mood = {"score": 2, "moment": "before", "session_id": session_id}
    await client.post("/api/v1/players/me/moods", json=mood, headers=headers)
    for line in ("go east", "breathe", "breathe"):
        await api.play(headers, session_id, line)
    mood = {"score": 4, "moment": "after", "session_id": session_id}
    await client.post("/api/v1/players/me/moods", json=mood, headers=headers)
    ended = await client.post(f"{SESSIONS}/{session_id}/end", headers=headers)
    assert ended.status_code == 200

    summary = (await client.get(f"{SESSIONS}/{session_id}/summary", headers=headers)).json()
    assert summary["status"] == "completed"
    assert summary["turns"] == 3
    assert summary["ended_at"] is not None
    assert [e["title"] for e in summary["exercises"]] == ["Breathing with the fig tree"] * 2
    assert [s["title"] for s in summary["skills"]] == ["slow breathing"]
    assert [m["title"] for m in summary["milestones"]] == ["First slow breath"]
    assert (summary["mood_before"]["word"], summary["mood_after"]["word"]) == ("Low", "Good")
    other = await api.sign_up("mallow")
    assert (await client.get(f"{SESSIONS}/{session_id}/summary", headers=other)).status_code == 404


async def test_deleting_a_journey_removes_its_story_but_not_the_progress(client, api) -> None:
    headers = await api.sign_up("nettle")
    session_id = await api.start_session(headers)
    await api.play(headers, session_id, "go east")
    await api.play(headers, session_id, "breathe")
    other = await api.sign_up("oxeye")
    assert (await client.delete(f"{SESSIONS}/{session_id}", headers=other)).status_code == 404

    assert (await client.delete(f"{SESSIONS}/{session_id}", headers=headers)).status_code == 204
    assert (await client.get(f"{SESSIONS}/{session_id}", headers=headers)).status_code == 404
    assert (await client.get(SESSIONS, headers=headers)).json()["items"] == []
    progress = (await client.get("/api/v1/players/me/progress", headers=headers)).json()
    assert [m["title"] for m in progress["milestones"]] == ["First slow breath"]
    assert progress["turns_total"] == 0  # the story went with the journey
    export = (await client.get("/api/v1/players/me/export", headers=headers)).json()
    assert export["turns"] == []
    assert export["sessions"] == []


async def test_a_journey_left_behind_does_not_block_another_world(client, api, settings) -> None:
    headers = await api.sign_up("primrose")
    character = await client.post("/api/v1/characters", json={"name": "Sol"}, headers=headers)
    character_id = character.json()["id"]
    first = (await _new_session(client, headers, character_id, "mindfulness_garden")).json()

    blocked = await _new_session(client, headers, character_id, "anxiety_sanctuary")
    assert blocked.status_code == 409  # a journey played a moment ago is not left behind
    assert blocked.json()["active_session_id"] == first["session_id"]

    await _age(settings, first["session_id"], settings.session_idle_minutes + 1)
    second = await _new_session(client, headers, character_id, "anxiety_sanctuary")
    assert second.status_code == 201, second.text
    statuses = {
        s["world_id"]: s["status"]
        for s in (await client.get(SESSIONS, headers=headers)).json()["items"]
    }
    assert statuses == {"mindfulness_garden": "paused", "anxiety_sanctuary": "active"}


async def test_the_idle_sweep_pauses_only_journeys_left_behind(client, api, settings) -> None:
    headers = await api.sign_up("quince")
    left = await api.start_session(headers)
    playing = await api.start_session(headers)
    await _age(settings, left, settings.session_idle_minutes + 5)
    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        assert await pause_idle_sessions(database, idle_minutes=settings.session_idle_minutes) == 1
        assert await pause_idle_sessions(database, idle_minutes=settings.session_idle_minutes) == 0
    finally:
        await database.close()
    assert (await client.get(f"{SESSIONS}/{left}", headers=headers)).json()["status"] == "paused"
    assert (await client.get(f"{SESSIONS}/{playing}", headers=headers)).json()["status"] == "active"

    # Coming back: resumed, it is fresh again (the next sweep leaves it alone).
    resumed = await client.post(f"{SESSIONS}/{left}/resume", headers=headers)
    assert resumed.status_code == 200
    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        assert await pause_idle_sessions(database, idle_minutes=settings.session_idle_minutes) == 0
    finally:
        await database.close()
    await api.play(headers, left, "look around")


async def test_a_world_tells_each_exercise_kind_and_step_and_its_milestones(client, api) -> None:
    headers = await api.sign_up("rue")
    world = (await client.get("/api/v1/worlds/mindfulness_garden", headers=headers)).json()
    guides = {g["id"]: g for g in world["exercise_guides"]}
    assert [g["title"] for g in world["exercise_guides"]] == world["exercises"]
    assert guides["noticing_journal"]["kind"] == "journaling"
    assert guides["garden_breath"]["steps"][0].startswith("Breathe in")
    assert [m["title"] for m in world["milestone_refs"]] == world["milestones"]
    assert world["milestone_refs"][0]["id"] == "first_breath"
    listed = (await client.get("/api/v1/worlds", headers=headers)).json()
    assert all(w["exercise_guides"] and w["milestone_refs"] for w in listed)


async def test_no_one_in_the_world_shares_the_characters_name(client, api) -> None:
    headers = await api.sign_up("sedge")
    session_id = await api.start_session(headers)  # the character is called Wren
    await api.play(headers, session_id, "go east")
    talk = await api.play(headers, session_id, "talk to the gardener")
    assert "Rowan the gardener" in talk["narrative"]
    assert "Wren" not in talk["narrative"]
