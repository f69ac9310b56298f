"""Rate limits on top of slowapi's limiter (the ``limits`` storage: memory or Redis).

Limits are keyed by what they protect: the client IP, the username being tried, or the
player. A refused hit raises ``RateLimitedError`` carrying how long to wait; the error
envelope turns that into a 429 problem with ``Retry-After``.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from slowapi import Limiter
from slowapi.util import get_remote_address
from starlette.requests import Request

from tta_player.errors import RateLimitedError, ServiceUnavailableError

__all__ = ["RateLimits", "client_ip"]


def client_ip(request: Request) -> str:
    return get_remote_address(request)


class RateLimits:
    def __init__(self, *, storage_uri: str = "memory://", prefix: str = "", enabled: bool = True):
        self.limiter = Limiter(
            key_func=client_ip,
            storage_uri=storage_uri,
            strategy="moving-window",
            key_prefix=prefix,
            enabled=enabled,
        )
        self.enabled = enabled
        self._prefix = prefix
        self._outages: tuple[type[Exception], ...] = ()
        if not storage_uri.startswith("memory"):
            from redis.exceptions import RedisError  # noqa: PLC0415 (only a Redis storage)

            self._outages = (RedisError,)
        self._items: dict[str, RateLimitItem] = {}

    def _item(self, rule: str) -> RateLimitItem:
        item = self._items.get(rule)
        if item is None:
            item = self._items[rule] = parse(rule)
        return item

    def hit(self, rule: str, scope: str, key: str) -> None:
        """Count one use of ``scope`` by ``key`` against ``rule`` ("10/minute"), or refuse it."""
        self._apply(rule, scope, key, count=True)

    def check(self, rule: str, scope: str, key: str) -> None:
        """Refuse if ``key`` has used ``rule`` up in ``scope``, without counting a use."""
        self._apply(rule, scope, key, count=False)

    def _apply(self, rule: str, scope: str, key: str, *, count: bool) -> None:
        if not self.enabled:
            return
        item = self._item(rule)
        strategy = self.limiter.limiter
        try:
            allowed = (strategy.hit if count else strategy.test)(item, self._prefix, scope, key)
            if allowed:
                return
            reset_at, _remaining = strategy.get_window_stats(item, self._prefix, scope, key)
        except self._outages as exc:  # the Redis storage is down: fail fast and closed (503)
            raise ServiceUnavailableError("rate limits unavailable; try again shortly") from exc
        wait = max(1, math.ceil(reset_at - time.time()))
        raise RateLimitedError(f"rate limit of {rule} reached; try again later", retry_after=wait)

    def reset(self) -> None:
        self.limiter.reset()
