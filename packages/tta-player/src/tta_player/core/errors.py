"""The one error envelope: every 4xx/5xx leaves as ``application/problem+json``.

Service errors (``tta_player.errors``), validation errors, routing's 404/405 and anything
unexpected are translated here, once. Validation problems never echo the submitted values
(a password must not come back in an error, nor reach a log).
"""

from __future__ import annotations

import logging
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tta_player.errors import AuthenticationError, PlayerServiceError, RateLimitedError

__all__ = ["PROBLEM_MEDIA_TYPE", "install_error_handlers", "problem_response"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("tta_player.errors")

_HTTP_TITLES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthenticated", "Not authenticated"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    413: ("too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("invalid-input", "Invalid input"),
    429: ("rate-limited", "Too many requests"),
    500: ("internal", "Internal error"),
    503: ("unavailable", "Service unavailable"),
}


def problem_response(
    status: int,
    *,
    slug: str | None = None,
    title: str | None = None,
    detail: str = "",
    instance: str = "",
    request_id: str = "",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    default_slug, default_title = _HTTP_TITLES.get(status, ("error", "Error"))
    body: dict[str, Any] = {
        "type": f"/problems/{slug or default_slug}",
        "title": title or default_title,
        "status": status,
        "detail": detail or title or default_title,
        "instance": instance,
        "request_id": request_id,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", ""))


async def _service_error(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(PlayerServiceError, exc)
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimitedError):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, AuthenticationError):
        headers["WWW-Authenticate"] = "Bearer"
    if exc.status >= 500:
        log.error("service error: %s", exc.__class__.__name__)
    return problem_response(
        exc.status,
        slug=exc.slug,
        title=exc.title,
        detail=exc.detail,
        instance=request.url.path,
        request_id=_request_id(request),
        headers=headers,
        **exc.extra,
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(RequestValidationError, exc)
    errors = [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(part for part in first["loc"] if part != "body")
    return problem_response(
        422,
        detail=f"{where}: {first['msg']}" if where else str(first["msg"]),
        instance=request.url.path,
        request_id=_request_id(request),
        errors=errors,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(StarletteHTTPException, exc)
    headers = dict(exc.headers or {})
    detail = exc.detail if isinstance(exc.detail, str) else ""
    return problem_response(
        exc.status_code,
        detail=detail,
        instance=request.url.path,
        request_id=_request_id(request),
        headers=headers,
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(
        500,
        detail="something went wrong on our side; nothing you sent was lost",
        instance=request.url.path,
        request_id=_request_id(request),
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PlayerServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
