"""Registration, login with persisted lockout, refresh rotation and revocation.

Lockout is per username, known or not (``LockoutRepository``): a locked account and a name
nobody has answer alike, and a failure on an unknown name costs the same hashing time. Every
failure also counts against the caller's address (``login_failure_rate_limit``), so whoever
locks names out by guessing is shut out of signing in from there as well.

One login is one token family. Refreshing rotates the refresh token; presenting a refresh
token a second time means it leaked, so the whole family is revoked (the thief and the
player both sign in again). Logging out revokes the family, access tokens included.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.core.config import Settings
from tta_player.core.metrics import ServiceMetrics
from tta_player.core.ratelimit import RateLimits
from tta_player.core.security import PasswordHasher, TokenClaims, TokenCodec
from tta_player.db.models import Player
from tta_player.db.repositories import LockoutRepository, PlayerRepository, TokenRepository
from tta_player.errors import AccountLockedError, AuthenticationError
from tta_player.schemas.auth import Registration

__all__ = ["AuthService", "IssuedTokens"]

_WRONG = "wrong username or password"


def _locked(until: datetime, now: datetime) -> AccountLockedError:
    return AccountLockedError(
        "too many failed sign-ins; try again later",
        retry_after=int((until - now).total_seconds()) + 1,
    )


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    family_id: str
    csrf_token: str | None = None


class AuthService:
    def __init__(
        self,
        settings: Settings,
        hasher: PasswordHasher,
        codec: TokenCodec,
        metrics: ServiceMetrics,
        limits: RateLimits | None = None,
    ) -> None:
        self.settings = settings
        self.hasher = hasher
        self.codec = codec
        self.metrics = metrics
        self.limits = limits

    async def register(self, db: AsyncSession, registration: Registration) -> Player:
        hashed = await asyncio.to_thread(self.hasher.hash, registration.password)
        player = await PlayerRepository(db).create(
            username=registration.username, email=str(registration.email), password_hash=hashed
        )
        await db.commit()
        return player

    async def login(
        self,
        db: AsyncSession,
        username: str,
        password: str,
        *,
        address: str = "",
        with_csrf: bool = False,
    ) -> IssuedTokens:
        failure_limit = self.settings.login_failure_rate_limit
        if self.limits is not None:  # this address has failed too often, at any name
            self.limits.check(failure_limit, "login-failures", address)
        key = username.lower()
        lockout = LockoutRepository(db)
        now = datetime.now(UTC)
        locked_until = await lockout.locked_until(key, now)
        if locked_until is not None:
            self.metrics.logins.labels("locked").inc()
            raise _locked(locked_until, now)
        player = await PlayerRepository(db).by_username(username)
        if player is None:
            await asyncio.to_thread(self.hasher.verify_unknown, password)
            valid = False
        else:
            valid = await asyncio.to_thread(self.hasher.verify, password, player.password_hash)
        if player is None or not valid:
            locked_until = await lockout.record_failure(
                key,
                now,
                threshold=self.settings.lockout_threshold,
                base_seconds=self.settings.lockout_base_seconds,
                max_seconds=self.settings.lockout_max_seconds,
            )
            await db.commit()
            self.metrics.logins.labels("refused").inc()
            if self.limits is not None:
                self.limits.hit(failure_limit, "login-failures", address)
            if locked_until is not None:
                raise _locked(locked_until, now)
            raise AuthenticationError(_WRONG)
        await lockout.clear(key)
        csrf = secrets.token_urlsafe(24) if with_csrf else None
        family = await TokenRepository(db).new_family(player.id, csrf_token=csrf)
        issued = await self._issue(db, player.id, family.id, csrf)
        await db.commit()
        self.metrics.logins.labels("ok").inc()
        return issued

    async def refresh(self, db: AsyncSession, refresh_token: str) -> IssuedTokens:
        claims = self.codec.decode(refresh_token, "refresh")
        tokens = TokenRepository(db)
        found = await tokens.refresh_with_family(claims.jti)
        if found is None or found[1].player_id != claims.player_id:
            raise AuthenticationError("unknown refresh token")
        stored, family = found
        if family.revoked_at is not None:
            raise AuthenticationError("this sign-in was revoked; sign in again")
        if stored.used_at is not None or not await tokens.mark_used(stored):
            await tokens.revoke_family(family.id, "refresh-reuse")
            await db.commit()
            raise AuthenticationError(
                "refresh token reused; every token of this sign-in is revoked"
            )
        issued = await self._issue(db, claims.player_id, family.id, family.csrf_token)
        await db.commit()
        return issued

    async def logout(self, db: AsyncSession, family_id: str) -> None:
        await TokenRepository(db).revoke_family(family_id, "logout")
        await db.commit()

    async def authenticate(self, db: AsyncSession, access_token: str) -> tuple[Player, TokenClaims]:
        """The player behind an access token whose sign-in is still valid."""
        return await self.active_login(db, self.codec.decode(access_token, "access"))

    async def active_login(
        self, db: AsyncSession, claims: TokenClaims
    ) -> tuple[Player, TokenClaims]:
        """The player of these (already verified) claims, if the sign-in is not revoked."""
        player = await TokenRepository(db).active_player(claims.player_id, claims.family_id)
        if player is None:
            raise AuthenticationError("this sign-in was revoked; sign in again")
        return player, claims

    async def family_of_refresh(
        self, db: AsyncSession, refresh_token: str
    ) -> tuple[str, str | None]:
        """(family id, csrf token) of a refresh token, without using it up."""
        claims = self.codec.decode(refresh_token, "refresh")
        found = await TokenRepository(db).refresh_with_family(claims.jti)
        if found is None:
            raise AuthenticationError("unknown refresh token")
        return found[1].id, found[1].csrf_token

    async def _issue(
        self, db: AsyncSession, player_id: str, family_id: str, csrf: str | None
    ) -> IssuedTokens:
        access, _ = self.codec.issue(player_id, family_id, "access")
        refresh, refresh_claims = self.codec.issue(player_id, family_id, "refresh")
        await TokenRepository(db).add_refresh(
            refresh_claims.jti, family_id, refresh_claims.expires_at
        )
        return IssuedTokens(
            access_token=access,
            refresh_token=refresh,
            expires_in=int(self.codec.access_ttl.total_seconds()),
            family_id=family_id,
            csrf_token=csrf,
        )
