"""Dependencies the routes ask for, as ``Annotated`` aliases.

``SessionDep`` (a database session), ``RuntimeDep`` (what the lifespan built), ``CurrentPlayer``
(the signed-in player: a valid, unrevoked access token), ``StaffDep`` (a therapist or admin),
``AdminDep`` (an admin: the world authors),
and ``CharacterDep`` / ``GameSessionDep``, which load a path id through the one ownership
check (``get_owned``): a resource of another player is a 404, exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from tta_player.core.ratelimit import client_ip
from tta_player.core.security import TokenClaims
from tta_player.db.models import Character, GameSession, Player
from tta_player.db.repositories import get_owned
from tta_player.errors import AuthenticationError, PermissionDeniedError
from tta_player.runtime import Runtime

__all__ = [
    "AccessClaims",
    "AdminDep",
    "CharacterDep",
    "CurrentLogin",
    "CurrentPlayer",
    "GameSessionDep",
    "RuntimeDep",
    "SessionDep",
    "StaffDep",
    "ip_rate_limit",
]


async def get_runtime(connection: HTTPConnection) -> Runtime:
    return connection.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_db(runtime: RuntimeDep) -> AsyncIterator[AsyncSession]:
    async with runtime.database.sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_db)]

_bearer = HTTPBearer(auto_error=False, description="An access token from /api/v1/auth/login")


async def get_claims(
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TokenClaims:
    """A validly signed, unexpired access token's claims (revocation is checked by the caller:
    ``CurrentLogin`` does, and the turn path does in its one query)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AuthenticationError("sign in first: send Authorization: Bearer <access token>")
    return runtime.auth.codec.decode(credentials.credentials, "access")


AccessClaims = Annotated[TokenClaims, Depends(get_claims)]


async def get_login(
    db: SessionDep, runtime: RuntimeDep, claims: AccessClaims
) -> tuple[Player, TokenClaims]:
    login = await runtime.auth.active_login(db, claims)
    # End the read transaction so the connection goes back to the pool while the route runs
    # (a turn opens its own sessions; holding this one would starve the pool under load).
    await db.commit()
    return login


CurrentLogin = Annotated[tuple[Player, TokenClaims], Depends(get_login)]


async def get_current_player(login: CurrentLogin) -> Player:
    return login[0]


CurrentPlayer = Annotated[Player, Depends(get_current_player)]


async def get_staff(player: CurrentPlayer) -> Player:
    if player.role not in ("therapist", "admin"):
        raise PermissionDeniedError("only therapists and admins may do this")
    return player


StaffDep = Annotated[Player, Depends(get_staff)]


async def get_admin(player: CurrentPlayer) -> Player:
    if player.role != "admin":
        raise PermissionDeniedError("only admins may do this")
    return player


AdminDep = Annotated[Player, Depends(get_admin)]


IdPath = Path(min_length=1, max_length=64)


async def get_character(
    character_id: Annotated[str, IdPath], db: SessionDep, player: CurrentPlayer
) -> Character:
    return await get_owned(db, Character, character_id, player.id)


async def get_game_session(
    session_id: Annotated[str, IdPath], db: SessionDep, player: CurrentPlayer
) -> GameSession:
    return await get_owned(db, GameSession, session_id, player.id)


# Both go through the one ownership check, ``get_owned``: another player's id is a 404.
CharacterDep = Annotated[Character, Depends(get_character)]
GameSessionDep = Annotated[GameSession, Depends(get_game_session)]


def ip_rate_limit(setting: str) -> Any:
    """A dependency counting this request against the client IP's ``settings.<setting>``."""

    async def check(request: Request, runtime: RuntimeDep) -> None:
        runtime.limits.hit(getattr(runtime.settings, setting), setting, client_ip(request))

    return Depends(check)
