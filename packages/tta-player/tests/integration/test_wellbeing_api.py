"""Mood check-ins and the journal, as a player (and their therapist) would notice them, on
SQLite and PostgreSQL: stored as progress, shown as a trend, offered support when low, in the
export, gone with the account or one by one, shared (scores only) when the player shares."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from tta_player.db.engine import open_database
from tta_player.db.models import JournalEntry, MoodCheckIn, SafetyEvent
from tta_player.services.retention import purge_expired

MOODS = "/api/v1/players/me/moods"
JOURNAL = "/api/v1/players/me/journal"


async def _mood(client, headers, **body) -> dict:
    answer = await client.post(MOODS, json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def _count(settings, model) -> int:
    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        async with database.sessions() as db:
            return int(await db.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        await database.close()


async def test_a_mood_before_and_after_a_session_is_kept_and_shown_as_a_trend(client, api) -> None:
    headers = await api.sign_up("aster")
    session_id = await api.start_session(headers)
    before = await _mood(client, headers, score=3, moment="before", session_id=session_id)
    assert before["mood"]["word"] == "Okay"
    assert before["offer_support"] is False
    await api.play(headers, session_id, "breathe")
    after = await _mood(
        client, headers, score=5, moment="after", session_id=session_id, note="lighter now"
    )
    assert after["offer_support"] is False
    assert after["mood"]["note"] == "lighter now"

    progress = (await client.get("/api/v1/players/me/progress?days=7", headers=headers)).json()
    assert [(m["moment"], m["score"]) for m in progress["moods"]] == [("before", 3), ("after", 5)]
    assert progress["series"][-1]["mood"] == 4.0  # today's mean
    assert progress["series"][0]["mood"] is None
    assert "lighter" not in str(progress["moods"])  # scores only

    listed = (await client.get(MOODS, headers=headers)).json()["items"]
    assert [m["note"] for m in listed] == [None, "lighter now"]  # the player sees their notes


async def test_a_low_mood_or_a_worse_one_after_play_offers_support(client, api) -> None:
    headers = await api.sign_up("bramble")
    low = await _mood(client, headers, score=2)
    assert low["offer_support"] is True
    assert low["reason"] == "low"
    assert "call or a message" in low["message"]

    session_id = await api.start_session(headers)
    await _mood(client, headers, score=5, moment="before", session_id=session_id)
    worse = await _mood(client, headers, score=3, moment="after", session_id=session_id)
    assert (worse["offer_support"], worse["reason"]) == (True, "worse")
    steady = await _mood(client, headers, score=4, moment="other")
    assert (steady["offer_support"], steady["reason"]) == (False, None)


async def test_a_crisis_in_a_mood_note_brings_help_and_a_follow_up(
    client, api, promote, settings
) -> None:
    headers = await api.sign_up("heather")
    answer = await _mood(client, headers, score=1, note="I want to kill myself tonight")
    assert answer["safety"]["level"] == "crisis"
    assert answer["safety"]["resources"], "the crisis lines come with the answer"
    assert answer["offer_support"] is True
    therapist = await api.sign_up("dr_ash")
    await promote("dr_ash", "therapist")
    events = (await client.get("/api/v1/safety/events", headers=therapist)).json()["items"]
    assert [e["level"] for e in events] == ["crisis"]
    assert events[0]["text"] is None  # the words only with the player's consent


async def test_mood_check_ins_are_refused_when_they_make_no_sense(client, api) -> None:
    headers = await api.sign_up("clover")
    other = await api.sign_up("daisy")
    foreign_session = await api.start_session(other)
    for body in ({"score": 0}, {"score": 6}, {"score": 3, "moment": "during"}, {}):
        answer = await client.post(MOODS, json=body, headers=headers)
        assert answer.status_code == 422, body
    stolen = await client.post(
        MOODS, json={"score": 3, "session_id": foreign_session}, headers=headers
    )
    assert stolen.status_code == 404
    assert (await client.post(MOODS, json={"score": 3})).status_code == 401


async def test_a_player_can_delete_a_check_in_and_a_therapist_sees_scores_only(
    client, api, promote
) -> None:
    headers = await api.sign_up("fennel")
    await client.patch(
        "/api/v1/players/me", json={"privacy": {"share_progress": True}}, headers=headers
    )
    kept = await _mood(client, headers, score=4, note="walked by the river")
    gone = await _mood(client, headers, score=2, note="tired")
    assert (
        await client.delete(f"{MOODS}/{gone['mood']['id']}", headers=headers)
    ).status_code == 204
    assert (
        await client.delete(f"{MOODS}/{gone['mood']['id']}", headers=headers)
    ).status_code == 404
    assert [m["id"] for m in (await client.get(MOODS, headers=headers)).json()["items"]] == [
        kept["mood"]["id"]
    ]

    therapist = await api.sign_up("dr_rowan")
    await promote("dr_rowan", "therapist")
    me = (await client.get("/api/v1/players/me", headers=headers)).json()
    shared = await client.get(f"/api/v1/staff/players/{me['id']}/progress", headers=therapist)
    assert [m["score"] for m in shared.json()["moods"]] == [4]
    assert "river" not in shared.text
    someone = await api.sign_up("ginger")
    assert (
        await client.delete(f"{MOODS}/{kept['mood']['id']}", headers=someone)
    ).status_code == 404


async def test_journal_words_are_kept_only_with_consent_and_always_answered(client, api) -> None:
    headers = await api.sign_up("hazel")
    session_id = await api.start_session(headers)
    private = await client.post(
        JOURNAL,
        json={
            "kind": "gratitude",
            "parts": [{"label": "One good thing", "text": "warm tea"}],
            "session_id": session_id,
        },
        headers=headers,
    )
    assert private.status_code == 200, private.text
    assert private.json()["kept"] is False
    assert private.json()["reply"]
    assert (await client.get(JOURNAL, headers=headers)).json()["items"] == []

    record = await client.post(
        JOURNAL,
        json={
            "kind": "thought_record",
            "title": "The thought record",
            "exercise_id": "thought_record",
            "session_id": session_id,
            "keep": True,
            "parts": [
                {"label": "Situation", "text": "Quiet at lunch"},
                {"label": "What I thought", "text": "They think I'm boring"},
                {"label": "Evidence", "text": "One person asked me to join"},
                {"label": "Another way to see it", "text": "Some people like my company"},
            ],
        },
        headers=headers,
    )
    answer = record.json()
    assert answer["kept"] is True
    assert "Some people like my company" in answer["reply"]  # the game answers this entry
    assert answer["entry"]["world_id"] == "mindfulness_garden"
    entries = (await client.get(JOURNAL, headers=headers)).json()["items"]
    assert [e["title"] for e in entries] == ["The thought record"]

    export = (await client.get("/api/v1/players/me/export", headers=headers)).json()
    assert [e["title"] for e in export["journal"]] == ["The thought record"]
    assert "warm tea" not in str(export)  # never kept, so never exported

    entry_id = entries[0]["id"]
    assert (await client.delete(f"{JOURNAL}/{entry_id}", headers=headers)).status_code == 204
    assert (await client.get(JOURNAL, headers=headers)).json()["items"] == []


async def test_a_crisis_written_in_the_journal_is_answered_with_help(client, api) -> None:
    headers = await api.sign_up("iris")
    answer = await client.post(
        JOURNAL,
        json={"kind": "journaling", "parts": [{"text": "I want to end my life"}], "keep": True},
        headers=headers,
    )
    body = answer.json()
    assert body["safety"]["level"] == "crisis"
    assert body["safety"]["resources"]
    assert "Thank you for writing" not in body["reply"]
    bad = await client.post(
        JOURNAL, json={"kind": "poem", "parts": [{"text": "x"}]}, headers=headers
    )
    assert bad.status_code == 422
    too_many = [{"text": "x"}] * 7
    assert (
        await client.post(JOURNAL, json={"kind": "journaling", "parts": too_many}, headers=headers)
    ).status_code == 422


async def test_moods_and_journal_are_in_the_export_and_go_with_the_account(
    client, api, settings
) -> None:
    headers = await api.sign_up("juniper")
    await _mood(client, headers, score=3, note="steady")
    await client.post(
        JOURNAL,
        json={"kind": "journaling", "parts": [{"text": "rain"}], "keep": True},
        headers=headers,
    )
    export = (await client.get("/api/v1/players/me/export", headers=headers)).json()
    assert [(m["score"], m["note"]) for m in export["moods"]] == [(3, "steady")]
    assert len(export["journal"]) == 1
    assert await _count(settings, MoodCheckIn) == 1
    assert (await client.delete("/api/v1/players/me", headers=headers)).status_code == 204
    assert await _count(settings, MoodCheckIn) == 0
    assert await _count(settings, JournalEntry) == 0


async def test_old_moods_and_journal_entries_follow_the_retention_period(
    client, api, settings
) -> None:
    headers = await api.sign_up("kale")
    await client.patch(
        "/api/v1/players/me", json={"privacy": {"data_retention_days": 30}}, headers=headers
    )
    await _mood(client, headers, score=3)
    await _mood(client, headers, score=4)
    await client.post(
        JOURNAL,
        json={"kind": "gratitude", "parts": [{"text": "sun"}], "keep": True},
        headers=headers,
    )
    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        old = datetime.now(UTC) - timedelta(days=40)
        async with database.sessions() as db:
            await db.execute(
                update(MoodCheckIn).where(MoodCheckIn.score == 3).values(created_at=old)
            )
            await db.execute(update(JournalEntry).values(created_at=old))
            await db.commit()
        assert await purge_expired(database) == 2
    finally:
        await database.close()
    assert [m["score"] for m in (await client.get(MOODS, headers=headers)).json()["items"]] == [4]
    assert await _count(settings, SafetyEvent) == 0


async def test_help_lines_need_no_sign_in_and_follow_the_locale(client) -> None:
    us = await client.get("/api/v1/help")
    assert us.status_code == 200
    assert us.json()["resources"][0]["phone"] == "988"
    uk = (await client.get("/api/v1/help", params={"locale": "en-GB"})).json()
    assert "Samaritans" in [r["name"] for r in uk["resources"]]
    elsewhere = (await client.get("/api/v1/help", params={"locale": "xx-QQ"})).json()
    assert elsewhere["resources"], "an international directory where a country has none"
    assert (await client.get("/api/v1/help", params={"locale": "<script>"})).status_code == 422
