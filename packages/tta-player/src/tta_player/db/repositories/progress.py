"""Progress events (milestones, exercises, skills) and the figures drawn from turns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import GameSession, ProgressEvent, Turn

__all__ = ["ProgressRepository"]


class ProgressRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def events(self, player_id: str) -> list[ProgressEvent]:
        rows = await self.session.scalars(
            select(ProgressEvent)
            .where(ProgressEvent.player_id == player_id)
            .order_by(ProgressEvent.created_at)
        )
        return list(rows)

    async def turn_times(
        self, player_id: str, since: datetime | None = None
    ) -> list[tuple[datetime, float]]:
        query = select(Turn.created_at, Turn.elapsed_seconds).where(Turn.player_id == player_id)
        if since is not None:
            query = query.where(Turn.created_at >= since)
        return [(row[0], float(row[1])) for row in await self.session.execute(query)]

    async def totals(self, player_id: str) -> tuple[int, float, int]:
        """(turns, seconds played, sessions) over the player's whole history."""
        turns, seconds = (
            await self.session.execute(
                select(
                    func.count(Turn.id), func.coalesce(func.sum(Turn.elapsed_seconds), 0.0)
                ).where(Turn.player_id == player_id)
            )
        ).one()
        sessions = await self.session.scalar(
            select(func.count(GameSession.id)).where(GameSession.player_id == player_id)
        )
        return int(turns), float(seconds), int(sessions or 0)
