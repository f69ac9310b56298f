"""Flag resolution: per-component beats global, bad values stop startup with the valid ones."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry

from tta_core import (
    Component,
    FlagError,
    LegacyNotConfiguredError,
    Mode,
    RolloutMetrics,
    TTACoreError,
    resolve_flags,
)

ALL_LEGACY = {
    "TTA_LEGACY_DOCKER": "legacy_docker:make",
    "TTA_LEGACY_AGENT_ORCHESTRATION": "legacy_ao:make",
    "TTA_LEGACY_PLAYER_EXPERIENCE_URL": "http://legacy.example:8080",
}
SECRET_URL = "https://ops:s3cret@legacy.example/tta"  # pragma: allowlist secret


def test_with_nothing_set_every_component_is_new_by_default() -> None:
    flags = resolve_flags({})
    assert [(f.component, f.mode, f.source) for f in flags] == [
        (Component.DOCKER, Mode.NEW, "default"),
        (Component.AGENT_ORCHESTRATION, Mode.NEW, "default"),
        (Component.PLAYER_EXPERIENCE, Mode.NEW, "default"),
    ]


@pytest.mark.parametrize(("value", "mode"), [("true", Mode.NEW), ("FALSE", Mode.LEGACY)])
def test_the_global_switch_sets_every_component(value: str, mode: Mode) -> None:
    flags = resolve_flags({"USE_NEW_COMPONENT": value, **ALL_LEGACY})
    assert {f.mode for f in flags} == {mode}
    assert {f.source for f in flags} == {"USE_NEW_COMPONENT"}


def test_a_per_component_flag_beats_the_global_one() -> None:
    flags = resolve_flags(
        {
            "USE_NEW_COMPONENT": "false",
            "TTA_FLAG_DOCKER": "new",
            "TTA_FLAG_PLAYER_EXPERIENCE": " Canary:25 ",
            **ALL_LEGACY,
        }
    )
    assert flags[Component.DOCKER].mode is Mode.NEW
    assert flags[Component.DOCKER].source == "TTA_FLAG_DOCKER"
    assert flags[Component.AGENT_ORCHESTRATION].mode is Mode.LEGACY
    assert flags[Component.AGENT_ORCHESTRATION].source == "USE_NEW_COMPONENT"
    player = flags[Component.PLAYER_EXPERIENCE]
    assert (player.mode, player.percent, player.value) == (Mode.CANARY, 25, "canary:25")


def test_shadow_and_the_canary_bounds_are_accepted() -> None:
    flags = resolve_flags(
        {
            "TTA_FLAG_DOCKER": "shadow",
            "TTA_FLAG_AGENT_ORCHESTRATION": "canary:0",
            "TTA_FLAG_PLAYER_EXPERIENCE": "canary:100",
            **ALL_LEGACY,
        }
    )
    assert [f.value for f in flags] == ["shadow", "canary:0", "canary:100"]


@pytest.mark.parametrize(
    "value", ["newest", "canary", "canary:", "canary:101", "canary:-1", "canary:ten", "on"]
)
def test_an_invalid_mode_stops_startup_listing_the_valid_ones(value: str) -> None:
    with pytest.raises(FlagError) as caught:
        resolve_flags({"TTA_FLAG_AGENT_ORCHESTRATION": value, **ALL_LEGACY})
    message = str(caught.value)
    assert "TTA_FLAG_AGENT_ORCHESTRATION" in message
    for valid in ("new", "legacy", "shadow", "canary:<0-100>"):
        assert valid in message
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, TTACoreError)


def test_an_invalid_global_switch_lists_true_and_false() -> None:
    with pytest.raises(FlagError, match=r"USE_NEW_COMPONENT='yes please'.*true, false"):
        resolve_flags({"USE_NEW_COMPONENT": "yes please"})


def test_a_misspelt_component_flag_is_refused_not_ignored() -> None:
    with pytest.raises(FlagError, match=r"TTA_FLAG_DOKCER.*TTA_FLAG_DOCKER"):
        resolve_flags({"TTA_FLAG_DOKCER": "legacy"})


def test_empty_values_count_as_unset() -> None:
    flags = resolve_flags({"USE_NEW_COMPONENT": "", "TTA_FLAG_DOCKER": "  "})
    assert flags[Component.DOCKER].source == "default"


def test_a_mode_needing_legacy_without_one_configured_is_a_startup_error() -> None:
    with pytest.raises(LegacyNotConfiguredError) as caught:
        resolve_flags({"TTA_FLAG_PLAYER_EXPERIENCE": "shadow"})
    assert caught.value.variable == "TTA_LEGACY_PLAYER_EXPERIENCE_URL"
    assert "TTA_FLAG_PLAYER_EXPERIENCE" in str(caught.value)


def test_describe_says_where_each_value_came_from_and_hides_url_credentials() -> None:
    flags = resolve_flags(
        {
            "TTA_FLAG_PLAYER_EXPERIENCE": "canary:10",
            "TTA_LEGACY_PLAYER_EXPERIENCE_URL": SECRET_URL,
        }
    )
    player = flags.describe()[2]
    assert player == {
        "component": "PLAYER_EXPERIENCE",
        "mode": "canary:10",
        "source": "TTA_FLAG_PLAYER_EXPERIENCE",
        "canary_percent": 10,
        "legacy": "https://***@legacy.example/tta",
        "legacy_source": "TTA_LEGACY_PLAYER_EXPERIENCE_URL",
    }
    assert flags.describe()[0]["legacy"] is None


def test_unknown_component_lookup_is_a_key_error() -> None:
    flags = resolve_flags({})
    with pytest.raises(KeyError):
        flags["SOMETHING"]  # type: ignore[index]


def test_modes_are_exported_as_a_prometheus_info_metric() -> None:
    registry = CollectorRegistry()
    metrics = RolloutMetrics(registry)
    metrics.record_modes(resolve_flags({"TTA_FLAG_DOCKER": "canary:5", **ALL_LEGACY}))
    docker = {
        "component": "DOCKER",
        "mode": "canary",
        "canary_percent": "5",
        "source": "TTA_FLAG_DOCKER",
    }
    assert registry.get_sample_value("tta_rollout_mode_info", docker) == 1.0
    player = {
        "component": "PLAYER_EXPERIENCE",
        "mode": "new",
        "canary_percent": "",
        "source": "default",
    }
    assert registry.get_sample_value("tta_rollout_mode_info", player) == 1.0
