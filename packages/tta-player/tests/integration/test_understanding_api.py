"""What the game understood, as the API tells it: intent and understood on every turn answer,
the not-understood counter, the world authors' list, transcripts and progress per world."""

from __future__ import annotations

from tta_player.schemas.examples import TURN

AUTHORING = "/api/v1/authoring/not-understood"
# Off-topic for every world: what "not understood" is for. (Pure gibberish with a function word
# in it, "zorblax the quuxified wibble", the semantic fallback may read as looking at something,
# near its floor; the world then answers that nothing like it is here.)
OFF_TOPIC = "who won the world cup in 1998"


async def _allow_counting(client, headers: dict[str, str], allow: bool = True) -> None:
    response = await client.patch(
        "/api/v1/players/me", json={"privacy": {"share_not_understood": allow}}, headers=headers
    )
    assert response.status_code == 200, response.text


async def test_every_turn_answer_says_what_was_understood(client, api) -> None:
    headers = await api.sign_up("reader")
    session_id = await api.start_session(headers, "anxiety_sanctuary")
    look = await api.play(headers, session_id, "look")
    moved = await api.play(headers, session_id, "go north")
    lost = await api.play(headers, session_id, OFF_TOPIC)
    assert look["intent"]["kind"] == "look"
    assert look["understood"] is True
    assert moved["intent"] == {"kind": "move", "target": "north", "confidence": 0.95}
    assert lost["intent"]["kind"] == "unknown"
    assert lost["understood"] is False
    assert len(lost["suggestions"]) in (2, 3)
    history = (await client.get(f"/api/v1/sessions/{session_id}/turns", headers=headers)).json()[
        "items"
    ]
    assert [(t["intent"]["kind"], t["understood"]) for t in history] == [
        ("unknown", False),
        ("move", True),
        ("look", True),
    ]
    metrics = (await client.get("/metrics")).text
    assert 'tta_turns_not_understood_total{world="anxiety_sanctuary"} 1.0' in metrics


async def test_a_crisis_turn_has_no_intent_and_counts_as_understood(client, api) -> None:
    headers = await api.sign_up("crisis_check")
    session_id = await api.start_session(headers)
    turn = await api.play(headers, session_id, "I want to kill myself")
    assert turn["safety"]["level"] == "crisis"
    assert turn["intent"] is None
    assert turn["understood"] is True


async def test_admins_see_lines_not_understood_only_from_players_who_allow_it(
    client, api, promote
) -> None:
    sharing = await api.sign_up("sharer")
    private = await api.sign_up("private_one")
    await _allow_counting(client, sharing)
    for headers in (sharing, private):
        session_id = await api.start_session(headers, "anxiety_sanctuary")
        for _ in range(2):
            await api.play(headers, session_id, OFF_TOPIC)
        await api.play(headers, session_id, "look")
    author = await api.sign_up("author")
    assert (await client.get(AUTHORING, headers=author)).status_code == 403
    await promote("author", "therapist")
    assert (await client.get(AUTHORING, headers=author)).status_code == 403
    await promote("author", "admin")
    listed = (await client.get(AUTHORING, headers=author)).json()
    assert listed["items"] == [{"world_id": "anxiety_sanctuary", "text": OFF_TOPIC, "count": 2}]
    assert listed["players_counted"] == 1
    assert "sharer" not in str(listed)
    other_world = await client.get(f"{AUTHORING}?world_id=trauma_healing", headers=author)
    assert other_world.json()["items"] == []
    await _allow_counting(client, sharing, allow=False)  # withdrawing hides at once
    assert (await client.get(AUTHORING, headers=author)).json()["items"] == []


async def test_a_transcript_downloads_as_text_or_markdown_for_the_owner_only(client, api) -> None:
    headers = await api.sign_up("writer")
    session_id = await api.start_session(headers, "mindfulness_garden")
    await api.play(headers, session_id, "look")
    await api.play(headers, session_id, "take the lantern")
    url = f"/api/v1/sessions/{session_id}/transcript"
    text = await client.get(url, headers=headers)
    assert text.status_code == 200
    assert text.headers["content-type"].startswith("text/plain")
    assert "attachment" in text.headers["content-disposition"]
    assert text.text.startswith("The Mindfulness Garden\n")
    assert text.text.index("> look") < text.text.index("> take the lantern")
    markdown = await client.get(f"{url}?format=markdown", headers=headers)
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# The Mindfulness Garden")
    assert "**> take the lantern**" in markdown.text
    assert (await client.get(f"{url}?format=pdf", headers=headers)).status_code == 422
    stranger = await api.sign_up("stranger")
    assert (await client.get(url, headers=stranger)).status_code == 404
    assert (await client.get(url)).status_code == 401


async def test_the_openapi_document_describes_intent_transcript_and_authoring(client) -> None:
    spec = (await client.get("/openapi.json")).json()
    turn = spec["components"]["schemas"]["TurnPublic"]["properties"]
    assert {"intent", "understood"} <= set(turn)
    assert "/api/v1/sessions/{session_id}/transcript" in spec["paths"]
    assert "/api/v1/authoring/not-understood" in spec["paths"]
    assert TURN["intent"]["kind"] == "exercise"
