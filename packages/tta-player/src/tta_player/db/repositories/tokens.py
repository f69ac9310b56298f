"""Token families (one per login) and their refresh tokens, for rotation and revocation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import Player, RefreshToken, TokenFamily, utcnow

__all__ = ["TokenRepository"]


class TokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def new_family(self, player_id: str, *, csrf_token: str | None = None) -> TokenFamily:
        family = TokenFamily(player_id=player_id, csrf_token=csrf_token)
        self.session.add(family)
        await self.session.flush()
        return family

    async def add_refresh(self, jti: str, family_id: str, expires_at: datetime) -> None:
        self.session.add(RefreshToken(jti=jti, family_id=family_id, expires_at=expires_at))
        await self.session.flush()

    async def refresh_with_family(self, jti: str) -> tuple[RefreshToken, TokenFamily] | None:
        row = (
            await self.session.execute(
                select(RefreshToken, TokenFamily)
                .join(TokenFamily, TokenFamily.id == RefreshToken.family_id)
                .where(RefreshToken.jti == jti)
            )
        ).first()
        return None if row is None else (row[0], row[1])

    async def mark_used(self, token: RefreshToken) -> bool:
        """Mark a refresh token used; False when another request used it first."""
        result = await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.jti == token.jti, RefreshToken.used_at.is_(None))
            .values(used_at=utcnow())
        )
        return getattr(result, "rowcount", 0) == 1

    async def revoke_family(self, family_id: str, reason: str) -> None:
        await self.session.execute(
            update(TokenFamily)
            .where(TokenFamily.id == family_id, TokenFamily.revoked_at.is_(None))
            .values(revoked_at=utcnow(), revoked_reason=reason)
        )

    async def active_player(self, player_id: str, family_id: str) -> Player | None:
        """The player, if this login of theirs has not been revoked."""
        return await self.session.scalar(
            select(Player)
            .join(TokenFamily, TokenFamily.player_id == Player.id)
            .where(
                Player.id == player_id,
                TokenFamily.id == family_id,
                TokenFamily.revoked_at.is_(None),
            )
        )
