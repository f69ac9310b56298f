"""The one error envelope: every 4xx/5xx leaves as ``application/problem+json``.

Service errors (``tta_player.errors``), validation errors, routing's 404/405 and anything
unexpected are translated here, once. Validation problems never echo the submitted values
(a password must not come back in an error, nor reach a log).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, Sequence
from typing import Any, cast

import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from tta_player.errors import AuthenticationError, PlayerServiceError, RateLimitedError

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "install_error_handlers",
    "invalid_input_response",
    "problem_response",
    "unexpected_problem",
    "validation_detail",
]

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


# A backing service (the database, Redis) that cannot be reached right now: the request may
# succeed if retried, so it is a 503, never a 500. Drivers raise these raw or wrapped, at
# connect time or mid-query, so the whole cause chain is searched. The PostgreSQL and Redis
# drivers load only when configured (start-up time); a driver that was never imported cannot
# have raised, so its errors are looked up only once it is in ``sys.modules``.
_OUTAGES: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.DisconnectionError,
    sqlalchemy.exc.TimeoutError,
)
_DRIVER_OUTAGES = {
    "asyncpg.exceptions": (
        "PostgresConnectionError",
        "OperatorInterventionError",
        "InterfaceError",
    ),
    "redis.exceptions": ("ConnectionError", "TimeoutError"),
}
OUTAGE_RETRY_AFTER_S = 2


def _outage_types() -> tuple[type[BaseException], ...]:
    types = list(_OUTAGES)
    for module_name, names in _DRIVER_OUTAGES.items():
        module = sys.modules.get(module_name)
        if module is not None:
            types.extend(getattr(module, name) for name in names)
    return tuple(types)


def _is_outage(exc: BaseException | None) -> bool:
    outages = _outage_types()
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, outages):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


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


def _error_entry(error: Mapping[str, Any]) -> dict[str, Any]:
    if error.get("type") == "json_invalid":  # where the parser stopped is not a field
        reason = (error.get("ctx") or {}).get("error") or error.get("msg", "")
        return {"loc": ["body"], "msg": f"not valid JSON ({reason})", "type": "json_invalid"}
    return {
        "loc": [str(part) for part in error.get("loc", ())],
        "msg": str(error.get("msg", "")),
        "type": str(error.get("type", "")),
    }


def validation_detail(errors: Sequence[Mapping[str, Any]]) -> str:
    """The one-line ``detail`` of a validation problem: its first error, where and what
    (``input: String should have at most 2000 characters``). REST and the WebSocket both say
    it this way."""
    if not errors:
        return "invalid request"
    first = _error_entry(errors[0])
    where = ".".join(part for part in first["loc"] if part != "body")
    if not where and first["type"] == "json_invalid":
        where = "body"
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def invalid_input_response(
    errors: Sequence[Mapping[str, Any]], *, instance: str, request_id: str
) -> JSONResponse:
    return problem_response(
        422,
        detail=validation_detail(errors),
        instance=instance,
        request_id=request_id,
        errors=[_error_entry(error) for error in errors],
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(RequestValidationError, exc)
    return invalid_input_response(
        exc.errors(), instance=request.url.path, request_id=_request_id(request)
    )


# FastAPI answers a body it cannot decode at all (not UTF-8, nested past the parser's depth)
# with a bare 400, while malformed JSON is a 422 validation problem: one kind of mistake, so
# one answer, the 422.
_UNDECODABLE_BODY = (UnicodeDecodeError, RecursionError, ValueError)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (405 names them all in ``Allow``; the
    router's own 405 names only the first route it found for the path)."""
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    ]


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(StarletteHTTPException, exc)
    if exc.status_code == 400 and isinstance(exc.__cause__, _UNDECODABLE_BODY):
        reason = "not UTF-8" if isinstance(exc.__cause__, UnicodeDecodeError) else "too deep"
        error = {"type": "json_invalid", "loc": ("body",), "ctx": {"error": reason}}
        return invalid_input_response(
            [error], instance=request.url.path, request_id=_request_id(request)
        )
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request)) or headers.get("Allow", "")
    detail = exc.detail if isinstance(exc.detail, str) else ""
    return problem_response(
        exc.status_code,
        detail=detail,
        instance=request.url.path,
        request_id=_request_id(request),
        headers=headers,
    )


def unexpected_problem(method: str, path: str, request_id: str, exc: Exception) -> JSONResponse:
    """The answer to an exception nothing else handled: 503 (retry) for a backing-service
    outage, else 500 without internals; either is logged here, once."""
    if _is_outage(exc):
        log.warning(
            "backing service unavailable on %s %s: %s", method, path, exc.__class__.__name__
        )
        return problem_response(
            503,
            detail="the game cannot reach its storage right now; please try again in a moment",
            instance=path,
            request_id=request_id,
            headers={"Retry-After": str(OUTAGE_RETRY_AFTER_S)},
        )
    log.error("unexpected error on %s %s", method, path, exc_info=exc)
    return problem_response(
        500,
        detail="something went wrong on our side; nothing you sent was lost",
        instance=path,
        request_id=request_id,
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # HTTP requests meet RequestContextMiddleware's own handler first (inside the request's
    # context: headers, log line, metric); this is the last resort behind it.
    return unexpected_problem(request.method, request.url.path, _request_id(request), exc)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PlayerServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
