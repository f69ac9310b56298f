"""What world authors may read: lines the game did not understand, counted, never named."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import GameSession, Player, Turn

__all__ = ["NotUnderstoodCount", "not_understood_lines"]

NotUnderstoodCount = tuple[str, str, int]  # (world id, normalised text, times)


async def not_understood_lines(
    session: AsyncSession, *, world_id: str | None, limit: int
) -> tuple[list[NotUnderstoodCount], int]:
    """The most frequent normalised lines not understood, from players whose privacy setting
    ``share_not_understood`` allows it, and how many such players there are."""
    text = Turn.intent["text"].as_string()
    consenting = Player.privacy["share_not_understood"].as_boolean().is_(True)
    query = (
        select(GameSession.world_id, text, func.count(Turn.id))
        .join(GameSession, GameSession.id == Turn.session_id)
        .join(Player, Player.id == Turn.player_id)
        .where(Turn.understood.is_(False), consenting, text.is_not(None), text != "")
        .group_by(GameSession.world_id, text)
        .order_by(func.count(Turn.id).desc(), GameSession.world_id, text)
        .limit(limit)
    )
    if world_id is not None:
        query = query.where(GameSession.world_id == world_id)
    rows = [(str(w), str(t), int(n)) for w, t, n in await session.execute(query)]
    players = await session.scalar(
        select(func.count(func.distinct(Turn.player_id)))
        .join(Player, Player.id == Turn.player_id)
        .where(Turn.understood.is_(False), consenting)
    )
    return rows, int(players or 0)
