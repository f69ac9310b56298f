"""The player-experience rollout: the legacy reverse proxy, canary and shadow routing.

The proxy loads on first use (PEP 562): it brings httpx, which only a flag that routes to
the legacy service needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tta_core import lazy_exports
from tta_player.rollout.routing import RolloutMiddleware, player_key
from tta_player.rollout.settings import RolloutSettings
from tta_player.rollout.shape import ResponseSummary, compare_responses, json_shape

if TYPE_CHECKING:
    from tta_player.rollout.proxy import LegacyProxy, ProxyMetrics

__all__ = [
    "LegacyProxy",
    "ProxyMetrics",
    "ResponseSummary",
    "RolloutMiddleware",
    "RolloutSettings",
    "compare_responses",
    "json_shape",
    "player_key",
]

__getattr__ = lazy_exports(
    __name__,
    {"LegacyProxy": "tta_player.rollout.proxy", "ProxyMetrics": "tta_player.rollout.proxy"},
)
