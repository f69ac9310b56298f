"""Sessions (one active per character; pause, resume, end) and turns (play, history, safety)."""

from __future__ import annotations

PROBLEM = "application/problem+json"


async def _character(client, headers, name: str = "Wren") -> str:
    created = await client.post("/api/v1/characters", json={"name": name}, headers=headers)
    return created.json()["id"]


async def test_a_session_starts_with_the_worlds_intro(client, api) -> None:
    headers = await api.sign_up("maple")
    character_id = await _character(client, headers)
    created = await client.post(
        "/api/v1/sessions",
        json={"character_id": character_id, "world_id": "mindfulness_garden"},
        headers=headers,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "active"
    assert body["intro"]
    assert body["customization"]["pace"] == "medium"
    listed = (await client.get("/api/v1/sessions", headers=headers)).json()["items"]
    assert [s["session_id"] for s in listed] == [body["session_id"]]


async def test_customisation_is_clamped_within_bounds(client, api) -> None:
    headers = await api.sign_up("maple")
    character_id = await _character(client, headers)
    created = await client.post(
        "/api/v1/sessions",
        json={
            "character_id": character_id,
            "world_id": "mindfulness_garden",
            "customization": {"intensity": 7, "session_minutes": 500, "pace": "slow"},
        },
        headers=headers,
    )
    assert created.json()["customization"] == {
        "intensity": 1.0,
        "pace": "slow",
        "interaction": "balanced",
        "session_minutes": 120,
    }
    other = await _character(client, headers, "Robin")
    bad = await client.post(
        "/api/v1/sessions",
        json={"character_id": other, "world_id": "mindfulness_garden", "customization": {"x": 1}},
        headers=headers,
    )
    assert bad.status_code == 422


async def test_unknown_world_or_character_is_not_found(client, api) -> None:
    headers = await api.sign_up("maple")
    character_id = await _character(client, headers)
    for body in [
        {"character_id": character_id, "world_id": "atlantis"},
        {"character_id": "nope", "world_id": "mindfulness_garden"},
    ]:
        response = await client.post("/api/v1/sessions", json=body, headers=headers)
        assert response.status_code == 404


async def test_one_active_session_per_character_and_the_lifecycle(client, api) -> None:
    headers = await api.sign_up("maple")
    character_id = await _character(client, headers)
    body = {"character_id": character_id, "world_id": "mindfulness_garden"}
    first = (await client.post("/api/v1/sessions", json=body, headers=headers)).json()
    second = await client.post("/api/v1/sessions", json=body, headers=headers)
    assert second.status_code == 409
    assert second.json()["active_session_id"] == first["session_id"]
    url = f"/api/v1/sessions/{first['session_id']}"
    assert (await client.post(f"{url}/pause", headers=headers)).json()["status"] == "paused"
    paused_turn = await client.post(f"{url}/turns", json={"input": "look"}, headers=headers)
    assert paused_turn.status_code == 409
    assert paused_turn.headers["content-type"] == PROBLEM
    other = (await client.post("/api/v1/sessions", json=body, headers=headers)).json()
    resume = await client.post(f"{url}/resume", headers=headers)
    assert resume.status_code == 409  # the character is playing the other session
    await client.post(f"/api/v1/sessions/{other['session_id']}/end", headers=headers)
    assert (await client.post(f"{url}/resume", headers=headers)).json()["status"] == "active"
    ended = (await client.post(f"{url}/end", headers=headers)).json()
    assert ended["status"] == "completed"
    assert ended["ended_at"]
    assert (await client.post(f"{url}/resume", headers=headers)).status_code == 409


async def test_ordinary_punctuation_is_welcome_and_length_is_bounded(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    for text in ["Hello!", "(look around)", "what's this? -- I'd like to SELECT the lantern;"]:
        turn = await api.play(headers, session_id, text)
        assert turn["narrative"]
        assert turn["input"] == text
    url = f"/api/v1/sessions/{session_id}/turns"
    for bad in ["", "   ", "x" * 2001]:
        response = await client.post(url, json={"input": bad}, headers=headers)
        assert response.status_code == 422, bad
        assert response.headers["content-type"] == PROBLEM


async def test_a_turn_answers_with_narrative_state_and_suggestions(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    turn = await api.play(headers, session_id, "take the lantern")
    assert set(turn) >= {
        "turn_id",
        "narrative",
        "safety",
        "suggestions",
        "location",
        "inventory",
        "progress",
        "served_by",
    }
    assert turn["served_by"] == "new"  # no rollout flags: the rewrite serves every turn
    assert turn["safety"] == {"level": "safe", "action": "allow", "resources": [], "message": ""}
    assert turn["location"]["id"] == "willow_gate"
    assert [i["id"] for i in turn["inventory"]] == ["paper_lantern"]
    moved = await api.play(headers, session_id, "go north")
    assert moved["location"]["id"] == "herb_path"
    assert [i["id"] for i in moved["inventory"]] == ["paper_lantern"]  # the state was saved
    session = (await client.get(f"/api/v1/sessions/{session_id}", headers=headers)).json()
    assert session["turn_count"] == 2


async def test_history_is_paginated_newest_first_with_a_cursor(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    for n in range(5):
        await api.play(headers, session_id, f"look {n}")
    url = f"/api/v1/sessions/{session_id}/turns"
    page = (await client.get(f"{url}?limit=2", headers=headers)).json()
    seen = [t["number"] for t in page["items"]]
    while page["next_cursor"]:
        page = (
            await client.get(f"{url}?limit=2&cursor={page['next_cursor']}", headers=headers)
        ).json()
        seen += [t["number"] for t in page["items"]]
    assert seen == [5, 4, 3, 2, 1]
    bad = await client.get(f"{url}?cursor=%%%", headers=headers)
    assert bad.status_code == 422


async def test_crisis_gets_resources_for_the_players_locale_and_is_kept_for_follow_up(
    client, api, promote
) -> None:
    headers = await api.sign_up("maple")
    await client.patch("/api/v1/players/me", json={"locale": "en-GB"}, headers=headers)
    session_id = await api.start_session(headers)
    turn = await api.play(headers, session_id, "I want to kill myself")
    assert turn["safety"]["level"] == "crisis"
    assert "Samaritans" in [r["name"] for r in turn["safety"]["resources"]]
    assert turn["safety"]["message"]

    therapist = await api.sign_up("dr-oak")
    await promote("dr-oak", "therapist")
    events = (await client.get("/api/v1/safety/events", headers=therapist)).json()["items"]
    assert len(events) == 1
    event = events[0]
    assert event["session_id"] == session_id
    assert event["turn_id"] == turn["turn_id"]
    assert event["rule_ids"]
    assert event["level"] == "crisis"
    assert event["text"] is None  # privacy: the words are kept only when the player allows
    followed = await client.post(
        f"/api/v1/safety/events/{event['id']}/follow-up",
        json={"note": "Reached out."},
        headers=therapist,
    )
    assert followed.json()["status"] == "followed_up"
    assert (await client.get("/api/v1/safety/events", headers=therapist)).json()["items"] == []
    twice = await client.post(
        f"/api/v1/safety/events/{event['id']}/follow-up", json={}, headers=therapist
    )
    assert twice.status_code == 409
    everything = await client.get("/api/v1/safety/events?status=all", headers=therapist)
    assert len(everything.json()["items"]) == 1
    missing = await client.post("/api/v1/safety/events/nope/follow-up", json={}, headers=therapist)
    assert missing.status_code == 404


async def test_crisis_text_is_kept_when_the_player_allows_it(client, api, promote) -> None:
    headers = await api.sign_up("maple")
    await client.patch(
        "/api/v1/players/me", json={"privacy": {"store_safety_text": True}}, headers=headers
    )
    session_id = await api.start_session(headers)
    await api.play(headers, session_id, "I want to kill myself")
    admin = await api.sign_up("root-admin")
    await promote("root-admin", "admin")
    events = (await client.get("/api/v1/safety/events", headers=admin)).json()["items"]
    assert events[0]["text"] == "I want to kill myself"


MINDFULNESS_LOW = "Notice how you feel right now, without needing to change it."


async def _rest(client, headers, customization: dict | None = None, name: str = "Wren") -> str:
    character_id = await _character(client, headers, name)
    created = await client.post(
        "/api/v1/sessions",
        json={
            "character_id": character_id,
            "world_id": "mindfulness_garden",
            **({"customization": customization} if customization is not None else {}),
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    session_id = created.json()["session_id"]
    turn = await client.post(
        f"/api/v1/sessions/{session_id}/turns", json={"input": "rest"}, headers=headers
    )
    assert turn.status_code == 200, turn.text
    return turn.json()["narrative"]


async def test_a_sessions_intensity_shapes_the_framing_of_play(client, api) -> None:
    """Customised intensity 0.1 frames a rest gently; 0.9 does not get the gentle line."""
    headers = await api.sign_up("cedar")
    assert MINDFULNESS_LOW in await _rest(client, headers, {"intensity": 0.1})
    assert MINDFULNESS_LOW not in await _rest(client, headers, {"intensity": 0.9}, "Robin")


async def test_without_customisation_a_session_starts_at_the_players_own_intensity(
    client, api
) -> None:
    headers = await api.sign_up("hazel")
    await client.patch(
        "/api/v1/players/me", json={"preferences": {"intensity": "low"}}, headers=headers
    )
    assert MINDFULNESS_LOW in await _rest(client, headers)
    sessions = (await client.get("/api/v1/sessions", headers=headers)).json()["items"]
    assert sessions[0]["customization"]["intensity"] < 1 / 3


async def test_a_safety_event_names_each_rule_once(client, api, promote) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    turn = await api.play(headers, session_id, "I want to kill myself. I want to kill myself.")
    assert turn["safety"]["level"] == "crisis"
    await api.sign_up("dr-oak")
    await promote("dr-oak", "therapist")
    therapist = {"Authorization": f"Bearer {(await api.login('dr-oak'))['access_token']}"}
    (event,) = (await client.get("/api/v1/safety/events", headers=therapist)).json()["items"]
    assert event["rule_ids"][0] == "suicide.kill_self"
    assert len(event["rule_ids"]) == len(set(event["rule_ids"]))  # each reason named once
