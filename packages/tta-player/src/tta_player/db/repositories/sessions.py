"""Game sessions and their turns (one active session per character, turns numbered 1, 2...)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import GameSession, ProgressEvent, Turn, utcnow
from tta_player.errors import ConflictError

__all__ = ["SessionRepository"]

_MOVABLE = ("active", "paused")  # a completed session never moves again


class SessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active_for_character(self, character_id: str) -> GameSession | None:
        return await self.session.scalar(
            select(GameSession).where(
                GameSession.character_id == character_id, GameSession.status == "active"
            )
        )

    async def create(
        self,
        *,
        player_id: str,
        character_id: str,
        world_id: str,
        world_state: dict[str, Any],
        customization: dict[str, Any],
        idle_before: datetime | None = None,
    ) -> GameSession:
        """A new active session; the character's active one, if idle since before
        ``idle_before`` (its tab closed without a pause), is paused first."""
        existing = await self.active_for_character(character_id)
        if existing is not None and idle_before is not None:
            await self.pause_idle(idle_before, session_id=existing.id)
            existing = await self.active_for_character(character_id)
        if existing is not None:
            raise ConflictError(
                "this character already has an active session; pause or end it first",
                active_session_id=existing.id,
            )
        game = GameSession(
            player_id=player_id,
            character_id=character_id,
            world_id=world_id,
            world_state=world_state,
            customization=customization,
        )
        self.session.add(game)
        await self._flush_or_conflict()
        return game

    async def list(self, player_id: str) -> list[GameSession]:
        rows = await self.session.scalars(
            select(GameSession)
            .where(GameSession.player_id == player_id)
            .order_by(GameSession.created_at.desc(), GameSession.id)
        )
        return list(rows)

    async def set_status(self, game: GameSession, status: str) -> GameSession:
        """Move ``game`` to ``status`` in ONE conditional statement, so that calls racing each
        other cannot interleave: ending is final (nothing matches a completed session) and of
        several conflicting calls exactly one changes the row; the others are 409."""
        game_id, character_id = game.id, game.character_id  # a rollback expires ``game``
        values: dict[str, Any] = {"status": status}
        if status == "completed":
            values["ended_at"] = utcnow()
        if status == "active":  # a resumed journey is not idle (the idle sweep looks at this)
            values["last_activity_at"] = utcnow()
        try:
            moved = await self.session.execute(
                update(GameSession)
                .where(GameSession.id == game_id, GameSession.status.in_(_MOVABLE))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        except IntegrityError as exc:  # the one-active-session-per-character index
            await self.session.rollback()
            other = await self.active_for_character(character_id)
            raise ConflictError(
                "this character is playing another session; pause it first",
                **({"active_session_id": other.id} if other is not None else {}),
            ) from exc
        if getattr(moved, "rowcount", 0) != 1:
            await self.session.rollback()
            raise ConflictError("this session has ended")
        await self.session.refresh(game)
        return game

    async def pause_idle(self, before: datetime, *, session_id: str | None = None) -> int:
        """Pause active sessions with no activity since ``before`` (one conditional UPDATE, so
        a turn that lands meanwhile keeps its session active); returns how many."""
        query = update(GameSession).where(
            GameSession.status == "active", GameSession.last_activity_at < before
        )
        if session_id is not None:
            query = query.where(GameSession.id == session_id)
        result = await self.session.execute(
            query.values(status="paused").execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def delete(self, game: GameSession) -> None:
        """The journey and its turns go; progress, moods and safety events stay, unlinked."""
        await self.session.delete(game)
        await self.session.flush()

    async def progress_of(self, game: GameSession) -> list[ProgressEvent]:
        rows = await self.session.scalars(
            select(ProgressEvent)
            .where(ProgressEvent.session_id == game.id, ProgressEvent.player_id == game.player_id)
            .order_by(ProgressEvent.created_at, ProgressEvent.id)
        )
        return list(rows)

    async def turns_page(
        self, game: GameSession, *, before: int | None, limit: int
    ) -> tuple[list[Turn], int | None]:
        """Newest first; ``before`` is a turn number. Returns the page and the next cursor."""
        query = select(Turn).where(Turn.session_id == game.id)
        if before is not None:
            query = query.where(Turn.number < before)
        rows = list(await self.session.scalars(query.order_by(Turn.number.desc()).limit(limit + 1)))
        more = len(rows) > limit
        rows = rows[:limit]
        return rows, (rows[-1].number if more and rows else None)

    async def all_turns(self, game: GameSession) -> list[Turn]:
        """Every turn of the session, oldest first."""
        query = select(Turn).where(Turn.session_id == game.id).order_by(Turn.number)
        return list(await self.session.scalars(query))

    async def last_turn(self, game: GameSession) -> Turn | None:
        return await self.session.scalar(
            select(Turn).where(Turn.session_id == game.id).order_by(Turn.number.desc()).limit(1)
        )

    async def _flush_or_conflict(self) -> None:
        try:
            await self.session.flush()
        except IntegrityError as exc:
            await self.session.rollback()
            raise ConflictError("the session changed at the same time; try again") from exc
