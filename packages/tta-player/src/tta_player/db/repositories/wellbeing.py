"""Mood check-ins and journal entries: what a player tells the game about themselves."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import JournalEntry, MoodCheckIn

__all__ = ["JournalRepository", "MoodRepository"]


class MoodRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        *,
        player_id: str,
        score: int,
        moment: str,
        session_id: str | None,
        note: str | None,
    ) -> MoodCheckIn:
        mood = MoodCheckIn(
            player_id=player_id, score=score, moment=moment, session_id=session_id, note=note
        )
        self.session.add(mood)
        await self.session.flush()
        return mood

    async def list(
        self,
        player_id: str,
        *,
        since: datetime | None = None,
        session_id: str | None = None,
    ) -> list[MoodCheckIn]:
        """Oldest first."""
        query = select(MoodCheckIn).where(MoodCheckIn.player_id == player_id)
        if since is not None:
            query = query.where(MoodCheckIn.created_at >= since)
        if session_id is not None:
            query = query.where(MoodCheckIn.session_id == session_id)
        rows = await self.session.scalars(query.order_by(MoodCheckIn.created_at, MoodCheckIn.id))
        return list(rows)

    async def delete(self, mood: MoodCheckIn) -> None:
        await self.session.delete(mood)
        await self.session.flush()


class JournalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        *,
        player_id: str,
        kind: str,
        title: str,
        parts: list[dict[str, Any]],
        session_id: str | None,
        world_id: str | None,
        exercise_id: str | None,
    ) -> JournalEntry:
        entry = JournalEntry(
            player_id=player_id,
            kind=kind,
            title=title,
            parts=parts,
            session_id=session_id,
            world_id=world_id,
            exercise_id=exercise_id,
        )
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def list(self, player_id: str, *, limit: int = 100) -> list[JournalEntry]:
        """Newest first."""
        rows = await self.session.scalars(
            select(JournalEntry)
            .where(JournalEntry.player_id == player_id)
            .order_by(JournalEntry.created_at.desc(), JournalEntry.id)
            .limit(limit)
        )
        return list(rows)

    async def delete(self, entry: JournalEntry) -> None:
        await self.session.delete(entry)
        await self.session.flush()
