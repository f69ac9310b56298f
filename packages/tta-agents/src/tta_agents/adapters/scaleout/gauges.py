"""Queue and dead-letter lengths, read from Redis and written to the gauges."""

from __future__ import annotations

import redis.asyncio as aioredis

from tta_agents.adapters.scaleout.keys import StreamKeys
from tta_agents.metrics import AgentMetrics

__all__ = ["measure_queue"]


async def measure_queue(
    redis: aioredis.Redis, keys: StreamKeys, metrics: AgentMetrics | None
) -> dict[str, int]:
    """Turns waiting, turns being worked on, and turns in the dead-letter stream.

    Workers delete acknowledged entries, so the stream length is waiting plus pending.
    """
    pipe = redis.pipeline(transaction=False)
    pipe.xlen(keys.turns)
    pipe.xlen(keys.dead)
    total, dead = await pipe.execute()
    try:
        pending = int((await redis.xpending(keys.turns, keys.group))["pending"])
    except aioredis.ResponseError:  # no group yet: no worker ever started
        pending = 0
    lengths = {"waiting": max(0, total - pending), "pending": pending, "dead": dead}
    if metrics:
        metrics.queue_length.set(lengths["waiting"])
        metrics.pending.set(pending)
        metrics.dead_letter_length.set(dead)
    return lengths
