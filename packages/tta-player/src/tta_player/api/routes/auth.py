"""Auth for API clients: register, login, refresh (rotating), logout (revoking)."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from tta_player.api.deps import CurrentLogin, RuntimeDep, SessionDep, ip_rate_limit
from tta_player.core.ratelimit import client_ip
from tta_player.schemas.auth import Credentials, RefreshRequest, Registration, TokenPair
from tta_player.schemas.players import PlayerPublic
from tta_player.schemas.problem import problem_responses
from tta_player.services.auth import IssuedTokens

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


def _pair(issued: IssuedTokens) -> TokenPair:
    return TokenPair(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=PlayerPublic,
    responses=problem_responses(409, 422, 429),
    dependencies=[ip_rate_limit("register_rate_limit")],
)
async def register(body: Registration, db: SessionDep, runtime: RuntimeDep) -> PlayerPublic:
    """Create a player account. Every new account has the role ``player``."""
    runtime.limits.hit(
        runtime.settings.register_username_rate_limit, "register-username", body.username.lower()
    )
    player = await runtime.auth.register(db, body)
    return PlayerPublic.model_validate(player, from_attributes=True)


@router.post(
    "/login",
    response_model=TokenPair,
    responses=problem_responses(401, 422, 429),
    dependencies=[ip_rate_limit("login_rate_limit")],
)
async def login(
    body: Credentials, request: Request, db: SessionDep, runtime: RuntimeDep
) -> TokenPair:
    """Exchange a username and password for an access token and a refresh token."""
    runtime.limits.hit(
        runtime.settings.login_username_rate_limit, "login-username", body.username.lower()
    )
    issued = await runtime.auth.login(db, body.username, body.password, address=client_ip(request))
    return _pair(issued)


@router.post(
    "/refresh",
    response_model=TokenPair,
    responses=problem_responses(401, 422, 429),
    dependencies=[ip_rate_limit("login_rate_limit")],
)
async def refresh(body: RefreshRequest, db: SessionDep, runtime: RuntimeDep) -> TokenPair:
    """A new token pair; the refresh token sent stops working (reusing it revokes the login)."""
    return _pair(await runtime.auth.refresh(db, body.refresh_token))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(401))
async def logout(login: CurrentLogin, db: SessionDep, runtime: RuntimeDep) -> None:
    """Revoke this sign-in: its access and refresh tokens stop working."""
    await runtime.auth.logout(db, login[1].family_id)
