"""Everything kept about a player, gathered for the player (data export)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import (
    Character,
    GameSession,
    JournalEntry,
    MoodCheckIn,
    Player,
    ProgressEvent,
    TokenFamily,
    Turn,
)
from tta_player.db.repositories import SafetyRepository
from tta_player.schemas.players import PlayerExport, PlayerPublic

__all__ = ["export_player"]


def _row(obj: object, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {
        column.key: getattr(obj, column.key)
        for column in mapper.column_attrs
        if column.key not in leave_out
    }


async def export_player(db: AsyncSession, player: Player) -> PlayerExport:
    async def rows(model: Any, order: Any) -> list[dict[str, Any]]:
        found = await db.scalars(select(model).where(model.player_id == player.id).order_by(order))
        return [_row(obj) for obj in found]

    safety = await SafetyRepository(db).for_player(player.id)
    return PlayerExport(
        exported_at=datetime.now(UTC),
        player=PlayerPublic.model_validate(player, from_attributes=True),
        characters=await rows(Character, Character.created_at),
        sessions=await rows(GameSession, GameSession.created_at),
        turns=await rows(Turn, Turn.created_at),
        progress=await rows(ProgressEvent, ProgressEvent.created_at),
        safety_events=[_row(e, leave_out=("followed_up_by",)) for e in safety],
        moods=await rows(MoodCheckIn, MoodCheckIn.created_at),
        journal=await rows(JournalEntry, JournalEntry.created_at),
        sign_ins=[
            _row(family, leave_out=("csrf_token",))
            for family in await db.scalars(
                select(TokenFamily)
                .where(TokenFamily.player_id == player.id)
                .order_by(TokenFamily.created_at)
            )
        ],
    )
