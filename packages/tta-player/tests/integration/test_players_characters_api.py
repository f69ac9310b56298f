"""Profile, preferences, privacy, export, deletion; characters with their rules and limit."""

from __future__ import annotations

PROBLEM = "application/problem+json"


async def test_profile_updates_merge_preferences_and_privacy(client, api) -> None:
    headers = await api.sign_up("maple")
    changed = await client.patch(
        "/api/v1/players/me",
        json={"locale": "en-GB", "preferences": {"intensity": "low"}, "display_name": "Maple"},
        headers=headers,
    )
    assert changed.status_code == 200
    again = await client.patch(
        "/api/v1/players/me",
        json={"preferences": {"approaches": ["cbt", "act"]}, "privacy": {"share_progress": True}},
        headers=headers,
    )
    me = again.json()
    assert me["locale"] == "en-GB"
    assert me["display_name"] == "Maple"
    assert me["preferences"] == {
        "intensity": "low",
        "approaches": ["cbt", "act"],
        "session_minutes": 30,
    }
    assert me["privacy"]["share_progress"] is True
    assert me["privacy"]["data_retention_days"] == 365


async def test_out_of_range_preferences_and_nulls_are_invalid(client, api) -> None:
    headers = await api.sign_up("maple")
    for body in [
        {"preferences": {"session_minutes": 5}},
        {"preferences": {"approaches": ["astrology"]}},
        {"privacy": {"data_retention_days": 10}},
        {"locale": "not a locale!"},
        {"locale": None},
        {"role": "admin"},
    ]:
        response = await client.patch("/api/v1/players/me", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["errors"]


async def test_export_holds_everything_about_the_player(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    await api.play(headers, session_id, "look")
    export = (await client.get("/api/v1/players/me/export", headers=headers)).json()
    assert export["player"]["username"] == "maple"
    assert [c["name"] for c in export["characters"]] == ["Wren"]
    assert [s["id"] for s in export["sessions"]] == [session_id]
    assert [t["input"] for t in export["turns"]] == ["look"]
    assert "password_hash" not in str(export)
    (sign_in,) = export["sign_ins"]  # the login history, without any secret of it
    assert sign_in["created_at"]
    assert sign_in["revoked_at"] is None
    assert not {"csrf_token", "token_hash"} & set(sign_in)


async def test_deleting_the_account_removes_everything(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    await api.play(headers, session_id, "I want to kill myself")
    assert (await client.delete("/api/v1/players/me", headers=headers)).status_code == 204
    login = await client.post(
        "/api/v1/auth/login", json={"username": "maple", "password": api.password}
    )
    assert login.status_code == 401
    again = await api.sign_up("maple")  # the name is free again, with nothing attached
    assert (await client.get("/api/v1/characters", headers=again)).json() == []
    export = (await client.get("/api/v1/players/me/export", headers=again)).json()
    assert export["sessions"] == export["turns"] == export["safety_events"] == []


async def test_a_character_needs_only_a_name(client, api) -> None:
    headers = await api.sign_up("maple")
    created = await client.post(
        "/api/v1/characters", json={"name": "  Mary-Jane  "}, headers=headers
    )
    assert created.status_code == 201
    body = created.json()
    assert body["name"] == "Mary-Jane"
    assert body["appearance"]["age_range"] == "adult"
    assert body["therapeutic_profile"]["readiness"] == 0.5


async def test_character_names_follow_the_rules(client, api) -> None:
    headers = await api.sign_up("maple")
    for good in ["O'Brien", "Anne Marie", "Zoë", "José-Luis"]:
        response = await client.post("/api/v1/characters", json={"name": good}, headers=headers)
        assert response.status_code == 201, good
        await client.delete(f"/api/v1/characters/{response.json()['id']}", headers=headers)
    for bad in ["A", "R2D2", "x" * 51, "<script>", "Bob!", "", "Ann-"]:
        response = await client.post("/api/v1/characters", json={"name": bad}, headers=headers)
        assert response.status_code == 422, bad
        assert response.headers["content-type"] == PROBLEM


async def test_character_details_are_bounded(client, api) -> None:
    headers = await api.sign_up("maple")
    for body in [
        {"name": "Wren", "appearance": {"features": ["f"] * 11}},
        {"name": "Wren", "background": {"backstory": "x" * 2001}},
        {"name": "Wren", "therapeutic_profile": {"readiness": 1.5}},
        {"name": "Wren", "therapeutic_profile": {"goals": [{"description": "g", "progress": 101}]}},
        {"name": "Wren", "species": "dragon"},
    ]:
        response = await client.post("/api/v1/characters", json=body, headers=headers)
        assert response.status_code == 422, body


async def test_at_most_five_characters(client, api) -> None:
    headers = await api.sign_up("maple")
    names = ["Ash", "Birch", "Cedar", "Dale", "Elm"]
    for name in names:
        assert (
            await client.post("/api/v1/characters", json={"name": name}, headers=headers)
        ).status_code == 201
    sixth = await client.post("/api/v1/characters", json={"name": "Fern"}, headers=headers)
    assert sixth.status_code == 409
    assert sixth.json()["type"] == "/problems/limit-reached"
    listed = (await client.get("/api/v1/characters", headers=headers)).json()
    assert [c["name"] for c in listed] == names
    await client.delete(f"/api/v1/characters/{listed[0]['id']}", headers=headers)
    assert (
        await client.post("/api/v1/characters", json={"name": "Fern"}, headers=headers)
    ).status_code == 201


async def test_update_changes_only_what_is_sent(client, api) -> None:
    headers = await api.sign_up("maple")
    created = (
        await client.post(
            "/api/v1/characters",
            json={"name": "Wren", "background": {"traits": ["curious"]}},
            headers=headers,
        )
    ).json()
    url = f"/api/v1/characters/{created['id']}"
    renamed = await client.patch(url, json={"name": "Robin"}, headers=headers)
    assert renamed.json()["name"] == "Robin"
    assert renamed.json()["background"]["traits"] == ["curious"]
    assert (await client.patch(url, json={"name": None}, headers=headers)).status_code == 422
    assert (await client.get(url, headers=headers)).json()["name"] == "Robin"
    assert (await client.delete(url, headers=headers)).status_code == 204
    assert (await client.get(url, headers=headers)).status_code == 404


async def test_worlds_catalog_details_and_compatibility(client, api) -> None:
    headers = await api.sign_up("maple")
    worlds = (await client.get("/api/v1/worlds", headers=headers)).json()
    ids = {w["id"] for w in worlds}
    assert "mindfulness_garden" in ids
    assert len(ids) >= 5
    character = (
        await client.post(
            "/api/v1/characters",
            json={"name": "Wren", "therapeutic_profile": {"concerns": ["anxiety"]}},
            headers=headers,
        )
    ).json()
    scored = (
        await client.get(f"/api/v1/worlds?character_id={character['id']}", headers=headers)
    ).json()
    assert all(0 <= w["compatibility"] <= 1 for w in scored)
    one = await client.get("/api/v1/worlds/anxiety_sanctuary", headers=headers)
    assert one.json()["difficulty"]
    fit = (
        await client.get(
            f"/api/v1/worlds/anxiety_sanctuary/compatibility/{character['id']}", headers=headers
        )
    ).json()
    assert fit["compatible"] == (fit["score"] >= 0.5)
    assert fit["recommended"] == (fit["score"] >= 0.6)
    missing = await client.get("/api/v1/worlds/atlantis", headers=headers)
    assert missing.status_code == 404


async def test_characters_created_at_once_still_stop_at_the_limit(client, api, settings) -> None:
    """Parallel creates cannot race past the limit of active characters."""
    import asyncio

    headers = await api.sign_up("juniper")
    names = ["Ash", "Birch", "Cedar", "Dune", "Elm", "Fern", "Gale", "Holly"]
    answers = await asyncio.gather(
        *(client.post("/api/v1/characters", json={"name": n}, headers=headers) for n in names)
    )
    limit = settings.max_active_characters
    assert sorted(a.status_code for a in answers) == [201] * limit + [409] * (len(names) - limit)
    listed = (await client.get("/api/v1/characters", headers=headers)).json()
    assert len(listed["items"] if isinstance(listed, dict) else listed) == limit
