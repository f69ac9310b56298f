"""Operations: liveness, readiness and Prometheus metrics.

``metrics_router`` is mounted only where the API itself serves ``/metrics``
(``Settings.metrics_on_api``); with ``TTA_METRICS_TOKEN`` set it answers only that bearer
token.
"""

from __future__ import annotations

import asyncio
import hmac
import logging

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from tta_player.api.deps import RuntimeDep
from tta_player.errors import AuthenticationError, ServiceUnavailableError
from tta_player.schemas.problem import problem_responses

__all__ = ["metrics_router", "router"]

router = APIRouter(tags=["operations"])
metrics_router = APIRouter(tags=["operations"])
log = logging.getLogger("tta_player.ops")


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(runtime: RuntimeDep) -> dict[str, str]:
    """The database (and Redis, when configured) answer; 503 problem otherwise."""
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(runtime.database.ping(), timeout=3)
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means not ready
        log.warning("database not ready: %s", exc.__class__.__name__)
        raise ServiceUnavailableError("the database does not answer", checks=checks) from exc
    if runtime.settings.redis_url:
        from redis.asyncio import Redis  # noqa: PLC0415 (the driver loads only when configured)

        client = Redis.from_url(runtime.settings.redis_url, socket_connect_timeout=2)
        try:
            await asyncio.wait_for(client.ping(), timeout=3)  # type: ignore[misc]
            checks["redis"] = "ok"
        except Exception as exc:
            log.warning("redis not ready: %s", exc.__class__.__name__)
            raise ServiceUnavailableError("redis does not answer", checks=checks) from exc
        finally:
            await client.aclose()
    return {"status": "ready", **checks}


@metrics_router.get("/metrics", response_class=Response, responses=problem_responses(401))
async def metrics(request: Request, runtime: RuntimeDep) -> Response:
    """Prometheus text: requests and latency by route template, turns, safety, agents, real-time.

    401 unless the scraper sends the configured token (when ``TTA_METRICS_TOKEN`` is set)."""
    token = runtime.settings.metrics_token
    if token is not None:
        scheme, _, sent = request.headers.get("authorization", "").partition(" ")
        expected = token.get_secret_value().encode()
        if scheme.lower() != "bearer" or not hmac.compare_digest(sent.strip().encode(), expected):
            raise AuthenticationError("metrics need Authorization: Bearer <TTA_METRICS_TOKEN>")
    return Response(generate_latest(runtime.registry), media_type=CONTENT_TYPE_LATEST)
