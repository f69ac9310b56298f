"""Characters of a player (at most ``limit`` of them)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import Character, Player
from tta_player.errors import LimitReachedError

__all__ = ["CharacterRepository"]


class CharacterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self, player_id: str) -> list[Character]:
        rows = await self.session.scalars(
            select(Character)
            .where(Character.player_id == player_id)
            .order_by(Character.created_at, Character.id)
        )
        return list(rows)

    async def count(self, player_id: str) -> int:
        total = await self.session.scalar(
            select(func.count()).select_from(Character).where(Character.player_id == player_id)
        )
        return int(total or 0)

    async def create(self, player_id: str, fields: dict[str, Any], *, limit: int) -> Character:
        """A new character, unless the player has ``limit`` already.

        Run it in a write transaction (``Database.writing``): the player's row is locked
        first (PostgreSQL; SQLite's writers queue in that transaction), so creates sent at
        once count one after another and cannot all see room for one more.
        """
        await self.session.execute(
            select(Player.id).where(Player.id == player_id).with_for_update()
        )
        if await self.count(player_id) >= limit:
            raise LimitReachedError(
                f"a player can have at most {limit} characters; delete one first", limit=limit
            )
        character = Character(player_id=player_id, **fields)
        self.session.add(character)
        await self.session.flush()
        return character

    async def update(self, character: Character, changes: dict[str, Any]) -> Character:
        for field, value in changes.items():
            setattr(character, field, value)
        await self.session.flush()
        return character

    async def delete(self, character: Character) -> None:
        await self.session.execute(delete(Character).where(Character.id == character.id))
