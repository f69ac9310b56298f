"""``tta-agent-worker``: a process that runs turns from the Redis stream until SIGTERM.

Configured by environment variables (``TTA_REDIS_URL``, ``TTA_STREAM_PREFIX``,
``TTA_VISIBILITY_TIMEOUT``, ``TTA_MAX_ATTEMPTS``, ``TTA_WORKER_CONCURRENCY``,
``TTA_WORKER_NAME``, ``TTA_LLM_*``...; see ``AgentSettings``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
from importlib import import_module

import redis.asyncio as aioredis
from prometheus_client import CollectorRegistry, start_http_server

from tta_agents.adapters.scaleout.keys import StreamKeys
from tta_agents.adapters.scaleout.worker import TurnWorker
from tta_agents.errors import AgentError
from tta_agents.metrics import AgentMetrics
from tta_agents.pipeline.factory import build_pipeline
from tta_agents.safety.verdict import SafetyChecker
from tta_agents.settings import AgentSettings

__all__ = ["load_checker", "main", "run_worker"]

log = logging.getLogger("tta_agents.worker")


def load_checker(spec: str | None) -> SafetyChecker | None:
    """The checker a ``module:factory`` spec names (None: the pipeline's default)."""
    if not spec:
        return None
    module, _, factory = spec.partition(":")
    if not module or not factory:
        raise AgentError(f"safety checker spec {spec!r} must look like module:factory")
    try:
        return getattr(import_module(module), factory)()
    except (ImportError, AttributeError) as exc:
        raise AgentError(f"cannot load safety checker {spec!r}: {exc}") from exc


async def run_worker(
    settings: AgentSettings, *, registry: CollectorRegistry, stop: asyncio.Event
) -> TurnWorker:
    inprocess = settings.model_copy(update={"agent_mode": "inprocess"})
    pipeline = build_pipeline(
        inprocess, registry=registry, checker=load_checker(settings.safety_checker)
    )
    redis = aioredis.Redis.from_url(settings.redis_url, decode_responses=True)
    name = settings.worker_name or f"{socket.gethostname()}-{os.getpid()}"
    worker = TurnWorker(
        redis,
        pipeline,
        keys=StreamKeys(settings.stream_prefix),
        name=name,
        visibility_timeout=settings.visibility_timeout,
        max_attempts=settings.max_attempts,
        concurrency=settings.worker_concurrency,
        metrics=pipeline.metrics or AgentMetrics(registry),
    )
    log.info("worker %s reading %s", name, worker.keys.turns)
    try:
        await worker.run(stop)
    finally:
        await pipeline.aclose()
        await redis.aclose()
    return worker


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        settings = AgentSettings()
    except ValueError as exc:
        print(f"tta-agent-worker: bad settings: {exc}".splitlines()[0], file=sys.stderr)
        return 2
    registry = CollectorRegistry()
    if settings.worker_metrics_port is not None:
        start_http_server(
            settings.worker_metrics_port, addr=settings.worker_metrics_host, registry=registry
        )

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await run_worker(settings, registry=registry, stop=stop)

    try:
        asyncio.run(serve())
    except (AgentError, OSError, aioredis.RedisError) as exc:
        print(f"tta-agent-worker: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
