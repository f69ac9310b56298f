"""Per-session memory: what the engine remembers of a session between lines.

Two things, both bounded and forgotten after ``window_s``: the times of recent concern
verdicts (the ``threshold``-th within the window raises one to crisis), and the text of the
last few worrying lines, which the learned tier reads together with the next line (a
farewell after low mood). At most ``max_sessions`` sessions are kept, least recently seen
forgotten first; nothing is written anywhere.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["SessionMemory"]

_RECENT_LINES = 3


@dataclass
class _Session:
    concerns: deque[float]
    lines: deque[tuple[float, str, str]] = field(
        default_factory=lambda: deque(maxlen=_RECENT_LINES)
    )


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
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        self._lock = threading.Lock()

    def _session(self, session_id: str) -> _Session:
        session = self._sessions.get(session_id)
        if session is None:
            session = self._sessions[session_id] = _Session(deque(maxlen=self._threshold))
            while len(self._sessions) > self._max_sessions:
                self._sessions.popitem(last=False)
        else:
            self._sessions.move_to_end(session_id)
        return session

    def note_concern(self, session_id: str) -> bool:
        """Remember one concern verdict; True when the session has reached the threshold."""
        now = self._clock()
        with self._lock:
            times = self._session(session_id).concerns
            times.append(now)
            while times and now - times[0] > self._window_s:
                times.popleft()
            return len(times) >= self._threshold

    def note_line(self, session_id: str, text: str, band: str) -> None:
        """Remember a worrying line and how worrying it was ("concern", "check_in" or
        "crisis"), to read the next ones in its light."""
        with self._lock:
            self._session(session_id).lines.append((self._clock(), text, band))

    def recent(self, session_id: str) -> tuple[tuple[str, str], ...]:
        """The session's worrying lines within the window, oldest first, with their bands."""
        now = self._clock()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return ()
            return tuple(
                (text, band) for at, text, band in session.lines if now - at <= self._window_s
            )

    def clear_lines(self, session_id: str) -> None:
        """Forget the worrying lines (the player has just said they are not at risk)."""
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None:
                session.lines.clear()

    def forget(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)
