import tta_player.rollout


def test_the_rollout_package_exports_exactly_this() -> None:
    assert sorted(tta_player.rollout.__all__) == [
        "LegacyProxy",
        "ProxyMetrics",
        "ResponseSummary",
        "RolloutMiddleware",
        "RolloutSettings",
        "compare_responses",
        "json_shape",
        "player_key",
    ]
