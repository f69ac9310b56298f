"""A whole playthrough over HTTP: register, sign in, create a character, pick a world,
play until a milestone, and see it in progress."""

from __future__ import annotations


async def test_from_registration_to_a_milestone(client) -> None:
    password = "Fig-tree-breathing-7"  # pragma: allowlist secret
    registered = await client.post(
        "/api/v1/auth/register",
        json={"username": "newcomer", "email": "new@example.org", "password": password},
    )
    assert registered.status_code == 201
    tokens = (
        await client.post("/api/v1/auth/login", json={"username": "newcomer", "password": password})
    ).json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    character = (
        await client.post("/api/v1/characters", json={"name": "Wren"}, headers=headers)
    ).json()
    worlds = (await client.get("/api/v1/worlds", headers=headers)).json()
    garden = next(w for w in worlds if w["id"] == "mindfulness_garden")
    session = (
        await client.post(
            "/api/v1/sessions",
            json={"character_id": character["id"], "world_id": garden["id"]},
            headers=headers,
        )
    ).json()
    url = f"/api/v1/sessions/{session['session_id']}/turns"
    reached = []
    turns = []
    for line in ["look around", "east", "breathe"]:
        turn = (await client.post(url, json={"input": line}, headers=headers)).json()
        turns.append(turn)
        reached += [p for p in turn["progress"] if p["type"] == "milestone"]
    assert [m["id"] for m in reached] == ["first_breath"]
    assert [t["intent"]["kind"] for t in turns] == ["look", "move", "exercise"]
    assert all(t["understood"] for t in turns)

    progress = (await client.get("/api/v1/players/me/progress?days=7", headers=headers)).json()
    assert [m["id"] for m in progress["milestones"]] == ["first_breath"]
    assert progress["exercises_completed"] >= 1
    assert progress["skills"][0]["times_practised"] >= 1
    assert progress["turns_total"] == 3
    assert progress["sessions_total"] == 1
    assert progress["streak_days"] == 1
    assert len(progress["series"]) == 7
    assert progress["series"][-1]["turns"] == 3
    by_world = {w["world_id"]: w for w in progress["worlds"]}
    assert len(by_world) == 5
    assert by_world["mindfulness_garden"]["milestones_reached"] == 1
    assert by_world["mindfulness_garden"]["milestones_total"] == 3
    assert by_world["mindfulness_garden"]["completed"] is False
    assert by_world["trauma_healing"]["milestones_reached"] == 0

    # the milestone is reached once: breathing again does not repeat it
    await client.post(url, json={"input": "breathe"}, headers=headers)
    again = (await client.get("/api/v1/players/me/progress", headers=headers)).json()
    assert len(again["milestones"]) == 1
    assert again["exercises_completed"] >= 2
