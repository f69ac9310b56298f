"""Authentication of a new connection: token from the URL/header, or a first ``auth`` message.

There is no fail-open path: a missing token, a refused one, a first message that is not
``auth``, a timeout, or an ``authenticate`` that raises anything at all closes the connection
and returns ``None``.
"""

from __future__ import annotations

import asyncio
import logging

from tta_agents.realtime.errors import AuthError, ProtocolError, TransportClosedError
from tta_agents.realtime.metrics import RealtimeMetrics
from tta_agents.realtime.protocol import AuthMessage, parse_client_message
from tta_agents.realtime.settings import RealtimeSettings
from tta_agents.realtime.transport import Authenticate, CloseCode, Transport, maybe_await

__all__ = ["authenticate_connection", "close_reason"]

log = logging.getLogger(__name__)
_MAX_REASON_BYTES = 123  # RFC 6455: the close frame payload is at most 125 bytes


def close_reason(reason: str) -> str:
    encoded = reason.encode()
    if len(encoded) <= _MAX_REASON_BYTES:
        return reason
    return encoded[: _MAX_REASON_BYTES - 3].decode(errors="ignore") + "..."


async def _refuse(
    transport: Transport, metrics: RealtimeMetrics, code: CloseCode, label: str, reason: str
) -> None:
    metrics.auth_failures.labels(reason=label).inc()
    metrics.closes.labels(code=str(int(code))).inc()
    await transport.close(int(code), close_reason(reason))


async def _first_message_token(
    transport: Transport, settings: RealtimeSettings, metrics: RealtimeMetrics
) -> str | None:
    try:
        async with asyncio.timeout(settings.auth_timeout):
            frame = await transport.receive()
    except TimeoutError:
        await _refuse(
            transport,
            metrics,
            CloseCode.POLICY_VIOLATION,
            "timeout",
            f"authentication required: send an auth message within {settings.auth_timeout:g} s",
        )
        return None
    size = len(frame if isinstance(frame, bytes) else frame.encode())
    if size > settings.max_message_bytes:
        await _refuse(
            transport, metrics, CloseCode.MESSAGE_TOO_BIG, "too_big", "auth message too big"
        )
        return None
    try:
        message = parse_client_message(frame if isinstance(frame, str) else frame.decode())
    except (ProtocolError, UnicodeDecodeError):
        message = None
    if not isinstance(message, AuthMessage):
        await _refuse(
            transport,
            metrics,
            CloseCode.POLICY_VIOLATION,
            "no_token",
            "authentication required: token query parameter, Bearer header or a first auth message",
        )
        return None
    return message.token


async def authenticate_connection(
    transport: Transport,
    token: str | None,
    *,
    authenticate: Authenticate,
    settings: RealtimeSettings,
    metrics: RealtimeMetrics,
    refusal: str | None = None,
) -> object | None:
    """The principal, or ``None`` once the connection has been closed with the reason.

    ``refusal`` is a reason the adapter already found to refuse (a malformed header).
    """
    try:
        if refusal is not None:
            await _refuse(transport, metrics, CloseCode.POLICY_VIOLATION, "no_token", refusal)
            return None
        if token is None:
            token = await _first_message_token(transport, settings, metrics)
            if token is None:
                return None
        if not token:
            await _refuse(
                transport, metrics, CloseCode.POLICY_VIOLATION, "no_token", "empty access token"
            )
            return None
        try:
            principal = await maybe_await(authenticate(token))
        except AuthError as exc:
            await _refuse(transport, metrics, CloseCode.POLICY_VIOLATION, exc.code, exc.reason)
            return None
        except Exception:
            log.exception("authenticate raised; refusing the connection")
            await _refuse(
                transport, metrics, CloseCode.INTERNAL_ERROR, "error", "authentication unavailable"
            )
            return None
        if principal is None:
            await _refuse(
                transport, metrics, CloseCode.POLICY_VIOLATION, "refused", "authentication refused"
            )
            return None
        return principal
    except TransportClosedError:
        return None
