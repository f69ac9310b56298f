"""The Starlette/FastAPI adapter: ``RealtimeEndpoint`` serves ``/ws/play`` with the engine.

Mount it with ``Starlette(routes=[WebSocketRoute("/ws/play", endpoint)])`` or, in FastAPI,
``app.add_api_websocket_route("/ws/play", endpoint.handle)``. It has no dependency on the
player service: authentication, authorisation and turn handling are injected callables.
"""

from __future__ import annotations

import asyncio
import contextlib

from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from tta_agents.realtime.bus import EventBus
from tta_agents.realtime.connection import Connection
from tta_agents.realtime.errors import TransportClosedError
from tta_agents.realtime.handshake import authenticate_connection
from tta_agents.realtime.metrics import RealtimeMetrics
from tta_agents.realtime.settings import RealtimeSettings
from tta_agents.realtime.transport import Authenticate, Authorize, CloseCode, OnInput

__all__ = ["RealtimeEndpoint", "StarletteTransport"]


class StarletteTransport:
    """``Transport`` over an accepted Starlette ``WebSocket``."""

    def __init__(self, websocket: WebSocket) -> None:
        self._ws = websocket

    async def receive(self) -> str | bytes:
        try:
            message = await self._ws.receive()
        except (WebSocketDisconnect, RuntimeError, OSError) as exc:
            raise TransportClosedError(str(exc)) from exc
        if message["type"] == "websocket.disconnect":
            raise TransportClosedError(f"client closed ({message.get('code')})")
        text = message.get("text")
        return text if text is not None else message.get("bytes") or b""

    async def send(self, text: str) -> None:
        try:
            await self._ws.send_text(text)
        except (WebSocketDisconnect, RuntimeError, OSError) as exc:
            raise TransportClosedError(str(exc)) from exc

    async def close(self, code: int, reason: str) -> None:
        if self._ws.application_state is WebSocketState.DISCONNECTED:
            return
        with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
            await self._ws.close(code, reason)


def _token_from(websocket: WebSocket) -> tuple[str | None, str | None]:
    """(token, refusal): from the ``token`` query parameter or an ``Authorization`` header."""
    token = websocket.query_params.get("token")
    if token is not None:
        return token, None
    header = websocket.headers.get("authorization")
    if header is None:
        return None, None
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer":
        return None, "the Authorization header must use the Bearer scheme"
    return credentials.strip(), None


class RealtimeEndpoint:
    """An ASGI WebSocket app (and ``handle`` for FastAPI) serving the real-time protocol."""

    def __init__(
        self,
        *,
        bus: EventBus,
        authenticate: Authenticate,
        authorize: Authorize,
        on_input: OnInput,
        settings: RealtimeSettings | None = None,
        metrics: RealtimeMetrics | None = None,
    ) -> None:
        self.bus = bus
        self.settings = settings if settings is not None else RealtimeSettings()
        self.metrics = metrics if metrics is not None else RealtimeMetrics()
        self._authenticate = authenticate
        self._authorize = authorize
        self._on_input = on_input
        self._connections: set[Connection] = set()

    @property
    def connections(self) -> int:
        """Authenticated connections being served right now."""
        return len(self._connections)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.handle(WebSocket(scope, receive, send))

    async def handle(self, websocket: WebSocket) -> None:
        # Accept first so a refusal is a close frame with code and reason, not a bare HTTP 403.
        try:
            await websocket.accept()
        except (WebSocketDisconnect, RuntimeError, OSError):
            return
        transport = StarletteTransport(websocket)
        token, refusal = _token_from(websocket)
        principal = await authenticate_connection(
            transport,
            token,
            authenticate=self._authenticate,
            settings=self.settings,
            metrics=self.metrics,
            refusal=refusal,
        )
        if principal is None:
            return
        connection = Connection(
            transport,
            principal,
            bus=self.bus,
            authorize=self._authorize,
            on_input=self._on_input,
            settings=self.settings,
            metrics=self.metrics,
        )
        self._connections.add(connection)
        try:
            await connection.run()
        finally:
            self._connections.discard(connection)

    async def aclose(self, reason: str = "server shutting down") -> None:
        """Close every connection with 1001 (call from the app's lifespan shutdown)."""
        for connection in list(self._connections):
            connection.request_close(CloseCode.GOING_AWAY, reason)
        for _ in range(100):
            if not self._connections:
                return
            await asyncio.sleep(0.02)
