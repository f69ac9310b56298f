"""Shadow mode: the legacy implementation serves, the new one runs beside it and is judged.

The served call is awaited (or called) exactly as if no shadow existed; the shadow call runs
concurrently in a background task (or a worker thread for synchronous seams), bounded in
number and in time. Once both have finished, a per-component comparator lists the fields
where they differ; each divergence is counted and logged with both values. A shadow that
crashes or times out is counted and logged, never raised to the caller; a shadow that
cannot start because too many are in flight is skipped and counted.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tta_core.flags import Component
from tta_core.metrics import RolloutMetrics

__all__ = ["Comparator", "Divergence", "ShadowRunner", "compare_fields"]

T = TypeVar("T")
_LOG = logging.getLogger("tta_core.shadow")
_SHOWN = 300  # characters of each result kept in a log line


@dataclass(frozen=True)
class Divergence:
    field: str
    served: object
    shadow: object


Comparator = Callable[[T, T], Sequence[Divergence]]


def compare_fields(**fields: Callable[[Any], object]) -> Comparator[Any]:
    """A comparator that reads each named field from both results and reports the unequal ones.

    A field whose reader raises on either result counts as a divergence (``<error: ...>``).
    """

    def read(reader: Callable[[Any], object], result: object) -> object:
        try:
            return reader(result)
        except Exception as exc:  # a result of the wrong shape is itself a divergence
            return f"<error: {exc.__class__.__name__}>"

    def compare(served: Any, shadow: Any) -> list[Divergence]:
        found = []
        for name, reader in fields.items():
            left, right = read(reader, served), read(reader, shadow)
            if left != right:
                found.append(Divergence(name, left, right))
        return found

    return compare


class _Served:
    """The served outcome, handed to the shadow once the served call has finished."""

    def __init__(self, loop_event: asyncio.Event | None = None) -> None:
        self._done = threading.Event()
        self._loop_event = loop_event
        self.ok = False
        self.value: object = None

    def settle(self, ok: bool, value: object = None) -> None:
        self.ok, self.value = ok, value
        self._done.set()
        if self._loop_event is not None:
            self._loop_event.set()

    async def wait_async(self, limit: float) -> bool:
        if self._loop_event is None:
            return self.wait(0)
        try:
            await asyncio.wait_for(self._loop_event.wait(), limit)
        except TimeoutError:
            return False
        return True

    def wait(self, timeout: float) -> bool:
        return self._done.wait(timeout)


class ShadowRunner(Generic[T]):
    """Runs the shadow implementation of one component beside the served one."""

    def __init__(
        self,
        component: Component,
        comparator: Comparator[T],
        metrics: RolloutMetrics,
        *,
        max_in_flight: int = 16,
        timeout: float = 30.0,
        logger: logging.Logger | None = None,
    ) -> None:
        self.component = component
        self.comparator = comparator
        self.metrics = metrics
        self.max_in_flight = max_in_flight
        self.timeout = timeout
        self._log = logger or _LOG
        self._tasks: set[asyncio.Task[None]] = set()
        self._threads: set[Future[None]] = set()
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None

    @property
    def in_flight(self) -> int:
        with self._lock:
            return len(self._tasks) + len(self._threads)

    def _has_room(self) -> bool:
        if self.in_flight < self.max_in_flight:
            return True
        self.metrics.skipped.labels(component=self.component.value).inc()
        return False

    async def run(
        self, served: Callable[[], Awaitable[T]], shadow: Callable[[], Awaitable[T]]
    ) -> T:
        """Await ``served`` and return its result; run ``shadow`` beside it in the background."""
        outcome = _Served(asyncio.Event())
        if self._has_room():
            task = asyncio.create_task(self._shadow_async(shadow, outcome))
            with self._lock:
                self._tasks.add(task)
            task.add_done_callback(self._forget_task)
        try:
            result = await served()
        except BaseException:
            outcome.settle(False)
            raise
        outcome.settle(True, result)
        return result

    def run_sync(self, served: Callable[[], T], shadow: Callable[[], T]) -> T:
        """Call ``served`` and return its result; run ``shadow`` in a worker thread."""
        outcome = _Served()
        if self._has_room():
            future = self._pool().submit(self._shadow_sync, shadow, outcome)
            with self._lock:
                self._threads.add(future)
            future.add_done_callback(self._forget_thread)
        try:
            result = served()
        except BaseException:
            outcome.settle(False)
            raise
        outcome.settle(True, result)
        return result

    async def drain(self) -> None:
        """Wait for every shadow in flight (tests, and a graceful shutdown)."""
        with self._lock:
            tasks = list(self._tasks)
            threads = list(self._threads)
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        for future in threads:
            await asyncio.wrap_future(future)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=min(4, self.max_in_flight),
                    thread_name_prefix=f"shadow-{self.component.value.lower()}",
                )
            return self._executor

    def _forget_task(self, task: asyncio.Task[None]) -> None:
        with self._lock:
            self._tasks.discard(task)

    def _forget_thread(self, future: Future[None]) -> None:
        with self._lock:
            self._threads.discard(future)

    async def _shadow_async(self, shadow: Callable[[], Awaitable[T]], outcome: _Served) -> None:
        try:
            result = await asyncio.wait_for(shadow(), self.timeout)
        except TimeoutError:
            self._failed("timeout", None)
            return
        except Exception as exc:  # a shadow crash is counted and logged, never surfaced
            self._failed("crash", exc)
            return
        if await outcome.wait_async(self.timeout):
            self._judge(outcome, result)

    def _shadow_sync(self, shadow: Callable[[], T], outcome: _Served) -> None:
        started = time.monotonic()
        try:
            result = shadow()
        except Exception as exc:  # a shadow crash is counted and logged, never surfaced
            self._failed("crash", exc)
            return
        if time.monotonic() - started > self.timeout:
            self._failed("timeout", None)
            return
        if outcome.wait(self.timeout):
            self._judge(outcome, result)

    def _failed(self, reason: str, exc: BaseException | None) -> None:
        self.metrics.failures.labels(component=self.component.value, reason=reason).inc()
        self._log.warning(
            "shadow %s of %s: %r", reason, self.component.value, exc, exc_info=exc is not None
        )

    def _judge(self, outcome: _Served, shadow_result: T) -> None:
        if not outcome.ok:
            return  # the served call failed: there is nothing to compare with
        served_result: Any = outcome.value
        try:
            divergences = self.comparator(served_result, shadow_result)
        except Exception as exc:  # a broken comparator must not hurt the served path either
            self._failed("comparator", exc)
            return
        self.metrics.comparisons.labels(component=self.component.value).inc()
        for divergence in divergences:
            self.metrics.divergences.labels(
                component=self.component.value, field=divergence.field
            ).inc()
            self._log.warning(
                "shadow divergence in %s.%s: served=%s shadow=%s",
                self.component.value,
                divergence.field,
                repr(divergence.served)[:_SHOWN],
                repr(divergence.shadow)[:_SHOWN],
            )
