"""``TurnWorker``: reads turns from the stream, runs them, replies, acknowledges.

Delivery is at-least-once. A worker extends the lease of turns it is running (XCLAIM to
itself every third of the visibility timeout), so only the turns of a dead or stuck worker
become idle long enough for another worker to reclaim them with XAUTOCLAIM. Redis counts
deliveries in the pending-entries list (XAUTOCLAIM adds one, the JUSTID lease renewal does
not), so a new entry is attempt 1 and a reclaimed one asks XPENDING for its count; a turn that
failed ``max_attempts`` times goes to the dead-letter stream and its caller gets a
``DeadLetteredError``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

import redis.asyncio as aioredis
from pydantic import ValidationError
from redis.asyncio.client import Pipeline

from tta_agents.adapters.scaleout.codec import encode_error, encode_event
from tta_agents.adapters.scaleout.gauges import measure_queue
from tta_agents.adapters.scaleout.keys import StreamKeys
from tta_agents.errors import AgentError, DeadLetteredError
from tta_agents.metrics import AgentMetrics
from tta_agents.pipeline.events import NarrativeChunk, PipelineEvent
from tta_agents.pipeline.turn import AgentPipeline, TurnRequest

__all__ = ["REPLY_TTL_S", "TurnWorker"]

log = logging.getLogger(__name__)
REPLY_TTL_S = 3600
Fields = dict[str, str]


class _RelaySink:
    """Sends a turn's events to its caller: buffered, flushed at each narrative chunk."""

    def __init__(
        self, redis: aioredis.Redis, reply_to: str, request_id: str, *, relay: bool = True
    ) -> None:
        self._redis = redis
        self._reply_to = reply_to
        self._rid = request_id
        self._relay = relay
        self.buffer: list[Fields] = []

    async def emit(self, event: PipelineEvent) -> None:
        if not self._relay:  # the caller passed no sink: only the result travels back
            return
        self.buffer.append({"rid": self._rid, "kind": "event", "data": encode_event(event)})
        if isinstance(event, NarrativeChunk):
            await self.flush()

    async def flush(self, *final: Fields, ack: Callable[[Pipeline], None] | None = None) -> None:
        """Send what is buffered (and ``final``); ``ack`` adds the acknowledgement to the same
        MULTI, so a result is never sent without its turn being acknowledged, nor the reverse.
        """
        entries, self.buffer = [*self.buffer, *final], []
        if not entries and ack is None:
            return
        pipe = self._redis.pipeline(transaction=ack is not None)
        if self._reply_to:
            for entry in entries:
                pipe.xadd(self._reply_to, entry)  # type: ignore[arg-type]
            pipe.expire(self._reply_to, REPLY_TTL_S)
        if ack is not None:
            ack(pipe)
        await pipe.execute()


