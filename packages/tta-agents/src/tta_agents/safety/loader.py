"""Where the rules come from: the default pack plus operator packs, hot-reloaded on change.

``RuleSource`` compiles the packs once, then at most every ``interval_s`` compares each
file's (mtime, size) with what it loaded. A change triggers a reload; a reload that fails
keeps the last good rules active, reports the error once, and is retried only when a file
changes again. No dependency beyond ``os.stat``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from tta_agents.safety.derived import Derived, read_derived
from tta_agents.safety.errors import RulePackError
from tta_agents.safety.matcher import RuleSet, compile_packs
from tta_agents.safety.pack import load_pack

__all__ = ["DEFAULT_PACK", "DEFAULT_RESOURCES", "RuleSource", "load_rules"]

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_PACK = DATA / "default_rules.yaml"
DEFAULT_RESOURCES = DATA / "resources.yaml"

Stamp = tuple[int, int] | None


def load_rules(paths: Sequence[Path], known: Mapping[str, Derived] | None = None) -> RuleSet:
    """Load, validate and compile packs in order; raises ``RulePackError`` on the first bad one.

    ``known``: derivations worked out before; by default the table shipped for the default
    pack (``safety.derived``); ``{}`` derives and compiles every pattern now."""
    packs = []
    for path in paths:
        pack, raw = load_pack(path)
        packs.append((str(path), pack, raw))
    return compile_packs(packs, read_derived() if known is None else known)


def _stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


class RuleSource:
    def __init__(
        self,
        paths: Sequence[Path],
        interval_s: float,
        clock: Callable[[], float],
        on_reload: Callable[[RuleSet], None],
        on_error: Callable[[RulePackError], None],
    ) -> None:
        self.paths = tuple(paths)
        self._interval_s = interval_s
        self._clock = clock
        self._on_reload = on_reload
        self._on_error = on_error
        self._lock = threading.Lock()
        self._stamps = [_stamp(path) for path in self.paths]
        self._rules = load_rules(self.paths)
        self._checked = clock()
        on_reload(self._rules)

    @property
    def rules(self) -> RuleSet:
        return self._rules

    def current(self) -> RuleSet:
        """The active rules, reloading first when a pack file changed since the last look."""
        now = self._clock()
        if now - self._checked < self._interval_s:
            return self._rules
        with self._lock:
            if now - self._checked < self._interval_s:
                return self._rules
            self._checked = now
            stamps = [_stamp(path) for path in self.paths]
            if stamps != self._stamps:
                self._stamps = stamps
                try:
                    self._install(load_rules(self.paths))
                except RulePackError as exc:
                    self._on_error(exc)
        return self._rules

    def reload(self) -> RuleSet:
        """Reload now; raises ``RulePackError`` (and keeps the last good rules) on a bad pack."""
        with self._lock:
            self._stamps = [_stamp(path) for path in self.paths]
            self._checked = self._clock()
            self._install(load_rules(self.paths))
            return self._rules

    def _install(self, rules: RuleSet) -> None:
        self._rules = rules
        self._on_reload(rules)
