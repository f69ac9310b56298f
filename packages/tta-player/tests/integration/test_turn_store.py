"""The turn path's store (``Database.run`` + ``db.repositories.play``), on SQLite and PostgreSQL.

A turn is written in one transaction: all of it or, when anything fails, none of it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from functools import partial

import pytest
from sqlalchemy import Connection, func, select

from tta_player.core.config import Settings
from tta_player.db.engine import Database, open_database
from tta_player.db.models import GameSession, Turn, new_id
from tta_player.db.repositories.play import (
    PlayContext,
    TurnRecord,
    load_play_context,
    save_turn,
)
from tta_player.errors import ConflictError, NotFoundError


@pytest.fixture
async def database(settings: Settings, client: object) -> AsyncIterator[Database]:
    """A second handle on the app's (migrated) database."""
    db = await open_database(settings.sqlalchemy_url, migrate=False)
    yield db
    await db.close()


def _record(context: PlayContext, text: str) -> TurnRecord:
    now = datetime.now(UTC)
    return TurnRecord(
        turn={
            "id": new_id(),
            "session_id": context.session_id,
            "player_id": context.player_id,
            "number": context.turn_count + 1,
            "input": text,
            "narrative": f"you said {text}",
            "created_at": now,
        },
        world_state={"said": text},
    )


def _save(context: PlayContext, record: TurnRecord, conn: Connection) -> None:
    save_turn(conn, context, record, now=datetime.now(UTC), elapsed=1.0)


async def _turns_and_state(database: Database, session_id: str) -> tuple[int, dict[str, object]]:
    def read(conn: Connection) -> tuple[int, dict[str, object]]:
        count = conn.execute(
            select(func.count(Turn.id)).where(Turn.session_id == session_id)
        ).scalar_one()
        state = conn.execute(
            select(GameSession.world_state).where(GameSession.id == session_id)
        ).scalar_one()
        return count, state

    return await database.run(read)


async def _context(database, api, name: str) -> PlayContext:
    headers = await api.sign_up(name)
    session_id = await api.start_session(headers)
    player_id = (await api.client.get("/api/v1/players/me", headers=headers)).json()["id"]
    return await database.run(
        partial(load_play_context, player_id=player_id, session_id=session_id, family_id=None)
    )


async def test_a_turn_saved_from_a_stale_view_of_its_session_writes_nothing(database, api) -> None:
    context = await _context(database, api, "stale")
    await database.run(partial(_save, context, _record(context, "first")))
    with pytest.raises(ConflictError):
        await database.run(partial(_save, context, _record(context, "second")))
    assert await _turns_and_state(database, context.session_id) == (1, {"said": "first"})


async def test_work_that_fails_after_writing_leaves_no_trace(database, api) -> None:
    context = await _context(database, api, "undone")

    def save_then_fail(conn: Connection) -> None:
        _save(context, _record(context, "lost"), conn)
        raise RuntimeError("the process fails before the commit")

    with pytest.raises(RuntimeError):
        await database.run(save_then_fail)
    assert await _turns_and_state(database, context.session_id) == (0, context.world_state)


async def test_another_players_session_is_not_found(database, api) -> None:
    mine = await _context(database, api, "owner")
    other = await _context(database, api, "other")
    with pytest.raises(NotFoundError):
        await database.run(
            partial(
                load_play_context,
                player_id=other.player_id,
                session_id=mine.session_id,
                family_id=None,
            )
        )
