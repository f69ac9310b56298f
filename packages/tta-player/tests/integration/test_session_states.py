"""Session states under concurrent calls, on SQLite and PostgreSQL, through a real server.

Each call is a thread with its own HTTP connection, all released together by a barrier (as
a clumsy or hostile client would send them). A status change is one conditional statement,
so ending is final and exactly one of several conflicting calls wins.
"""

from __future__ import annotations

import asyncio
import threading

import httpx


async def _race(base_url: str, headers: dict[str, str], paths: list[str]) -> list[int]:
    barrier = threading.Barrier(len(paths))

    def call(path: str) -> int:
        with httpx.Client(base_url=base_url, headers=headers, timeout=30) as http:
            http.get("/healthz")  # connected before the barrier: the calls leave together
            barrier.wait(timeout=30)
            return http.post(path).status_code

    return list(await asyncio.gather(*(asyncio.to_thread(call, path) for path in paths)))


async def _session(http: httpx.AsyncClient, api, headers: dict[str, str]) -> dict[str, object]:
    session_id = await api.start_session(headers)
    return (await http.get(f"/api/v1/sessions/{session_id}", headers=headers)).json()


async def test_of_five_concurrent_ends_exactly_one_wins(live_server, api) -> None:
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as http:
        api.client = http
        headers = await api.sign_up("maple")
        session_id = (await _session(http, api, headers))["session_id"]
        statuses = await _race(live_server, headers, [f"/api/v1/sessions/{session_id}/end"] * 5)
        assert sorted(statuses) == [200, 409, 409, 409, 409]
        again = await http.post(f"/api/v1/sessions/{session_id}/end", headers=headers)
        assert again.status_code == 409
        assert again.json()["detail"] == "this session has ended"


async def test_an_ended_session_never_comes_back(live_server, api) -> None:
    """``end`` racing ``resume`` and ``pause``: whatever the order, once ``end`` answered 200
    the session is completed, with ``ended_at``, and no turn can be played on it."""
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as http:
        api.client = http
        headers = await api.sign_up("maple")
        character_id = (await _session(http, api, headers))["character_id"]
        for round_number in range(6):
            created = await http.post(
                "/api/v1/sessions",
                json={"character_id": character_id, "world_id": "mindfulness_garden"},
                headers=headers,
            )
            if created.status_code == 409:  # the first round's session is still active
                session_id = created.json()["active_session_id"]
            else:
                session_id = created.json()["session_id"]
            base = f"/api/v1/sessions/{session_id}"
            if round_number % 2:
                assert (await http.post(f"{base}/pause", headers=headers)).status_code == 200
            end, *others = await _race(
                live_server, headers, [f"{base}/end", f"{base}/resume", f"{base}/pause"]
            )
            assert end == 200  # nothing else ends a session, so the one end always wins
            assert set(others) <= {200, 409}
            game = (await http.get(base, headers=headers)).json()
            assert game["status"] == "completed", (round_number, others)
            assert game["ended_at"] is not None
            for move in ("resume", "pause"):
                assert (await http.post(f"{base}/{move}", headers=headers)).status_code == 409
            turn = await http.post(f"{base}/turns", json={"input": "look"}, headers=headers)
            assert turn.status_code == 409


async def test_pause_and_resume_keep_status_and_end_time_consistent(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    base = f"/api/v1/sessions/{session_id}"
    paused = await client.post(f"{base}/pause", headers=headers)
    assert paused.json()["status"] == "paused"
    assert (await client.post(f"{base}/pause", headers=headers)).status_code == 200  # idempotent
    resumed = await client.post(f"{base}/resume", headers=headers)
    assert (resumed.json()["status"], resumed.json()["ended_at"]) == ("active", None)
    ended = await client.post(f"{base}/end", headers=headers)
    assert ended.json()["status"] == "completed"
    assert ended.json()["ended_at"] is not None


async def test_resuming_while_the_character_plays_another_session_names_it(client, api) -> None:
    headers = await api.sign_up("maple")
    first = await api.start_session(headers)
    character_id = (await client.get(f"/api/v1/sessions/{first}", headers=headers)).json()[
        "character_id"
    ]
    assert (await client.post(f"/api/v1/sessions/{first}/pause", headers=headers)).is_success
    second = await client.post(
        "/api/v1/sessions",
        json={"character_id": character_id, "world_id": "mindfulness_garden"},
        headers=headers,
    )
    assert second.status_code == 201
    refused = await client.post(f"/api/v1/sessions/{first}/resume", headers=headers)
    assert refused.status_code == 409
    assert refused.json()["active_session_id"] == second.json()["session_id"]
