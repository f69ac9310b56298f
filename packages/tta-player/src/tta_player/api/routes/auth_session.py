"""Auth for the browser: the refresh token lives in an HttpOnly cookie, guarded against CSRF.

``POST /api/v1/auth/session`` signs in and sets ``tta_refresh`` (HttpOnly, SameSite=Strict,
Path=/api/v1/auth/session, Secure in production) and the readable ``tta_csrf``. Refreshing
and signing out need the cookie and an ``X-CSRF-Token`` header equal to ``tta_csrf``.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Cookie, Header, Request, Response, status

from tta_player.api.deps import RuntimeDep, SessionDep, ip_rate_limit
from tta_player.core.ratelimit import client_ip
from tta_player.errors import AuthenticationError, PermissionDeniedError
from tta_player.schemas.auth import CookieSession, Credentials
from tta_player.schemas.problem import problem_responses
from tta_player.services.auth import IssuedTokens

__all__ = ["CSRF_COOKIE", "REFRESH_COOKIE", "router"]

PATH = "/api/v1/auth/session"
REFRESH_COOKIE = "tta_refresh"
CSRF_COOKIE = "tta_csrf"

router = APIRouter(prefix=PATH, tags=["auth (browser)"])


def _set_cookies(response: Response, issued: IssuedTokens, *, secure: bool, max_age: int) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        issued.refresh_token,
        max_age=max_age,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=secure,
    )
    response.set_cookie(
        CSRF_COOKIE,
        issued.csrf_token or "",
        max_age=max_age,
        path="/",
        httponly=False,
        samesite="strict",
        secure=secure,
    )


def _session(issued: IssuedTokens) -> CookieSession:
    return CookieSession(
        access_token=issued.access_token,
        expires_in=issued.expires_in,
        csrf_token=issued.csrf_token or "",
    )


async def _checked_refresh_token(
    db: SessionDep,
    runtime: RuntimeDep,
    refresh: str | None,
    csrf_cookie: str | None,
    csrf: str | None,
) -> str:
    if not refresh:
        raise AuthenticationError("no sign-in cookie; sign in again")
    _family, expected = await runtime.auth.family_of_refresh(db, refresh)
    if not (csrf and csrf_cookie and expected) or not (
        hmac.compare_digest(csrf, csrf_cookie) and hmac.compare_digest(csrf, expected)
    ):
        raise PermissionDeniedError("missing or wrong X-CSRF-Token header")
    return refresh


RefreshCookie = Annotated[str | None, Cookie(alias=REFRESH_COOKIE)]
CsrfCookie = Annotated[str | None, Cookie(alias=CSRF_COOKIE)]
CsrfHeader = Annotated[str | None, Header(alias="X-CSRF-Token")]


@router.post(
    "",
    response_model=CookieSession,
    responses=problem_responses(401, 422, 429),
    dependencies=[ip_rate_limit("login_rate_limit")],
)
async def sign_in(
    body: Credentials, request: Request, response: Response, db: SessionDep, runtime: RuntimeDep
) -> CookieSession:
    """Sign in from a browser: an access token in JSON, the refresh token in a cookie."""
    runtime.limits.hit(
        runtime.settings.login_username_rate_limit, "login-username", body.username.lower()
    )
    issued = await runtime.auth.login(
        db, body.username, body.password, address=client_ip(request), with_csrf=True
    )
    _set_cookies(
        response,
        issued,
        secure=runtime.settings.production,
        max_age=int(runtime.auth.codec.refresh_ttl.total_seconds()),
    )
    return _session(issued)


@router.post(
    "/refresh",
    response_model=CookieSession,
    responses=problem_responses(401, 403, 429),
    dependencies=[ip_rate_limit("login_rate_limit")],
)
async def refresh(
    *,
    response: Response,
    db: SessionDep,
    runtime: RuntimeDep,
    tta_refresh: RefreshCookie = None,
    tta_csrf: CsrfCookie = None,
    x_csrf_token: CsrfHeader = None,
) -> CookieSession:
    """A new access token; the refresh cookie is rotated."""
    token = await _checked_refresh_token(db, runtime, tta_refresh, tta_csrf, x_csrf_token)
    issued = await runtime.auth.refresh(db, token)
    _set_cookies(
        response,
        issued,
        secure=runtime.settings.production,
        max_age=int(runtime.auth.codec.refresh_ttl.total_seconds()),
    )
    return _session(issued)


@router.delete("", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(401, 403))
async def sign_out(
    *,
    response: Response,
    db: SessionDep,
    runtime: RuntimeDep,
    tta_refresh: RefreshCookie = None,
    tta_csrf: CsrfCookie = None,
    x_csrf_token: CsrfHeader = None,
) -> None:
    """Sign out: the sign-in is revoked and both cookies are cleared."""
    token = await _checked_refresh_token(db, runtime, tta_refresh, tta_csrf, x_csrf_token)
    family_id, _ = await runtime.auth.family_of_refresh(db, token)
    await runtime.auth.logout(db, family_id)
    secure = runtime.settings.production
    response.delete_cookie(
        REFRESH_COOKIE, path=PATH, httponly=True, samesite="strict", secure=secure
    )
    response.delete_cookie(CSRF_COOKIE, path="/", samesite="strict", secure=secure)
