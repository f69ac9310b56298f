"""Per-session memory: repeated concern within a session raises the level to crisis.

Bounded: at most ``max_sessions`` sessions (least recently seen forgotten first), and per
session only the times of the last ``threshold`` concern verdicts.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Callable

__all__ = ["SessionMemory"]


class SessionMemory:
    def __init__(
        self,
        threshold: int,
        window_s: float,
        max_sessions: int,
        clock: Callable[[], float],
    ) -> None:
        self._threshold = threshold
        self._window_s = window_s
        self._max_sessions = max_sessions
        self._clock = clock
        self._sessions: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def note_concern(self, session_id: str) -> bool:
        """Remember one concern verdict; True when the session has reached the threshold."""
        now = self._clock()
        with self._lock:
            times = self._sessions.get(session_id)
            if times is None:
                times = self._sessions[session_id] = deque(maxlen=self._threshold)
                while len(self._sessions) > self._max_sessions:
                    self._sessions.popitem(last=False)
            else:
                self._sessions.move_to_end(session_id)
            times.append(now)
            while times and now - times[0] > self._window_s:
                times.popleft()
            return len(times) >= self._threshold

    def forget(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)
