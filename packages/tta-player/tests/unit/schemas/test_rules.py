"""Pure rules: password policy, character names, streaks, customisation clamping."""

import json
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tta_player.schemas.auth import Registration, password_problems
from tta_player.schemas.characters import CharacterCreate, CharacterUpdate
from tta_player.schemas.players import PlayerUpdate
from tta_player.schemas.turns import TurnCreate
from tta_player.schemas.worlds import WorldCustomization
from tta_player.services.progress import streak_days


def test_password_policy_explains_each_problem() -> None:
    assert password_problems("Tide-pool-73", "maple") == []
    assert "too common" in password_problems("password123", "maple")[0]
    for guessable in ("abcde123", "qwerty2024", "Summer2025!", "iloveyou99", "maple1990"):
        problems = password_problems(guessable, "rowan")
        assert problems, guessable
        assert "too common or easy to guess" in problems[0]
    assert "too common" in password_problems("rowan-rowan-1", "rowan")[-1]  # built on the name
    assert "different characters" in password_problems("abababab", "maple")[0]
    assert "username" in password_problems("maple-tree-42", "Maple")[0]


def test_registration_ignores_a_client_chosen_role() -> None:
    registration = Registration.model_validate(
        {
            "username": "maple",
            "email": "m@example.org",
            "password": "Tide-pool-73",  # pragma: allowlist secret
            "role": "admin",
        }  # pragma: allowlist secret
    )
    assert not hasattr(registration, "role")


@pytest.mark.parametrize("name", ["Wren", "O'Brien", "Mary-Jane", "Zoë Ann", "Anne\u2019Marie"])
def test_ordinary_names_are_accepted(name) -> None:
    assert CharacterCreate(name=name).name == name


@pytest.mark.parametrize("name", ["W", "R2", "'Wren", "Wren-", "<b>", "a" * 51])
def test_odd_names_are_refused(name) -> None:
    with pytest.raises(ValidationError):
        CharacterCreate(name=name)


def test_a_streak_counts_consecutive_days_to_today_or_yesterday() -> None:
    today = date(2026, 3, 10)
    days = {date(2026, 3, d) for d in (6, 7, 8, 9)}
    assert streak_days(days, today) == 4
    assert streak_days(days | {today}, today) == 5
    assert streak_days({date(2026, 3, 1)}, today) == 0
    assert streak_days(set(), today) == 0


def test_customisation_is_clamped_not_refused() -> None:
    clamped = WorldCustomization.model_validate({"intensity": -3, "session_minutes": 7.6})
    assert clamped.intensity == 0.0
    assert clamped.session_minutes == 10
    assert WorldCustomization.model_validate({"session_minutes": 99.6}).session_minutes == 100
    with pytest.raises(ValidationError):
        WorldCustomization.model_validate({"pace": "warp"})


_TEXT = st.text(
    alphabet=st.sampled_from("Aaéß Z'\u2019-_1 \t\u200b\u3164.x"), max_size=60
) | st.text(max_size=60)


@given(_TEXT)
@settings(max_examples=400, deadline=None)
def test_the_schema_of_a_name_says_exactly_what_the_validator_accepts(name: str) -> None:
    schema = CharacterCreate.model_json_schema()["properties"]["name"]
    by_schema = (
        schema["minLength"] <= len(name) <= schema["maxLength"]
        and re.search(schema["pattern"], name) is not None
    )
    try:
        CharacterCreate(name=name)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == by_schema


@given(_TEXT)
@settings(max_examples=400, deadline=None)
def test_the_schema_of_a_turn_says_exactly_what_the_validator_accepts(text: str) -> None:
    schema = TurnCreate.model_json_schema()["properties"]["input"]
    by_schema = (
        schema["minLength"] <= len(text) <= schema["maxLength"]
        and re.search(schema["pattern"], text) is not None
        and "\x00" not in text
    )
    try:
        TurnCreate(input=text)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == by_schema


def test_a_partial_update_offers_no_null_where_null_is_refused() -> None:
    character = CharacterUpdate.model_json_schema()["properties"]
    player = PlayerUpdate.model_json_schema()["properties"]
    for properties, name in (
        (character, "appearance"),
        (character, "name"),
        (player, "preferences"),
        (player, "locale"),
    ):
        assert "null" not in json.dumps(properties[name]), name
        with pytest.raises(ValidationError):
            (CharacterUpdate if properties is character else PlayerUpdate).model_validate(
                {name: None}
            )
    assert PlayerUpdate.model_validate({"display_name": None}).display_name is None  # clears it
