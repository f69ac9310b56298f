"""One pure-ASGI middleware for what every HTTP request needs.

It gives the request an id (kept from ``X-Request-ID`` when sane), refuses bodies over the
limit with 413 and addresses holding a NUL character with 422 (no path or query parameter
can then carry one to the database), adds security headers, and records latency and status
by route template (``/api/v1/sessions/{session_id}``, never the raw path) plus one
access-log line.
"""

from __future__ import annotations

import itertools
import logging
import re
import secrets
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tta_player.core.logging import request_id_var
from tta_player.core.metrics import ServiceMetrics
from tta_player.core.problems import invalid_input_response, problem_response, unexpected_problem
from tta_player.schemas._fields import UNSTORABLE_MESSAGE

__all__ = ["RequestContextMiddleware"]

log = logging.getLogger("tta_player.access")
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)
_DOCS_PATHS = ("/docs", "/redoc")


class RequestContextMiddleware:
    def __init__(
        self, app: ASGIApp, *, metrics: ServiceMetrics, max_body_bytes: int, hsts: bool
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body = max_body_bytes
        self.hsts = hsts
        # Ids need to be unique, not secret: a random per-process prefix and a counter. (A
        # uuid4 per request reads os.urandom, which releases the GIL; under load the turn
        # path's database thread then takes it and the request waits.)
        self._id_prefix = secrets.token_hex(8)
        self._ids = itertools.count()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_id(scope) or f"{self._id_prefix}{next(self._ids):016x}"
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        seen = 0
        too_large = _declared_length(scope) > self.max_body
        replaced = False
        started_response = False

        async def limited_receive() -> Message:
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    # Whatever the app makes of a cut-off body, its answer is replaced by 413.
                    too_large = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def decorated_send(message: Message) -> None:
            nonlocal status, replaced, started_response
            if replaced:
                return
            if message["type"] == "http.response.start":
                started_response = True
                if too_large:
                    replaced = True
                    await self._too_large(scope, receive, send, request_id)
                    status = 413
                    return
                status = message["status"]
                self._decorate(MutableHeaders(scope=message), scope["path"], request_id)
            await send(message)

        try:
            if too_large:
                await self._too_large(scope, receive, send, request_id)
                status = 413
            elif (where := _nul_in_address(scope)) is not None:
                await self._send_decorated(
                    invalid_input_response(
                        [{"loc": (where,), "msg": UNSTORABLE_MESSAGE, "type": "unstorable_text"}],
                        instance=scope["path"].replace("\x00", ""),
                        request_id=request_id,
                    ),
                    scope,
                    receive,
                    send,
                    request_id,
                )
                status = 422
            else:
                try:
                    await self.app(scope, limited_receive, decorated_send)
                except Exception as exc:
                    if started_response:
                        raise  # part of the answer is on its way: nothing else can be sent
                    # Answered here, inside this request's context, so a 500 or an outage
                    # 503 keeps its id, headers, log line and metric like any answer.
                    problem = unexpected_problem(scope["method"], scope["path"], request_id, exc)
                    await problem(scope, receive, decorated_send)
        finally:
            self._record(scope, status, time.perf_counter() - started)
            request_id_var.reset(token)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        response = problem_response(
            413,
            detail=f"request bodies are limited to {self.max_body} bytes",
            instance=scope["path"],
            request_id=request_id,
        )
        await self._send_decorated(response, scope, receive, send, request_id)

    async def _send_decorated(
        self, response: ASGIApp, scope: Scope, receive: Receive, send: Send, request_id: str
    ) -> None:
        async def send_decorated(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._decorate(MutableHeaders(scope=message), scope["path"], request_id)
            await send(message)

        await response(scope, receive, send_decorated)

    def _decorate(self, headers: MutableHeaders, path: str, request_id: str) -> None:
        headers["X-Request-ID"] = request_id
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if not path.startswith(_DOCS_PATHS):
            headers.setdefault("Content-Security-Policy", _CSP)
        if path.startswith("/api/"):
            headers.setdefault("Cache-Control", "no-store")
        if self.hsts:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        method = scope["method"]
        self.metrics.requests.labels(method, template, str(status)).inc()
        self.metrics.latency.labels(method, template).observe(seconds)
        log.info(
            "%s %s %s",
            method,
            template,
            status,
            extra={"status": status, "duration_ms": round(seconds * 1000, 2)},
        )


def _nul_in_address(scope: Scope) -> str | None:
    """``"path"`` or ``"query"`` when that part of the address holds a NUL character."""
    if "\x00" in scope["path"]:
        return "path"
    if b"%00" in scope["query_string"].lower() or b"\x00" in scope["query_string"]:
        return "query"
    return None


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            return candidate if _SANE_ID.fullmatch(candidate) else None
    return None


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0