class TurnWorker:
    def __init__(
        self,
        redis: aioredis.Redis,
        pipeline: AgentPipeline,
        *,
        keys: StreamKeys,
        name: str,
        visibility_timeout: float = 30.0,
        max_attempts: int = 3,
        concurrency: int = 8,
        metrics: AgentMetrics | None = None,
        block_ms: int = 500,
    ) -> None:
        self.redis = redis
        self.pipeline = pipeline
        self.keys = keys
        self.name = name
        self.visibility_ms = max(1, int(visibility_timeout * 1000))
        self.max_attempts = max_attempts
        self.concurrency = concurrency
        self.metrics = metrics
        self.block_ms = block_ms
        self.handled = 0
        self._inflight: dict[str, asyncio.Task[None]] = {}

    async def ensure_group(self) -> None:
        try:
            await self.redis.xgroup_create(self.keys.turns, self.keys.group, id="0", mkstream=True)
        except aioredis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    # -- the loop ----------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Work until ``stop`` is set (or the task is cancelled); finishes running turns."""
        stop = stop or asyncio.Event()
        await self.ensure_group()
        lease = asyncio.create_task(self._keep_leases(stop))
        next_claim = 0.0
        try:
            while not stop.is_set():
                try:
                    next_claim = await self._step(next_claim)
                except aioredis.RedisError as exc:  # Redis restarted, stream deleted...
                    log.warning("worker %s: %s; retrying in 1 s", self.name, exc)
                    await asyncio.sleep(1)
                    with contextlib.suppress(aioredis.RedisError):
                        await self.ensure_group()
        finally:
            lease.cancel()
            await asyncio.wait({lease}, timeout=5)
            if self._inflight:
                await asyncio.wait(list(self._inflight.values()), timeout=10)

    async def _step(self, next_claim: float) -> float:
        """One round: reclaim idle turns when due, then read new ones."""
        if time.monotonic() >= next_claim:
            await self._reclaim()
            next_claim = time.monotonic() + self.visibility_ms / 2000
        free = self.concurrency - len(self._inflight)
        if free <= 0:
            await asyncio.wait(
                list(self._inflight.values()),
                timeout=self.block_ms / 1000,
                return_when=asyncio.FIRST_COMPLETED,
            )
            return next_claim
        found: Any = await self.redis.xreadgroup(
            self.keys.group, self.name, {self.keys.turns: ">"}, count=free, block=self.block_ms
        )
        for _stream, entries in found or []:
            for entry_id, fields in entries:
                self._start(entry_id, fields, attempt=1)
        return next_claim

    def _start(self, entry_id: str, fields: Fields | None, *, attempt: int) -> None:
        if entry_id in self._inflight:
            return
        task = asyncio.create_task(self._handle(entry_id, fields or {}, attempt))
        self._inflight[entry_id] = task
        task.add_done_callback(lambda _: self._inflight.pop(entry_id, None))

    async def _reclaim(self) -> None:
        """Take over turns idle longer than the visibility timeout (their worker died)."""
        free = max(1, self.concurrency - len(self._inflight))
        reply = await self.redis.xautoclaim(
            self.keys.turns, self.keys.group, self.name, self.visibility_ms, "0-0", count=free
        )
        claimed, deleted = reply[1], reply[2] if len(reply) > 2 else []
        for entry_id, fields in claimed:
            if fields:
                self._start(entry_id, fields, attempt=await self._deliveries(entry_id))
            else:  # deleted from the stream while pending: nothing left to run
                await self.redis.xack(self.keys.turns, self.keys.group, entry_id)
        if deleted:
            log.info("worker %s: %d pending turns were deleted", self.name, len(deleted))

    async def _deliveries(self, entry_id: str) -> int:
        """How many times Redis has delivered this entry (this delivery included)."""
        found: Any = await self.redis.xpending_range(
            self.keys.turns, self.keys.group, min=entry_id, max=entry_id, count=1
        )
        return int(found[0]["times_delivered"]) if found else 1

    async def _keep_leases(self, stop: asyncio.Event) -> None:
        interval = self.visibility_ms / 3000
        await self.redis.hset(self.keys.workers, self.name, str(time.time()))
        while not stop.is_set():
            await asyncio.sleep(interval)
            ids = list(self._inflight)
            try:
                if ids:
                    await self.redis.xclaim(
                        self.keys.turns, self.keys.group, self.name, 0, list[Any](ids), justid=True
                    )
                await self.redis.hset(self.keys.workers, self.name, str(time.time()))
                await measure_queue(self.redis, self.keys, self.metrics)
            except aioredis.RedisError as exc:
                log.warning("worker %s could not renew its leases: %s", self.name, exc)

    # -- one turn ----------------------------------------------------------------------------
    async def _handle(self, entry_id: str, fields: Fields, attempts: int) -> None:
        if attempts > self.max_attempts:
            await self._dead_letter(entry_id, fields, attempts - 1, "worker lost the turn")
            return
        reply_to = fields.get("reply_to", "")
        try:
            request = TurnRequest.model_validate_json(fields.get("request", ""))
            relay = fields.get("events", "1") != "0"
            sink = _RelaySink(self.redis, reply_to, request.request_id, relay=relay)
            try:
                result = await self.pipeline.run_turn(request, sink=sink)
            except AgentError as exc:  # a typed failure: the caller gets it, no retry helps
                error = {"rid": request.request_id, "kind": "error", "data": encode_error(exc)}
                await sink.flush(error, ack=self._ack(entry_id))
                self._count("failed")
                return
            done = result.model_copy(update={"implementation": "redis"})
            reply = {"rid": request.request_id, "kind": "result", "data": done.model_dump_json()}
            await sink.flush(reply, ack=self._ack(entry_id))
            self._count("done")
        except (ValidationError, Exception) as exc:
            log.warning("turn %s failed on attempt %d: %r", entry_id, attempts, exc)
            if attempts >= self.max_attempts:
                await self._dead_letter(entry_id, fields, attempts, f"{type(exc).__name__}: {exc}")
            # otherwise left pending: reclaimed after the visibility timeout and retried

    def _ack(self, entry_id: str) -> Callable[[Pipeline], None]:
        def add(pipe: Pipeline) -> None:
            pipe.xack(self.keys.turns, self.keys.group, entry_id)
            pipe.xdel(self.keys.turns, entry_id)

        return add

    def _count(self, result: str) -> None:
        self.handled += 1
        if self.metrics:
            self.metrics.worker_turns.labels(result=result).inc()

    async def _dead_letter(self, entry_id: str, fields: Fields, attempts: int, reason: str) -> None:
        request_id = fields.get("request_id", "")
        dead = {
            **fields,
            "entry_id": entry_id,
            "attempts": str(attempts),
            "reason": reason[:500],
            "worker": self.name,
        }
        error = encode_error(DeadLetteredError(request_id or entry_id, reason[:200]))
        final = [{"rid": request_id, "kind": "error", "data": error}] if request_id else []
        ack = self._ack(entry_id)

        def dead_letter_and_ack(pipe: Pipeline) -> None:
            pipe.xadd(self.keys.dead, dead)  # type: ignore[arg-type]
            ack(pipe)

        sink = _RelaySink(self.redis, fields.get("reply_to", ""), request_id)
        await sink.flush(*final, ack=dead_letter_and_ack)
        self._count("dead_lettered")
