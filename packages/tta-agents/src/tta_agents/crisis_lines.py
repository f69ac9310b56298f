"""The crisis lines for a locale, whatever the verdict: what a client's "Get help now" shows.

The same resource file the safety engine gives with a crisis verdict
(``SafetySettings.resources_file``, else the shipped one), read once per process.
"""

from __future__ import annotations

from functools import lru_cache

from tta_agents.safety import CrisisResource, SafetyLevel, SafetySettings
from tta_agents.safety.loader import DEFAULT_RESOURCES
from tta_agents.safety.resources import ResourceDirectory

__all__ = ["crisis_lines"]


@lru_cache(maxsize=1)
def _directory() -> ResourceDirectory:
    return ResourceDirectory.load(SafetySettings().resources_file or DEFAULT_RESOURCES)


def crisis_lines(locale: str) -> tuple[CrisisResource, ...]:
    """The lines of the locale's region (an international directory elsewhere)."""
    return _directory().for_locale(locale, SafetyLevel.CRISIS)
