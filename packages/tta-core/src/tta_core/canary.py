"""Canary routing: a stable, sticky choice of implementation per player.

A player's bucket is a number in [0, 100) drawn from a SHA-256 of their id, so it is the
same in every process and on every restart. ``canary:<p>`` sends the players whose bucket
is below ``p`` to the new implementation: raising ``p`` only ever moves players from legacy
to new, never back, and nobody flips between implementations from one turn to the next.
The bucket does not depend on the component, so the same players form the canary cohort
of every component.
"""

from __future__ import annotations

import hashlib

from tta_core.flags import ComponentFlag, Implementation, Mode

__all__ = ["canary_bucket", "choose_implementation"]

_SCALE = 2**64


def canary_bucket(key: str) -> float:
    """Where ``key`` falls in [0, 100): uniform over keys, stable for each key."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") * 100 / _SCALE


def choose_implementation(flag: ComponentFlag, key: str | None) -> Implementation:
    """The implementation that serves a call made on behalf of ``key`` (a player id).

    ``shadow`` is served by legacy (the new one only runs beside it). A canary call that
    carries no key (no player to stick to) is served by legacy, the proven path.
    """
    if flag.mode is Mode.NEW:
        return Implementation.NEW
    if flag.mode is Mode.CANARY and key is not None:
        percent = flag.percent or 0
        return Implementation.NEW if canary_bucket(key) < percent else Implementation.LEGACY
    return Implementation.LEGACY
