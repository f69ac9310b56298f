"""The turn path's reads and writes: prebuilt Core statements on one synchronous connection.

A turn is the service's hottest path, and the ORM's identity map, unit-of-work flush and
per-statement bookkeeping cost many times more than the game itself. So these functions
take a ``Connection`` (``Database.run`` hands one out, inside a transaction) and execute
statements built once at import, whose compiled form SQLAlchemy caches: loading is one
query, saving is one UPDATE and one INSERT (plus progress and safety rows when there are
any).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from tta_player.db.models import GameSession, Player, ProgressEvent, SafetyEvent, TokenFamily, Turn
from tta_player.errors import AuthenticationError, ConflictError, NotFoundError

__all__ = ["PlayContext", "TurnRecord", "load_play_context", "save_turn"]


@dataclass(frozen=True)
class PlayContext:
    """What a turn needs of its player and session, read in one query."""

    player_id: str
    locale: str
    preferences: dict[str, Any]
    privacy: dict[str, Any]
    session_id: str
    world_id: str
    status: str
    turn_count: int
    world_state: dict[str, Any]
    last_activity_at: datetime
    customization: dict[str, Any]  # the session's tuning (intensity, pace...)


@dataclass(frozen=True)
class TurnRecord:
    """One played turn as rows: the turn, the session's new state, progress and safety."""

    turn: dict[str, Any]  # the turns row (column -> value)
    world_state: dict[str, Any]
    progress: Sequence[dict[str, Any]] = ()  # progress_events rows
    safety_event: dict[str, Any] | None = None  # a safety_events row for a crisis


_LOAD = (
    select(
        Player.locale,
        Player.preferences,
        Player.privacy,
        GameSession.id,
        GameSession.world_id,
        GameSession.status,
        GameSession.turn_count,
        GameSession.world_state,
        GameSession.last_activity_at,
        GameSession.customization,
    )
    .select_from(Player)
    .outerjoin(
        GameSession,
        and_(GameSession.id == bindparam("session_id"), GameSession.player_id == Player.id),
    )
    .where(Player.id == bindparam("player_id"))
)
# The same query joined to the caller's sign-in: a revoked one finds no row at all.
_LOAD_SIGNED_IN = _LOAD.join(
    TokenFamily,
    and_(
        TokenFamily.id == bindparam("family_id"),
        TokenFamily.player_id == Player.id,
        TokenFamily.revoked_at.is_(None),
    ),
)
# Guarded by the turn count read at load: a turn played meanwhile makes this match nothing.
_ADVANCE = (
    update(GameSession)
    .where(
        GameSession.id == bindparam("session_id"),
        GameSession.status == "active",
        GameSession.turn_count == bindparam("expected_count"),
    )
    .values(
        world_state=bindparam("world_state", type_=GameSession.world_state.type),
        turn_count=bindparam("expected_count") + 1,
        last_activity_at=bindparam("now", type_=GameSession.last_activity_at.type),
        active_seconds=GameSession.active_seconds + bindparam("elapsed"),
    )
)
_INSERT_TURN = insert(Turn)
_INSERT_PROGRESS = insert(ProgressEvent)
_INSERT_SAFETY = insert(SafetyEvent)
_ONCE_PER_PLAYER = ("milestone", "completion")
_ALREADY_REACHED = select(ProgressEvent.id).where(
    ProgressEvent.player_id == bindparam("player_id"),
    ProgressEvent.kind == bindparam("kind"),
    ProgressEvent.key == bindparam("key"),
)


def load_play_context(
    conn: Connection, player_id: str, session_id: str, family_id: str | None
) -> PlayContext:
    """The player's session; ``AuthenticationError`` for a revoked sign-in (``family_id``),
    ``NotFoundError`` for a session that is missing or another player's."""
    query, params = _LOAD, {"player_id": player_id, "session_id": session_id}
    if family_id is not None:
        query, params = _LOAD_SIGNED_IN, {**params, "family_id": family_id}
    row = conn.execute(query, params).first()
    if row is None:
        raise AuthenticationError("this sign-in was revoked; sign in again")
    locale, preferences, privacy, found_id, world_id, status, count, state, last, tuning = row
    if found_id is None:
        raise NotFoundError("no such session")
    return PlayContext(
        player_id=player_id,
        locale=locale,
        preferences=preferences or {},
        privacy=privacy or {},
        session_id=found_id,
        world_id=world_id,
        status=status,
        turn_count=count,
        world_state=state or {},
        last_activity_at=last,
        customization=tuning or {},
    )


def save_turn(
    conn: Connection, context: PlayContext, record: TurnRecord, *, now: datetime, elapsed: float
) -> None:
    """Write one turn inside the caller's transaction (``ConflictError`` if the session moved
    on since ``context`` was loaded; nothing is then written once the transaction ends)."""
    moved = conn.execute(
        _ADVANCE,
        {
            "session_id": context.session_id,
            "expected_count": context.turn_count,
            "world_state": record.world_state,
            "now": now,
            "elapsed": elapsed,
        },
    )
    if moved.rowcount != 1:
        raise ConflictError("the session changed while this turn was played; try again")
    try:
        conn.execute(_INSERT_TURN, record.turn)
    except IntegrityError as exc:
        raise ConflictError("the session changed at the same time; try again") from exc
    for event in record.progress:
        if event["kind"] in _ONCE_PER_PLAYER and _reached(conn, context.player_id, event):
            continue  # a milestone is reached, and a world completed, once per player
        conn.execute(_INSERT_PROGRESS, event)
    if record.safety_event is not None:
        conn.execute(_INSERT_SAFETY, record.safety_event)


def _reached(conn: Connection, player_id: str, event: dict[str, Any]) -> bool:
    params = {"player_id": player_id, "kind": event["kind"], "key": event["key"]}
    return conn.execute(_ALREADY_REACHED, params).first() is not None
