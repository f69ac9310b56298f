"""The one ownership check: a resource of another player is exactly as absent as a missing one."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import Character, GameSession, JournalEntry, MoodCheckIn
from tta_player.errors import NotFoundError

__all__ = ["get_owned"]


OwnedT = TypeVar("OwnedT", Character, GameSession, MoodCheckIn, JournalEntry)
_NOUNS = {
    "GameSession": "session",
    "Character": "character",
    "MoodCheckIn": "mood check-in",
    "JournalEntry": "journal entry",
}


async def get_owned(
    session: AsyncSession, model: type[OwnedT], resource_id: str, player_id: str
) -> OwnedT:
    row = await session.scalar(
        select(model).where(model.id == resource_id, model.player_id == player_id)
    )
    if row is None:
        noun = _NOUNS.get(model.__name__, model.__name__.lower())
        raise NotFoundError(f"no such {noun}")
    return row
