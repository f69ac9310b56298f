"""A streaming reverse proxy from ``/api/v1/*`` to the legacy player-experience service.

Pure ASGI over ``httpx``: the request body is streamed up, the response (status, headers,
body) is streamed back as it arrives, without buffering. Hop-by-hop headers are dropped in
both directions and ``X-Forwarded-*`` added. When the legacy service cannot be reached the
client gets ``502`` and when it does not answer in time ``504``, both as
``application/problem+json``; a failure after the response has started can only cut the
connection, which is what a client then sees.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable

import httpx
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import Message, Receive, Scope, Send

from tta_player.core.problems import problem_response
from tta_player.rollout.settings import RolloutSettings

__all__ = ["HOP_BY_HOP", "LegacyProxy", "ProxyMetrics"]

log = logging.getLogger("tta_player.rollout.proxy")

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)

BodyTap = Callable[[bytes], None]


class ProxyMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "tta_rollout_proxy_requests_total",
            "Requests forwarded to the legacy player service, by outcome",
            labelnames=("outcome",),
            registry=registry,
        )
        self.duration = Histogram(
            "tta_rollout_proxy_duration_seconds",
            "Time until the legacy service's response headers arrived",
            registry=registry,
        )
        self.responses = Counter(
            "tta_rollout_responses_total",
            "Routed /api/v1 responses by implementation and status class (2xx, 4xx, 5xx...)",
            labelnames=("implementation", "status_class"),
            registry=registry,
        )
        self.latency = Histogram(
            "tta_rollout_request_duration_seconds",
            "Whole-request time of routed /api/v1 requests, by implementation",
            labelnames=("implementation",),
            registry=registry,
        )


def _connection_tokens(headers: list[tuple[bytes, bytes]]) -> set[str]:
    tokens: set[str] = set()
    for name, value in headers:
        if name.lower() == b"connection":
            tokens.update(t.strip().lower() for t in value.decode("latin-1").split(","))
    return tokens


def _end_to_end(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    drop = HOP_BY_HOP | _connection_tokens(headers)
    return [(n, v) for n, v in headers if n.decode("latin-1").lower() not in drop]


class LegacyProxy:
    """Forwards one HTTP request to ``base_url`` and streams the answer back."""

    def __init__(
        self,
        base_url: str,
        settings: RolloutSettings,
        metrics: ProxyMetrics,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.metrics = metrics
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=settings.proxy_connect_timeout,
                read=settings.proxy_read_timeout,
                write=settings.proxy_write_timeout,
                pool=settings.proxy_connect_timeout,
            ),
            follow_redirects=False,
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    def _upstream_request(self, scope: Scope, receive: Receive) -> httpx.Request:
        raw_headers: list[tuple[bytes, bytes]] = list(scope.get("headers", []))
        headers = [(n, v) for n, v in _end_to_end(raw_headers) if n.lower() != b"host"]
        incoming_host = next((v for n, v in raw_headers if n.lower() == b"host"), b"")
        client = scope.get("client")
        if client:
            previous = [v for n, v in headers if n.lower() == b"x-forwarded-for"]
            chain = b", ".join([*previous, client[0].encode("latin-1")])
            headers = [(n, v) for n, v in headers if n.lower() != b"x-forwarded-for"]
            headers.append((b"x-forwarded-for", chain))
        headers.append((b"x-forwarded-proto", str(scope.get("scheme", "http")).encode()))
        if incoming_host:
            headers.append((b"x-forwarded-host", incoming_host))
        path = scope.get("raw_path") or scope["path"].encode()
        query = scope.get("query_string", b"")
        url = (
            self.base_url
            + path.decode("latin-1")
            + ("?" + query.decode("latin-1") if query else "")
        )
        has_body = any(
            n.lower() in (b"content-length", b"transfer-encoding") for n, _ in raw_headers
        )
        return self._client.build_request(
            scope["method"],
            url,
            headers=headers,
            content=_request_body(receive) if has_body else None,
        )

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send, *, tap: BodyTap | None = None
    ) -> int:
        """Forward the request; returns the status sent to the client.

        ``tap``, when given, sees every body chunk as it streams by (shadow comparison).
        """
        request = self._upstream_request(scope, receive)
        started = time.perf_counter()
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TimeoutException:
            return await self._fail(scope, send, 504, "legacy-timeout", "did not answer in time")
        except httpx.TransportError as exc:
            log.warning("legacy player service unreachable: %s", exc.__class__.__name__)
            return await self._fail(scope, send, 502, "legacy-unavailable", "cannot be reached")
        self.metrics.duration.observe(time.perf_counter() - started)
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": _end_to_end(list(response.headers.raw)),
                }
            )
            async for chunk in response.aiter_raw():
                if tap is not None:
                    tap(chunk)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except httpx.HTTPError:
            self.metrics.requests.labels(outcome="broken_stream").inc()
            log.warning("legacy response broke off mid-stream on %s", scope["path"])
            raise
        finally:
            await response.aclose()
        self.metrics.requests.labels(outcome="forwarded").inc()
        return response.status_code

    async def _fail(self, scope: Scope, send: Send, status: int, slug: str, what: str) -> int:
        self.metrics.requests.labels(outcome=slug).inc()
        request_id = str(scope.get("state", {}).get("request_id", ""))
        response = problem_response(
            status,
            slug=slug,
            title="Legacy service failed" if status == 502 else "Legacy service timed out",
            detail=f"the legacy player-experience service {what}; please try again shortly",
            instance=scope["path"],
            request_id=request_id,
        )

        async def no_body() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, no_body, send)
        return status


async def _request_body(receive: Receive) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        chunk = message.get("body", b"")
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return
