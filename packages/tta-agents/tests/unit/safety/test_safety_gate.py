"""Plain game commands about things here skip the model (the rules still read them); every
other line is read by the model."""

from __future__ import annotations

import pytest

from tta_agents.safety import SafetyContext, SafetyEngine, SafetySettings
from tta_agents.safety.gate import plain_command
from tta_agents.testing import FakeEncoder

HERE = frozenset({"worry", "jar", "kettle", "stove", "maren", "keeper", "cottage", "jetty"})


@pytest.mark.parametrize(
    "text",
    [
        "go north", "n", "x jar", "talk to the keeper", "look at the stove.", "take jar", "i",
        "help", "Save my game, if you would.", "Look at the jar, please.", "go north, thanks!",
    ],
)  # fmt: skip
def test_plain_commands_about_things_here(text: str) -> None:
    assert plain_command(text, HERE)


@pytest.mark.parametrize(
    "text",
    [
        "take the pills",
        "jump off the cliff",
        "go north. i want to die",
        "look at the jar, i keep thinking about ending it",
        "i wish i could disappear",
        "go to the place where nobody finds me",
        "what is in the jar",
        "take the jar, thanks, i won't need anything after tonight",
        "go north, please, before i do something stupid",
        "",
    ],
)
def test_everything_else_is_read(text: str) -> None:
    assert not plain_command(text, HERE)


def test_the_engine_skips_the_model_only_for_plain_commands() -> None:
    encoder = FakeEncoder()
    engine = SafetyEngine(SafetySettings(), encoder=encoder)
    context = SafetyContext(game_words=HERE)
    engine.check("x jar", context)
    assert encoder.batches == []
    engine.check("x jar and then i want to die", context)
    assert encoder.batches


def test_after_worrying_lines_even_a_plain_command_is_read_with_them() -> None:
    encoder = FakeEncoder(unsure=("fade out",))
    engine = SafetyEngine(SafetySettings(), encoder=encoder)
    context = SafetyContext(session_id="s-gate", game_words=HERE)
    engine.check("sometimes i want to fade out", context)
    engine.check("go north", context)
    assert any("fade out" in text for text in encoder.batches[-1])
