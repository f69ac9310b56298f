"""Safety events: crisis verdicts awaiting (or having had) a therapist's follow-up."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import SafetyEvent, utcnow
from tta_player.errors import ConflictError, NotFoundError

__all__ = ["SafetyRepository"]


class SafetyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self, *, status: str | None, limit: int = 100) -> list[SafetyEvent]:
        query = select(SafetyEvent)
        if status is not None:
            query = query.where(SafetyEvent.status == status)
        rows = await self.session.scalars(
            query.order_by(SafetyEvent.created_at.desc()).limit(limit)
        )
        return list(rows)

    async def for_player(self, player_id: str) -> list[SafetyEvent]:
        rows = await self.session.scalars(
            select(SafetyEvent)
            .where(SafetyEvent.player_id == player_id)
            .order_by(SafetyEvent.created_at)
        )
        return list(rows)

    async def follow_up(self, event_id: str, *, by: str, note: str) -> SafetyEvent:
        event = await self.session.get(SafetyEvent, event_id)
        if event is None:
            raise NotFoundError("no such safety event")
        if event.status == "followed_up":
            raise ConflictError("this event was already followed up")
        event.status = "followed_up"
        event.followed_up_at = utcnow()
        event.followed_up_by = by
        event.note = note or None
        await self.session.flush()
        return event
