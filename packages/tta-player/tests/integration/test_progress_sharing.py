"""Progress sharing: therapists and admins see the progress of players who chose to share it,
never anyone else's, and never the words of their turns."""

from __future__ import annotations

SHARED = "/api/v1/staff/players"


async def _share(client, headers, share: bool) -> None:
    answer = await client.patch(
        "/api/v1/players/me", json={"privacy": {"share_progress": share}}, headers=headers
    )
    assert answer.status_code == 200, answer.text


async def test_a_therapist_sees_the_progress_of_players_who_share_it(client, api, promote) -> None:
    sharing = await api.sign_up("willow")
    private = await api.sign_up("yarrow")
    await _share(client, sharing, True)
    session_id = await api.start_session(sharing)
    await api.play(sharing, session_id, "breathe with me, Quillon")
    await api.play(private, await api.start_session(private), "breathe")
    therapist = await api.sign_up("dr_oak")
    await promote("dr_oak", "therapist")

    listed = await client.get(SHARED, headers=therapist)
    assert listed.status_code == 200, listed.text
    rows = {row["username"]: row for row in listed.json()["items"]}
    assert set(rows) == {"willow"}
    progress = await client.get(
        f"{SHARED}/{rows['willow']['player_id']}/progress", headers=therapist
    )
    assert progress.status_code == 200
    assert progress.json()["turns_total"] == 1
    assert "Quillon" not in progress.text  # progress only, never what the player typed


async def test_a_player_who_does_not_share_is_not_found_and_players_are_refused(
    client, api, promote
) -> None:
    player = await api.sign_up("sorrel")
    me = (await client.get("/api/v1/players/me", headers=player)).json()
    therapist = await api.sign_up("dr_elm")
    await promote("dr_elm", "therapist")
    hidden = await client.get(f"{SHARED}/{me['id']}/progress", headers=therapist)
    assert hidden.status_code == 404
    assert hidden.headers["content-type"] == "application/problem+json"
    await _share(client, player, True)
    assert (await client.get(f"{SHARED}/{me['id']}/progress", headers=therapist)).status_code == 200
    await _share(client, player, False)  # withdrawn: hidden again at once
    assert (await client.get(f"{SHARED}/{me['id']}/progress", headers=therapist)).status_code == 404

    await _share(client, player, True)
    other_player = await api.sign_up("thyme")
    refused = await client.get(f"{SHARED}/{me['id']}/progress", headers=other_player)
    assert refused.status_code == 403
    assert (await client.get(SHARED, headers=other_player)).status_code == 403
    assert (await client.get(SHARED)).status_code == 401
