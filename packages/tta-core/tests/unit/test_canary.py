"""Canary routing is sticky per player and sends the asked share of players to the new code."""

from __future__ import annotations

import uuid

import pytest

from tta_core import (
    Component,
    ComponentFlag,
    Implementation,
    Mode,
    canary_bucket,
    choose_implementation,
)


def canary(percent: int) -> ComponentFlag:
    return ComponentFlag(Component.AGENT_ORCHESTRATION, Mode.CANARY, "test", percent=percent)


def share_on_new(percent: int, ids: list[str]) -> float:
    chosen = [choose_implementation(canary(percent), player) for player in ids]
    return 100 * chosen.count(Implementation.NEW) / len(ids)


@pytest.mark.parametrize("percent", [0, 1, 10, 25, 50, 90, 100])
def test_the_share_on_new_is_within_two_points_of_the_target(percent: int) -> None:
    ids = [str(uuid.UUID(int=n)) for n in range(10_000)]
    assert abs(share_on_new(percent, ids) - percent) <= 2


def test_a_player_never_flips_between_calls() -> None:
    flag = canary(50)
    for n in range(200):
        player = f"player-{n}"
        first = choose_implementation(flag, player)
        assert all(choose_implementation(flag, player) is first for _ in range(5))


def test_the_bucket_is_a_fixed_function_of_the_player_id() -> None:
    # Fixed values: a hash that changed between releases or processes would reshuffle players.
    assert round(canary_bucket("player-42"), 6) == 76.222642
    assert round(canary_bucket("player-7"), 6) == 29.463957
    assert 0 <= canary_bucket("") < 100


def test_raising_the_percentage_only_moves_players_from_legacy_to_new() -> None:
    ids = [f"p{n}" for n in range(2_000)]
    on_new_at_10 = {p for p in ids if choose_implementation(canary(10), p) is Implementation.NEW}
    on_new_at_30 = {p for p in ids if choose_implementation(canary(30), p) is Implementation.NEW}
    assert on_new_at_10 < on_new_at_30


def test_the_other_modes_and_keyless_calls() -> None:
    player = "someone"
    new = ComponentFlag(Component.DOCKER, Mode.NEW, "default")
    legacy = ComponentFlag(Component.DOCKER, Mode.LEGACY, "test")
    shadow = ComponentFlag(Component.DOCKER, Mode.SHADOW, "test")
    assert choose_implementation(new, player) is Implementation.NEW
    assert choose_implementation(legacy, player) is Implementation.LEGACY
    assert choose_implementation(shadow, player) is Implementation.LEGACY
    assert choose_implementation(canary(100), None) is Implementation.LEGACY
