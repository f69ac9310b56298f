"""``/ws/play``: the real-time layer of tta_agents, wired to this service's auth and turns.

``authenticate`` is the same access-token check as the REST API (a revoked sign-in is
refused), ``authorize`` the same ownership rule (your sessions only), and ``on_input`` the
same ``TurnService.play`` the REST route calls; its events reach the socket through the bus.
"""

from __future__ import annotations

import logging

from fastapi import WebSocket
from sqlalchemy import select

from tta_agents.adapters.realtime import RealtimeEndpoint
from tta_agents.realtime import (
    AuthError,
    EventBus,
    InProcessEventBus,
    ProtocolError,
    RealtimeMetrics,
    RealtimeSettings,
)
from tta_player.core.config import Settings
from tta_player.core.security import TokenClaims
from tta_player.db.models import GameSession
from tta_player.errors import AuthenticationError, PlayerServiceError
from tta_player.runtime import Runtime

__all__ = ["build_bus", "build_realtime", "error_code", "play_socket"]

log = logging.getLogger("tta_player.realtime")


def error_code(exc: PlayerServiceError) -> str:
    """The WebSocket ``error`` code of a service error: its problem type in the protocol's
    snake_case (``/problems/invalid-input`` is ``invalid_input``)."""
    return exc.slug.replace("-", "_")


def build_bus(settings: Settings, realtime: RealtimeSettings) -> EventBus:
    """In-process by default; Redis (fan-out across API processes) when TTA_REDIS_URL is set."""
    if settings.redis_url:
        from tta_agents.adapters.realtime import RedisEventBus  # noqa: PLC0415 (loads redis)

        return RedisEventBus(
            settings.redis_url,
            prefix=settings.redis_prefix,
            replay_buffer_size=realtime.replay_buffer_size,
            ttl_seconds=realtime.replay_ttl_seconds,
        )
    return InProcessEventBus(
        realtime.replay_buffer_size, replay_ttl_seconds=realtime.replay_ttl_seconds
    )


def build_realtime(runtime: Runtime, realtime: RealtimeSettings) -> RealtimeEndpoint:
    async def authenticate(token: str) -> TokenClaims:
        async with runtime.database.sessions() as db:
            try:
                _player, claims = await runtime.auth.authenticate(db, token)
            except AuthenticationError as exc:
                raise AuthError(exc.detail) from exc
        return claims

    async def authorize(claims: TokenClaims, session_id: str) -> bool:
        async with runtime.database.sessions() as db:
            owner = await db.scalar(
                select(GameSession.player_id).where(GameSession.id == session_id)
            )
        return owner is not None and owner == claims.player_id

    async def on_input(claims: TokenClaims, session_id: str, text: str) -> None:
        # The sign-in is checked again on every input: a logout ends an open socket's play too.
        try:
            await runtime.turns.play(claims.player_id, session_id, text, family_id=claims.family_id)
        except PlayerServiceError as exc:
            code = error_code(exc)
            if exc.status < 500:  # refused: about this client's own message, for it alone
                raise ProtocolError(code, exc.detail) from None
            # The turn failed once under way: everyone watching the session must hear it end.
            await runtime.bus.error(session_id, code, exc.detail)

    return RealtimeEndpoint(
        bus=runtime.bus,
        authenticate=authenticate,
        authorize=authorize,
        on_input=on_input,
        settings=realtime,
        metrics=RealtimeMetrics(runtime.registry),
    )


async def play_socket(websocket: WebSocket) -> None:
    """The WebSocket route: hands the connection to the endpoint the lifespan built."""
    endpoint = websocket.app.state.runtime.realtime
    await endpoint.handle(websocket)
