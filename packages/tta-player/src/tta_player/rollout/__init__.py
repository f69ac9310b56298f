"""The player-experience rollout: the legacy reverse proxy, canary and shadow routing."""

from tta_player.rollout.proxy import LegacyProxy, ProxyMetrics
from tta_player.rollout.routing import RolloutMiddleware, player_key
from tta_player.rollout.settings import RolloutSettings
from tta_player.rollout.shape import ResponseSummary, compare_responses, json_shape

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
