"""Players: accounts and roles (sign-in failures are counted per name in ``lockout``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import Player
from tta_player.errors import ConflictError, NotFoundError

__all__ = ["PlayerRepository"]


class PlayerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, *, username: str, email: str, password_hash: str) -> Player:
        player = Player(
            username=username,
            username_key=username.lower(),
            email=email.lower(),
            password_hash=password_hash,
            role="player",
        )
        self.session.add(player)
        try:
            await self.session.flush()
        except IntegrityError as exc:
            await self.session.rollback()
            raise ConflictError("that username or email is already registered") from exc
        return player

    async def get(self, player_id: str) -> Player | None:
        return await self.session.get(Player, player_id)

    async def sharing_progress(self) -> list[Player]:
        """Players who let therapists see their progress, by username."""
        result = await self.session.scalars(
            select(Player)
            .where(Player.privacy["share_progress"].as_boolean().is_(True))
            .order_by(Player.username_key)
        )
        return list(result)

    async def sharing_progress_by_id(self, player_id: str) -> Player | None:
        player = await self.session.get(Player, player_id)
        if player is None or not (player.privacy or {}).get("share_progress"):
            return None
        return player

    async def by_username(self, username: str) -> Player | None:
        return await self.session.scalar(
            select(Player).where(Player.username_key == username.lower())
        )

    async def update(self, player: Player, changes: dict[str, Any]) -> Player:
        for field, value in changes.items():
            setattr(player, field, value)
        await self.session.flush()
        return player

    async def set_role(self, username: str, role: str) -> Player:
        player = await self.by_username(username)
        if player is None:
            raise NotFoundError(f"no player named {username!r}")
        player.role = role
        await self.session.flush()
        return player

    async def delete(self, player: Player) -> None:
        await self.session.execute(delete(Player).where(Player.id == player.id))
        await self.session.flush()
