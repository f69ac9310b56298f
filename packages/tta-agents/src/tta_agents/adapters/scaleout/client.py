"""``RedisTurnPipeline``: an ``AgentPipeline`` whose turns run on worker processes (the
in-process ``TurnPipeline``'s sibling behind tta_core's ``TurnOrchestrator`` seam).

Each caller process reads its own reply stream; a turn's events reach the caller's sink in
order, then its result (or typed error) resolves the waiting ``run_turn``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from typing import Any

import redis.asyncio as aioredis

from tta_agents.adapters.scaleout.codec import decode_error, decode_event
from tta_agents.adapters.scaleout.gauges import measure_queue
from tta_agents.adapters.scaleout.keys import StreamKeys
from tta_agents.errors import QueueError, TurnTimeoutError
from tta_agents.metrics import AgentMetrics
from tta_agents.pipeline.events import STEPS, EventSink
from tta_agents.pipeline.turn import TurnRequest, TurnResult
from tta_agents.registry import AgentHealth, AgentRegistry
from tta_agents.safety.verdict import SafetyChecker
from tta_agents.settings import AgentSettings
from tta_agents.world.catalog import WorldCatalog

__all__ = ["RedisTurnPipeline"]

log = logging.getLogger(__name__)
GAUGE_INTERVAL_S = 5.0


class _Waiter:
    __slots__ = ("future", "sink")

    def __init__(self, future: asyncio.Future[TurnResult], sink: EventSink | None) -> None:
        self.future = future
        self.sink = sink


class RedisTurnPipeline:
    implementation = "redis"

    def __init__(
        self,
        *,
        catalog: WorldCatalog,
        checker: SafetyChecker,
        settings: AgentSettings,
        metrics: AgentMetrics | None = None,
        agents: AgentRegistry | None = None,
        redis: aioredis.Redis | None = None,
    ) -> None:
        self.catalog = catalog
        self.checker = checker  # the workers check every line; kept for callers that ask
        self.settings = settings
        self.metrics = metrics
        self.agents = agents or AgentRegistry()
        for name in STEPS:
            self.agents.register(name)
        self.agents.start()
        self.keys = StreamKeys(settings.stream_prefix)
        self.redis = redis or aioredis.Redis.from_url(settings.redis_url, decode_responses=True)
        self.reply_stream = self.keys.replies(uuid.uuid4().hex)
        self._waiters: dict[str, _Waiter] = {}
        self._reader: asyncio.Task[None] | None = None
        self._closing = False

    async def run_turn(self, request: TurnRequest, sink: EventSink | None = None) -> TurnResult:
        self.catalog.resume(request.world_id, request.state)  # typed errors before queueing
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read_replies())
        future: asyncio.Future[TurnResult] = asyncio.get_running_loop().create_future()
        self._waiters[request.request_id] = _Waiter(future, sink)
        started = time.perf_counter()
        try:
            await self.redis.xadd(
                self.keys.turns,
                {
                    "request": request.model_dump_json(),
                    "reply_to": self.reply_stream,
                    "request_id": request.request_id,
                    "events": "1" if sink is not None else "0",
                },
            )
            async with asyncio.timeout(self.settings.turn_timeout):
                result = await future
        except TimeoutError:
            raise TurnTimeoutError(request.request_id, self.settings.turn_timeout) from None
        except aioredis.RedisError as exc:
            raise QueueError(f"Redis failed while queueing a turn: {exc}") from exc
        finally:
            self._waiters.pop(request.request_id, None)
        if self.metrics:
            self.metrics.count_turn(result.outcome)
            self.metrics.observe_step("remote_turn", time.perf_counter() - started)
        return result

    async def _read_replies(self) -> None:
        last = "0-0"
        next_gauges = 0.0
        while True:
            if self.metrics and time.monotonic() >= next_gauges:
                next_gauges = time.monotonic() + GAUGE_INTERVAL_S
                with contextlib.suppress(aioredis.RedisError):
                    await self.queue_lengths()
            try:
                found: Any = await self.redis.xread(
                    {self.reply_stream: last}, count=200, block=1000
                )
            except aioredis.RedisError:
                if self._closing:
                    return
                log.warning("reply stream read failed; retrying", exc_info=True)
                await asyncio.sleep(0.5)
                continue
            for _stream, entries in found or []:
                for entry_id, fields in entries:
                    last = entry_id
                    await self._dispatch(fields)
                if entries:
                    await self.redis.xdel(self.reply_stream, *[e[0] for e in entries])

    async def _dispatch(self, fields: dict[str, str]) -> None:
        waiter = self._waiters.get(fields.get("rid", ""))
        if waiter is None or waiter.future.done():
            return  # a late duplicate (a reclaimed turn answered twice) or an abandoned turn
        kind, data = fields.get("kind"), fields.get("data", "")
        if kind == "event":
            if waiter.sink is not None:
                try:
                    await waiter.sink.emit(decode_event(data))
                except Exception:
                    log.warning("event sink failed", exc_info=True)
        elif kind == "result":
            waiter.future.set_result(TurnResult.model_validate_json(data))
        elif kind == "error":
            waiter.future.set_exception(decode_error(data))

    async def queue_lengths(self) -> dict[str, int]:
        """Turns waiting, turns being worked on, and turns in the dead-letter stream."""
        return await measure_queue(self.redis, self.keys, self.metrics)

    async def worker_heartbeats(self) -> dict[str, float]:
        """Seconds since each worker's last heartbeat."""
        beats: dict[str, str] = await self.redis.hgetall(self.keys.workers)  # type: ignore[assignment]
        now = time.time()
        return {name: round(now - float(ts), 3) for name, ts in beats.items()}

    def health(self) -> list[AgentHealth]:
        return self.agents.snapshot()

    async def aclose(self) -> None:
        self._closing = True
        if self._reader is not None:
            self._reader.cancel()
            # redis-py may turn the cancellation of a blocking read into a RedisError; the
            # loop then returns because we are closing. Never wait for it unboundedly.
            await asyncio.wait({self._reader}, timeout=5)
        with contextlib.suppress(aioredis.RedisError):
            await self.redis.delete(self.reply_stream)
        await self.redis.aclose()
        self.agents.stop()
