"""Routes each ``/api/v1/*`` request to the legacy service or the new handlers, by flag.

- ``new``: everything goes to the new handlers (this middleware steps aside).
- ``legacy``: ``/api/v1/*`` is forwarded to the legacy service by the reverse proxy.
- ``canary:<p>``: per player, stickily (``tta_core.choose_implementation``): the player is
  the ``sub`` of the bearer token, else the client address for requests without one
  (register, login).
- ``shadow``: the legacy service answers; read-only requests (GET, HEAD) are also run
  through the new handlers in the background, and their status codes and response shapes
  compared (``tta_shadow_divergence_total{component="PLAYER_EXPERIENCE"}``).

Every routed response carries ``X-TTA-Implementation: new|legacy`` and is counted in
``tta_rollout_calls_total``, ``tta_rollout_responses_total{implementation,status_class}``
and ``tta_rollout_request_duration_seconds{implementation}``. The flags endpoint and
everything outside ``/api/v1/`` are always served here.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from jose import JWTError, jwt
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tta_core import (
    Component,
    ComponentFlag,
    Implementation,
    Mode,
    RolloutMetrics,
    ShadowRunner,
    choose_implementation,
)
from tta_player.rollout.shape import ResponseSummary, compare_responses

if TYPE_CHECKING:  # the proxy (and httpx) load only when a flag routes to the legacy service
    from tta_player.rollout.proxy import LegacyProxy, ProxyMetrics

__all__ = ["API_PREFIX", "LOCAL_PATHS", "RolloutMiddleware", "player_key"]

API_PREFIX = "/api/v1/"
LOCAL_PATHS = frozenset({"/api/v1/admin/flags"})
READ_ONLY = frozenset({"GET", "HEAD"})
IMPLEMENTATION_HEADER = b"x-tta-implementation"
COMPONENT = Component.PLAYER_EXPERIENCE


def player_key(scope: Scope) -> str | None:
    """Whom a request is made for: the token's subject, else the client's address.

    The token is read without verifying it: this only picks a route, and whichever side
    serves the request checks the token properly.
    """
    for name, value in scope.get("headers", []):
        if name.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token:
                try:
                    subject = jwt.get_unverified_claims(token.strip()).get("sub")
                except JWTError:
                    subject = None
                if subject:
                    return f"player:{subject}"
    client = scope.get("client")
    return f"client:{client[0]}" if client else None


def _labelled(send: Send, implementation: Implementation, metrics: ProxyMetrics) -> Send:
    async def labelled_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            status_class = f"{int(message['status']) // 100}xx"
            metrics.responses.labels(implementation.value, status_class).inc()
            headers = [
                *message.get("headers", []),
                (IMPLEMENTATION_HEADER, implementation.value.encode()),
            ]
            message = {**message, "headers": headers}
        await send(message)

    return labelled_send


class RolloutMiddleware:
    """The PLAYER_EXPERIENCE seam: the outermost middleware of the app."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        flag: ComponentFlag,
        proxy: LegacyProxy | None,
        metrics: RolloutMetrics,
        shadow: ShadowRunner[ResponseSummary] | None = None,
        shadow_body_limit: int = 1024 * 1024,
    ) -> None:
        if flag.mode is not Mode.NEW and proxy is None:
            raise ValueError(f"{flag.value} mode of PLAYER_EXPERIENCE needs the legacy proxy")
        self.app = app
        self.flag = flag
        self.proxy = proxy
        self.metrics = metrics
        self.shadow = shadow or ShadowRunner(COMPONENT, compare_responses, metrics)
        self.body_limit = shadow_body_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, self._closing_on_shutdown(send))
            return
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if (
            self.flag.mode is Mode.NEW
            or not path.startswith(API_PREFIX)
            or path.rstrip("/") in LOCAL_PATHS
        ):
            await self.app(scope, receive, send)
            return
        assert self.proxy is not None  # noqa: S101 - checked in __init__
        implementation = choose_implementation(self.flag, player_key(scope))
        self.metrics.record_served(COMPONENT, implementation)
        send = _labelled(send, implementation, self.proxy.metrics)
        started = time.perf_counter()
        try:
            if implementation is Implementation.NEW:
                await self.app(scope, receive, send)
            elif self.flag.mode is Mode.SHADOW and scope["method"] in READ_ONLY:
                await self._shadowed(scope, receive, send)
            else:
                await self._forward(scope, receive, send)
        finally:
            elapsed = time.perf_counter() - started
            self.proxy.metrics.latency.labels(implementation.value).observe(elapsed)

    def _closing_on_shutdown(self, send: Send) -> Send:
        async def closing_send(message: Message) -> None:
            if message["type"] == "lifespan.shutdown.complete":
                await self.shadow.drain()
                self.shadow.close()
                if self.proxy is not None:
                    await self.proxy.aclose()
            await send(message)

        return closing_send

    async def _forward(
        self, scope: Scope, receive: Receive, send: Send, summary: ResponseSummary | None = None
    ) -> ResponseSummary:
        assert self.proxy is not None  # noqa: S101 - checked in __init__
        summary = summary or ResponseSummary(self.body_limit)
        summary.status = await self.proxy(scope, receive, send, tap=summary.tap)
        return summary

    async def _shadowed(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def served() -> ResponseSummary:
            return await self._forward(scope, receive, send)

        async def new_handlers() -> ResponseSummary:
            return await self._run_new(dict(scope))

        await self.shadow.run(served, new_handlers)

    async def _run_new(self, scope: Scope) -> ResponseSummary:
        """Run a copy of a read-only request through the new handlers, keeping the answer."""
        summary = ResponseSummary(self.body_limit)
        scope["state"] = dict(scope.get("state", {}))
        delivered = False

        async def empty_receive() -> Message:
            nonlocal delivered
            if delivered:  # like a client that stays connected: the shadow timeout bounds it
                await asyncio.Event().wait()
            delivered = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                summary.status = int(message["status"])
            elif message["type"] == "http.response.body":
                summary.tap(message.get("body", b""))

        await self.app(scope, empty_receive, capture)
        return summary
