"""Password hashing (Argon2id) and signed tokens (JWT, HS256 pinned).

Access and refresh tokens carry ``sub`` (player id), ``sid`` (the login, i.e. the token
family), ``jti``, ``type``, ``iat`` and ``exp``; a token of the wrong type is refused
wherever the other type is meant.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from jose import JWTError, jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from tta_player.errors import AuthenticationError

__all__ = ["ALGORITHM", "PasswordHasher", "TokenClaims", "TokenCodec"]

ALGORITHM = "HS256"
_VERIFIED_CACHE = 10_000
TokenType = Literal["access", "refresh"]
# The seconds a NumericDate may hold here: from 1970 to the last second of year 9999.
_MIN_TS = 0
_MAX_TS = int(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())


class PasswordHasher:
    """Argon2id hashing; ``verify_unknown`` spends the same time when no such user exists."""

    def __init__(self, *, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self._hash = PasswordHash(
            (Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism),)
        )
        self._dummy: str | None = None  # made on first use: hashing costs start-up time

    def hash(self, password: str) -> str:
        return self._hash.hash(password)

    def verify(self, password: str, hashed: str) -> bool:
        try:
            return self._hash.verify(password, hashed)
        except Exception:  # a malformed stored hash is a failed login, never a 500
            return False

    def verify_unknown(self, password: str) -> bool:
        if self._dummy is None:
            self._dummy = self._hash.hash(secrets.token_urlsafe(16))
        self.verify(password, self._dummy)
        return False


@dataclass(frozen=True)
class TokenClaims:
    player_id: str
    family_id: str
    jti: str
    type: TokenType
    issued_at: datetime
    expires_at: datetime


class TokenCodec:
    """Issues and checks tokens signed with one secret, HS256 only."""

    def __init__(self, secret: str, *, access_ttl: timedelta, refresh_ttl: timedelta) -> None:
        self._secret = secret
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self._verified: dict[str, TokenClaims] = {}

    def issue(
        self, player_id: str, family_id: str, token_type: TokenType
    ) -> tuple[str, TokenClaims]:
        now = datetime.now(UTC).replace(microsecond=0)
        ttl = self.refresh_ttl if token_type == "refresh" else self.access_ttl  # noqa: S105
        claims = TokenClaims(
            player_id=player_id,
            family_id=family_id,
            jti=uuid.uuid4().hex,
            type=token_type,
            issued_at=now,
            expires_at=now + ttl,
        )
        payload = {
            "sub": player_id,
            "sid": family_id,
            "jti": claims.jti,
            "type": token_type,
            "iat": int(now.timestamp()),
            "exp": int(claims.expires_at.timestamp()),
        }
        return jwt.encode(payload, self._secret, algorithm=ALGORITHM), claims

    def decode(self, token: str, expected: TokenType) -> TokenClaims:
        """The token's claims, or ``AuthenticationError`` (bad signature, alg, type, expiry...).

        Verified tokens are remembered (until they expire) so a client's repeated requests
        skip the signature check; revocation is never cached (callers check it every time).
        """
        known = self._verified.get(token)
        if known is not None and known.type == expected:
            if known.expires_at > datetime.now(UTC):
                return known
            self._verified.pop(token, None)
        claims = self._decode(token, expected)
        if len(self._verified) >= _VERIFIED_CACHE:
            self._verified.pop(next(iter(self._verified)))
        self._verified[token] = claims
        return claims

    def _decode(self, token: str, expected: TokenType) -> TokenClaims:
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != ALGORITHM:
                raise AuthenticationError("token algorithm not accepted")
            payload = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                options={
                    "require_exp": True,
                    "require_iat": True,
                    "require_jti": True,
                    "require_sub": True,
                    "verify_aud": False,
                },
            )
        # jose converts ``exp``/``iat`` with int() and compares them: a list or null there
        # is a TypeError, an infinite float an OverflowError. A signed token is still only
        # claims a client sent: anything undecodable is a 401, never a 500.
        except (JWTError, TypeError, ValueError, OverflowError) as exc:
            raise AuthenticationError("invalid or expired token") from exc
        if payload.get("type") != expected:
            raise AuthenticationError(f"an {expected} token is required here")
        return TokenClaims(
            player_id=_text_claim(payload, "sub"),
            family_id=_text_claim(payload, "sid"),
            jti=_text_claim(payload, "jti"),
            type=expected,
            issued_at=_time_claim(payload, "iat"),
            expires_at=_time_claim(payload, "exp"),
        )


def _text_claim(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value:
        raise AuthenticationError("token is missing claims")
    return value


def _time_claim(payload: dict[str, Any], name: str) -> datetime:
    """A NumericDate claim as an aware datetime: whole seconds that a datetime can hold."""
    value = payload.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not _MIN_TS <= value <= _MAX_TS:
        raise AuthenticationError("token is missing claims")
    return datetime.fromtimestamp(value, UTC)
